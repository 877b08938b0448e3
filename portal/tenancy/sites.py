"""Which tenant a request or a page belongs to: the one way every view, page and API endpoint finds it."""
from __future__ import annotations

from urllib.parse import urlsplit

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


def root_url_for_request(root_url: str, request) -> str:
    """A site's root URL with the port the request came on, when the site names none.

    Every tenant is served by the same installation, so a link to another tenant (the admin's
    "view live", a cross-tenant listing) works on the port this one was reached on: under
    `make run` that is http://see.localhost:8000/, where the site's own root URL says port 80.
    A site stored with a port of its own keeps it; a request without a port changes nothing.
    """
    if request is None:
        return root_url
    _host, separator, port = request.get_host().rpartition(":")
    if not separator or not port.isdigit():  # no port, or the end of an IPv6 literal without one
        return root_url
    parts = urlsplit(root_url)
    if parts.port is not None:
        return root_url
    return f"{request.scheme}://{parts.hostname}:{port}"


class RequestPortUrlsMixin:
    """Page mixin: absolute URLs of pages keep the port of the request's host (root_url_for_request)."""

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        site_id, root_url, page_path = parts
        if root_url is None:
            return parts
        return site_id, root_url_for_request(root_url, request), page_path
