"""Demo guidelines for a tenant: the five SOPs with measures, steps and national notes (fictional).

Creates what is missing (pages by slug, notes by country + measure + step) and changes
nothing that exists, like the rest of the demo loader.
"""
from __future__ import annotations

import json
from pathlib import Path

from modeltranslation.utils import build_localized_fieldname

from directory.models import SOP, ActorRole
from guidelines.models import (
    GuidelinesIndexPage,
    MeasurePage,
    MeasureStep,
    NationalNote,
    SOPPage,
)
from portal.tenancy.fields import set_translations
from portal.tenancy.models import Country

DATA = Path(__file__).parent / "demo_data" / "guidelines.json"


def _sample(samples: dict, kind: str, sop_number: int, measure_data: dict) -> dict | None:
    """The demo sample of this kind ("untranslated", "stale") if it is about this measure."""
    sample = samples.get(kind)
    if sample and sample["sop"] == sop_number and sample["measure"] == measure_data["slug"]:
        return sample
    return None


def _demo_measure(sop_page, measure_data: dict, *, languages, roles, samples: dict) -> MeasurePage:
    """The demo measure under its SOP page, created with its steps and published if it is missing.

    The demo samples: one field left in English only, and one whose English text changes after
    it was translated (a second publication), each labelled in its English text.
    """
    measure = MeasurePage.objects.child_of(sop_page).filter(slug=measure_data["slug"]).first()
    if measure is not None:
        return measure
    measure = MeasurePage(slug=measure_data["slug"], number=measure_data["number"],
                          child_only=measure_data.get("child_only", False))
    untranslated = _sample(samples, "untranslated", sop_page.sop.number, measure_data)
    for field in ("title", "summary", "what", "when", "checklist", "children", "good_practices"):
        texts = measure_data.get(field, {})
        if untranslated and untranslated["field"] == field:
            texts = {"en": texts["en"] + untranslated["label"]}
        set_translations(measure, field, texts, languages)
    measure.who = [roles[slug] for slug in measure_data["who"]]
    for order, step_data in enumerate(measure_data["steps"]):
        step = MeasureStep(sort_order=order, child_only=step_data.get("child_only", False))
        set_translations(step, "text", step_data["text"], languages)
        step.roles = [roles[slug] for slug in step_data["roles"]]
        measure.steps.add(step)
    sop_page.add_child(instance=measure)
    measure.save_revision().publish()
    stale = _sample(samples, "stale", sop_page.sop.number, measure_data)
    if stale:
        field = build_localized_fieldname(stale["field"], "en")
        setattr(measure, field, getattr(measure, field) + stale["label"])
        measure.save_revision().publish()
    return measure


def load_demo_guidelines(*, home, languages, member_codes) -> None:
    """The guidelines index, SOP and measure pages under `home`, and notes of the member countries."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    index = GuidelinesIndexPage.objects.child_of(home).first()
    if index is None:
        index = GuidelinesIndexPage(slug="guidelines")
        set_translations(index, "title", data["index"]["title"], languages)
        set_translations(index, "intro", data["index"]["intro"], languages)
        home.add_child(instance=index)
        index.save_revision().publish()
    roles = {role.slug: role for role in ActorRole.objects.all()}
    sops = {sop.number: sop for sop in SOP.objects.all()}
    measures: dict[tuple[int, str], MeasurePage] = {}
    for sop_data in data["sops"]:
        sop = sops[sop_data["number"]]
        sop_page = SOPPage.objects.child_of(index).filter(slug=sop.slug).first()
        if sop_page is None:
            sop_page = SOPPage(slug=sop.slug, sop=sop)
            titles = {code: getattr(sop, build_localized_fieldname("title", code)) for code in languages}
            set_translations(sop_page, "title", titles, languages)
            for field in ("summary", "introduction", "principles"):
                set_translations(sop_page, field, sop_data.get(field, {}), languages)
            index.add_child(instance=sop_page)
            sop_page.save_revision().publish()
        for measure_data in sop_data["measures"]:
            measure = _demo_measure(sop_page, measure_data, languages=languages, roles=roles,
                                    samples=data.get("demo_samples", {}))
            measures[(sop.number, measure.slug)] = measure
    countries = {country.iso2: country for country in Country.objects.filter(code__in=member_codes)}
    for note_data in data["national_notes"]:
        country = countries.get(note_data["country"])
        measure = measures.get((note_data["sop"], note_data["measure"]))
        if country is None or measure is None:
            continue  # a note of a country this tenant does not list
        step = None
        if note_data.get("step"):
            step = measure.steps.order_by("sort_order", "pk")[note_data["step"] - 1]
        if NationalNote.objects.filter(country=country, measure=measure, step=step).exists():
            continue
        note = NationalNote(country=country, measure=measure, step=step)
        set_translations(note, "text", note_data["text"], languages)
        note.save()
