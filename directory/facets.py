"""Facet options: each filter's values with how many results each would give, labelled for the page.

The directory counts with the database, search with its backend; both label and order the
options here, so a filter reads the same on the directory page and on the search page.
"""
from __future__ import annotations

from dataclasses import dataclass

from directory.models import SOP, ActorRole, Language

FACET_NAMES = ("country", "role", "sop", "language")


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


def facet_candidates(*, tenant, languages) -> dict[str, list[tuple[str, str]]]:
    """(value, label) of every option of each filter, in display order; languages: the codes that occur."""
    return {
        "country": [(country.iso2, country.name) for country in tenant.members],
        "role": [(role.slug, role.name) for role in ActorRole.objects.all()],
        "sop": [(str(sop.number), str(sop)) for sop in SOP.objects.all()],
        "language": sorted(((code, Language(code=code).name) for code in set(languages)), key=lambda item: item[1]),
    }


def facet_options(counts: dict[str, dict[str, int]], *, tenant, selected: dict[str, set[str]],
                  keep_empty: tuple[str, ...] = ()) -> dict[str, list[FacetOption]]:
    """Labelled options with their counts for each filter.

    `counts`: filter -> value -> number of results; `selected`: the values the visitor chose.
    Options without results are left out unless selected, or unless their filter is in `keep_empty`
    (the directory shows every country, role and SOP, so an editor sees the gaps).
    """
    languages = set(counts.get("language", {})) | set(selected.get("language", ()))
    candidates = facet_candidates(tenant=tenant, languages=languages)
    options = {}
    for name in FACET_NAMES:
        found, chosen = counts.get(name, {}), selected.get(name, set())
        options[name] = [
            FacetOption(value, str(label), found.get(value, 0), value in chosen)
            for value, label in candidates[name]
            if name in keep_empty or found.get(value) or value in chosen
        ]
    return options
