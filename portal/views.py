"""Tenant-wide views: health, robots.txt, sitemap.xml, the tenant stylesheet and error pages."""
import logging
import sys

from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Page

logger = logging.getLogger(__name__)


@require_GET
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
        from search.service import health

        search_state = health()
    # Search falling back to the database is degraded, not down: the status stays 200.
    body = {"status": "ok" if database["ok"] else "error", "database": database, "search": search_state}
    response = JsonResponse(body, status=200 if database["ok"] else 503)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /documents/"]
    if getattr(request, "tenant", None) is not None:
        lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def sitemap_xml(request):
    """Every live public page of the request's tenant, in each of its languages, with hreflang alternates."""
    tenant = getattr(request, "tenant", None)
    site = getattr(request, "site", None)
    if tenant is None or site is None:
        return HttpResponseNotFound("No portal at this address.", content_type="text/plain")
    pages = Page.objects.live().public().descendant_of(site.root_page, inclusive=True).order_by("path")
    languages = [code for code, _name in tenant.enabled_languages]
    entries = []
    for page in pages:
        urls = {}
        for code in languages:
            with translation.override(code):
                url = page.get_url(request)
            if url:
                urls[code] = request.build_absolute_uri(url)
        for code, url in urls.items():
            entries.append({"loc": url, "lastmod": page.last_published_at, "alternates": urls})
    xml = render_to_string("portal/sitemap.xml", {"entries": entries}, request=request)
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")


@require_GET
@cache_control(public=True, max_age=3600)
def tenant_css(request):
    """The tenant's accent colour as a stylesheet, so pages need no inline style (strict CSP)."""
    tenant = getattr(request, "tenant", None)
    accent = tenant.accent_colour if tenant is not None else "#1d4f91"
    return HttpResponse(f":root {{ --accent: {accent}; }}\n", content_type="text/css; charset=utf-8")


def bad_request(request, exception=None, *, message: str = ""):
    """400 with a message saying what was wrong, in the tenant's look.

    A request Django refused as suspicious (an unknown Host header) belongs to no tenant, so
    it gets a plain answer: rendering the tenant's look would ask for the host again.
    """
    if isinstance(exception, SuspiciousOperation):
        return HttpResponseBadRequest("Bad request: unknown host or malformed request.", content_type="text/plain")
    return TemplateResponse(request, "400.html", {"message": message}, status=400)


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
    """Log-in for practitioners on the public site (practitioners-only contacts); editors use /admin/."""

    template_name = "portal/login.html"
    redirect_authenticated_user = True


class PractitionerLogoutView(LogoutView):
    pass
