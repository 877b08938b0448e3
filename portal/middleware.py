"""Caching rules for whole responses: public pages are cacheable for anonymous visitors."""
from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers


class AnonymousCacheMiddleware:
    """Decides, in one place, who may keep a response: public for anonymous pages, no one for personal ones.

    Public: successful GET/HEAD responses to anonymous visitors that set no cookie and carry
    no cache policy of their own. Personal, and so `private, no-store` (nothing kept on disk,
    nothing shared by a proxy): every response to a logged-in user, and every response built
    after reading a session that holds something (messages, a half-finished log-in). Only
    `Vary: Cookie` is not enough: a cache that ignores Vary, or a shared computer's browser
    cache, would keep a practitioner's contacts after they log out. The admin sets its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            return response
        if self._is_personal(request):
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ["Cookie"])
            return response
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and getattr(request, "user", None) is not None
            and not response.cookies
            and not response.has_header("Cache-Control")
        ):
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
            patch_vary_headers(response, ["Cookie"])
        return response

    @staticmethod
    def _is_personal(request) -> bool:
        session = getattr(request, "session", None)
        # Read before request.user below, which itself loads the session. An empty session
        # (a visitor without a session cookie, or with an expired one) holds nothing personal.
        session_read = session is not None and session.accessed and not session.is_empty()
        user = getattr(request, "user", None)
        return session_read or (user is not None and user.is_authenticated)
