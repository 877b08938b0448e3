"""The one search service every view uses: the search page, the directory's free text, the API's `q`.

The backend is Elasticsearch when ELASTICSEARCH_URL is set, the database otherwise. When
Elasticsearch does not answer, the service answers from the database and says so
(`fell_back`), so a visitor always gets results. Hits are loaded again from the database
through the directory's and the site's own selectors: what a visitor may not see never
reaches the page, however stale the index.
"""
from __future__ import annotations

import difflib
import html
import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django_countries import countries
from modeltranslation.utils import build_localized_fieldname

from directory.caching import cache_key
from directory.models import ActorRole, Contact, Organisation, Visibility
from directory.permissions import user_can_see_restricted_contacts
from directory.selectors import contact_cards
from portal.tenancy.fields import in_language, plain
from search import analysis
from search.database import DatabaseBackend, pages, resources
from search.documents import CONTACT, DOCUMENT, KINDS, PAGE
from search.query import PAGE_SIZE, SearchRequest
from search.results import Hit

logger = logging.getLogger(__name__)

SUGGESTION_LIMIT = 8
SNIPPET_LENGTH = 180


def configured_backend():
    if settings.ELASTICSEARCH_URL:
        from search.elastic.backend import ElasticsearchBackend

        return ElasticsearchBackend()
    return DatabaseBackend()


def _outage_errors() -> tuple[type[BaseException], ...]:
    from search.indexing import OUTAGE_ERRORS

    return OUTAGE_ERRORS


def _call(backend, method: str, *args, **kwargs):
    """The backend's answer; a server-side Elasticsearch error or a missing index becomes SearchUnavailable."""
    if isinstance(backend, DatabaseBackend):
        return getattr(backend, method)(*args, **kwargs)
    from elasticsearch import ApiError

    from search.indexing import SearchUnavailable, unavailable

    try:
        return getattr(backend, method)(*args, **kwargs)
    except ApiError as error:
        if unavailable(error):
            raise SearchUnavailable(str(error)) from error
        raise


def _run(method: str, *args, **kwargs):
    """(answer, backend name, fell back?) — Elasticsearch if configured and answering, else the database."""
    backend = configured_backend()
    try:
        return _call(backend, method, *args, **kwargs), backend.name, False
    except _outage_errors():
        if isinstance(backend, DatabaseBackend):
            raise
        logger.warning("search: Elasticsearch unavailable, answering from the database", exc_info=True)
    fallback = DatabaseBackend()
    return getattr(fallback, method)(*args, **kwargs), fallback.name, True


# --- the search page --------------------------------------------------------------------

@dataclass
class ResultItem:
    kind: str
    object: object
    title: str
    url: str
    title_html: SafeString
    snippet_html: SafeString
    subtype: str = ""
    promoted: bool = False


@dataclass
class SearchOutcome:
    request: SearchRequest
    items: list[ResultItem]
    total: int
    facets: dict[str, dict[str, int]]
    backend: str
    fell_back: bool
    suggestion: str = ""  # "did you mean", when nothing matched
    corrected_from: str = ""  # the visitor's query, when results are shown for the suggestion instead
    promoted: list[ResultItem] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-min(self.total, PAGE_SIZE * 50) // PAGE_SIZE))


def search(request: SearchRequest, *, tenant, user, language: str, http_request=None) -> SearchOutcome:
    restricted = user_can_see_restricted_contacts(user)
    options = {"tenant": tenant, "restricted_allowed": restricted, "language": language, "limit": PAGE_SIZE}
    raw, backend, fell_back = _run("search", request, **options)
    suggestion, corrected_from = "", ""
    if raw.total == 0:
        record_zero_result(tenant=tenant, language=language, q=request.q, filtered=bool(request.as_query()[1:]))
        seen = {"tenant": tenant, "language": language, "restricted_allowed": restricted}
        suggestion = raw.suggestion or vocabulary_suggestion(request.q, **seen)
        if all_known_words(request.q, **seen):
            suggestion = ""  # "Poland" where Poland is not a member: nothing to find, and not a typo of "plan"
        if suggestion and analysis.folded_text(suggestion) != analysis.folded_text(request.q):
            corrected = SearchRequest(q=suggestion, kinds=request.kinds, filters=request.filters, page=request.page)
            retry, backend, retry_fell_back = _run("search", corrected, **options)
            fell_back = fell_back or retry_fell_back
            if retry.total:
                raw, corrected_from = retry, request.q
        else:
            suggestion = ""
    query_for_display = suggestion if corrected_from else request.q
    items = hydrate(raw.hits, tenant=tenant, user=user, language=language, q=query_for_display, http_request=http_request)
    promoted = []
    if request.page == 1:
        promoted = promoted_pages(request.q, tenant=tenant, language=language, http_request=http_request)
        promoted_ids = {item.object.pk for item in promoted}
        items = [item for item in items if not (item.kind == PAGE and item.object.pk in promoted_ids)]
    return SearchOutcome(request=request, items=items, total=raw.total, facets=raw.facets, backend=backend,
                         fell_back=fell_back, suggestion=suggestion, corrected_from=corrected_from, promoted=promoted)


