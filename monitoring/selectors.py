"""Reads of monitoring: the matrix of member countries × SOPs (or one SOP's measures), roll-ups, history, reviews.

Every read is scoped to the tenant (`ImplementationStatus.objects.in_tenant`) and runs a fixed
number of queries whatever the number of countries or statuses: pages, statuses and history are
each read once and joined in Python.

Roll-up rule (shown in the page legend): an SOP stands at the *lowest* level of its measures,
and a measure without a recorded status counts as not started. A country has adopted an SOP as
binding only when every one of its measures is binding; a median would hide the measures that
lag behind, which is what coordinators need to see.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet

from directory.selectors import add_months, review_intervals
from guidelines.models import MeasurePage, SOPPage
from monitoring.models import LEVEL_SYMBOLS, ImplementationStatus, Level, StatusChange
from portal.tenancy.editors import user_country_ids, user_is_portal_admin
from portal.tenancy.fields import localized_columns
from portal.tenancy.models import Country

Point = tuple[datetime.date, int]  # (date the level took effect, level)


@dataclass
class SOPColumn:
    """One SOP of the tenant's guidelines and its live measures, in order."""

    page: SOPPage
    measures: list[MeasurePage]

    @property
    def number(self) -> int:
        return self.page.sop.number


@dataclass
class Cell:
    """A level in the matrix: one measure's status, or an SOP's roll-up."""

    level: Level
    since: datetime.date | None = None
    status: ImplementationStatus | None = None

    @property
    def symbol(self) -> str:
        return LEVEL_SYMBOLS[self.level]


@dataclass
class Row:
    country: Country
    cells: list[Cell] = field(default_factory=list)  # one per SOP column (overview) or per measure (one SOP)
    rollup: Cell | None = None  # the chosen SOP's roll-up (one SOP)


@dataclass
class Matrix:
    sops: list[SOPColumn]
    rows: list[Row]
    sop: SOPColumn | None  # the SOP drilled into, if any
    statuses: dict[tuple[int, int], ImplementationStatus]
    histories: dict[tuple[int, int], list[Point]]

    @property
    def measures(self) -> list[MeasurePage]:
        return self.sop.measures if self.sop else []


@dataclass(frozen=True)
class MonitoringFilters:
    sop: int | None = None
    level: int | None = None
    country: Country | None = None


# --- pages --------------------------------------------------------------------------------

def sop_columns(*, tenant, titles_only: bool = False) -> list[SOPColumn]:
    """The tenant's live SOP pages in SOP order, each with its live measures (three queries).

    `titles_only`: the pages as a table of levels shows them (SOP number and title; measures only
    counted), without reading every language's copy of every measure's text (and, in the matrix,
    the statuses' levels without their texts).
    """
    private = SOPPage.objects.all().private_q()  # read once for both lists
    sop_pages = SOPPage.objects.in_tenant(tenant).live().exclude(private).select_related("sop").order_by("sop__number")
    measures = MeasurePage.objects.in_tenant(tenant).live().exclude(private).order_by("number", "path")
    if titles_only:
        sop_pages = sop_pages.only("path", "sop", "sop__number", *localized_columns("title"))
        measures = measures.only("path")
    by_path = {page.path: SOPColumn(page=page, measures=[]) for page in sop_pages}
    for measure in measures:
        column = by_path.get(measure.path[: -MeasurePage.steplen])
        if column is not None:
            column.measures.append(measure)
    return list(by_path.values())


def measure_slugs(*, tenant) -> list[str]:
    """The slugs of the tenant's live measures, without repeats (the API's `measure` values)."""
    return sorted({measure.slug for column in sop_columns(tenant=tenant) for measure in column.measures})


# --- levels -------------------------------------------------------------------------------

def status_map(*, tenant, country_ids=None, measure_ids=None, levels_only: bool = False) -> dict[tuple[int, int], ImplementationStatus]:
    """(country id, measure id) -> the tenant's status (one query); `levels_only`: without its texts and basis."""
    statuses = ImplementationStatus.objects.in_tenant(tenant)
    if levels_only:
        statuses = statuses.only("country", "measure", "level", "level_since")
    if country_ids is not None:
        statuses = statuses.filter(country__in=list(country_ids))
    if measure_ids is not None:
        statuses = statuses.filter(measure__in=list(measure_ids))
    if not levels_only:
        statuses = statuses.select_related("basis_document")
    return {(status.country_id, status.measure_id): status for status in statuses}


