"""Page routing in one page query: the request's page found by its URL path, not level by level.

Wagtail routes /en/countries/lt/ by walking the tree: the home page made specific, then each
level's child by slug and made specific again, two queries a level (six for a profile). Slugs are
the same in every language here (WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = False), so a page's
`url_path` names it exactly: the page is read in one query of its specific type, which a
per-process memo remembers from the first time the path was served. Its translated fields are read
in the visitor's language and English only (the fallback); other languages' columns are deferred.

The memo is only a guess: the row read must still be at that path, under the tenant's root and of
the remembered type, else the page is looked up again (two queries) and the memo corrected. So a
moved, deleted or retyped page is never served from a stale guess. A path that names no page, a
page that is not live, or a page type with a route() of its own fall back to Wagtail's routing,
which answers exactly as before (404, or that page's own routes).
"""
from __future__ import annotations

import functools

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site, get_page_models
from wagtail.url_routing import RouteResult

from portal.tenancy.fields import other_languages_columns

# url_path -> content type id of the page last found there; bounded, as paths come from visitors.
_TYPE_OF_PATH: dict[str, int] = {}
_MEMO_LIMIT = 10_000


@functools.cache
def _routes_by_url_path() -> bool:
    """Whether every page type routes as Wagtail's Page does (no route() of its own to respect)."""
    return all(model.route is Page.route for model in get_page_models())


def _typed_page_at(root: Page, url_path: str, content_type_id: int) -> Page | None:
    """The page at this URL path if it is of this type, read as that type (other languages' columns deferred)."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    page = (
        model.objects.filter(url_path=url_path, path__startswith=root.path)
        .defer(*other_languages_columns(model)).first()
    )
    return page if page is not None and page.content_type_id == content_type_id else None


def _page_at(root: Page, url_path: str) -> Page | None:
    """The specific page at this URL path under the site's root, in one query when its type is known."""
    content_type_id = _TYPE_OF_PATH.get(url_path)
    page = _typed_page_at(root, url_path, content_type_id) if content_type_id is not None else None
    if page is not None:
        return page
    content_type_id = (
        Page.objects.filter(url_path=url_path, path__startswith=root.path).values_list("content_type_id", flat=True).first()
    )
    if content_type_id is None:
        _TYPE_OF_PATH.pop(url_path, None)
        return None
    if len(_TYPE_OF_PATH) >= _MEMO_LIMIT:
        _TYPE_OF_PATH.clear()
    _TYPE_OF_PATH[url_path] = content_type_id
    return _typed_page_at(root, url_path, content_type_id)


def route_request(request, path: str) -> RouteResult | None:
    """The route of a public page request, as Page.route_for_request would find it, or None to let Wagtail route.

    The result is left where Wagtail looks for it (request._wagtail_route_for_request), so its serve
    view, hooks and template tags use it without routing again.
    """
    if hasattr(request, "_wagtail_route_for_request") or not _routes_by_url_path():
        return None
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    components = [component for component in path.split("/") if component]
    page = _page_at(root, root.url_path + "".join(f"{component}/" for component in components))
    if page is None or not page.live:
        return None
    request._wagtail_route_for_request = RouteResult(page)
    return request._wagtail_route_for_request