def hydrate(hits: list[Hit], *, tenant, user, language: str, q: str, http_request=None) -> list[ResultItem]:
    """The hits as the visitor may see them, in their order; a hit the database no longer shows is dropped."""
    ids = {kind: [hit.object_id for hit in hits if hit.kind == kind] for kind in KINDS}
    loaded = {}
    if ids[CONTACT]:
        # A result shows what a contact card shows, in the visitor's language: one query, no SOPs, languages or
        # phones (with_details() read those in three more, and built every language's copy of each field).
        with translation.override(language):
            found = contact_cards(Contact.objects.in_tenant(tenant).visible_to(user).filter(pk__in=ids[CONTACT]))
            loaded.update({(CONTACT, contact.pk): contact for contact in found})
    if ids[PAGE]:
        loaded.update({(PAGE, page.pk): page for page in pages(tenant).filter(pk__in=ids[PAGE]).specific()})
    if ids[DOCUMENT]:
        loaded.update({(DOCUMENT, doc.pk): doc for doc in resources(tenant).filter(pk__in=ids[DOCUMENT])})
    items = []
    with translation.override(language):
        for hit in hits:
            obj = loaded.get((hit.kind, hit.object_id))
            if obj is not None:
                items.append(_item(hit, obj, q=q, language=language, http_request=http_request))
    return items


def _item(hit: Hit, obj, *, q: str, language: str, http_request=None) -> ResultItem:
    if hit.kind == CONTACT:
        title = in_language(obj, "position_title", language)
        text = " · ".join(part for part in (obj.person_name, in_language(obj.organisation, "name", language),
                                            obj.country.name, in_language(obj.role, "name", language)) if part)
        url = reverse("directory:contact", kwargs={"pk": obj.pk})
        subtype = CONTACT
    elif hit.kind == PAGE:
        title = in_language(obj, "title", language)
        text = " ".join(plain(getattr(obj, name, "")) for name in ("search_description", "summary", "intro", "what", "body"))
        url = obj.get_url(request=http_request) or obj.url
        subtype = obj._meta.verbose_name
    else:
        title = in_language(obj, "title", language)
        text = " ".join([in_language(obj, "description", language), obj.text or ""])
        url = obj.url
        subtype = obj.get_resource_type_display()
    return ResultItem(
        kind=hit.kind, object=obj, title=title, url=url, subtype=str(subtype),
        title_html=highlight(title, q, language=language, whole=True),
        snippet_html=highlight(text, q, language=language),
    )


_TOKEN = re.compile(r"\w+", re.UNICODE)


