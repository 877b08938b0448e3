"""Arbitrary text, numbers and repeated parameters at the monitoring entry points: never a server error."""
import pytest

from tests.portal.test_fuzz_public_entry_points import fuzz

ENTRY_POINTS = {
    "monitoring": ("/en/monitoring/", ("sop", "level", "country")),
    "monitoring export": ("/en/monitoring/export.xlsx", ("sop", "level", "country")),
    "API monitoring": ("/api/v1/monitoring", ("country", "sop", "measure", "level", "as_of", "lang")),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(ENTRY_POINTS))
def test_monitoring_entry_points_never_answer_500(client, name):
    path, names = ENTRY_POINTS[name]
    fuzz(client, name, path, names)
