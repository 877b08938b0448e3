"""The database backend's matching (search/database.py): Wagtail's ranking, over a bounded number of rows on PostgreSQL."""
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.search.backends import get_search_backend

from directory.models import Contact, ContactStatus, Organisation, Visibility
from search import database
from tests.search.test_search import tenant


@pytest.fixture
def wombats(db):
    """Twelve public Baltic contacts matching "wombat": three by their position title (a strong, weighted
    field), nine only by their organisation's name. Returns (the three, the nine)."""
    members = tenant("bsr").member_countries.all()
    contacts = list(Contact.objects.filter(country__in=members, visibility=Visibility.PUBLIC, status=ContactStatus.ACTIVE)
                    .select_related("organisation", "role").order_by("pk")[:12])
    assert len(contacts) == 12
    titled, others = contacts[:3], contacts[3:]
    for number, contact in enumerate(titled):
        contact.position_title = contact.position_title_en = f"Wombat liaison officer {number}"
    Contact.objects.bulk_update(titled, ["position_title", "position_title_en"])
    organisation = Organisation.objects.create(name="Sample Wombat Rescue Association", name_en="Sample Wombat Rescue Association",
                                               country=others[0].country)
    Contact.objects.filter(pk__in=[contact.pk for contact in others]).update(organisation=organisation)
    get_search_backend("default").add_bulk(
        Contact, list(Contact.objects.filter(pk__in=[c.pk for c in contacts]).select_related("organisation", "role"))
    )
    return titled, others


def test_a_broad_search_keeps_its_best_matches_in_their_order_with_few_candidates(wombats, monkeypatch):
    """However many rows match, ranking only a few candidates gives the first results of ranking them all."""
    titled, others = wombats
    contacts = database.contacts(tenant("bsr"), False)
    everything = database._matches(contacts, "wombat", 20)
    assert {pk for pk, _ in everything} == {contact.pk for contact in titled + others}
    monkeypatch.setattr(database, "CANDIDATES", 3)
    assert database._matches(contacts, "wombat", 3) == everything[:3]


@pytest.mark.xfail(connection.vendor == "sqlite", strict=True,
                   reason="SQLite: FTS5's bm25 ranks the organisation-name matches above the position-title ones")
def test_contacts_whose_position_titles_match_come_before_those_matching_by_organisation(wombats, monkeypatch):
    """Why the strong fields' candidates are taken first: Wagtail's weights rank them above the rest."""
    titled, _ = wombats
    monkeypatch.setattr(database, "CANDIDATES", 3)
    first = database._matches(database.contacts(tenant("bsr"), False), "wombat", 3)
    assert {pk for pk, _ in first} == {contact.pk for contact in titled}


@pytest.mark.xfail(connection.vendor == "sqlite", strict=True,
                   reason="SQLite: Wagtail's FTS5 query ranks every match (bm25 over the whole match set)")
def test_a_broad_search_ranks_a_bounded_number_of_rows(wombats, monkeypatch):
    """The time a search takes does not grow with the number of rows it matches: only the candidates are ranked."""
    monkeypatch.setattr(database, "CANDIDATES", 3)
    contacts = database.contacts(tenant("bsr"), False)
    with CaptureQueriesContext(connection) as captured:
        database._matches(contacts, "wombat", 3)
    statement = captured.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}")
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan

    def ranked_rows(node) -> int:
        """Rows reaching the sort by rank (the rows ts_rank is computed for)."""
        if node["Node Type"] == "Sort" and "ts_rank" in " ".join(node.get("Sort Key", [])):
            return sum(child["Actual Rows"] for child in node["Plans"])
        return max((ranked_rows(child) for child in node.get("Plans", [])), default=0)

    ranked = ranked_rows(plan[0]["Plan"])
    assert 3 <= ranked <= 6  # two lists of at most three candidates, not the twelve matches
