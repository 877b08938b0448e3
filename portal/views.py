"""Tenant-wide views: health, robots.txt, sitemap.xml, the tenant stylesheet, log-in and error pages.

The 400 page is the tenancy's (portal.tenancy.params.bad_request): every app answers bad
parameters with it.
"""
import logging
import sys
from urllib.parse import urlsplit, urlunsplit

from django.contrib.auth.views import LoginView, LogoutView
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseNotFound, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Page
from wagtail.views import serve as wagtail_serve

from portal.routing import route_request
from portal.tenancy.scoping import pages_in_tenant
from search.service import health as search_health

logger = logging.getLogger(__name__)


def serve_page(request, path):
    """Wagtail's page view, after the page has been found by its URL path in one query (portal.routing)."""
    route_request(request, path)
    return wagtail_serve(request, path)


@require_safe
def healthz(request):
    """JSON status for monitoring: 200 when the database answers, 503 otherwise."""
    database = {"ok": True}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database["vendor"] = connection.vendor
    except DatabaseError as error:
        logger.error("health check: database unavailable", extra={"error": str(error)})
        database = {"ok": False, "error": error.__class__.__name__}
    search_state = {"backend": "database", "ok": False}
    if database["ok"]:
        search_state = search_health()
    # Search falling back to the database is degraded, not down: the status stays 200.
    body = {"status": "ok" if database["ok"] else "error", "database": database, "search": search_state}
    response = JsonResponse(body, status=200 if database["ok"] else 503)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /documents/"]
    if getattr(request, "tenant", None) is not None:
        lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def sitemap_xml(request):
    """Every live public page of the request's tenant, in each of its languages, with hreflang alternates."""
    tenant = getattr(request, "tenant", None)
    site = getattr(request, "site", None)
    if tenant is None or site is None:
        return HttpResponseNotFound("No portal at this address.", content_type="text/plain")
    pages = pages_in_tenant(Page.objects.live().public(), tenant).order_by("path")
    languages = [code for code, _name in tenant.enabled_languages]
    entries = []
    for page in pages:
        urls = {}
        for code in languages:
            with translation.override(code):
                url = page.get_url(request)
            if url:
                urls[code] = request.build_absolute_uri(url)
        for url in urls.values():
            entries.append({"loc": url, "lastmod": page.last_published_at, "alternates": urls})
    xml = render_to_string("portal/sitemap.xml", {"entries": entries}, request=request)
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=3600)
def tenant_css(request):
    """The tenant's accent colour as a stylesheet, so pages need no inline style (strict CSP)."""
    tenant = getattr(request, "tenant", None)
    accent = tenant.accent_colour if tenant is not None else "#1d4f91"
    return HttpResponse(f":root {{ --accent: {accent}; }}\n", content_type="text/css; charset=utf-8")


def page_not_found(request, exception=None):
    return TemplateResponse(request, "404.html", {}, status=404).render()


def server_error(request):
    """500 in the tenant's look; if rendering that fails too, a plain page rather than nothing.

    While the database is unreachable (a restart, a failover) the answer is 503 with a page that
    needs no database, so visitors and monitoring see "try again shortly", not a crash.
    """
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response = TemplateResponse(request, "503.html", {}, status=503).render()
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
    try:
        return TemplateResponse(request, "500.html", {}, status=500).render()
    except Exception:  # the error page must not raise: log and answer plainly
        logger.exception("error page could not be rendered")
        return HttpResponse("Server error", status=500, content_type="text/plain")


class PractitionerLoginView(LoginView):
    """Log-in for practitioners on the public site (practitioners-only contacts); editors use /admin/.

    After logging in the practitioner lands back on the page they came from: a safe `next`,
    else the page that linked to the log-in form (its Referer, carried through the form as
    `next`), else the tenant's home page in the current language.
    """

    template_name = "portal/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context.get(self.redirect_field_name):
            # The POST's own Referer is this form, so the page the user came from travels in `next`.
            context[self.redirect_field_name] = self._referring_page()
        return context

    def get_default_redirect_url(self):
        return self._referring_page() or reverse("wagtail_serve", args=[""])

    def _referring_page(self) -> str:
        """The Referer's path if it is a page of this host other than the log-in and log-out forms, else ""."""
        referer = self.request.META.get("HTTP_REFERER", "")
        if not referer or not url_has_allowed_host_and_scheme(
            referer, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return ""
        parts = urlsplit(referer)
        if parts.path in (self.request.path, reverse("logout")):
            return ""  # landing on the log-in form again, or on log-out (POST only), would be no page at all
        return urlunsplit(("", "", parts.path or "/", parts.query, ""))


class PractitionerLogoutView(LogoutView):
    """Log-out from the public site; without a safe `next`, the tenant's home page in the current language.

    Django's default would render registration/logged_out.html, which only django.contrib.admin
    ships (not installed here): the log-out would end in a server error.
    """

    def get_default_redirect_url(self):
        return reverse("wagtail_serve", args=[""])