def sop_level(levels: list[int]) -> Level:
    """The roll-up of an SOP from its measures' levels (missing ones passed as NOT_STARTED): the lowest."""
    return Level(min(levels)) if levels else Level.NOT_STARTED


def history_map(*, tenant, country_ids=None, measure_ids=None) -> dict[tuple[int, int], list[Point]]:
    """(country id, measure id) -> the status's history as (date, level) points in date order (one query)."""
    changes = StatusChange.objects.filter(status__in=ImplementationStatus.objects.in_tenant(tenant))
    if country_ids is not None:
        changes = changes.filter(status__country__in=list(country_ids))
    if measure_ids is not None:
        changes = changes.filter(status__measure__in=list(measure_ids))
    histories: dict[tuple[int, int], list[Point]] = defaultdict(list)
    rows = changes.order_by("effective_on", "pk").values_list("status__country_id", "status__measure_id", "effective_on", "level")
    for country_id, measure_id, effective_on, level in rows:
        histories[(country_id, measure_id)].append((effective_on, level))
    return dict(histories)


def level_on(points: list[Point], day: datetime.date) -> int | None:
    """The level in effect on `day` according to these points (None before the first)."""
    level = None
    for effective_on, point_level in points:
        if effective_on > day:
            break
        level = point_level
    return level


def sop_series(*, histories: dict[tuple[int, int], list[Point]], country_id: int, measures: list[MeasurePage]) -> list[Point]:
    """The SOP's roll-up over time for one country: a point at each date where it changed."""
    measure_points = [histories.get((country_id, measure.pk), []) for measure in measures]
    days = sorted({day for points in measure_points for day, _level in points})
    series: list[Point] = []
    for day in days:
        levels = [level_on(points, day) for points in measure_points]
        level = sop_level([Level.NOT_STARTED if value is None else value for value in levels])
        if not series or series[-1][1] != level:
            series.append((day, int(level)))
    return series


def _since(series: list[Point]) -> datetime.date | None:
    return series[-1][0] if series else None


def monitoring_matrix(*, tenant, filters: MonitoringFilters, titles_only: bool = False) -> Matrix:
    """Member countries × SOPs (or × the chosen SOP's measures), with roll-ups; five queries in all."""
    sops = sop_columns(tenant=tenant, titles_only=titles_only)
    chosen = next((column for column in sops if column.number == filters.sop), None) if filters.sop else None
    countries = [filters.country] if filters.country else list(tenant.members)
    country_ids = [country.pk for country in countries]
    measures = chosen.measures if chosen else [measure for column in sops for measure in column.measures]
    measure_ids = [measure.pk for measure in measures]
    statuses = status_map(tenant=tenant, country_ids=country_ids, measure_ids=measure_ids, levels_only=titles_only)
    histories = history_map(tenant=tenant, country_ids=country_ids, measure_ids=measure_ids)

    def level_of(country, measure) -> int:
        status = statuses.get((country.pk, measure.pk))
        return status.level if status else Level.NOT_STARTED

    def rollup(country, column) -> Cell:
        series = sop_series(histories=histories, country_id=country.pk, measures=column.measures)
        level = sop_level([level_of(country, measure) for measure in column.measures])
        return Cell(level=level, since=_since(series) if series and series[-1][1] == level else None)

    rows = []
    for country in countries:
        if chosen:
            cells = []
            for measure in chosen.measures:
                status = statuses.get((country.pk, measure.pk))
                cells.append(Cell(level=Level(level_of(country, measure)), since=status.level_since if status else None,
                                  status=status))
            row = Row(country=country, cells=cells, rollup=rollup(country, chosen))
            compared = [row.rollup.level]
        else:
            row = Row(country=country, cells=[rollup(country, column) for column in sops])
            compared = [cell.level for cell in row.cells]
        if filters.level is None or filters.level in compared:
            rows.append(row)
    return Matrix(sops=sops, rows=rows, sop=chosen, statuses=statuses, histories=histories)


