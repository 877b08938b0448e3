"""The admin's contact listing: its country filter offers the countries that have contacts to filter, not the world."""
import datetime

import pytest
from bs4 import BeautifulSoup

from directory.models import Contact
from tests.factories import ContactFactory, country

pytestmark = pytest.mark.django_db

LISTING = "/admin/snippets/directory/contact/"


def country_options(client) -> set[str]:
    response = client.get(LISTING, HTTP_HOST="bsr.localhost")
    assert response.status_code == 200
    select = BeautifulSoup(response.content, "html.parser").find("select", attrs={"name": "country"})
    return {option.get_text(strip=True) for option in select.find_all("option") if option.get("value")}


def test_an_editor_is_offered_only_their_own_countries_to_filter_by(client, editor):
    client.force_login(editor("lt"))
    assert country_options(client) == {"Lithuania"}


def test_an_administrator_is_offered_every_country_with_contacts_and_no_other(client, admin_user):
    client.force_login(admin_user)
    with_contacts = {contact.country.name for contact in Contact.objects.select_related("country")}
    assert len(with_contacts) > 20  # the three demo tenants' member countries
    assert country_options(client) == with_contacts
    assert "New Zealand" not in country_options(client)


def test_a_contact_in_a_new_country_makes_it_a_filter_choice_and_filtering_by_it_lists_the_contact(client, admin_user):
    ContactFactory(country=country("NZ"), position_title="Liaison officer in Wellington")
    ContactFactory(country=country("LT"), position_title="Liaison officer in Vilnius")
    client.force_login(admin_user)
    assert "New Zealand" in country_options(client)
    new_zealand = country("NZ")
    response = client.get(LISTING, {"country": new_zealand.pk}, HTTP_HOST="bsr.localhost")
    assert "Liaison officer in Wellington" in response.content.decode()
    assert "Liaison officer in Vilnius" not in response.content.decode()


def test_each_row_shows_the_contacts_organisation_country_role_visibility_status_and_verification_date(client, editor):
    contact = ContactFactory(
        country=country("LT"), position_title="Liaison officer in Kaunas", last_verified_on=datetime.date(2026, 3, 9),
    )
    client.force_login(editor("lt"))
    response = client.get(LISTING, {"q": "Kaunas"}, HTTP_HOST="bsr.localhost")
    rows = BeautifulSoup(response.content, "html.parser").select("table.listing tbody tr")
    assert len(rows) == 1
    cells = [cell.get_text(" ", strip=True) for cell in rows[0].find_all("td")]
    # The first cells are the bulk-action checkbox and the title with its actions; then one cell per column.
    assert cells[-6:] == [str(contact.organisation), "Lithuania", "Prosecutor", "Public", "Active", "March 9, 2026"]
