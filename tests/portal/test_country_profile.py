"""A country profile as a starting point: who to call now, comparing with another country, planning a referral."""
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group

from directory.models import ActorRole, Contact, ContactPhone, ContactStatus, Visibility
from directory.permissions import PRACTITIONERS_GROUP
from portal.models import CountryProfilePage, HomePage
from portal.tenancy.models import Country
from tests.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def squash(value: str) -> str:
    return " ".join(value.split())


def profile_codes(tenant: str) -> set[str]:
    """ISO codes of the tenant's live profiles, read from the page tree."""
    home = HomePage.objects.get(slug=tenant)
    return set(CountryProfilePage.objects.descendant_of(home).live().values_list("country__code", flat=True))


# --- who do I call now -----------------------------------------------------------------

# Whom a practitioner calls first in an emergency, in this order (the issue: hotline, police unit, coordinator).
EMERGENCY_ROLES = ["hotline", "law-enforcement", "national-coordinator"]


def call_now(response):
    return soup(response).select_one("section.call-now")


def listed_ids(block) -> list[int]:
    return [int(item["data-contact"]) for item in block.select("li[data-contact]")]


def expected_around_the_clock(iso2: str, *, practitioner: bool = False) -> set[int]:
    """Active contacts of the country with a phone answered 24/7, written out here rather than asked of the selector."""
    contacts = Contact.objects.filter(country__code=iso2, status=ContactStatus.ACTIVE, phones__is_24_7=True)
    if not practitioner:
        contacts = contacts.filter(visibility=Visibility.PUBLIC)
    return set(contacts.values_list("pk", flat=True))


def test_profile_opens_with_the_contacts_to_call_around_the_clock(get):
    response = get("bsr", "/en/countries/lt/")
    page = soup(response)
    block = call_now(response)
    assert block is not None
    assert squash(block.h2.get_text()) == "Who do I call now"
    # It comes before the key contacts and the thematic sections.
    first_section = page.select_one(".profile__section, .key-contacts, nav.toc")
    assert block.sourceline < first_section.sourceline
    ids = listed_ids(block)
    assert ids and set(ids) == expected_around_the_clock("LT")
    assert len(ids) == len(set(ids))
    # The emergency roles lead, in the order a practitioner would call them.
    roles = {contact.pk: contact.role.slug for contact in Contact.objects.filter(pk__in=ids).select_related("role")}
    ranks = [EMERGENCY_ROLES.index(roles[pk]) if roles[pk] in EMERGENCY_ROLES else len(EMERGENCY_ROLES) for pk in ids]
    assert ranks == sorted(ranks)
    assert roles[ids[0]] == "hotline"
    # Each shows its 24/7 numbers, ready to call.
    for pk in ids:
        item = block.select_one(f"li[data-contact='{pk}']")
        numbers = ContactPhone.objects.filter(contact_id=pk, is_24_7=True)
        for phone in numbers:
            assert item.select_one(f"a[href='tel:{phone.number.as_e164}']") is not None, (pk, phone.number)


def test_a_restricted_around_the_clock_contact_is_shown_to_practitioners_only(client, get):
    restricted = ContactFactory(
        country=Country.objects.get(code="LT"), role=ActorRole.objects.get(slug="law-enforcement"),
        visibility=Visibility.PRACTITIONERS, position_title="Restricted night desk of the tests",
        position_title_en="Restricted night desk of the tests",
    )
    for user in (None, UserFactory()):  # anonymous, then signed in but not a practitioner
        if user is not None:
            client.force_login(user)
        response = get("bsr", "/en/countries/lt/")
        assert restricted.pk not in listed_ids(call_now(response))
        assert "Restricted night desk of the tests" not in response.content.decode()
    practitioner = UserFactory()
    practitioner.groups.add(Group.objects.get_or_create(name=PRACTITIONERS_GROUP)[0])
    client.force_login(practitioner)
    ids = listed_ids(call_now(get("bsr", "/en/countries/lt/")))
    assert restricted.pk in ids
    assert set(ids) == expected_around_the_clock("LT", practitioner=True)


def test_a_country_without_a_contact_answering_around_the_clock_says_so(get):
    changed = ContactPhone.objects.filter(contact__country__code="LT").update(is_24_7=False)
    assert changed
    block = call_now(get("bsr", "/en/countries/lt/"))
    assert listed_ids(block) == []
    assert "No contact in Lithuania is listed as reachable around the clock (24/7)." in squash(block.get_text(" "))


def test_home_page_country_picker_lands_on_the_profile(get):
    page = soup(get("tact", "/en/"))
    form = page.select_one("form.country-picker")
    assert form is not None and form.get("method", "").lower() == "get"
    select = form.select_one("select[name=country]")
    assert squash(page.select_one(f"label[for='{select['id']}']").get_text()) == "Who do I call now in"
    offered = {option["value"] for option in select.select("option") if option["value"]}
    assert offered == profile_codes("tact")  # every member country of the demo has its profile
    response = get("tact", f"{form['action']}?country=AL")
    assert response.status_code == 302
    assert response["Location"] == "/en/countries/al/"
    landed = get("tact", response["Location"])
    assert call_now(landed) is not None


def test_a_member_country_without_a_published_profile_is_picked_and_lands_on_its_contacts(get):
    from portal.models import CountryProfilePage

    CountryProfilePage.objects.get(country__code="AL", path__startswith=_tenant_root("tact")).unpublish()

    offered = {option["value"] for option in soup(get("tact", "/en/")).select("form.country-picker option") if option["value"]}
    assert "AL" in offered
    response = get("tact", "/en/countries/?country=AL")
    assert response.status_code == 302
    assert response["Location"] == "/en/directory/?country=AL"


def _tenant_root(name):
    from wagtail.models import Site

    return Site.objects.get(hostname=f"{name}.localhost").root_page.path


def test_home_page_country_picker_keeps_the_language(get):
    response = get("tact", "/fr/countries/?country=al")
    assert response.status_code == 302
    assert response["Location"] == "/fr/countries/al/"


@pytest.mark.parametrize("code", ["LT", "ZZ", ""])
def test_country_picker_with_an_unknown_country_is_a_400(get, code):
    response = get("tact", f"/en/countries/?country={code}")
    assert response.status_code == 400
    message = squash(soup(response).select_one(".error-message").get_text(" "))
    assert "AL" in message and "ES" in message  # it names the portal's countries


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
