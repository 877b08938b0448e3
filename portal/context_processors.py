"""Template context every public page needs: the tenant, its languages and the language switcher."""
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language_info

from portal.navigation import site_navigation


def url_in_language(path: str, current: str, code: str) -> str:
    """The same page in another language.

    Every public URL is /<lang>/... and no path segment is translated (one slug for every
    language), so swapping the prefix is exact, and much cheaper than resolving the URL again.
    """
    prefix = f"/{current}/"
    if path.startswith(prefix):
        return f"/{code}/{path[len(prefix):]}"
    return translate_url(path, code)


def language_alternates(request, tenant) -> list[dict]:
    """The current page in each of the tenant's languages (for the switcher and hreflang links)."""
    path = request.get_full_path()
    current = translation.get_language()
    alternates = []
    for code, _name in tenant.enabled_languages:
        info = get_language_info(code)
        alternates.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url_in_language(path, current, code),
                "current": code == current,
                "bidi": info["bidi"],
            }
        )
    return alternates


def tenant(request):
    portal = getattr(request, "tenant", None)
    if portal is None or request.path.startswith("/admin/"):
        return {}
    site = getattr(request, "site", None)
    home = site.root_page if site else None
    navigation = site_navigation(home=home, request=request)
    return {
        "tenant": portal,
        "tenant_home": home,
        "language_alternates": language_alternates(request, portal),
        "main_menu": navigation.entry_points,
        "footer_pages": navigation.footer_pages,
        "is_rtl": translation.get_language_bidi(),
    }
