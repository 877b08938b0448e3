"""Reads of the guidelines: SOPs and measures of a tenant, national notes, who to contact for each role."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch

from directory.models import ActorRole, Contact
from directory.selectors import shown_contacts, with_details
from guidelines.models import MeasurePage, MeasureStep, NationalNote, SOPPage
from portal.tenancy.models import Country


def sop_list(*, index) -> list[SOPPage]:
    return list(SOPPage.objects.child_of(index).live().public().select_related("sop").order_by("sop__number"))


def measure_list(*, sop_page: SOPPage, child: bool = True) -> list[MeasurePage]:
    """The SOP's live measures in order (child-only ones only when `child`), with steps and roles."""
    measures = MeasurePage.objects.child_of(sop_page).live().public()
    if not child:
        measures = measures.filter(child_only=False)
    steps = MeasureStep.objects.prefetch_related("roles").order_by("sort_order", "pk")
    return list(measures.prefetch_related("who", Prefetch("steps", queryset=steps)).order_by("number", "path"))


def responsible_roles(measures: list[MeasurePage]) -> list[ActorRole]:
    """Every role a measure names, as WHO or on a step, in the taxonomy's order, without repeats."""
    roles = {}
    for measure in measures:
        for role in measure.who.all():
            roles[role.pk] = role
        for step in measure.steps.all():
            for role in step.roles.all():
                roles[role.pk] = role
    return sorted(roles.values(), key=lambda role: (role.sort_order, role.slug))


@dataclass(frozen=True)
class RoleContacts:
    role: ActorRole
    country: Country
    contacts: list[Contact]


def who_to_contact(*, measures, tenant, user, countries: list[Country]) -> dict[int, dict[int, RoleContacts]]:
    """country id -> role id -> that country's contacts for the role (visibility rules of the directory).

    One query for all countries and roles; a role without a contact is kept, with an empty
    list, so the page can say so and editors see the gap.
    """
    if not countries:
        return {}
    roles = responsible_roles(list(measures))
    contacts = with_details(
        shown_contacts(tenant=tenant, user=user).filter(country__in=countries, role__in=roles)
    ).order_by("position_title", "pk")
    found: dict[tuple[int, int], list[Contact]] = defaultdict(list)
    for contact in contacts:
        found[(contact.country_id, contact.role_id)].append(contact)
    return {
        country.pk: {role.pk: RoleContacts(role, country, found.get((country.pk, role.pk), [])) for role in roles}
        for country in countries
    }


def national_notes(*, measures, countries: list[Country]) -> dict[int, dict[int | None, list[NationalNote]]]:
    """measure id -> step id (None: the whole measure) -> the chosen countries' notes."""
    if not countries:
        return {}
    notes: dict[int, dict[int | None, list[NationalNote]]] = defaultdict(lambda: defaultdict(list))
    for note in NationalNote.objects.filter(measure__in=measures, country__in=countries).select_related("country"):
        notes[note.measure_id][note.step_id].append(note)
    return {measure: dict(steps) for measure, steps in notes.items()}
