"""Readers of a translation made from an older English text are told so where they read it, with the way to the
English text; the demo's two samples (one stale, one untranslated section) show both notices on one page."""
import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from django.utils.text import capfirst

from guidelines.models import MeasurePage

pytestmark = pytest.mark.django_db


def initial_referral(host="bsr.localhost") -> MeasurePage:
    return next(page for page in MeasurePage.objects.filter(slug="initial-referral") if page.get_site().hostname == host)


def page_in(client, language: str, page: MeasurePage, host="bsr.localhost") -> BeautifulSoup:
    with translation.override(language):
        url = page.get_url()
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_a_german_reader_sees_the_stale_notice_on_when_only_and_the_missing_good_practices_in_the_fallback_notice(client):
    measure = initial_referral()
    page = page_in(client, "de", measure)

    notices = page.select(".translation-stale-notice")
    assert len(notices) == 1
    text = " ".join(notices[0].get_text(" ").split())
    with translation.override("de"):
        assert translation.gettext("Read the English version") in text
    # The notice is in the reader's language (the page's), its link leads to the English page and says so.
    assert notices[0].get("lang") is None and page.html["lang"] == "de"
    link = notices[0].find("a")
    assert link["hreflang"] == "en" and link["href"].startswith("/en/") and link["href"].endswith("/initial-referral/")
    # It stands right before the "When" text, which is the German translation (not marked English).
    when = notices[0].find_next_sibling(class_="translation-stale")
    assert when is not None and when.get("lang") is None
    assert " ".join(when.get_text(" ").split()) == " ".join(BeautifulSoup(measure.when_de, "html.parser").get_text(" ").split())
    # The untranslated sample is named once in the fallback notice at the top and shown in English.
    fallback = page.select(".translation-fallback-notice")
    assert len(fallback) == 1
    with translation.override("de"):
        label = capfirst(str(MeasurePage._meta.get_field("good_practices").verbose_name))
    assert label != "Good practices" and label in fallback[0].get_text()
    english = [node for node in page.select('[lang="en"]') if "Demo sample" in node.get_text()]
    assert len(english) == 1


def test_the_english_page_of_the_sample_says_why_it_changed_and_has_no_notice(client):
    page = page_in(client, "en", initial_referral())

    assert not page.select(".translation-stale-notice")
    assert "this English text was changed after the section was translated" in page.get_text()


def test_a_confirmed_translation_shows_no_notice(client, admin_user):
    from portal.tenancy import translation_state

    measure = initial_referral()
    assert translation_state.confirm_translation(measure, "when", "de", user=admin_user)

    assert not page_in(client, "de", measure).select(".translation-stale-notice")
    assert page_in(client, "pl", measure).select(".translation-stale-notice")
