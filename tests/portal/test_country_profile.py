"""A country profile as a starting point: who to call now, comparing with another country, planning a referral."""
import pytest
from bs4 import BeautifulSoup

from portal.models import CountryProfilePage, HomePage

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def squash(value: str) -> str:
    return " ".join(value.split())


def profile_codes(tenant: str) -> set[str]:
    """ISO codes of the tenant's live profiles, read from the page tree."""
    home = HomePage.objects.get(slug=tenant)
    return set(CountryProfilePage.objects.descendant_of(home).live().values_list("country__code", flat=True))


# --- compare with, plan a referral ------------------------------------------------------

def test_profile_offers_to_compare_with_each_other_country_of_the_portal(get):
    page = soup(get("tact", "/en/countries/es/"))
    form = page.select_one("form.compare-form")
    assert form is not None
    assert form.get("method", "").lower() == "get"
    assert form["action"] == "/en/countries/es/"
    select = form.select_one("select[name=compare]")
    label = page.select_one(f"label[for='{select['id']}']")
    assert squash(label.get_text()) == "Compare with"
    offered = [option["value"] for option in select.select("option") if option["value"]]
    assert set(offered) == profile_codes("tact") - {"ES"}
    assert len(offered) == len(set(offered))


def test_submitting_the_compare_form_shows_both_countries_side_by_side(get):
    page = soup(get("tact", "/en/countries/es/"))
    form = page.select_one("form.compare-form")
    option = next(option for option in form.select("select[name=compare] option") if option["value"] == "AL")
    response = get("tact", f"{form['action']}?compare={option['value']}")
    assert response.status_code == 200
    assert squash(soup(response).h1.get_text()) == "Spain and Albania compared"


@pytest.mark.parametrize(("name", "text"), [("from", "Plan a referral from Spain"), ("to", "Plan a referral to Spain")])
def test_profile_links_to_the_planner_with_the_country_chosen(get, name, text):
    page = soup(get("tact", "/en/countries/es/"))
    link = page.find("a", string=lambda value: value and squash(value) == text)
    assert link is not None, text
    assert link["href"] == f"/en/referral/?{name}=ES"
    planner = soup(get("tact", link["href"]))
    assert planner.select_one(f"#{name} option[selected]")["value"] == "ES"
