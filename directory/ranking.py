"""Free-text matching for the directory, answered by whichever search engine the project installs.

The directory stands below search (search indexes the directory, not the reverse), so it does not
import it: the search app registers its matcher here when it starts (search.apps), and the
directory's list, facets and API ask through this port for the ids of matching contacts, best
first, which the directory's own selectors then filter and load.
"""
from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

ContactMatcher = Callable[..., list[int]]
_matcher: ContactMatcher | None = None


def register_contact_matcher(matcher: ContactMatcher) -> None:
    """`matcher(q, *, tenant, user, language) -> [contact id, ...]`, best first."""
    global _matcher
    _matcher = matcher


def matching_contact_ids(q: str, *, tenant, user, language: str) -> list[int]:
    if _matcher is None:
        raise ImproperlyConfigured("No search engine answers the directory's free text: is the search app installed?")
    return _matcher(q, tenant=tenant, user=user, language=language)
