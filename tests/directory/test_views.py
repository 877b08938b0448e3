"""The public directory: filters, facet counts, grouping, clear 400s, contact pages, bounded queries."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import ActorRole, Contact, ContactStatus, Visibility
from tests.factories import ContactFactory, country

pytestmark = pytest.mark.django_db


def html_of(get, tenant, path):
    response = get(tenant, path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def shown_ids(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/en/directory/(\d+)/"', html)}


def public_ids(**filters) -> set[int]:
    return set(Contact.objects.filter(status=ContactStatus.ACTIVE, visibility=Visibility.PUBLIC, **filters).values_list("pk", flat=True))


def test_country_and_role_filters_show_exactly_the_matching_contacts(get):
    ContactFactory(country=country("LT"), role=ActorRole.objects.get(slug="prosecutor"))
    ContactFactory(country=country("LT"), role=ActorRole.objects.get(slug="judiciary"))
    ContactFactory(country=country("LV"), role=ActorRole.objects.get(slug="prosecutor"))
    expected = public_ids(country__code="LT", role__slug="prosecutor") | public_ids(located_in__code="LT", role__slug="prosecutor")
    assert shown_ids(html_of(get, "bsr", "/en/directory/?country=LT&role=prosecutor")) == expected


def test_repeated_filter_values_are_or_and_different_filters_are_and(get):
    html = html_of(get, "bsr", "/en/directory/?country=LT&country=LV&role=hotline")
    expected = public_ids(country__code__in=["LT", "LV"], role__slug="hotline")
    assert shown_ids(html) == expected and len({c.country.iso2 for c in Contact.objects.filter(pk__in=expected)}) == 2


def test_sop_and_language_filters(get):
    html = html_of(get, "see", "/en/directory/?sop=4&language=sq")
    expected = set(
        Contact.objects.filter(status="active", visibility="public", sops__number=4, languages__code="sq")
        .filter(country__code__in=["AL", "BA", "BG", "HR", "XK", "MK", "MD", "ME", "RO", "RS"]).values_list("pk", flat=True)
    )
    assert shown_ids(html) == expected


def test_free_text_finds_a_contact_by_organisation_name(get):
    contact = ContactFactory(country=country("EE"))
    words = contact.organisation.name
    assert contact.pk in shown_ids(html_of(get, "bsr", f"/en/directory/?q={words}"))


def test_facet_counts_match_what_choosing_the_option_shows(get):
    html = html_of(get, "bsr", "/en/directory/?role=ngo-assistance")
    count = int(re.search(r'id="country-LT"[^>]*><label[^>]*>[^<]*<span class="count">\((\d+)\)', html).group(1))
    assert count == len(shown_ids(html_of(get, "bsr", "/en/directory/?role=ngo-assistance&country=LT")))


def test_results_are_grouped_by_country_with_a_heading_each(get):
    html = html_of(get, "bsr", "/en/directory/?country=LT&country=DK")
    headings = re.findall(r'<h2 id="group-([A-Z]{2})"', html)
    assert headings == ["DK", "LT"]  # Denmark before Lithuania, by name


def test_consular_office_abroad_is_found_under_both_countries_and_labelled(get):
    consulate = ContactFactory(country=country("PL"), located_in=country("LT"), role=ActorRole.objects.get(slug="consular-service"))
    assert consulate.pk in shown_ids(html_of(get, "bsr", "/en/directory/?country=LT"))
    assert consulate.pk in shown_ids(html_of(get, "bsr", "/en/directory/?country=PL"))
    assert "Office of Poland, located in Lithuania" in html_of(get, "bsr", f"/en/directory/{consulate.pk}/")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("country=RS", "Unknown country “RS”"),  # Serbia is not a member of the Baltic tenant
        ("country=ZZ", "Unknown country “ZZ”"),
        ("role=astronaut", "Unknown role “astronaut”"),
        ("sop=6", "from 1 to 5"),
        ("sop=four", "from 1 to 5"),
        ("language=klingon", "Unknown language “klingon”"),
    ],
)
def test_unknown_filter_values_answer_400_with_a_message(get, query, message):
    for path in (f"/en/directory/?{query}", f"/en/directory/export.csv?{query}"):
        response = get("bsr", path)
        assert response.status_code == 400
        assert message in response.content.decode()


def test_contact_page_offers_call_mail_vcard_languages_and_freshness(get):
    contact = ContactFactory(country=country("LT"), languages=["lt", "ru"], phones=1)
    html = html_of(get, "bsr", f"/en/directory/{contact.pk}/")
    phone = contact.phones.first()
    assert f'href="tel:{phone.number.as_e164}"' in html
    assert f'href="mailto:{contact.email}"' in html
    assert f'href="/en/directory/{contact.pk}.vcf"' in html
    assert "24/7" in html and "Lithuanian" in html and "Russian" in html
    assert "Verified on" in html


def test_overdue_contact_says_not_verified_since(get):
    import datetime

    contact = ContactFactory(country=country("LT"), last_verified_on=datetime.date(2019, 5, 2))
    assert "Not verified since" in html_of(get, "bsr", f"/en/directory/{contact.pk}/")


def test_country_profile_shows_its_key_contacts_from_the_directory(get):
    html = html_of(get, "bsr", "/en/countries/lt/")
    key = Contact.objects.filter(country__code="LT", status="active", visibility="public",
                                 role__slug__in=["national-coordinator", "hotline", "law-enforcement", "ngo-assistance"])
    assert key.exists()
    for contact in key:
        assert f'href="/en/directory/{contact.pk}/"' in html


@pytest.mark.parametrize(
    ("query", "summary"),
    [("", "Filters"), ("?country=LT", "Filters (1 active)"), ("?country=LT&country=LV&role=hotline&q=desk", "Filters (4 active)")],
)
def test_filters_sit_behind_a_disclosure_that_counts_the_active_ones(get, query, summary):
    from bs4 import BeautifulSoup

    page = BeautifulSoup(html_of(get, "bsr", f"/en/directory/{query}"), "html.parser")
    disclosure = page.select_one("details.filters-disclosure")
    assert disclosure is not None
    assert " ".join(disclosure.summary.get_text(" ").split()) == summary
    assert disclosure.select_one("form.filters") is not None


def test_filtered_url_is_stable_and_shareable(get):
    html = html_of(get, "bsr", "/en/directory/?role=prosecutor&country=LT")
    assert 'href="/en/directory/export.csv?country=LT&amp;role=prosecutor"' in html


def add_contacts(count: int, *, like: Contact) -> None:
    """`count` more contacts like `like`, each with SOPs, languages and phones (bulk, for speed)."""
    from directory.models import SOP, ContactPhone, Language

    contacts = Contact.objects.bulk_create(
        [Contact(organisation=like.organisation, country=like.country, role=like.role, position_title="Duty desk",
                 position_title_en="Duty desk", email=f"bulk-{index}@example.org") for index in range(count)]
    )
    sop = SOP.objects.get(number=1)
    Contact.sops.through.objects.bulk_create([Contact.sops.through(contact=c, sop=sop) for c in contacts])
    languages = list(Language.objects.filter(code__in=["lt", "en", "ru"]))
    Contact.languages.through.objects.bulk_create(
        [Contact.languages.through(contact=c, language=language) for c in contacts for language in languages]
    )
    phone = like.phones.first().number
    ContactPhone.objects.bulk_create([ContactPhone(contact=c, number=phone, sort_order=i) for c in contacts for i in (0, 1)])


def _query_count(get, path):
    from django.core.cache import cache

    cache.clear()  # measure the uncached path: facet counts computed, not read from the cache
    with CaptureQueriesContext(connection) as queries:
        html_of(get, "bsr", path)
    return len(queries)


@pytest.mark.parametrize("path", ["/en/directory/", "/en/directory/?country=LT&sop=1&q=desk", "/api/v1/contacts?country=LT"])
def test_query_count_is_the_same_for_10_and_500_contacts(get, path, django_assert_max_num_queries):
    Contact.objects.filter(country__code="LT").delete()
    for _ in range(10):
        ContactFactory(country=country("LT"), position_title="Duty desk", position_title_en="Duty desk", sops=[1])
    get("bsr", path)  # warm per-process caches
    few = _query_count(get, path)
    add_contacts(490, like=Contact.objects.filter(country__code="LT").first())
    with django_assert_max_num_queries(few):
        many = _query_count(get, path)
    assert many == few


@pytest.mark.parametrize(("language", "abbreviation"), [("fr", "POS"), ("es", "POE"), ("it", "POS"), ("uk", "СОП"), ("ar", "إجراء التشغيل الموحد")])
def test_the_sop_filter_labels_use_the_same_translated_abbreviation_as_the_badges(get, language, abbreviation):
    from bs4 import BeautifulSoup

    page = BeautifulSoup(get("tact", f"/{language}/directory/?sop=1").content, "html.parser")
    filter_label = page.find("label", attrs={"for": "sop-1"}).get_text(" ", strip=True)
    badges = {badge.get_text(strip=True) for badge in page.select(".badge--sop")}
    assert f"{abbreviation} 1" in badges
    # "POS 1: …", or "POS 1 : …" with French typography's space before the colon.
    assert re.match(rf"{abbreviation} 1\s?: ", filter_label), filter_label
    assert "SOP" not in filter_label
