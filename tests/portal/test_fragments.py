"""Public pages served from cached fragments: faster on the second visit, never out of date or leaking.

A country profile, a measure and the directory's results are rendered once and then read from the
shared cache (portal.tenancy.fragments). What a visitor must not notice: an edit that does not show
at once, a practitioners-only contact shown to someone else, a fallback notice gone, a preview that
shows the published page, yesterday's "verified" on a contact due for review today.
"""
import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.models import ActorRole, Contact, ContactPhone, ContactStatus, Visibility
from directory.models.contact import review_cutoff
from guidelines.models import MeasurePage
from portal.models import ProfileSection
from portal.tenancy.models import Country, PortalSettings
from tests.factories import ContactFactory, practitioner

pytestmark = pytest.mark.django_db

PROFILE = "/en/countries/lt/"
MEASURE = "/en/guidelines/identification/initial-referral/"


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def queries_of(get, path: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = get("bsr", path)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries]


def restricted_contact(title: str, *, role: str = "law-enforcement") -> Contact:
    """A practitioners-only Lithuanian contact (the law-enforcement role: on the profile's key contacts)."""
    return ContactFactory(country=Country.objects.get(code="LT"), role=ActorRole.objects.get(slug=role),
                          visibility=Visibility.PRACTITIONERS, position_title=title, position_title_en=title)


def night_phone() -> ContactPhone:
    """A public, active Lithuanian contact's 24/7 phone, as the profile's "Who do I call now" lists it."""
    return ContactPhone.objects.filter(
        contact__country__code="LT", contact__visibility=Visibility.PUBLIC, contact__status=ContactStatus.ACTIVE,
        is_24_7=True,
    ).order_by("pk").first()


@pytest.mark.parametrize("path", [PROFILE, MEASURE, "/en/directory/?country=LT"])
def test_a_second_visit_is_the_same_page_without_reading_contacts_or_sections_again(get, path):
    first, first_queries = queries_of(get, path)
    second, second_queries = queries_of(get, path)
    assert second == first
    read_again = [sql for sql in second_queries
                  if '"directory_contact"' in sql or '"portal_profilesection"' in sql or '"guidelines_measurestep"' in sql]
    assert read_again == []
    assert len(second_queries) <= len(first_queries) - 5


def test_a_changed_phone_number_shows_at_once_on_the_profile_and_in_the_directory(get):
    phone = night_phone()
    old = phone.number.as_international
    for path in (PROFILE, "/en/directory/?country=LT"):
        assert old in get("bsr", path).content.decode()
    phone.number = "+37060000199"
    phone.save()
    new = phone.number.as_international
    for path in (PROFILE, "/en/directory/?country=LT"):
        page = get("bsr", path).content.decode()
        assert new in page
        assert old not in page


def test_a_published_change_to_a_measure_shows_at_once(get):
    assert "Fragment test: a new first sentence." not in get("bsr", MEASURE).content.decode()
    measure = MeasurePage.objects.get(url_path__startswith="/bsr", slug="initial-referral").specific
    measure.what_en = "<p>Fragment test: a new first sentence.</p>" + measure.what_en
    measure.save_revision().publish()
    assert "Fragment test: a new first sentence." in get("bsr", MEASURE).content.decode()


def test_a_practitioners_cached_profile_never_reaches_anonymous_visitors(client, get):
    restricted = restricted_contact("Restricted night desk of the fragment test")
    client.force_login(practitioner())
    for path in (PROFILE, "/en/directory/?country=LT&role=law-enforcement"):  # the practitioner's pages are cached first
        assert "Restricted night desk of the fragment test" in get("bsr", path).content.decode()
    client.logout()
    for path in (PROFILE, "/en/directory/?country=LT&role=law-enforcement"):
        assert "Restricted night desk of the fragment test" not in get("bsr", path).content.decode()
    assert Contact.objects.filter(pk=restricted.pk, status=ContactStatus.ACTIVE).exists()


def test_an_anonymous_visitors_cached_profile_does_not_hide_restricted_contacts_from_practitioners(client, get):
    restricted_contact("Restricted desk seen after an anonymous visit")
    assert "Restricted desk seen after an anonymous visit" not in get("bsr", PROFILE).content.decode()
    client.force_login(practitioner())
    assert "Restricted desk seen after an anonymous visit" in get("bsr", PROFILE).content.decode()


def test_the_fallback_notice_still_names_untranslated_sections_when_the_profile_comes_from_the_cache(get):
    section = ProfileSection.objects.filter(page__country__code="LT", page__url_path__startswith="/bsr").order_by("pk").first()
    section.body_de = ""
    section.save()
    for _visit in range(2):  # rendered, then from the cache
        page = soup(get("bsr", "/de/countries/lt/"))
        notice = page.select_one(".translation-fallback-notice")
        assert notice is not None
        assert section.section_type.title_de in notice.get_text(" ", strip=True)
        assert len(page.select("section.profile__section [lang=en]")) == 1


def test_a_measure_shows_the_contacts_of_the_countries_chosen_on_each_visit(get):
    lithuania = soup(get("bsr", MEASURE + "?country=LT"))
    poland = soup(get("bsr", MEASURE + "?country=PL"))
    assert [side["data-country"] for side in lithuania.select(".both-sides .side")][:1] == ["LT"]
    assert [side["data-country"] for side in poland.select(".both-sides .side")][:1] == ["PL"]


def test_a_preview_shows_the_draft_and_leaves_the_published_page_in_the_cache(get):
    published = get("bsr", MEASURE).content.decode()
    measure = MeasurePage.objects.get(url_path__startswith="/bsr", slug="initial-referral").specific
    measure.what_en = "<p>Draft sentence only the preview shows.</p>"
    preview = measure.make_preview_request()
    assert preview.status_code == 200
    assert "Draft sentence only the preview shows." in preview.content.decode()
    assert get("bsr", MEASURE).content.decode() == published


