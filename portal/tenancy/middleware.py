"""Request → tenant and language: the first thing every request passes through (see settings.MIDDLEWARE)."""
from django.conf import settings
from django.http import Http404
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header
from wagtail.models import Site

from portal.tenancy.fragments import remembered
from portal.tenancy.sites import tenant_for_site


class TenantMiddleware:
    """Sets request.site and request.tenant (PortalSettings) from the Host header.

    Unknown hosts never get this far: ALLOWED_HOSTS answers them with 400, so a request is
    never served another tenant's content.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        def find() -> tuple:
            site = Site.find_for_request(request)
            return site, tenant_for_site(site)

        # The same host finds the same site until a site or a tenant's settings change.
        request.site, request.tenant = remembered(("site", request.get_host(), request.get_port()), find)
        request._wagtail_site = request.site  # what Site.find_for_request answers for this request
        return self.get_response(request)


def preferred_language(request, tenant) -> str:
    """The visitor's preferred language among the tenant's: cookie, then Accept-Language, then default."""
    enabled = set(tenant.languages or [])
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in enabled:
        return cookie
    for accepted, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        accepted = accepted.lower()
        for candidate in (accepted, accepted.split("-")[0]):
            if candidate in enabled:
                return candidate
    return tenant.default_language if tenant.default_language in enabled else settings.LANGUAGE_CODE


class TenantLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, limited to the languages the request's tenant has enabled.

    A language prefix the tenant has not enabled is a 404 (not another tenant's content); a
    path without a prefix redirects to the visitor's preferred language among the tenant's.
    """

    def process_request(self, request):
        super().process_request(request)
        tenant = getattr(request, "tenant", None)
        if tenant is None:
            return
        in_path = translation.get_language_from_path(request.path_info)
        if in_path:
            if not tenant.is_language_enabled(in_path):
                translation.activate(preferred_language(request, tenant))
                request.LANGUAGE_CODE = translation.get_language()
                raise Http404("Language not enabled on this portal")
            return
        if not tenant.is_language_enabled(translation.get_language()):
            translation.activate(preferred_language(request, tenant))
            request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # Django redirects a 404 without a language prefix to /<lang>/<path> when that path
        # resolves; Wagtail's catch-all page route makes every path resolve, so a missing API
        # object or document would become a redirect to a page. Those answer 404 as they are.
        if response.status_code == 404 and request.path_info.startswith(NON_LOCALISED_PREFIXES):
            return response
        return super().process_response(request, response)


# URL prefixes outside i18n_patterns (portal/urls.py): never redirected to a language.
NON_LOCALISED_PREFIXES = ("/api/", "/admin/", "/documents/", "/static/", "/media/")
