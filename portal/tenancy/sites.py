"""Which tenant a request or a page belongs to: the one way every view, page and API endpoint finds it."""
from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from portal.tenancy.models import PortalSettings


class NoTenant(Http404):
    """The request's host is no tenant's (such as 127.0.0.1 without a site): 404, never another tenant's content."""


def tenant_or_404(request) -> PortalSettings:
    """The request's tenant (set by TenantMiddleware); NoTenant (a 404) on a host that is no tenant's."""
    tenant = getattr(request, "tenant", None)
    if tenant is None:
        raise NoTenant(_("No portal is configured for this address."))
    return tenant


def tenant_for_site(site: Site | None) -> PortalSettings | None:
    if site is None:
        return None
    tenant = PortalSettings.for_site(site)
    tenant.site = site  # the site (and its root page) already loaded: scoping reads them without a query
    return tenant


def tenant_for_page(page: Page) -> PortalSettings | None:
    """The tenant whose site tree holds this page (None for pages outside every site)."""
    return tenant_for_site(page.get_site())
