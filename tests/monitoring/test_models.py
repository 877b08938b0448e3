"""Statuses keep their history: one point per level, with the date it took effect."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from monitoring.models import ImplementationStatus, Level
from tests.factories import country
from tests.monitoring.conftest import measures_of, tenant

pytestmark = pytest.mark.django_db


def test_a_status_changed_twice_has_three_points_in_its_history(lt_status):
    lt_status.level, lt_status.level_since = Level.NON_BINDING, datetime.date(2023, 6, 1)
    lt_status.save()
    lt_status.level, lt_status.level_since = Level.BINDING, datetime.date(2024, 9, 15)
    lt_status.save()
    history = [(change.level, change.effective_on) for change in lt_status.changes.order_by("effective_on")]
    assert history == [
        (Level.IN_PREPARATION, datetime.date(2022, 3, 1)),
        (Level.NON_BINDING, datetime.date(2023, 6, 1)),
        (Level.BINDING, datetime.date(2024, 9, 15)),
    ]


def test_saving_without_a_new_level_adds_no_point_but_corrects_the_date(lt_status):
    lt_status.notes = "Reviewed, nothing changed."
    lt_status.level_since = datetime.date(2022, 4, 1)
    lt_status.save()
    assert [(change.level, change.effective_on) for change in lt_status.changes.all()] == [
        (Level.IN_PREPARATION, datetime.date(2022, 4, 1))
    ]


def test_a_status_of_a_country_outside_the_portal_is_refused():
    status = ImplementationStatus(tenant=tenant("bsr"), country=country("AL"), measure=measures_of("bsr", 1)[0])
    with pytest.raises(ValidationError) as error:
        status.full_clean()
    assert "country" in error.value.message_dict


def test_a_status_on_another_portals_measure_is_refused():
    status = ImplementationStatus(tenant=tenant("bsr"), country=country("LT"), measure=measures_of("see", 1)[0])
    with pytest.raises(ValidationError) as error:
        status.full_clean()
    assert "measure" in error.value.message_dict
