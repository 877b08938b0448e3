"""Admin wiring of the portal app: profile sections as snippets, tenant-scoped document downloads."""
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.models import ProfileSectionType


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
    from portal.selectors import tenant_collections

    tenant = getattr(request, "tenant", None)
    if tenant is None or not tenant_collections(tenant=tenant).filter(pk=document.collection_id).exists():
        raise Http404