def test_a_contact_due_for_review_at_midnight_is_shown_so_the_next_day(get, monkeypatch):
    today = timezone.localdate()
    first_card = soup(get("bsr", "/en/directory/?country=LT")).select_one("article.contact-card")
    contact = Contact.objects.get(pk=int(first_card["aria-labelledby"].split("-")[1]))
    interval = PortalSettings.objects.get(site__hostname="bsr.localhost").review_interval_months
    # Verified on the oldest day still fresh today: due for review from tomorrow.
    contact.last_verified_on = review_cutoff(today=today, months=interval)
    contact.save()

    def card():
        page = soup(get("bsr", "/en/directory/?country=LT"))
        return page.find(id=f"contact-{contact.pk}-title").find_parent("article")

    assert card().select(".freshness--overdue") == []
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + datetime.timedelta(days=1))
    assert len(card().select(".freshness--overdue")) == 1


def test_a_countrys_new_implementation_level_shows_at_once_on_its_profile(get):
    """Monitoring has no translated text and is not the directory: the generic signal alone must notice it."""
    from monitoring.models import ImplementationStatus, Level

    def sop_levels() -> list[str]:
        rows = soup(get("bsr", PROFILE)).select("section.trm-implementation tbody tr")
        return [row.select_one(".level__name").get_text(strip=True) for row in rows]

    before = sop_levels()
    assert before and before[0] != str(Level.APPLIED.label)
    sop_one = [status for status in ImplementationStatus.objects.filter(country__code="LT", tenant__site__hostname="bsr.localhost")
               .select_related("measure") if status.measure.url_path.startswith("/bsr/guidelines/identification/")]
    assert sop_one
    for status in sop_one:
        status.level = Level.APPLIED
        status.save()
    after = sop_levels()
    assert after[0] == str(Level.APPLIED.label)
    assert after[1:] == before[1:]


# --- what every page needs, remembered by each process until the content changes --------------

def menu_titles(get, path="/en/") -> list[str]:
    return [link.get_text(strip=True) for link in soup(get("bsr", path)).select("header nav a")]


def test_a_language_switched_off_by_the_secretariat_is_gone_on_the_next_request(get):
    assert get("bsr", "/sv/").status_code == 200
    portal = PortalSettings.objects.get(site__hostname="bsr.localhost")
    portal.languages = [code for code in portal.languages if code != "sv"]
    portal.save()
    assert get("bsr", "/sv/").status_code == 404


def test_a_renamed_section_shows_its_new_name_in_the_menu_at_once(get):
    from portal.models import CountriesIndexPage

    assert "Countries" in menu_titles(get)
    index = CountriesIndexPage.objects.get(url_path__startswith="/bsr")
    index.title_en = "Member countries"
    index.save_revision().publish()
    titles = menu_titles(get)
    assert "Member countries" in titles
    assert "Countries" not in titles


def test_member_countries_are_sorted_in_each_visitors_language(get):
    def picker(path: str) -> list[str]:
        return [option.get_text(strip=True) for option in soup(get("bsr", path)).select("select#picker-country option") if option["value"]]

    english, german = picker("/en/"), picker("/de/")
    assert english == sorted(english)
    assert "Germany" in english and "Deutschland" in german
    assert german == sorted(german)
    assert english == picker("/en/")  # the German visit left the English order alone


def test_a_deployment_with_a_changed_template_renders_every_fragment_again(get, settings):
    """The release digest is part of every key: pages rendered by the previous code are not served by the next."""
    import os

    from portal.tenancy import fragments

    template = settings.BASE_DIR / "portal" / "templates" / "portal" / "country_profile_page.html"
    before = os.stat(template)
    first = fragments.release()
    try:
        os.utime(template, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
        fragments.release.cache_clear()  # a new process after the deployment
        assert fragments.release() != first
    finally:
        os.utime(template, ns=(before.st_atime_ns, before.st_mtime_ns))
        fragments.release.cache_clear()
    assert fragments.release() == first


def test_without_a_shared_cache_nothing_is_kept_longer_than_half_a_minute(settings):
    """Each process then counts its own generations and cannot see another process's edits."""
    from portal.tenancy import fragments

    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert fragments.timeout() == 30
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "portal.cache.ResilientRedisCache",
                                                      "LOCATION": "redis://127.0.0.1:1/0"}}
    assert fragments.timeout() == 3600


def _counters():
    from directory import caching
    from portal.tenancy import fragments, translation_state

    def fragments_generation():
        fragments.forget_request_generation()  # each read as a new request makes it
        return fragments.content_generation()

    return {
        "content generation": (fragments.GENERATION_KEY, fragments_generation, fragments.content_changed),
        "directory version": (caching.VERSION_KEY, caching.directory_version, caching.directory_changed),
        "translation state": (translation_state._GENERATION_KEY, translation_state._generation,
                              translation_state._bump_generation),
    }


@pytest.mark.parametrize("name", ["content generation", "directory version", "translation state"])
def test_a_counter_evicted_from_the_cache_never_comes_back_with_a_value_it_had(name):
    """Cache keys carry these counters: a value seen again would serve what was cached under it before."""
    from django.core.cache import cache

    key, read, change = _counters()[name]
    seen = [read()]
    for _change in range(3):
        change()
        seen.append(read())
    assert len(set(seen)) == 4
    cache.delete(key)  # evicted under memory pressure
    assert read() not in seen
    cache.delete(key)
    change()  # a change while the counter is gone
    assert read() not in seen
