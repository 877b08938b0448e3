"""/api/v1/monitoring: the filters narrow the answer to what is stored, bad values answer 400, and the schema documents it."""
import datetime

import pytest

from monitoring.models import ImplementationStatus, Level
from tests.factories import country
from tests.monitoring.conftest import measures_of, status_of, tenant

pytestmark = pytest.mark.django_db
URL = "/api/v1/monitoring"


def keys(results) -> set[tuple[str, str]]:
    return {(item["country"], item["measure"]) for item in results}


def stored(key: str, **filters) -> set[tuple[str, str]]:
    portal = tenant(key)
    statuses = ImplementationStatus.objects.filter(tenant=portal, country__in=portal.member_countries.all(), **filters)
    return {(status.country.iso2, status.measure.slug) for status in statuses.select_related("country", "measure")}


def test_without_filters_every_status_of_the_portal_is_listed_and_none_of_another(get):
    response = get("see", URL)
    assert response.status_code == 200
    assert keys(response.json()) == stored("see")
    assert {item["country"] for item in response.json()} <= tenant("see").member_codes


def test_each_filter_narrows_the_answer_to_the_stored_statuses(get):
    sop4 = measures_of("bsr", 4)
    status = status_of("bsr", "LT", sop4[0])
    status.level, status.differences = Level.APPLIED, "Lithuanian practice differs."
    status.save()
    by_country = get("bsr", f"{URL}?country=LT").json()
    assert keys(by_country) == stored("bsr", country=country("LT"))
    by_sop = get("bsr", f"{URL}?sop=4").json()
    assert keys(by_sop) == stored("bsr", measure__in=sop4) and {item["sop"] for item in by_sop} == {4}
    by_measure = get("bsr", f"{URL}?measure={sop4[0].slug}").json()
    assert keys(by_measure) == stored("bsr", measure=sop4[0])
    by_level = get("bsr", f"{URL}?level={Level.APPLIED}").json()
    assert keys(by_level) == stored("bsr", level=Level.APPLIED)
    one = get("bsr", f"{URL}?country=LT&measure={sop4[0].slug}").json()
    assert len(one) == 1
    assert one[0]["level"] == Level.APPLIED and one[0]["level_name"] == "Applied in practice and monitored"
    assert one[0]["differences"] == "Lithuanian practice differs."
    assert one[0]["measure_url"].endswith(f"/en/guidelines/{sop4[0].get_parent().slug}/{sop4[0].slug}/")


def test_as_of_a_date_gives_the_level_of_that_day_from_the_history(get, lt_status):
    lt_status.level, lt_status.level_since = Level.BINDING, datetime.date(2024, 9, 15)
    lt_status.save()
    query = f"{URL}?country=LT&measure={lt_status.measure.slug}"
    assert get("bsr", f"{query}&as_of=2022-02-28").json() == []  # before the first level
    earlier = get("bsr", f"{query}&as_of=2023-01-01").json()
    assert [(item["level"], item["level_since"]) for item in earlier] == [(Level.IN_PREPARATION, "2022-03-01")]
    later = get("bsr", f"{query}&as_of=2024-09-15").json()
    assert [(item["level"], item["level_since"]) for item in later] == [(Level.BINDING, "2024-09-15")]


@pytest.mark.parametrize(("query", "message"), [
    ("country=AL", "Unknown country “AL” for “country”"),
    ("sop=6", "The SOP must be a number from 1 to 5, not “6”."),
    ("level=5", "The level must be a number from 0 to 4, not “5”."),
    ("as_of=2024-13-01", "The parameter “as_of” must be a date written YYYY-MM-DD, not “2024-13-01”."),
    ("as_of=yesterday", "The parameter “as_of” must be a date written YYYY-MM-DD, not “yesterday”."),
    ("measure=no-such-measure", "Unknown measure “no-such-measure”."),
    ("lang=xx", "Unknown language “xx”"),
])
def test_bad_parameters_answer_400_with_a_message(get, query, message):
    response = get("bsr", f"{URL}?{query}")
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_the_endpoint_is_documented_in_the_openapi_schema(get):
    schema = get("bsr", "/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/monitoring"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"country", "sop", "measure", "level", "as_of"} <= names
    assert "400" in operation["responses"]
    schemas = {parameter["name"]: parameter["schema"] for parameter in operation["parameters"]}
    assert set(schemas["country"]["enum"]) == tenant("bsr").member_codes
    assert schemas["level"]["enum"] == ["0", "1", "2", "3", "4"]
    assert set(schemas["measure"]["enum"]) == {measure.slug for number in range(1, 6) for measure in measures_of("bsr", number)}
    assert schemas["as_of"]["format"] == "date"
