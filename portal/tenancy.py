"""Which tenant a request or a page belongs to.

Every public query is scoped to a tenant; these helpers are the one way to find it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from wagtail.models import Page, Site

if TYPE_CHECKING:
    from portal.models import PortalSettings


def tenant_or_404(request) -> PortalSettings:
    """The request's tenant; 404 on a host that is no tenant's (such as 127.0.0.1 without a site)."""
    from django.http import Http404

    tenant = getattr(request, "tenant", None)
    if tenant is None:
        raise Http404
    return tenant


def tenant_for_site(site: Site | None) -> PortalSettings | None:
    from portal.models import PortalSettings

    if site is None:
        return None
    return PortalSettings.for_site(site)


def tenant_for_page(page: Page) -> PortalSettings | None:
    """The tenant whose site tree holds this page (None for pages outside every site)."""
    return tenant_for_site(page.get_site())


def tenants_listing_country(country_code: str) -> list[PortalSettings]:
    from portal.models import PortalSettings

    return list(PortalSettings.objects.filter(member_countries__code=country_code).select_related("site"))
