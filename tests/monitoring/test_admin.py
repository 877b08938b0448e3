"""The editors' dashboard lists their countries' implementation statuses due for review (the contacts' rule)."""
import datetime

import pytest
from dateutil.relativedelta import relativedelta

from monitoring.models import ImplementationStatus, Level
from tests.monitoring.conftest import measures_of, status_of

pytestmark = pytest.mark.django_db


def test_the_dashboard_lists_the_editors_statuses_due_for_review_and_not_the_recent_ones(client, editor):
    measure, other = measures_of("bsr", 3)[:2]
    overdue = status_of("bsr", "LT", measure)
    recent = status_of("bsr", "LT", other)
    foreign = status_of("bsr", "LV", measure)
    today = datetime.date.today()
    ImplementationStatus.objects.filter(pk__in=[overdue.pk, foreign.pk]).update(reviewed_on=today - relativedelta(months=13))
    ImplementationStatus.objects.filter(pk=recent.pk).update(reviewed_on=today - relativedelta(months=1))
    client.force_login(editor("lt"))
    text = client.get("/admin/").content.decode()
    base = "/admin/snippets/monitoring/implementationstatus/edit/{}/"
    assert base.format(overdue.pk) in text
    assert base.format(recent.pk) not in text
    assert base.format(foreign.pk) not in text


def test_a_new_level_dated_before_the_last_change_is_refused_with_a_message(client, editor, lt_status):
    from tests.monitoring.test_permissions import form_data

    url = f"/admin/snippets/monitoring/implementationstatus/edit/{lt_status.pk}/"
    client.force_login(editor("lt"))
    data = form_data(client, url)
    data["level"], data["level_since"] = str(Level.BINDING), "2021-12-31"  # the last change took effect on 2022-03-01
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["level_since"] == [
        "The new level cannot take effect before the last change of level (March 1, 2022)."
    ]
    fresh = ImplementationStatus.objects.get(pk=lt_status.pk)
    assert (fresh.level, fresh.changes.count()) == (Level.IN_PREPARATION, 1)
