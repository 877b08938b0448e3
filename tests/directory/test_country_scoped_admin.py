"""A country editor meets only their countries' objects in the admin: in choosers, in the site history, in relations."""
import pytest

from directory.models import Contact, Organisation
from tests.directory.test_admin import EDIT, edit_data, lt_contact  # noqa: F401  (fixture)
from tests.factories import ContactFactory, OrganisationFactory, country

pytestmark = pytest.mark.django_db

CHOOSE = "/admin/snippets/choose/directory/{model}/"


@pytest.fixture
def organisations():
    return {
        "LT": OrganisationFactory(name="Vilnius test shelter", name_en="Vilnius test shelter", country=country("LT")),
        "PL": OrganisationFactory(name="Krakow test shelter", name_en="Krakow test shelter", country=country("PL")),
    }


def test_the_organisation_chooser_lists_only_the_editors_countries(client, editor, organisations):
    client.force_login(editor("lt"))
    for url in (CHOOSE.format(model="organisation"), CHOOSE.format(model="organisation") + "results/?q=test+shelter"):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "Vilnius test shelter" in text, url
        assert "Krakow test shelter" not in text, url


def test_another_countrys_organisation_cannot_be_chosen_by_its_id(client, editor, organisations):
    client.force_login(editor("lt"))
    chosen = CHOOSE.format(model="organisation") + "chosen/{pk}/"
    assert client.get(chosen.format(pk=organisations["LT"].pk)).status_code == 200
    assert client.get(chosen.format(pk=organisations["PL"].pk)).status_code == 404


def test_the_contact_chooser_lists_only_the_editors_countries(client, editor):
    mine = ContactFactory(country=country("LT"), position_title="Chooser desk LT", position_title_en="Chooser desk LT")
    theirs = ContactFactory(country=country("PL"), position_title="Chooser desk PL", position_title_en="Chooser desk PL")
    client.force_login(editor("lt"))
    text = client.get(CHOOSE.format(model="contact") + "results/?q=Chooser+desk").content.decode()
    assert "Chooser desk LT" in text and "Chooser desk PL" not in text
    assert client.get(CHOOSE.format(model="contact") + f"chosen/{theirs.pk}/").status_code == 404
    assert client.get(CHOOSE.format(model="contact") + f"chosen/{mine.pk}/").status_code == 200


def test_an_administrator_chooses_from_every_country(client, admin_user, organisations):
    client.force_login(admin_user)
    text = client.get(CHOOSE.format(model="organisation") + "results/?q=test+shelter").content.decode()
    assert "Vilnius test shelter" in text and "Krakow test shelter" in text


def test_a_contact_cannot_be_saved_with_another_countrys_organisation(client, editor, lt_contact, organisations):  # noqa: F811
    client.force_login(editor("lt"))
    before = Contact.objects.get(pk=lt_contact.pk).organisation_id
    response = client.post(EDIT.format(pk=lt_contact.pk), edit_data(client, lt_contact, organisation=organisations["PL"].pk))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert Contact.objects.get(pk=lt_contact.pk).organisation_id == before


def test_even_an_administrator_keeps_a_contact_and_its_organisation_in_one_country(client, admin_user, lt_contact,  # noqa: F811
                                                                                 organisations):
    client.force_login(admin_user)
    response = client.post(EDIT.format(pk=lt_contact.pk), edit_data(client, lt_contact, organisation=organisations["PL"].pk))
    assert response.status_code == 200
    assert "Poland" in " ".join(response.context["form"].errors["organisation"])
    response = client.post(EDIT.format(pk=lt_contact.pk), edit_data(client, lt_contact, organisation=organisations["LT"].pk))
    assert response.status_code == 302
    assert Contact.objects.get(pk=lt_contact.pk).organisation == organisations["LT"]


def test_the_site_history_shows_an_editor_their_countries_entries_only(client, editor, admin_user):
    mine = ContactFactory(country=country("LT"), position_title="History desk LT", position_title_en="History desk LT")
    theirs = ContactFactory(country=country("PL"), position_title="History desk PL", position_title_en="History desk PL")
    for contact in (mine, theirs):
        contact.save_revision(user=admin_user, log_action=True)
    polish = Organisation.objects.filter(country=country("PL")).first()
    polish.save_revision(user=admin_user, log_action=True)
    client.force_login(editor("lt"))
    text = client.get("/admin/reports/site-history/results/").content.decode()
    assert "History desk LT" in text
    assert "History desk PL" not in text and polish.name not in text
    client.force_login(admin_user)
    text = client.get("/admin/reports/site-history/results/").content.decode()
    assert "History desk LT" in text and "History desk PL" in text
