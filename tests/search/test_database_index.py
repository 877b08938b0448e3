"""The database search index's bulk write path (search/database_index.py): what it stores, and that
what the importer writes in bulk is found at once."""
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from modelsearch.backends.database import SearchBackend as wagtail_database_backend
from wagtail.search.backends import get_search_backend

from directory.models import Contact, ContactStatus, Visibility
from portal.models import StandardPage
from search import service
from search.database_index import SearchBackend
from tests.search.test_search import tenant

COLUMNS = "title::text, autocomplete::text, body::text, title_text, body_text"


def stored(model, pks) -> dict:
    """The index rows of these objects, as text."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(model)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT object_id, {COLUMNS} FROM wagtailsearch_indexentry WHERE content_type_id = %s AND object_id = ANY(%s)",
            [content_type.pk, [str(pk) for pk in pks]],
        )
        return {row[0]: row[1:] for row in cursor.fetchall()}


def lexemes(vector: str) -> dict[str, str]:
    """A tsvector's lexemes with their weights, without positions (the bulk path joins texts of one weight)."""
    found = {}
    for entry in vector.split(" '"):
        word, _, positions = entry.strip("'").rpartition("':")
        found[word] = "".join(sorted({position[-1] if position[-1] in "ABC" else "D" for position in positions.split(",")}))
    return found


def test_the_bulk_path_stores_what_wagtails_own_writer_stores(db):
    """Same lexemes, same weights, same plain text: search ranks as before, only faster."""
    contacts = list(Contact.objects.select_related("organisation", "role").order_by("pk")[:40])
    pages = list(StandardPage.objects.order_by("pk")[:10])
    bulk = SearchBackend({})
    if connection.vendor != "postgresql":
        # SQLite keeps Wagtail's backend as it is.
        assert type(bulk) is type(wagtail_database_backend({}))
        return
    wagtail = wagtail_database_backend({})
    for model, objects in ((Contact, contacts), (StandardPage, pages)):
        wagtail.add_bulk(model, objects)
        expected = stored(model, [obj.pk for obj in objects])
        bulk.add_bulk(model, objects)
        written = stored(model, [obj.pk for obj in objects])
        assert written.keys() == expected.keys() and len(written) == len(objects)
        for pk, row in written.items():
            title, autocomplete, body, title_text, body_text = row
            assert lexemes(title) == lexemes(expected[pk][0]), f"{model.__name__} {pk}: title"
            assert lexemes(autocomplete) == lexemes(expected[pk][1]), f"{model.__name__} {pk}: autocomplete"
            assert lexemes(body) == lexemes(expected[pk][2]), f"{model.__name__} {pk}: body"
            assert (title_text, body_text) == expected[pk][3:], f"{model.__name__} {pk}: plain text"


def test_contacts_written_in_bulk_are_found_at_once_with_a_bounded_number_of_queries(db, django_assert_max_num_queries):
    """What the importer (directory.bulk.index_objects) asks of the backend: a hundred contacts in a handful of
    queries, found by their new words."""
    contacts = list(
        Contact.objects.filter(country__code="LT", visibility=Visibility.PUBLIC, status=ContactStatus.ACTIVE)
        .select_related("organisation", "role").order_by("pk")[:5]
    )
    assert contacts
    for number, contact in enumerate(contacts):
        contact.position_title = contact.position_title_en = f"Wombat liaison officer {number}"
    Contact.objects.bulk_update(contacts, ["position_title", "position_title_en"])
    others = list(Contact.objects.select_related("organisation", "role").exclude(pk__in=[c.pk for c in contacts])[:95])
    backend = get_search_backend("default")
    if connection.vendor == "postgresql":
        with django_assert_max_num_queries(5):  # one insert, the title norms; Wagtail's writer: the same, 55 objects/s
            backend.add_bulk(Contact, contacts + others)
    else:  # SQLite: Wagtail's own writer, a few statements per object
        backend.add_bulk(Contact, contacts + others)
    ids = service.matching_contact_ids("wombat", tenant=tenant("bsr"), user=AnonymousUser(), language="en")
    assert set(ids) == {contact.pk for contact in contacts}
