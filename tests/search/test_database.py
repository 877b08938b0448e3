"""The database backend's matching (search/database.py): Wagtail's ranking, the visitor's words parsed once."""
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
    """Twelve public Baltic contacts matching "wombat": three by their position title (a weighted field), nine
    only by their organisation's name."""
    members = tenant("bsr").member_countries.all()
    contacts = list(Contact.objects.filter(country__in=members, visibility=Visibility.PUBLIC, status=ContactStatus.ACTIVE)
                    .select_related("organisation", "role").order_by("pk")[:12])
    assert len(contacts) == 12
    for number, contact in enumerate(contacts[:3]):
        contact.position_title = contact.position_title_en = f"Wombat liaison officer {number}"
    Contact.objects.bulk_update(contacts[:3], ["position_title", "position_title_en"])
    organisation = Organisation.objects.create(name="Sample Wombat Rescue Association", name_en="Sample Wombat Rescue Association",
                                               country=contacts[3].country)
    Contact.objects.filter(pk__in=[contact.pk for contact in contacts[3:]]).update(organisation=organisation)
    get_search_backend("default").add_bulk(
        Contact, list(Contact.objects.filter(pk__in=[c.pk for c in contacts]).select_related("organisation", "role"))
    )
    return contacts


def test_contacts_are_ranked_in_wagtails_order(wombats):
    """The backend's own query finds and orders the matches exactly as Wagtail's database search does."""
    contacts = database.contacts(tenant("bsr"), False)
    wagtails = database.wagtail_database_backend().search("wombat", contacts, operator="and").annotate_score("_score")
    expected = list(wagtails.get_queryset().values_list("pk", flat=True)[:20])
    assert sorted(expected) == sorted(contact.pk for contact in wombats)
    assert [pk for pk, _ in database._matches(contacts, "wombat", 20)] == expected


@pytest.mark.xfail(connection.vendor == "sqlite", strict=True,
                   reason="SQLite: the query is Wagtail's own FTS5 MATCH, with no tsquery to parse")
def test_the_visitors_words_are_parsed_once_per_search_not_once_per_matching_row(wombats):
    contacts = database.contacts(tenant("bsr"), False)
    with CaptureQueriesContext(connection) as captured:
        database._matches(contacts, "wombat", 20)
    statement = captured.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (VERBOSE, FORMAT JSON) {statement}")
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan

    def per_row_expressions(node) -> list[str]:
        """The expressions a node computes for each row (its filters, sort keys and output), and its children's."""
        found = [*node.get("Output", []), *node.get("Sort Key", []), node.get("Filter", ""), node.get("Recheck Cond", "")]
        if node.get("Parent Relationship") == "InitPlan":  # computed once, before the rows
            found = []
        return found + [text for child in node.get("Plans", []) for text in per_row_expressions(child)]

    expressions = per_row_expressions(plan[0]["Plan"])
    assert any("ts_rank" in text for text in expressions)
    assert not [text for text in expressions if "to_tsquery(" in text]
