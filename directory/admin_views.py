"""Admin views of the directory that are not model views: confirming contacts unchanged."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from directory.models import Contact
from directory.permissions import user_can_edit_contact
from directory.services import contacts_verify
from portal.tenancy.params import is_number


@require_POST
def confirm_unchanged(request):
    """Confirm one or several contacts unchanged (the dashboard's row buttons and its bulk form)."""
    ids = [value for value in request.POST.getlist("contact") if is_number(value)]
    contacts = list(Contact.objects.filter(pk__in=ids))
    if not contacts:
        messages.error(request, _("Choose at least one contact to confirm."))
    else:
        if not all(user_can_edit_contact(request.user, contact) for contact in contacts):
            raise PermissionDenied
        count = contacts_verify(contacts=contacts, user=request.user)
        messages.success(
            request,
            ngettext("%(count)d contact confirmed unchanged.", "%(count)d contacts confirmed unchanged.", count)
            % {"count": count},
        )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "wagtailadmin_home"
    return redirect(next_url)
