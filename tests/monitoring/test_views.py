"""The public monitoring page: the matrix shows what is stored, summarises it in words, filters, exports."""
import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from monitoring.models import ImplementationStatus, Level
from portal.tenancy import fragments
from portal.tenancy.models import Country
from tests.monitoring.conftest import measures_of, status_of, tenant

pytestmark = pytest.mark.django_db

LABELS = {
    0: "Not started", 1: "In preparation", 2: "Adopted as non-binding guidance",
    3: "Binding (law, regulation or signed SOP)", 4: "Applied in practice and monitored",
}


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.content[:500]
    return BeautifulSoup(response.content, "html.parser")


def stored_levels(key: str) -> dict[tuple[str, int], int]:
    """(country ISO, measure id) -> level, read straight from the table, for the tenant's member countries."""
    portal = tenant(key)
    members = set(portal.member_countries.values_list("pk", flat=True))
    return {
        (status.country.iso2, status.measure_id): status.level
        for status in ImplementationStatus.objects.filter(tenant=portal, country__in=members).select_related("country")
    }


def table_of(page: BeautifulSoup) -> dict[str, list[str]]:
    """Country name -> the level names of its row, left to right."""
    table = page.select_one("table.monitoring-matrix")
    return {row.th.get_text(strip=True): [cell.select_one(".level__name").get_text(strip=True) for cell in row.find_all("td")]
            for row in table.tbody.find_all("tr")}


@pytest.mark.parametrize("key", ["bsr", "see", "tact"])
def test_the_matrix_of_one_sop_shows_the_stored_level_of_every_country_and_measure(get, key):
    measures = measures_of(key, 4)
    stored = stored_levels(key)
    page = soup(get(key, "/en/monitoring/?sop=4"))
    shown = table_of(page)
    expected = {}
    for member in tenant(key).member_countries.all():
        levels = [stored.get((member.iso2, measure.pk), 0) for measure in measures]
        expected[member.name] = [LABELS[level] for level in levels] + [LABELS[min(levels)]]
    assert shown == expected
    headers = page.select("table.monitoring-matrix thead th")
    assert all(header.get("scope") == "col" for header in headers)
    assert len(headers) == len(measures) + 2
    assert all(row.th.get("scope") == "row" for row in page.select("table.monitoring-matrix tbody tr"))


def test_the_overview_rolls_each_sop_up_to_its_lowest_measure(get):
    stored = stored_levels("bsr")
    page = soup(get("bsr", "/en/monitoring/"))
    expected = {}
    for member in tenant("bsr").member_countries.all():
        expected[member.name] = [
            LABELS[min(stored.get((member.iso2, measure.pk), 0) for measure in measures_of("bsr", number))]
            for number in range(1, 6)
        ]
    assert table_of(page) == expected


def test_levels_are_told_apart_by_a_symbol_and_words_not_colour_alone(get):
    page = soup(get("bsr", "/en/monitoring/?sop=4"))
    for cell in page.select("table.monitoring-matrix td"):
        assert cell.select_one(".level__symbol").get_text(strip=True) in {"○", "◔", "◑", "◕", "●"}
        assert cell.select_one(".level__name").get_text(strip=True) in LABELS.values()


def test_the_page_leads_with_how_many_countries_have_an_sop_as_binding(get):
    measures = measures_of("bsr", 4)
    members = list(tenant("bsr").member_countries.all())
    binding = {member.iso2 for member in members[:3]}
    for member in members:
        for measure in measures:
            status = status_of("bsr", member.iso2, measure)
            status.level = Level.BINDING if member.iso2 in binding else Level.IN_PREPARATION
            status.save()
    page = soup(get("bsr", "/en/monitoring/"))
    summary = [item.get_text(" ", strip=True) for item in page.select(".monitoring-summary li")]
    assert f"3 of {len(members)} countries have adopted SOP 4 as binding or apply it in practice." in summary
    first_heading = page.select_one("main h2")
    assert first_heading.get_text(strip=True) == "In short"


