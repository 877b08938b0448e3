"""Demo monitoring: every member country × measure of each demo portal, with a few years of fictional history.

The levels are invented, not an assessment of any real country: each comes from a random
generator seeded with the portal, country and measure, so every run builds the same data.
Legal bases are fictional titles with addresses at example.org, and every text says it is
demo data. Loading is idempotent: a status that exists (perhaps edited since) is left alone.
Rows are written in bulk, with the first revision and "created" audit entry a save would leave.
"""
from __future__ import annotations

import datetime
import random

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from directory.bulk import CREATE_ACTION, bulk_log, bulk_revisions
from guidelines.models import MeasurePage
from monitoring.models import ImplementationStatus, Level, StatusChange

FIRST_YEARS_AGO = 4  # histories start two to four years back
DIFFERENCES = (
    "Demo data (fictional): the national procedure names a regional office instead of the national coordinator for this step.",
    "Demo data (fictional): children are referred through the guardianship authority first.",
    "Demo data (fictional): the reflection period is 60 days instead of the 90 the TRM recommends.",
)
NOTES = "Demo data (fictional): this status illustrates the portal and describes no real country."


def _history(rng: random.Random, *, today: datetime.date) -> list[tuple[datetime.date, int]]:
    """Two to four points, each a change of level (mostly upwards), four to eight months apart, all in the past."""
    start = today - relativedelta(years=rng.randint(2, FIRST_YEARS_AGO), months=rng.randint(0, 11))
    level = rng.choice((Level.NOT_STARTED, Level.IN_PREPARATION, Level.IN_PREPARATION, Level.NON_BINDING))
    day = start.replace(day=1)
    points = [(day, int(level))]
    for _index in range(rng.randint(1, 3)):
        # At most three steps of eight months: the last point stays within the two years after the start.
        day += relativedelta(months=rng.randint(4, 8))
        if level == Level.APPLIED:
            step = -1  # a setback: a law repealed, a practice no longer monitored
        elif level == Level.NOT_STARTED:
            step = rng.choice((1, 2))
        else:
            step = rng.choice((1, 1, 1, 2, -1))
        level = max(Level.NOT_STARTED, min(Level.APPLIED, level + step))
        points.append((day, int(level)))
    return points


def _status(rng: random.Random, *, portal, country, measure, points, today) -> ImplementationStatus:
    level, since = points[-1][1], points[-1][0]
    binding = level >= Level.BINDING
    number = rng.randint(10, 99)
    return ImplementationStatus(
        tenant=portal, country=country, measure=measure, level=level, level_since=since,
        basis_title_en=(f"Demo Act No. {number}/{since.year} on the referral of presumed victims (fictional)" if binding
                        else "Demo draft guidance (fictional)" if level >= Level.IN_PREPARATION else ""),
        basis_date=since if level >= Level.NON_BINDING else None,
        basis_url=f"https://example.org/demo/{country.iso2.lower()}/act-{number}" if binding else "",
        differences_en=rng.choice(DIFFERENCES) if rng.random() < 0.3 else "",
        notes_en=NOTES,
        # Most reviewed within the year, some overdue, a few never: the dashboard has something to show.
        reviewed_on=rng.choice((None,) + (today - relativedelta(months=rng.randint(1, 10)),) * 6
                               + (today - relativedelta(months=rng.randint(13, 20)),)),
    )


@transaction.atomic
def load_demo_monitoring(*, tenants) -> int:
    """Statuses for every member country × live measure of these portals that has none yet; the number created."""
    today = timezone.localdate()
    created: list[tuple[ImplementationStatus, list]] = []
    for portal in tenants:
        existing = set(ImplementationStatus.objects.filter(tenant=portal).values_list("country_id", "measure_id"))
        measures = list(MeasurePage.objects.in_tenant(portal).live().order_by("path"))
        for country in portal.members:
            for measure in measures:
                if (country.pk, measure.pk) in existing:
                    continue
                rng = random.Random(f"{portal.site.hostname}/{country.iso2}/{measure.slug}")
                points = _history(rng, today=today)
                created.append((_status(rng, portal=portal, country=country, measure=measure, points=points, today=today),
                                points))
    if not created:
        return 0
    statuses = ImplementationStatus.objects.bulk_create([status for status, _points in created], batch_size=500)
    StatusChange.objects.bulk_create(
        [StatusChange(status=status, level=level, effective_on=day)
         for status, (_status_, points) in zip(statuses, created, strict=True) for day, level in points],
        batch_size=500,
    )
    now = timezone.now()
    revisions = bulk_revisions(ImplementationStatus, statuses, user=None, now=now)
    bulk_log([(status, CREATE_ACTION, revision) for status, revision in zip(statuses, revisions, strict=True)],
             user=None, now=now)
    return len(statuses)
