"""Demo monitoring: every member country × measure of the three demo portals, with a fictional history, the same each run."""
import pytest

from guidelines.models import MeasurePage
from monitoring.demo import load_demo_monitoring
from monitoring.models import ImplementationStatus, StatusChange
from portal.tenancy.sites import tenant_for_site
from tests.monitoring.conftest import tenant

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", ["bsr", "see", "tact"])
def test_every_member_country_has_a_status_on_every_measure_with_two_to_four_points_of_history(key):
    portal = tenant(key)
    measures = set(MeasurePage.objects.in_tenant(portal).live().values_list("pk", flat=True))
    statuses = ImplementationStatus.objects.filter(tenant=portal)
    pairs = set(statuses.values_list("country__code", "measure_id"))
    assert pairs == {(code, measure) for code in portal.member_codes for measure in measures}
    for status in statuses.prefetch_related("changes"):
        points = [(change.effective_on, change.level) for change in status.changes.all()]
        assert 2 <= len(points) <= 4, status
        assert points[-1] == (status.level_since, status.level)  # the history ends where the status stands
        assert [day for day, _level in points] == sorted({day for day, _level in points})


def test_demo_statuses_say_they_are_fictional_and_link_only_to_example_org():
    for status in ImplementationStatus.objects.all():
        assert "Demo data (fictional)" in status.notes_en
        assert not status.basis_url or status.basis_url.startswith("https://example.org/")
        assert not status.basis_title_en or "(fictional)" in status.basis_title_en


def test_the_demo_levels_are_the_same_each_run():
    portal = tenant_for_site(tenant("see").site)
    before = {(s.country_id, s.measure_id): (s.level, s.level_since) for s in ImplementationStatus.objects.filter(tenant=portal)}
    ImplementationStatus.objects.filter(tenant=portal).delete()
    assert load_demo_monitoring(tenants=[portal]) == len(before)
    after = {(s.country_id, s.measure_id): (s.level, s.level_since) for s in ImplementationStatus.objects.filter(tenant=portal)}
    assert after == before
    assert load_demo_monitoring(tenants=[portal]) == 0  # a second run adds nothing
    assert StatusChange.objects.filter(status__tenant=portal).count() >= 2 * len(before)


def test_the_demo_levels_vary_between_countries_and_measures():
    levels = set(ImplementationStatus.objects.values_list("level", flat=True))
    assert levels == {0, 1, 2, 3, 4}
