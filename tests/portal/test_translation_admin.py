"""In the admin: a translation made from an older English text is marked where it is edited, and an English
correction saved with "Corrections only" flags no translation."""
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from guidelines.models import NationalNote
from portal.tenancy import translation_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def note():
    """A Lithuanian note of the bsr guidelines, translated (at least) into German and Swedish."""
    note = NationalNote.objects.filter(country__code="LT", text_de__gt="", text_sv__gt="").first()
    assert note is not None
    return note


def edit_url(note) -> str:
    return reverse(NationalNote.snippet_viewset.get_url_name("edit"), args=[note.pk])


def form_data(note, **changes) -> dict:
    data = {"country": note.country_id, "measure": note.measure_id, "step": note.step_id or ""}
    for code, _name in translation.trans_real.settings.LANGUAGES:
        key = f"text_{code.replace('-', '_')}"
        data[key] = getattr(note, key) or ""
    data.update(changes)
    return data


def save(client, user, note, **changes):
    client.force_login(user)
    response = client.post(edit_url(note), form_data(note, **changes), HTTP_HOST="bsr.localhost")
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(".error-message")
    note.refresh_from_db()


def test_a_plain_english_change_flags_the_translations_and_the_form_marks_them(client, editor, note):
    lithuanian = editor("lt")
    save(client, lithuanian, note, text_en=note.text_en + " Bring the person's documents.")

    assert translation_state.stale_since(note, "text", "de") is not None
    page = BeautifulSoup(client.get(edit_url(note), HTTP_HOST="bsr.localhost").content, "html.parser")
    marked = {element["name"] for element in page.select("[data-translation-stale=true]")}
    assert {"text_de", "text_sv"} <= marked and "text_en" not in marked
    assert "Out of date: the English text changed on" in page.get_text()
    assert page.select('input[type=checkbox][name="meaning_unchanged"]')


def test_an_english_correction_saved_as_corrections_only_flags_nothing(client, editor, note):
    corrected = note.text_en.replace(".", " .", 1)
    save(client, editor("lt"), note, text_en=corrected, meaning_unchanged="on")

    assert note.text_en == corrected
    for code in ("de", "sv", "pl", "lt"):
        assert translation_state.stale_since(note, "text", code) is None, code
    page = BeautifulSoup(client.get(edit_url(note), HTTP_HOST="bsr.localhost").content, "html.parser")
    assert not page.select("[data-translation-stale=true]")


def test_the_page_editor_marks_the_demos_stale_when_field_and_offers_corrections_only(client, admin_user):
    from guidelines.models import MeasurePage

    measure = next(page for page in MeasurePage.objects.filter(slug="initial-referral")
                   if page.get_site().hostname == "bsr.localhost")
    client.force_login(admin_user)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[measure.pk]), HTTP_HOST="bsr.localhost")

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    marked = {element["name"] for element in page.select("[data-translation-stale=true]")}
    assert marked == {"when_de", "when_pl", "when_lt", "when_sv"}
    assert page.select('input[type=checkbox][name="meaning_unchanged"]')
