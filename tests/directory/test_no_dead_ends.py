"""Filters that match nothing: the directory says which single filter to drop and how many contacts that shows."""
import re

import pytest
from bs4 import BeautifulSoup
from django.db.models import Q

from directory.models import ActorRole, Contact, ContactStatus, Visibility
from tests.factories import ContactFactory, country

pytestmark = pytest.mark.django_db

BSR = ["DK", "EE", "FI", "DE", "IS", "LV", "LT", "NO", "PL", "SE"]


def page_of(get, path):
    response = get("bsr", path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content.decode(), "html.parser")


def squash(value: str) -> str:
    return " ".join(value.split())


def shown_ids(page) -> set[int]:
    return {int(card["aria-labelledby"].split("-")[1]) for card in page.select("article.contact-card")}


def public(*, countries=BSR, role=None, language=None, sop=None):
    """Public active contacts of the tenant matching these filters, written out here rather than asked of the selector."""
    contacts = Contact.objects.filter(status=ContactStatus.ACTIVE, visibility=Visibility.PUBLIC).filter(
        Q(country__code__in=countries) | Q(located_in__code__in=countries)
    )
    if role:
        contacts = contacts.filter(role__slug=role)
    if language:
        contacts = contacts.filter(languages__code=language)
    if sop:
        contacts = contacts.filter(sops__number=sop)
    return set(contacts.values_list("pk", flat=True))


def suggestions(page) -> dict[str, str]:
    """What the visitor reads in the no-results box: the suggestion's text -> its link."""
    box = page.select_one(".no-results")
    assert box is not None, "no explanation of the empty list"
    return {squash(link.get_text(" ")): link["href"] for link in box.select("li a")}


@pytest.fixture
def russian_speaking_prosecutor():
    """A Lithuanian prosecutor who speaks Russian, and no Lithuanian judge who does: 'judge + Russian' is empty."""
    prosecutor = ContactFactory(country=country("LT"), role=ActorRole.objects.get(slug="prosecutor"), languages=["ru"])
    Contact.objects.filter(country__code="LT", role__slug="judiciary").update(status=ContactStatus.ARCHIVED)
    ContactFactory(country=country("LT"), role=ActorRole.objects.get(slug="judiciary"), languages=["lt"])
    return prosecutor


def test_no_results_names_each_filter_to_drop_with_its_count_and_link(get, russian_speaking_prosecutor):
    path = "/en/directory/?country=LT&role=judiciary&language=ru"
    page = page_of(get, path)
    assert shown_ids(page) == set()
    assert "No contact matches these filters." in squash(page.get_text(" "))
    without_language = public(countries=["LT"], role="judiciary")
    without_role = public(countries=["LT"], language="ru")
    without_country = public(role="judiciary", language="ru")
    assert without_language and without_role  # the situation the test is about
    judge = ActorRole.objects.get(slug="judiciary").name
    expected = {}
    for label, ids, query in (
        ("speaks Russian", without_language, "country=LT&role=judiciary"),
        (judge, without_role, "country=LT&language=ru"),
        ("Lithuania", without_country, "role=judiciary&language=ru"),
    ):
        if ids:
            noun = "contact" if len(ids) == 1 else "contacts"
            expected[f"Without “{label}”: {len(ids)} {noun}"] = f"?{query}"
    assert suggestions(page) == expected
    # Each link shows what it promised.
    for text, href in expected.items():
        count = int(re.search(r": (\d+) contact", text).group(1))
        followed = page_of(get, f"/en/directory/{href}")
        assert len(shown_ids(followed)) == count, text
    assert russian_speaking_prosecutor.pk in shown_ids(page_of(get, "/en/directory/?country=LT&language=ru"))


def test_suggestions_list_the_largest_result_first_and_leave_out_drops_that_still_show_nothing(get, russian_speaking_prosecutor):
    # No judge anywhere in the tenant speaks Icelandic: dropping the country alone would still show nothing.
    Contact.objects.filter(role__slug="judiciary", languages__code="is").update(status=ContactStatus.ARCHIVED)
    page = page_of(get, "/en/directory/?country=LT&role=judiciary&language=is")
    found = suggestions(page)
    assert found and not any("Lithuania" in text for text in found)
    counts = [int(re.search(r": (\d+) contact", text).group(1)) for text in found]
    assert counts == sorted(counts, reverse=True)
    assert set(counts) == {len(public(countries=["LT"], role="judiciary")), len(public(countries=["LT"], language="is"))} - {0}


def test_no_results_offers_no_download_of_the_empty_list(get, russian_speaking_prosecutor):
    empty = page_of(get, "/en/directory/?country=LT&role=judiciary&language=ru")
    assert empty.select("a[href*='/directory/export.']") == []
    full = page_of(get, "/en/directory/?country=LT&role=judiciary")
    assert len(full.select("a[href*='/directory/export.']")) == 4


def test_a_single_filter_that_matches_nothing_offers_to_clear_it(get):
    Contact.objects.filter(country__code="LT").update(status=ContactStatus.ARCHIVED)
    page = page_of(get, "/en/directory/?country=LT")
    total = len(public())
    assert suggestions(page) == {f"Without “Lithuania”: {total} contacts": "?"}


def test_restricted_contacts_are_not_counted_for_anonymous_visitors(get, russian_speaking_prosecutor):
    ContactFactory(country=country("LT"), role=ActorRole.objects.get(slug="judiciary"), languages=["pl"],
                   visibility=Visibility.PRACTITIONERS)
    page = page_of(get, "/en/directory/?country=LT&role=judiciary&language=ru")
    judge_count = len(public(countries=["LT"], role="judiciary"))
    assert f"Without “speaks Russian”: {judge_count} contact" in " ".join(suggestions(page))


def test_no_results_runs_a_bounded_number_of_queries(get, django_assert_max_num_queries, russian_speaking_prosecutor):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = "/en/directory/?country=LT&role=judiciary&language=ru&sop=5&q=court"
    get("bsr", path)  # warm per-process caches
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        page_of(get, path)
    few = len(queries)
    prosecutor = russian_speaking_prosecutor
    for _ in range(40):
        ContactFactory(country=country("LT"), role=prosecutor.role, languages=["ru"], sops=[5])
    cache.clear()
    with django_assert_max_num_queries(few):
        page_of(get, path)
