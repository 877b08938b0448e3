"""Admin views of the directory: confirming contacts unchanged, and saving a contact as verified.

Verifying is recorded one way whatever the path (the dashboard's "confirm unchanged", the edit
form's "Save and mark as verified", the listing's bulk "Mark as verified"): today's date, the
editor and an audit entry, by `directory.services.contact_verify`.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.snippets.action_menu import ActionMenuItem
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from directory.concurrency import VersionCheckedEditView
from directory.models import Contact
from directory.permissions import user_can_edit_contact
from directory.services import contact_verify, contacts_verify
from portal.tenancy.params import is_number

# The edit form's button posts this name; Wagtail's edit view turns "action-<name>" into its action.
VERIFY_EDIT_ACTION = "verify"


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


class ContactEditView(VersionCheckedEditView):
    """The contact edit view, where "Save and mark as verified" saves and then records the verification.

    Both happen in the one transaction of the version-checked save: a refused or invalid save
    verifies nothing. A plain save leaves the verification date as it was.
    """

    def get_available_actions(self):
        return [*super().get_available_actions(), VERIFY_EDIT_ACTION]

    def verify_action(self):
        contact_verify(contact=self.object, user=self.request.user)

    def get_success_message(self, instance=None):
        if self.action == VERIFY_EDIT_ACTION:
            return _("%(model_name)s '%(object)s' saved and marked as verified.") % {
                "model_name": capfirst(self.model._meta.verbose_name), "object": instance or self.object,
            }
        return super().get_success_message(instance)


class SaveAndVerifyMenuItem(ActionMenuItem):
    """"Save and mark as verified", in the contact edit form's action menu beside "Save"."""

    name = f"action-{VERIFY_EDIT_ACTION}"
    label = gettext_lazy("Save and mark as verified")
    icon_name = "tick"

    def is_shown(self, context):
        return context.get("view") == "edit" and context.get("model") is Contact and super().is_shown(context)


class MarkVerifiedBulkAction(SnippetBulkAction):
    """The contact listing's bulk action: mark the selected contacts verified (those the editor edits)."""

    models = [Contact]
    display_name = gettext_lazy("Mark as verified")
    action_type = "mark-verified"
    aria_label = gettext_lazy("Mark the selected contacts as verified")
    template_name = "directory/admin/bulk_mark_verified.html"
    action_priority = 20

    def check_perm(self, obj):
        return user_can_edit_contact(self.request.user, obj)

    @classmethod
    def execute_action(cls, objects, **kwargs):
        return contacts_verify(contacts=objects, user=kwargs["self"].request.user), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d contact marked as verified.", "%(count)d contacts marked as verified.", num_parent_objects
        ) % {"count": num_parent_objects}