def test_the_level_filter_keeps_the_countries_at_that_level_and_the_url_can_be_shared(get):
    measure = measures_of("bsr", 2)
    for member in tenant("bsr").member_countries.all():
        for item in measure:
            status = status_of("bsr", member.iso2, item)
            status.level = Level.APPLIED if member.iso2 == "LT" else Level.NON_BINDING
            status.save()
    page = soup(get("bsr", f"/en/monitoring/?sop=2&level={Level.APPLIED}"))
    assert list(table_of(page)) == ["Lithuania"]
    assert page.select_one("#filter-level option[selected]")["value"] == str(Level.APPLIED)
    assert page.select_one("#filter-sop option[selected]")["value"] == "2"


@pytest.mark.parametrize(("query", "message"), [
    ("sop=9", "The SOP must be a number from 1 to 5, not “9”."),
    ("level=7", "The level must be a number from 0 to 4, not “7”."),
    ("level=binding", "The level must be a number from 0 to 4, not “binding”."),
    ("country=AL", "Unknown country “AL” for “country”"),
    ("sop=1&sop=2", "The parameter “sop” may be given once only."),
])
def test_bad_parameters_answer_400_saying_what_was_wrong(get, query, message):
    for path in ("/en/monitoring/", "/en/monitoring/export.csv"):
        response = get("bsr", f"{path}?{query}")
        assert response.status_code == 400
        assert message in response.content.decode()


def test_an_unknown_export_format_answers_400(get):
    response = get("bsr", "/en/monitoring/export.pdf")
    assert response.status_code == 400
    assert "Unknown export format “pdf”." in response.content.decode()


def test_the_csv_and_xlsx_exports_hold_the_stored_levels_of_the_filter(get):
    status = status_of("bsr", "LT", measures_of("bsr", 4)[1])
    status.level, status.basis_title = Level.BINDING, "=Demo act on referrals"
    status.save()
    stored = stored_levels("bsr")
    measures = {measure.number: measure for measure in measures_of("bsr", 4)}
    response = get("bsr", "/en/monitoring/export.csv?sop=4")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == tenant("bsr").member_countries.count() * len(measures)
    for row in rows:
        assert row["sop"] == "4"
        assert int(row["level"]) == stored.get((row["country"], measures[int(row["measure_number"])].pk), 0)
    lt_row = next(row for row in rows if row["country"] == "LT" and int(row["measure_number"]) == measures_of("bsr", 4)[1].number)
    assert lt_row["basis_title"] == "'=Demo act on referrals"  # never run as a formula
    workbook = load_workbook(io.BytesIO(get("bsr", "/en/monitoring/export.xlsx?sop=4").content))
    sheet_rows = list(workbook.active.iter_rows(values_only=True))
    assert [[cell or "" for cell in row] for row in sheet_rows[1:]] == [list(row.values()) for row in rows]  # empty cells read as None


def _matrix_queries(get, path: str) -> int:
    """Queries of one request as the first after an edit makes it (nothing remembered from an earlier request)."""
    fragments.content_changed()
    with CaptureQueriesContext(connection) as queries:
        assert get("bsr", path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/en/monitoring/", "/en/monitoring/?sop=4", "/en/monitoring/?country=LT",
                                  "/en/monitoring/export.csv?sop=4"])
def test_the_page_runs_the_same_number_of_queries_whatever_the_number_of_countries(get, path, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        assert get("bsr", path).status_code == 200
    before = _matrix_queries(get, path)
    portal = tenant("bsr")
    extra = [Country.objects.get_or_create(code=code)[0] for code in ("AL", "BA", "BG", "HR", "RO", "RS")]
    portal.member_countries.add(*extra)
    for member in extra:
        for measure in measures_of("bsr", 4):
            status_of("bsr", member.iso2, measure, level=Level.BINDING, since=datetime.date(2023, 5, 1))
    assert _matrix_queries(get, path) == before
    if "country" not in path and "export" not in path:
        assert "Albania" in get("bsr", path).content.decode()
