"""A search request, read from the query string and checked against the tenant."""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _

from directory.filters import DirectoryFilters, directory_filters_from_query
from portal.tenancy.params import ParameterError, is_number
from search.documents import KINDS

PAGE_SIZE = 20
MAX_PAGE = 50  # 1,000 results: beyond that a visitor refines the query


class SearchRequestError(ParameterError):
    """A parameter the search cannot use; the message names it."""


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    kinds: tuple[str, ...] = ()
    filters: DirectoryFilters = field(default_factory=DirectoryFilters)  # country, role, sop, language
    page: int = 1

    @property
    def countries(self) -> list[str]:
        return [country.iso2 for country in self.filters.countries]

    @property
    def roles(self) -> list[str]:
        return [role.slug for role in self.filters.roles]

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE

    def as_query(self, **changes) -> list[tuple[str, str]]:
        pairs = [("q", self.q)] if self.q else []
        pairs += [("type", kind) for kind in self.kinds]
        pairs += [pair for pair in self.filters.as_query() if pair[0] != "q"]
        page = changes.get("page", 1)
        if page > 1:
            pairs.append(("page", str(page)))
        return pairs

    def querystring(self, **changes) -> str:
        return urlencode(self.as_query(**changes))


def search_request_from_query(query: QueryDict, *, tenant) -> SearchRequest:
    """Validate ?q=&type=&country=&role=&sop=&language=&page=; raise a ParameterError with a message."""
    filters = directory_filters_from_query(query, tenant=tenant)
    kinds = []
    for value in query.getlist("type"):
        for kind in filter(None, (part.strip() for part in value.split(","))):
            if kind not in KINDS:
                raise SearchRequestError(
                    _("Unknown result type “%(value)s”: use page, contact or document.") % {"value": kind}
                )
            if kind not in kinds:
                kinds.append(kind)
    raw_page = query.get("page", "1") or "1"
    if not is_number(raw_page) or not 1 <= int(raw_page) <= MAX_PAGE:
        raise SearchRequestError(
            _("The page must be a number from 1 to %(max)s, not “%(value)s”.") % {"max": MAX_PAGE, "value": raw_page}
        )
    return SearchRequest(q=filters.q, kinds=tuple(kinds), filters=filters, page=int(raw_page))
