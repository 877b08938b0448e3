"""The referral checklist in two languages side by side, and a blank transnational referral form.

Two practitioners of two countries read the same checklist, each in their language: every
measure, step, checklist item and national note of a referral plan, left in one language and
right in the other. The languages are the tenant's; by default each country's official
language where the tenant publishes it, otherwise the portal's default language. Like the
planner, nothing about the person or the case is asked for or stored.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _

from guidelines.planning import Plan
from portal.tenancy.fields import TranslatedValue, plain_lines, translated_value
from portal.tenancy.models import Country, PortalSettings
from portal.tenancy.params import ParameterError

# The portal's interface languages each country uses officially (first: the one preferred).
OFFICIAL_LANGUAGES = {
    "AL": ("sq",), "AT": ("de",), "BG": ("bg",), "DE": ("de",), "ES": ("es",), "FI": ("sv",), "FR": ("fr",),
    "IT": ("it",), "LT": ("lt",), "MA": ("ar", "fr"), "MD": ("ro",), "ME": ("sr-latn",), "PL": ("pl",),
    "RO": ("ro",), "RS": ("sr-latn",), "SE": ("sv",), "UA": ("uk",), "XK": ("sq", "sr-latn"), "BA": ("sr-latn",),
}


@dataclass(frozen=True)
class Side:
    """One column: a language, named in itself (a reader finds their own language by its own name)."""

    code: str
    name: str
    bidi: bool


def side(code: str) -> Side:
    info = translation.get_language_info(code)
    return Side(code=code, name=info["name_local"], bidi=info["bidi"])


def default_language(tenant: PortalSettings, country: Country) -> str:
    for code in OFFICIAL_LANGUAGES.get(country.iso2, ()):
        if tenant.is_language_enabled(code):
            return code
    return tenant.default_language or "en"


def checklist_languages(query: QueryDict, *, tenant: PortalSettings, origin: Country, destination: Country) -> tuple[str, str]:
    """?left=lt&right=pl, each one of the tenant's languages; the countries' official languages by default."""
    chosen = []
    for name, country in (("left", origin), ("right", destination)):
        code = query.get(name, "").strip() or default_language(tenant, country)
        if not tenant.is_language_enabled(code):
            enabled = ", ".join(code for code, _name in tenant.enabled_languages)
            raise ParameterError(
                _("Unknown language “%(code)s” for “%(name)s”: this portal's languages are %(codes)s.")
                % {"code": code, "name": name, "codes": enabled}
            )
        chosen.append(code)
    return chosen[0], chosen[1]


@dataclass(frozen=True)
class Pair:
    """The same text in the two languages (each the English fallback where it is not translated)."""

    left: TranslatedValue
    right: TranslatedValue


@dataclass
class BilingualMeasure:
    number: int
    title: Pair
    child_only: bool
    notes: list[tuple[Country, Pair]] = field(default_factory=list)
    steps: list[tuple[Pair, list[tuple[Country, Pair]]]] = field(default_factory=list)
    checklist: Pair | None = None


@dataclass
class BilingualSOP:
    number: int
    title: Pair
    measures: list[BilingualMeasure] = field(default_factory=list)


def _pair(obj, field_name: str, left: str, right: str, *, rich: bool = False) -> Pair:
    values = []
    for code in (left, right):
        with translation.override(code):
            value = translated_value(obj, field_name)
        if rich:
            value = replace(value, value=plain_lines(value.value))
        values.append(value)
    return Pair(*values)


def _note_pairs(notes, left: str, right: str) -> list[tuple[Country, Pair]]:
    return [(note.country, _pair(note, "text", left, right)) for note in notes]


def bilingual_checklist(*, plan: Plan, left: str, right: str) -> list[BilingualSOP]:
    """The plan's SOPs, measures, steps, checklists and national notes, each as a pair of texts."""
    sops = []
    for planned in plan.sops:
        sop = BilingualSOP(number=planned.page.sop.number, title=_pair(planned.page, "title", left, right))
        for measure in planned.measures:
            notes = plan.notes.get(measure.pk, {})
            item = BilingualMeasure(
                number=measure.number,
                title=_pair(measure, "title", left, right),
                child_only=measure.child_only,
                notes=_note_pairs(notes.get(None, []), left, right),
            )
            for step in measure.planned_steps:
                item.steps.append((_pair(step, "text", left, right), _note_pairs(notes.get(step.pk, []), left, right)))
            if measure.checklist:
                item.checklist = _pair(measure, "checklist", left, right, rich=True)
            sop.measures.append(item)
        sops.append(sop)
    return sops


def fallback_count(sops: list[BilingualSOP]) -> tuple[int, int]:
    """How many texts of each column are the English fallback: said once at the top of the checklist."""
    left = right = 0
    for pair in _all_pairs(sops):
        left += pair.left.is_fallback
        right += pair.right.is_fallback
    return left, right


def _all_pairs(sops):
    for sop in sops:
        yield sop.title
        for measure in sop.measures:
            yield measure.title
            yield from (pair for _country, pair in measure.notes)
            for step, notes in measure.steps:
                yield step
                yield from (pair for _country, pair in notes)
            if measure.checklist:
                yield measure.checklist
