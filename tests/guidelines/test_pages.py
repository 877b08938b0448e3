"""Guideline page types: where they can be created, that each renders, who may edit pages and national notes."""
import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from guidelines.models import GuidelinesIndexPage, MeasurePage, NationalNote, SOPPage
from portal.models import HomePage, StandardPage
from portal.tenancy.models import Country
from tests.guidelines.helpers import (
    demo_measures,
    demo_sop,
    home,
    measure_page,
    sop_page,
    text,
)

pytestmark = pytest.mark.django_db

NOTES = "/admin/snippets/guidelines/nationalnote/"


def assert_sent_back_to_the_dashboard(client, response) -> None:
    """Wagtail's admin answers a refused request with the dashboard and its "no permission" message (not a 403 page)."""
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    # Following the redirect shows (and uses up) the message, so each refusal is checked on its own.
    assert "Sorry, you do not have permission to access this area." in client.get("/admin/").content.decode()


def test_measures_only_under_sops_and_sops_only_under_a_guidelines_index():
    sop = sop_page("tact", 4)
    index = sop.get_parent().specific
    measure = measure_page("tact", 4, "risk-assessment")
    tact_home = home("tact")
    assert isinstance(index, GuidelinesIndexPage)

    assert MeasurePage.can_create_at(sop)
    assert not MeasurePage.can_create_at(index)
    assert not MeasurePage.can_create_at(tact_home)
    assert not MeasurePage.can_create_at(measure)

    assert SOPPage.can_create_at(index)
    assert not SOPPage.can_create_at(tact_home)
    assert not SOPPage.can_create_at(sop)
    assert not SOPPage.can_exist_under(measure)

    assert not StandardPage.can_exist_under(measure)
    assert not StandardPage.can_exist_under(sop)


def test_guidelines_index_goes_under_a_home_page_once():
    tact_home = home("tact")
    assert GuidelinesIndexPage.can_exist_under(tact_home)
    assert not GuidelinesIndexPage.can_create_at(tact_home)  # it has one already
    assert not GuidelinesIndexPage.can_create_at(sop_page("tact", 1))
    assert not GuidelinesIndexPage.can_exist_under(Page.get_first_root_node())

    new_home = Page.get_first_root_node().add_child(instance=HomePage(title="Another portal", slug="another-portal"))
    assert GuidelinesIndexPage.can_create_at(new_home)
    new_home.add_child(instance=GuidelinesIndexPage(title="Guidelines", slug="guidelines"))
    assert not GuidelinesIndexPage.can_create_at(new_home)


def test_guidelines_index_lists_the_five_sops_in_order_with_links(get):
    response = get("tact", "/en/guidelines/")
    assert response.status_code == 200
    links = [a["href"] for a in BeautifulSoup(response.content, "html.parser").select(".sop-list a")]
    slugs = ["identification", "first-assistance", "long-term-assistance", "return", "proceedings"]
    assert links == [f"/en/guidelines/{slug}/" for slug in slugs]
    assert "/en/referral/" in response.content.decode()


def test_sop_page_shows_its_summary_and_its_measures(get):
    response = get("tact", "/en/guidelines/return/")
    assert response.status_code == 200
    page_text = text(response)
    assert "SOP 4: Return and social inclusion" in page_text
    assert " ".join(demo_sop(4)["summary"]["en"].split()) in page_text
    for measure in demo_measures(4):
        assert measure["title"]["en"] in page_text


def test_measure_page_shows_what_when_who_and_every_step(get):
    response = get("tact", "/en/guidelines/return/risk-assessment/")
    assert response.status_code == 200
    page_text = text(response)
    data = next(measure for measure in demo_measures(4) if measure["slug"] == "risk-assessment")
    assert data["title"]["en"] in page_text
    for heading in ("What", "When", "Who", "How: steps"):
        assert heading in page_text
    # Contacts come with a chosen country, beside each step (tests/guidelines/test_who_to_contact.py).
    assert "Choose a country to see who carries out each step there." in page_text
    steps = BeautifulSoup(response.content, "html.parser").select("ol.steps > li")
    assert len(steps) == len(data["steps"])
    for shown, step in zip(steps, data["steps"], strict=True):
        assert " ".join(step["text"]["en"].split()) in " ".join(shown.get_text(" ").split())


def test_measure_page_is_translated(get):
    response = get("tact", "/fr/guidelines/return/risk-assessment/")
    assert response.status_code == 200
    data = next(measure for measure in demo_measures(4) if measure["slug"] == "risk-assessment")
    assert data["title"]["fr"] in text(response)
    assert response.content.decode().count('lang="fr"') >= 1


# --- who may edit ------------------------------------------------------------------------

