"""Public directory views: the filtered list, one contact, its vCard and the exports."""
from django.conf import settings
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_ratelimit.core import is_ratelimited

from directory import exports, selectors
from directory.filters import directory_filters_from_query
from directory.models import Contact
from directory.permissions import user_can_see_restricted_contacts
from portal.tenancy.fragments import when_rendered
from portal.tenancy.params import bad_request, paginate, parameters_or_400
from portal.tenancy.sites import tenant_or_404

CONTACTS_PER_PAGE = 25


@require_safe
@parameters_or_400
def directory_list(request):
    tenant = tenant_or_404(request)
    filters = directory_filters_from_query(request.GET, tenant=tenant)

    def listing() -> dict:
        contacts = selectors.contact_card_list(tenant=tenant, user=request.user, filters=filters)
        page_obj = paginate(contacts, request.GET.get("page"), per_page=CONTACTS_PER_PAGE)
        relaxations = []
        if not page_obj.paginator.count and not filters.is_empty():
            relaxations = selectors.contact_relaxations(tenant=tenant, user=request.user, filters=filters)
        return {"page_obj": page_obj, "relaxations": relaxations}

    # Read only when the results' cached fragment has to be rendered again.
    read = when_rendered(listing)
    context = {
        "filters": filters,
        "facets": when_rendered(selectors.contact_facets, tenant=tenant, user=request.user, filters=filters),
        "page_obj": when_rendered(lambda: read["page_obj"]),
        "relaxations": when_rendered(lambda: read["relaxations"]),
        "can_see_restricted": user_can_see_restricted_contacts(request.user),
        "export_formats": exports.FORMATS,
        # Free text is matched through the search index, which catches up with an edit on its own
        # schedule: those results are not kept (an empty name renders without the cache).
        "results_fragment": "" if filters.q else "directory",
    }
    return TemplateResponse(request, "directory/directory_list.html", context)


def _visible_contact(request, pk: int) -> Contact:
    tenant = tenant_or_404(request)
    try:
        return selectors.contact_get(tenant=tenant, user=request.user, pk=pk)
    except Contact.DoesNotExist as error:
        # The same answer whether the contact does not exist, is archived, belongs to
        # another tenant or is for practitioners only: nothing leaks its existence.
        raise Http404 from error


@require_safe
def contact_detail(request, pk: int):
    contact = _visible_contact(request, pk)
    return TemplateResponse(request, "directory/contact_detail.html", {"contact": contact})


@require_safe
def contact_vcard(request, pk: int):
    contact = _visible_contact(request, pk)
    response = HttpResponse(exports.contact_vcard(contact), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="contact-{contact.pk}.vcf"'
    return response


@require_safe
@parameters_or_400
def directory_export(request, fmt: str):
    tenant = tenant_or_404(request)
    if fmt not in exports.FORMATS:
        return bad_request(request, message=_("Unknown export format “%(format)s”.") % {"format": fmt})
    if is_ratelimited(request, group="directory-export", key="ip", rate=settings.DIRECTORY_EXPORT_RATE, increment=True):
        response = TemplateResponse(
            request, "400.html",
            {"message": _("Too many exports from your address in a short time. Please wait a minute and try again.")},
            status=429,
        )
        response["Retry-After"] = "60"
        return response
    filters = directory_filters_from_query(request.GET, tenant=tenant)
    contacts = selectors.contact_list(tenant=tenant, user=request.user, filters=filters)
    content, content_type = exports.export(fmt, contacts, tenant=tenant, filters=filters)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{tenant.short_name.lower().replace(" ", "-")}-contacts.{fmt}"'
    # Exports depend on who asks (practitioners see more): never store them in shared caches.
    response["Cache-Control"] = "private, no-store"
    return response
