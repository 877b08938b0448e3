"""The referral planner: which measures, steps, notes and contacts apply to one referral.

It takes countries, SOPs and whether the person is a child — nothing about the person or
the case — and stores nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

from guidelines import selectors
from guidelines.models import MeasurePage, SOPPage
from portal.tenancy.models import Country
from portal.tenancy.params import ParameterError, countries_from_query, member_country, sop_number

__all__ = [
    "Plan", "PlanError", "PlanRequest", "build_plan", "countries_from_query", "plan_request_from_query", "prefilled_countries",
]


class PlanError(ParameterError):
    """A parameter of the planner is wrong; the message says which and why."""


@dataclass(frozen=True)
class PlanRequest:
    origin: Country
    destination: Country
    sops: tuple[int, ...]
    child: bool


def plan_request_from_query(query: QueryDict, *, tenant) -> PlanRequest:
    for name in ("from", "to"):
        if not query.get(name, "").strip():
            raise PlanError(_("Choose a country for “%(name)s”.") % {"name": name})
    origin = member_country(tenant, query["from"].strip(), name="from")
    destination = member_country(tenant, query["to"].strip(), name="to")
    if origin == destination:
        raise PlanError(
            _("Choose two different countries: “from” and “to” are both %(country)s.") % {"country": origin.name}
        )
    sops = list(dict.fromkeys(sop_number(value) for value in query.getlist("sop")))
    if not sops:
        raise PlanError(_("Choose at least one SOP (1 to 5)."))
    child = query.get("child", "0")
    if child not in ("0", "1"):
        raise PlanError(_("“child” must be 1 (the person is a child) or 0, not “%(value)s”.") % {"value": child})
    return PlanRequest(origin=origin, destination=destination, sops=tuple(sorted(sops)), child=child == "1")


def prefilled_countries(query: QueryDict, *, tenant) -> dict[str, Country] | None:
    """A link naming one country and nothing else ("Plan a referral from Spain", on a country profile).

    It opens the form with that country chosen instead of asking for the rest with a 400; the
    country is checked like any other. None when the query is not such a link.
    """
    names = set(query)
    if len(names) != 1 or names - {"from", "to"}:
        return None
    name = names.pop()
    value = query.get(name, "").strip()
    if not value:
        return None
    return {name: member_country(tenant, value, name=name)}


@dataclass(frozen=True)
class PlannedSOP:
    page: SOPPage
    measures: list[MeasurePage]


@dataclass(frozen=True)
class Plan:
    request: PlanRequest
    sops: list[PlannedSOP]
    contacts: dict
    notes: dict

    @property
    def countries(self) -> list[Country]:
        return [self.request.origin, self.request.destination]


def build_plan(*, request: PlanRequest, index, tenant, user) -> Plan:
    """The ordered measures and steps of the chosen SOPs (child-only ones only for a child), with notes and contacts."""
    pages = [page for page in selectors.sop_list(index=index) if page.sop.number in request.sops] if index else []
    planned = []
    for page in pages:
        measures = selectors.measure_list(sop_page=page, child=request.child)
        for measure in measures:
            measure.planned_steps = [step for step in measure.steps.all() if request.child or not step.child_only]
        planned.append(PlannedSOP(page=page, measures=measures))
    measures = [measure for sop in planned for measure in sop.measures]
    countries = [request.origin, request.destination]
    return Plan(
        request=request,
        sops=planned,
        contacts=selectors.who_to_contact(measures=measures, tenant=tenant, user=user, countries=countries),
        notes=selectors.national_notes(measures=measures, countries=countries),
    )