@dataclass(frozen=True)
class SOPSummary:
    sop: SOPColumn
    binding: int  # countries whose roll-up is binding or higher
    total: int


def binding_summary(matrix: Matrix) -> list[SOPSummary]:
    """Per SOP shown: how many of the countries shown have it binding or applied (the page's leading sentence)."""
    if matrix.sop is not None:
        return [SOPSummary(sop=matrix.sop, total=len(matrix.rows),
                           binding=sum(1 for row in matrix.rows if row.rollup.level >= Level.BINDING))]
    return [
        SOPSummary(sop=column, total=len(matrix.rows),
                   binding=sum(1 for row in matrix.rows if row.cells[index].level >= Level.BINDING))
        for index, column in enumerate(matrix.sops)
    ]


def country_sop_levels(*, tenant, country: Country) -> list[tuple[SOPColumn, Cell]]:
    """One country's roll-up per SOP (its profile's section)."""
    matrix = monitoring_matrix(tenant=tenant, filters=MonitoringFilters(country=country), titles_only=True)
    if not matrix.rows:
        return []
    return list(zip(matrix.sops, matrix.rows[0].cells, strict=True))


def status_get(*, tenant, country: Country, measure: MeasurePage) -> ImplementationStatus | None:
    """The tenant's status of this country on this measure, if one is recorded."""
    return (
        ImplementationStatus.objects.in_tenant(tenant).filter(country=country, measure=measure)
        .select_related("basis_document").first()
    )


# --- the API ------------------------------------------------------------------------------

def status_list(*, tenant, country_ids=None, measure_ids=None, level: int | None = None,
                as_of: datetime.date | None = None) -> list[tuple[ImplementationStatus, int, datetime.date]]:
    """(status, level, since) of the tenant's statuses matching the filters, the level as of `as_of` if given.

    As of a date, the level is the one in effect that day from the history; a status with no
    level yet in effect that day is left out (it did not exist then). Two queries.
    """
    statuses = ImplementationStatus.objects.in_tenant(tenant)
    if country_ids is not None:
        statuses = statuses.filter(country__in=list(country_ids))
    if measure_ids is not None:
        statuses = statuses.filter(measure__in=list(measure_ids))
    statuses = list(statuses.select_related("country", "basis_document").order_by("country__code", "measure__path"))
    points = history_map(tenant=tenant, country_ids=country_ids, measure_ids=measure_ids) if as_of else {}
    results = []
    for status in statuses:
        current, since = status.level, status.level_since
        if as_of is not None:
            history = [point for point in points.get((status.country_id, status.measure_id), []) if point[0] <= as_of]
            if not history:
                continue
            since, current = history[-1]
        if level is None or current == level:
            results.append((status, current, since))
    return results


# --- review -------------------------------------------------------------------------------

def due_condition(*, today: datetime.date, country_ids=None) -> Q:
    """Statuses never reviewed, or reviewed longer ago than their country's review interval.

    The contacts' rule (directory.selectors.due_condition): the shortest interval among the
    tenants listing the country, so a country's editors keep one rhythm for all they keep.
    """
    condition = Q(pk__in=[])
    for country_id, months in review_intervals().items():
        if country_ids is not None and country_id not in country_ids:
            continue
        cutoff = add_months(today, -months)
        condition |= Q(country_id=country_id) & (Q(reviewed_on__isnull=True) | Q(reviewed_on__lt=cutoff))
    return condition


def statuses_due_for_review(*, user, today: datetime.date) -> QuerySet[ImplementationStatus]:
    """Statuses the user edits whose review is due, least recently reviewed first."""
    country_ids = None if user_is_portal_admin(user) else user_country_ids(user)
    statuses = ImplementationStatus.objects.editable_by(user).filter(due_condition(today=today, country_ids=country_ids))
    return statuses.select_related("tenant", "country", "measure").order_by(F("reviewed_on").asc(nulls_first=True), "pk")


def is_due_for_review(status: ImplementationStatus, *, today: datetime.date, intervals: dict[int, int] | None = None) -> bool:
    intervals = review_intervals() if intervals is None else intervals
    months = intervals.get(status.country_id)
    if months is None:
        return False
    return status.reviewed_on is None or status.reviewed_on < add_months(today, -months)