def form_data(client, url: str, **changes) -> dict:
    """The admin form's data as the browser would post it, with `changes` applied."""
    response = client.get(url)
    assert response.status_code == 200, url
    data = {}
    for bound in response.context["form"]:
        value = bound.value()
        if value not in (None, ""):
            data[bound.html_name] = value
    data["loaded_revision_id"] = response.context.get("loaded_revision_id") or ""
    data["loaded_revision_created_at"] = response.context.get("loaded_revision_created_at") or ""
    data.update(changes)
    return data


def a_bsr_measure() -> MeasurePage:
    return measure_page("bsr", 4, "risk-assessment")


def test_editor_of_lithuania_adds_a_lithuanian_national_note(client, editor):
    client.force_login(editor("lt"))
    measure = a_bsr_measure()
    lithuania = Country.objects.get(code="LT")
    data = form_data(client, f"{NOTES}add/", country=lithuania.pk, measure=measure.pk,
                     text_en="In Lithuania the municipality's social worker joins the assessment.")
    response = client.post(f"{NOTES}add/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    note = NationalNote.objects.get(text_en="In Lithuania the municipality's social worker joins the assessment.")
    assert note.country == lithuania and note.measure_id == measure.pk and note.step is None


def test_editor_of_lithuania_edits_a_lithuanian_national_note(client, editor):
    client.force_login(editor("lt"))
    note = NationalNote.objects.create(country=Country.objects.get(code="LT"), measure=a_bsr_measure(),
                                       text="Old text.", text_en="Old text.")
    url = f"{NOTES}edit/{note.pk}/"
    response = client.post(url, form_data(client, url, text_en="New Lithuanian text."))
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text_en == "New Lithuanian text."


def test_editor_of_lithuania_sees_only_lithuanian_notes_in_the_admin(client, editor):
    NationalNote.objects.create(country=Country.objects.get(code="LT"), measure=a_bsr_measure(), text_en="LT listed note.")
    client.force_login(editor("lt"))
    response = client.get(NOTES)
    assert response.status_code == 200
    notes = list(response.context["object_list"])
    assert notes and {note.country.iso2 for note in notes} == {"LT"}


def test_editor_of_lithuania_cannot_edit_a_spanish_national_note(client, editor):
    note = NationalNote.objects.filter(country__code="ES").first()
    assert note is not None, "the demo has Spanish notes"
    before = note.text_en
    client.force_login(editor("lt"))
    url = f"{NOTES}edit/{note.pk}/"
    assert_sent_back_to_the_dashboard(client, client.get(url))
    assert_sent_back_to_the_dashboard(
        client, client.post(url, {"country": note.country_id, "measure": note.measure_id, "text_en": "Hijacked."})
    )
    assert_sent_back_to_the_dashboard(client, client.post(f"{NOTES}delete/{note.pk}/"))
    assert NationalNote.objects.filter(pk=note.pk).exists()
    note.refresh_from_db()
    assert note.text_en == before


def test_editor_of_lithuania_cannot_add_a_note_for_another_country(client, editor):
    client.force_login(editor("lt"))
    data = form_data(client, f"{NOTES}add/", country=Country.objects.get(code="ES").pk,
                     measure=measure_page("tact", 4, "risk-assessment").pk, text_en="Forged Spanish note.")
    response = client.post(f"{NOTES}add/", data)
    assert response.status_code == 200  # the form again, with the error at the country
    assert "country" in response.context["form"].errors
    assert not NationalNote.objects.filter(text_en="Forged Spanish note.").exists()


def test_editor_of_lithuania_cannot_edit_guideline_pages_but_an_administrator_can(editor, admin_user):
    lithuanian = editor("lt")
    pages = [
        GuidelinesIndexPage.objects.child_of(home("bsr")).get(),
        sop_page("bsr", 4),
        measure_page("bsr", 4, "risk-assessment"),
        measure_page("tact", 4, "risk-assessment"),
    ]
    for page in pages:
        assert not page.permissions_for_user(lithuanian).can_edit(), page.url_path
        assert not page.permissions_for_user(lithuanian).can_add_subpage(), page.url_path
        assert page.permissions_for_user(admin_user).can_edit(), page.url_path


def test_editor_of_lithuania_gets_no_page_editor_for_a_measure(client, editor):
    client.force_login(editor("lt"))
    measure = measure_page("bsr", 4, "risk-assessment")
    assert_sent_back_to_the_dashboard(client, client.get(f"/admin/pages/{measure.pk}/edit/"))


def test_administrator_edits_any_national_note(client, admin_user):
    note = NationalNote.objects.filter(country__code="ES").first()
    client.force_login(admin_user)
    url = f"{NOTES}edit/{note.pk}/"
    response = client.post(url, form_data(client, url, text_en="Edited by the administrator."))
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text_en == "Edited by the administrator."
