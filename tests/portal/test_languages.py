"""Visitors read each page in their language, with an honest notice where a translation is missing."""
import re

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_german_title_on_the_german_page(get):
    html = get("bsr", "/de/countries/de/").content.decode()
    assert "<h1>Deutschland</h1>" in html
    assert '<html lang="de" dir="ltr">' in html


def test_missing_german_section_shows_english_with_lang_en_under_the_pages_notice(get):
    from tests.portal.test_fallback_notice import untranslate_lithuanian_sections

    untranslate_lithuanian_sections(1)
    html = get("bsr", "/de/countries/lt/").content.decode()
    assert re.search(r'<div lang="en" dir="ltr" class="rich-text translation-fallback">', html), "the fallback is marked lang=en"
    notice = re.search(r'<div class="notice translation-fallback-notice">\s*<p>([^<]+)</p>', html)
    assert notice, "the page says once, at the top, what is shown in English"
    with translation.override("de"):
        expected = translation.gettext(
            "Some parts of this page are not yet available in %(language)s. They are shown in English:"
        )
    assert notice.group(1).startswith(expected % {"language": "Deutsch"})


def test_translated_section_has_no_fallback_notice(get):
    html = get("bsr", "/sv/countries/lt/").content.decode()
    assert 'class="translation-fallback"' not in html
    assert '<div class="rich-text">' in html


def test_german_profile_of_germany_is_fully_german(get):
    html = get("bsr", "/de/countries/de/").content.decode()
    assert 'class="translation-fallback"' not in html


def test_arabic_pages_are_right_to_left(get):
    html = get("tact", "/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_hreflang_alternates_name_every_enabled_language_of_the_same_page(get):
    html = get("tact", "/fr/countries/ma/").content.decode()
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert set(alternates) == {"en", "fr", "it", "es", "ar", "uk"}
    assert alternates["ar"] == "http://tact.localhost/ar/countries/ma/"


def test_language_switcher_keeps_the_visitor_on_the_same_page_and_query(get):
    html = get("see", "/ro/resources/?type=report").content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    assert 'href="/sq/resources/?type=report"' in switcher
    assert 'href="/sr-latn/resources/?type=report"' in switcher
    assert "/de/" not in switcher  # only the tenant's languages
    assert 'href="/ro/resources/?type=report" hreflang="ro" lang="ro" aria-current="true"' in switcher


def test_interface_strings_are_translated(get):
    html = get("tact", "/fr/countries/").content.decode()
    with translation.override("fr"):
        assert translation.gettext("Demo data — fictional") in html
        assert translation.gettext("Demo data — fictional") != "Demo data — fictional"


def test_country_names_come_translated_for_every_tenant_language(get):
    assert "<h1>Lietuva</h1>" in get("bsr", "/lt/countries/lt/").content.decode()
    assert "<h1>Shqipëria</h1>" in get("see", "/sq/countries/al/").content.decode()
    assert "<h1>Албания</h1>" in get("see", "/bg/countries/al/").content.decode()
