"""Reports → Translations: per language how many texts are current, stale or missing, the stale ones listed with a
one-click, audited confirmation that needs the right to edit the object."""
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import PageLogEntry

from directory.models import Contact
from guidelines.models import MeasurePage, MeasureStep
from portal.models import ProfileSection
from portal.tenancy import translation_state

pytestmark = pytest.mark.django_db

BSR = "bsr.localhost"
NEXT = "/admin/reports/translations/"


def report(client, user, host=BSR) -> BeautifulSoup:
    client.force_login(user)
    response = client.get(reverse("portal_translation_report"), HTTP_HOST=host)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def counts(page: BeautifulSoup) -> dict[str, dict[str, int]]:
    return {
        row["data-language"]: {cell["data-status"]: int(cell.get_text()) for cell in row.select("td[data-status]")}
        for row in page.select("#translation-statuses tbody tr")
    }


def sample_measure(host=BSR) -> MeasurePage:
    return next(page for page in MeasurePage.objects.filter(slug="initial-referral") if page.get_site().hostname == host)


def test_the_demo_counts_one_stale_and_one_missing_text_per_language_and_lists_the_stale_one(client, admin_user):
    page = report(client, admin_user)

    figures = counts(page)
    assert set(figures) == {"de", "pl", "lt", "sv"}
    for language, row in figures.items():
        assert row["stale"] == 1 and row["missing"] == 1, language
        assert row["current"] > 500, language
    rows = page.select("#stale-translations tbody tr")
    assert {(row["data-field"], row["data-language"]) for row in rows} == {("when", code) for code in figures}
    assert {row["data-pk"] for row in rows} == {str(sample_measure().pk)}


def test_an_english_step_change_shows_as_one_more_stale_text_in_every_language(client, admin_user):
    before = counts(report(client, admin_user))
    step = MeasureStep.objects.filter(measure=sample_measure()).first()
    step.text_en = "Agree on the date of travel with the receiving country first."
    step.save()

    after = counts(report(client, admin_user))
    for language in before:
        assert after[language]["stale"] == before[language]["stale"] + 1
        assert after[language]["current"] == before[language]["current"] - 1


def test_confirming_from_the_report_clears_the_flag_and_is_audited(client, admin_user):
    measure = sample_measure()
    client.force_login(admin_user)
    response = client.post(reverse("portal_translation_confirm"), {
        "model": "guidelines.measurepage", "pk": measure.pk, "field": "when", "language": "de", "next": "/admin/reports/",
    }, HTTP_HOST=BSR)

    assert response.status_code == 302 and response["Location"] == "/admin/reports/"
    assert translation_state.stale_since(measure, "when", "de") is None
    assert translation_state.stale_since(measure, "when", "pl") is not None
    entry = PageLogEntry.objects.filter(page=measure, action="portal.translation_confirmed").get()
    assert entry.user == admin_user and entry.data["language"] == "de"
    assert counts(report(client, admin_user))["de"]["stale"] == 0


def test_a_country_editor_confirms_only_what_they_may_edit(client, editor):
    lithuanian = editor("lt")
    client.force_login(lithuanian)
    polish = Contact.objects.filter(country__code="PL", position_title_de__gt="").first()
    polish.position_title_en = "Head of the anti-trafficking unit (changed)"
    polish.save()

    response = client.post(reverse("portal_translation_confirm"), {
        "model": "directory.contact", "pk": polish.pk, "field": "position_title", "language": "de", "next": NEXT,
    }, HTTP_HOST=BSR)

    # Refused: the admin sends them to its dashboard with "you do not have permission", not back to the report.
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert translation_state.stale_since(polish, "position_title", "de") is not None

    section = ProfileSection.objects.filter(page__country__code="LT", body_de__gt="").first()
    section.body_en = section.body_en + "<p>A new paragraph.</p>"
    section.save()
    response = client.post(reverse("portal_translation_confirm"), {
        "model": "portal.profilesection", "pk": section.pk, "field": "body", "language": "de", "next": NEXT,
    }, HTTP_HOST=BSR)
    assert response.status_code == 302 and response["Location"] == NEXT
    assert translation_state.stale_since(section, "body", "de") is None


def test_a_country_editor_sees_their_countrys_content_and_the_regional_content_only(client, editor, admin_user):
    everything = counts(report(client, admin_user))
    lithuania = counts(report(client, editor("lt")))

    assert lithuania["de"]["current"] < everything["de"]["current"]
    # The guidelines' stale sample is regional: listed for every editor, but only to read.
    page = report(client, editor("lt"))
    rows = page.select("#stale-translations tbody tr")
    assert rows and all(not row.select("form") for row in rows)