def highlight(text: str, q: str, *, language: str, whole: bool = False) -> SafeString:
    """The text (or a window of it around the first match), HTML-escaped, with matching words in <mark>."""
    text = " ".join(text.split())
    wanted = set(analysis.words(q)) | set(analysis.stems(q, language))
    wanted = {word for word in wanted if len(word) >= 2}

    def matches(token: str) -> bool:
        folded = analysis.fold(token)
        return any(folded.startswith(word) for word in wanted)

    tokens = [match for match in _TOKEN.finditer(text) if matches(match.group())]
    start, end = 0, len(text)
    if not whole and len(text) > SNIPPET_LENGTH:
        first = tokens[0].start() if tokens else 0
        start = max(0, first - SNIPPET_LENGTH // 3)
        end = min(len(text), start + SNIPPET_LENGTH)
    parts, position = [], start
    for token in tokens:
        if token.start() < start or token.end() > end:
            continue
        parts += [html.escape(text[position:token.start()]), "<mark>", html.escape(token.group()), "</mark>"]
        position = token.end()
    parts.append(html.escape(text[position:end]))
    snippet = "".join(parts)
    return mark_safe(("… " if start else "") + snippet + (" …" if end < len(text) else ""))


# --- directory, API, autocomplete ---------------------------------------------------------

def matching_contact_ids(q: str, *, tenant, user, language: str) -> list[int]:
    """Contacts matching the free text, best first (at most SEARCH_MAX_DIRECTORY_MATCHES)."""
    ids, _, _ = _run("contact_ids", q, tenant=tenant, restricted_allowed=user_can_see_restricted_contacts(user),
                     language=language, limit=settings.SEARCH_MAX_DIRECTORY_MATCHES)
    return ids


def suggestions(prefix: str, *, tenant, user, language: str) -> list[str]:
    """Titles that complete what the visitor is typing (never a contact the visitor may not see)."""
    titles, _, _ = _run("suggest", prefix, tenant=tenant, restricted_allowed=user_can_see_restricted_contacts(user),
                        language=language, limit=SUGGESTION_LIMIT)
    return list(dict.fromkeys(title for title in titles if title))[:SUGGESTION_LIMIT]


# --- did you mean, zero results, promotions -------------------------------------------------

def vocabulary(*, tenant, language: str, restricted_allowed: bool = False) -> list[str]:
    """Words of the tenant's titles, roles, organisations, public contacts' names and all country names
    (in the language and English): what "did you mean" may suggest.

    Built from what the visitor may see: an organisation whose contacts are all practitioners-only
    lends its words to practitioners only, and a person's name only ever comes from public contacts.
    """
    key = cache_key("search-vocabulary", tenant.pk, language, int(restricted_allowed))
    words = cache.get(key)
    if words is None:
        visible = Contact.objects.in_tenant(tenant).visible(restricted_allowed=restricted_allowed)
        organisations = Organisation.objects.filter(pk__in=visible.values("organisation_id"))
        # Names of public contacts only: a suggestion must never reveal a practitioners-only contact.
        public = visible.filter(visibility=Visibility.PUBLIC)
        texts = list(public.exclude(person_name="").values_list("person_name", flat=True))
        for code in dict.fromkeys([language, "en"]):
            with translation.override(code):
                texts += [page.title for page in pages(tenant).specific()]
                texts += [f"{role.name} {role.search_terms}" for role in ActorRole.objects.all()]
                texts += [str(name) for _, name in countries]  # every country: "Poland" is a word, not a typo of "plan"
            texts += organisations.values_list(build_localized_fieldname("name", code), flat=True)
        words = sorted({word for text in texts if text for word in analysis.words(text) if len(word) >= 3})
        cache.set(key, words, 600)
    return words


def all_known_words(q: str, *, tenant, language: str, restricted_allowed: bool = False) -> bool:
    known = set(vocabulary(tenant=tenant, language=language, restricted_allowed=restricted_allowed))
    words = [word for word in analysis.words(q) if len(word) >= 4]
    return bool(words) and all(word in known for word in words)


def vocabulary_suggestion(q: str, *, tenant, language: str, restricted_allowed: bool = False) -> str:
    known = vocabulary(tenant=tenant, language=language, restricted_allowed=restricted_allowed)
    known_set = set(known)
    words, changed = analysis.words(q), False
    for position, word in enumerate(words):
        if word in known_set or len(word) < 4:
            continue
        close = difflib.get_close_matches(word, known, n=1, cutoff=0.75)
        if close:
            words[position], changed = close[0], True
    return " ".join(words) if changed else ""


def record_zero_result(*, tenant, language: str, q: str, filtered: bool) -> None:
    """Count a query that found nothing (no visitor identifier is kept: the query, the day, a count)."""
    from search.models import ZeroResultQuery

    query = " ".join(analysis.fold(q).split())[:200]
    if not query or filtered:
        return
    day = timezone.localdate()
    updated = ZeroResultQuery.objects.filter(site_id=tenant.site_id, language=language, query=query, day=day).update(
        count=F("count") + 1
    )
    if not updated:
        ZeroResultQuery.objects.bulk_create(
            [ZeroResultQuery(site_id=tenant.site_id, language=language, query=query, day=day, count=1)],
            update_conflicts=True, unique_fields=["site", "language", "query", "day"], update_fields=["count"],
        )


def promoted_pages(q: str, *, tenant, language: str, http_request=None) -> list[ResultItem]:
    """Pages an editor pinned for this query (Wagtail's search promotions), if they belong to this tenant."""
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.search.utils import normalise_query_string

    promotions = SearchPromotion.objects.filter(query__query_string=normalise_query_string(q), page__isnull=False)
    page_ids = list(promotions.order_by("sort_order").values_list("page_id", flat=True))
    if not page_ids:
        return []
    found = {page.pk: page for page in pages(tenant).filter(pk__in=page_ids).specific()}
    hits = [Hit(kind=PAGE, object_id=pk, score=1.0) for pk in page_ids if pk in found]
    items = []
    with translation.override(language):
        for hit in hits:
            item = _item(hit, found[hit.object_id], q=q, language=language, http_request=http_request)
            item.promoted = True
            items.append(item)
    return items


def health() -> dict:
    """The search backend's state for /healthz."""
    backend = configured_backend()
    state = {"backend": backend.name}
    try:
        state["ok"] = backend.ping()
    except _outage_errors() as error:
        state.update(ok=False, error=error.__class__.__name__, fallback="database")
    if backend.name == "elasticsearch":
        from search.models import PendingIndexUpdate

        state["pending_updates"] = PendingIndexUpdate.objects.count()
    return state

