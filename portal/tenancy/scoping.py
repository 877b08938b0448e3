"""What belongs to a tenant: pages (its site's tree) and documents (its resources collection).

Each rule is written once, twice over: as a query (`in_tenant`) for views and selectors, and as
an in-Python twin (`*_belongs_to`) for code that already holds the object, such as the search
indexer deciding which tenants' indexes a document goes into. Contacts follow the same pattern
in the directory (`Contact.objects.in_tenant()`, `contact_belongs_to()`), by member country.
"""
from __future__ import annotations

from django.db.models import QuerySet
from wagtail.models import Collection, Page, PageManager
from wagtail.query import PageQuerySet

from portal.tenancy.models import PortalSettings


def pages_in_tenant(pages: PageQuerySet, tenant: PortalSettings) -> PageQuerySet:
    """The pages of the tenant's site tree (its home page included)."""
    return pages.descendant_of(tenant.site.root_page, inclusive=True)


def page_belongs_to(tenant: PortalSettings, page: Page) -> bool:
    """The in-Python twin of pages_in_tenant, for a page already loaded."""
    return page.path.startswith(tenant.site.root_page.path)


class TenantPageQuerySet(PageQuerySet):
    def in_tenant(self, tenant: PortalSettings) -> TenantPageQuerySet:
        return pages_in_tenant(self, tenant)


# The manager of the portal's page types: `MeasurePage.objects.in_tenant(tenant).live()`.
TenantPageManager = PageManager.from_queryset(TenantPageQuerySet)


def tenant_collections(tenant: PortalSettings) -> QuerySet[Collection]:
    """The tenant's resources collection and every collection under it (none when it has none)."""
    root = tenant.resources_collection
    if root is None:
        return Collection.objects.none()
    return root.get_descendants(inclusive=True)


def collection_belongs_to(tenant: PortalSettings, collection: Collection) -> bool:
    """The in-Python twin of tenant_collections, for a collection already loaded."""
    root = tenant.resources_collection
    return root is not None and collection.path.startswith(root.path)


class TenantDocumentQuerySetMixin:
    """`in_tenant()` for a document model: the documents in the tenant's collections."""

    def in_tenant(self, tenant: PortalSettings):
        return self.filter(collection__in=tenant_collections(tenant))
