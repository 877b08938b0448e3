"""Admin wiring of the portal app: profile sections as snippets, tenant-scoped document downloads."""
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.models import ProfileSectionType
from portal.tenancy.scoping import collection_belongs_to


class ProfileSectionTypeViewSet(SnippetViewSet):
    model = ProfileSectionType
    icon = "list-ol"
    menu_label = _("Profile sections")
    list_display = ["title", "site", "sort_order"]
    list_filter = ["site"]
    ordering = ["site", "sort_order"]


register_snippet(ProfileSectionTypeViewSet)


@hooks.register("before_serve_document")
def serve_only_the_tenants_documents(document, request):
    """A tenant's resources download only on that tenant's host: /documents/<id>/ is not a way across."""
    tenant = getattr(request, "tenant", None)  # a host that is no portal's serves no document
    if tenant is None or not collection_belongs_to(tenant, document.collection):
        raise Http404
