"""Fixtures of the monitoring tests: the demo tenants' statuses, edited as an editor would."""
import datetime

import pytest
from django.utils import translation

from guidelines.models import MeasurePage, SOPPage
from monitoring.models import ImplementationStatus, Level
from portal.models import PortalSettings
from tests.factories import country


@pytest.fixture(autouse=True)
def english_while_creating_content():
    """Content made in a test is English (django-modeltranslation writes into the active language's column)."""
    with translation.override("en"):
        yield


def tenant(key: str) -> PortalSettings:
    return PortalSettings.objects.get(site__hostname=f"{key}.localhost")


def measures_of(key: str, sop_number: int) -> list[MeasurePage]:
    """The tenant's measure pages of one SOP, in their order."""
    sop_page = SOPPage.objects.in_tenant(tenant(key)).get(sop__number=sop_number)
    return list(MeasurePage.objects.child_of(sop_page).order_by("path"))


def status_of(key: str, iso2: str, measure: MeasurePage, *, level: int = Level.NOT_STARTED,
              since: datetime.date = datetime.date(2022, 1, 10)) -> ImplementationStatus:
    """The status of this country on this measure, created at `level` if the tenant has none yet."""
    status, _created = ImplementationStatus.objects.get_or_create(
        tenant=tenant(key), country=country(iso2), measure=measure, defaults={"level": level, "level_since": since}
    )
    return status


@pytest.fixture
def lt_status(db):
    """Lithuania on the first measure of SOP 4 (Baltic Sea Region), starting over from a known history."""
    status = status_of("bsr", "LT", measures_of("bsr", 4)[0])
    status.changes.all().delete()
    status.level, status.level_since = Level.IN_PREPARATION, datetime.date(2022, 3, 1)
    status.save()
    return status
