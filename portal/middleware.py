"""Caching rules for whole responses: public pages are cacheable for anonymous visitors."""
from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers


class AnonymousCacheMiddleware:
    """Lets browsers and shared caches keep public pages for anonymous visitors.

    Only successful GET/HEAD responses to anonymous visitors that set no cookie and carry no
    cache policy of their own; the admin and anything personal stay uncached.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not request.path.startswith("/admin/")
            and user is not None
            and not user.is_authenticated
            and not response.cookies
            and not response.has_header("Cache-Control")
        ):
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
            patch_vary_headers(response, ["Cookie"])
        return response
