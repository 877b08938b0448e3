"""The directory's filters, read from a query string and checked against the tenant.

Each filter may repeat (OR within a filter); filters combine with AND. An unknown value is
an error that names it, so a shared link with a typo answers 400 with a message, not an
empty list or a 500.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _

from directory.models import ActorRole, Language
from portal.tenancy.models import Country
from portal.tenancy.params import ParameterError, member_country, refuse_control_characters, sop_number

MAX_QUERY_LENGTH = 200
# The filters in the order the page shows them; "q" is the free text.
FILTER_NAMES = ("q", "country", "role", "sop", "language")
_FIELDS = {"q": "q", "country": "countries", "role": "roles", "sop": "sops", "language": "languages"}


class DirectoryFilterError(ParameterError):
    """A query parameter names something that does not exist here; the message says which."""


@dataclass(frozen=True)
class DirectoryFilters:
    countries: tuple[Country, ...] = ()
    roles: tuple[ActorRole, ...] = ()
    sops: tuple[int, ...] = ()
    languages: tuple[str, ...] = ()
    q: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def country_ids(self) -> list[int]:
        return [country.pk for country in self.countries]

    @property
    def role_ids(self) -> list[int]:
        return [role.pk for role in self.roles]

    def is_empty(self) -> bool:
        return not (self.countries or self.roles or self.sops or self.languages or self.q)

    def as_query(self) -> list[tuple[str, str]]:
        """The filters as query parameters, in a stable order (for shareable links and exports)."""
        pairs = [("country", country.iso2) for country in self.countries]
        pairs += [("role", role.slug) for role in self.roles]
        pairs += [("sop", str(number)) for number in self.sops]
        pairs += [("language", code) for code in self.languages]
        if self.q:
            pairs.append(("q", self.q))
        return pairs

    def querystring(self) -> str:
        return urlencode(self.as_query())

    @property
    def active_count(self) -> int:
        """How many choices narrow the list: each ticked value, and the free text."""
        return len(self.countries) + len(self.roles) + len(self.sops) + len(self.languages) + bool(self.q)

    def active(self) -> list[str]:
        """The names of the filters in use (FILTER_NAMES order)."""
        return [name for name in FILTER_NAMES if getattr(self, _FIELDS[name])]

    def without(self, name: str) -> DirectoryFilters:
        """The same filters with one of them (every value of it) left out."""
        return replace(self, **{_FIELDS[name]: "" if name == "q" else ()})


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value != ""))


def directory_filters_from_query(query: QueryDict, *, tenant) -> DirectoryFilters:
    """Validate ?country=&role=&sop=&language=&q= against the tenant; raise DirectoryFilterError."""
    refuse_control_characters(query)
    countries = [member_country(tenant, code.upper()) for code in _unique(query.getlist("country"))]

    role_slugs = _unique(query.getlist("role"))
    roles = {role.slug: role for role in ActorRole.objects.filter(slug__in=role_slugs)} if role_slugs else {}
    for slug in role_slugs:
        if slug not in roles:
            raise DirectoryFilterError(_("Unknown role “%(slug)s”.") % {"slug": slug})

    sops = [sop_number(value) for value in _unique(query.getlist("sop"))]

    language_codes = [code.lower() for code in _unique(query.getlist("language"))]
    if language_codes:
        known = set(Language.objects.filter(code__in=language_codes).values_list("code", flat=True))
        for code in language_codes:
            if code not in known:
                raise DirectoryFilterError(
                    _("Unknown language “%(code)s”: use a two-letter ISO 639-1 code such as “ru”.") % {"code": code}
                )

    q = " ".join(query.get("q", "").split())
    if len(q) > MAX_QUERY_LENGTH:
        raise DirectoryFilterError(_("The search text is too long (at most %(max)s characters).") % {"max": MAX_QUERY_LENGTH})

    return DirectoryFilters(
        countries=tuple(dict.fromkeys(countries)),
        roles=tuple(roles[slug] for slug in role_slugs),
        sops=tuple(sops),
        languages=tuple(language_codes),
        q=q,
    )

