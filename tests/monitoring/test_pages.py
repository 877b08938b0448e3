"""Monitoring on other pages: the country profile's section and, on a measure, the chosen country's status."""
import datetime

import pytest
from bs4 import BeautifulSoup

from monitoring.models import ImplementationStatus, Level
from tests.factories import country
from tests.monitoring.conftest import measures_of, status_of, tenant

pytestmark = pytest.mark.django_db

LABELS = {0: "Not started", 1: "In preparation", 2: "Adopted as non-binding guidance",
          3: "Binding (law, regulation or signed SOP)", 4: "Applied in practice and monitored"}


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize(("key", "iso2"), [("bsr", "LT"), ("tact", "PL"), ("see", "XK")])
def test_the_country_profile_says_how_far_the_country_applies_each_sop(get, key, iso2):
    stored = {status.measure_id: status.level
              for status in ImplementationStatus.objects.filter(tenant=tenant(key), country=country(iso2))}
    page = soup(get(key, f"/en/countries/{iso2.lower()}/"))
    section = page.select_one("section.trm-implementation")
    name = country(iso2).name
    assert section.h2.get_text(strip=True) == f"How far {name} applies the TRM"
    shown = [row.select_one(".level__name").get_text(strip=True) for row in section.select("tbody tr")]
    expected = [LABELS[min(stored.get(measure.pk, 0) for measure in measures_of(key, number))] for number in range(1, 6)]
    assert shown == expected
    assert section.select_one(f'a[href="/en/monitoring/?country={iso2}"]')


def test_a_measure_page_shows_the_chosen_countrys_status_and_what_differs(get):
    measure = measures_of("bsr", 4)[0]
    status = status_of("bsr", "LT", measure)
    status.level, status.level_since = Level.BINDING, datetime.date(2024, 3, 5)
    status.differences = "In Lithuania the assessment is made by the migration department, not the police."
    status.save()
    page = soup(get("bsr", f"{measure.url_path.removeprefix('/bsr')}?country=LT".replace("/", "/en/", 1)))
    block = page.select_one("section.trm-status")
    assert block.select_one(".level__name").get_text(strip=True) == LABELS[Level.BINDING]
    assert "since March 5, 2024" in block.get_text(" ", strip=True)
    assert "made by the migration department, not the police" in block.get_text(" ", strip=True)


def test_a_measure_page_without_a_chosen_country_shows_no_status(get):
    measure = measures_of("bsr", 4)[0]
    page = soup(get("bsr", measure.url_path.removeprefix("/bsr").replace("/", "/en/", 1)))
    assert page.select_one("section.trm-status") is None


def test_another_portals_status_of_the_same_country_is_not_shown(get):
    """Poland is a member of two portals: each shows its own monitoring of it."""
    bsr_measure, tact_measure = measures_of("bsr", 1)[0], measures_of("tact", 1)[0]
    for key, measure, text in (("bsr", bsr_measure, "Baltic wording"), ("tact", tact_measure, "TACT wording")):
        status = status_of(key, "PL", measure)
        status.differences = text
        status.save()
    page = soup(get("bsr", bsr_measure.url_path.removeprefix("/bsr").replace("/", "/en/", 1) + "?country=PL"))
    text = page.select_one("section.trm-status").get_text(" ", strip=True)
    assert "Baltic wording" in text and "TACT wording" not in text


@pytest.mark.parametrize("key", ["bsr", "see", "tact"])
def test_the_home_page_leads_to_the_monitoring_page(get, key):
    page = soup(get(key, "/en/"))
    assert page.select_one('a[href="/en/monitoring/"]') is not None
