"""The database search index's bulk write path (search/database_index.py): what it stores, and that
what the importer writes in bulk is found at once."""
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from modelsearch.backends.database import SearchBackend as wagtail_database_backend
from wagtail.search.backends import get_search_backend

from directory.models import Contact, ContactStatus, Visibility
from guidelines.models import MeasurePage
from portal.models import CountryProfilePage, StandardPage
from search import service
from search.database_index import SearchBackend
from tests.search.test_search import tenant

VECTORS = ("title", "autocomplete", "body")


def stored(model, pks) -> dict:
    """Each object's index row: every vector's lexemes with their weights, the vectors as text (lexemes with
    positions: ts_rank weighs how close the words of a query are), and the plain title and body text."""
    from django.contrib.contenttypes.models import ContentType

    where = "e.content_type_id = %s AND e.object_id = ANY(%s)"
    params = [ContentType.objects.get_for_model(model).pk, [str(pk) for pk in pks]]
    rows = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT e.object_id, e.title_text, e.body_text, e.title::text, e.autocomplete::text, e.body::text"
                       f" FROM wagtailsearch_indexentry e WHERE {where}", params)
        for object_id, title_text, body_text, *vectors in cursor.fetchall():
            rows[object_id] = {"plain": (title_text, body_text), "positions": vectors, **{vector: {} for vector in VECTORS}}
        for vector in VECTORS:
            cursor.execute(f"SELECT e.object_id, u.lexeme, u.weights::text[] FROM wagtailsearch_indexentry e,"
                           f" unnest(e.{vector}) u WHERE {where}", params)
            for object_id, lexeme, weights in cursor.fetchall():
                rows[object_id][vector][lexeme] = sorted(set(weights or []))
    return rows


def test_the_bulk_path_stores_what_wagtails_own_writer_stores(db):
    """Same lexemes, weights and positions, same plain text: search matches and ranks as before, only faster."""
    contacts = list(Contact.objects.select_related("organisation", "role").order_by("pk")[:40])
    bulk = SearchBackend({})
    if connection.vendor != "postgresql":
        # SQLite keeps Wagtail's backend as it is.
        assert type(bulk) is type(wagtail_database_backend({}))
        return
    wagtail = wagtail_database_backend({})
    others = [(model, list(model.objects.order_by("pk")[:10])) for model in (StandardPage, MeasurePage, CountryProfilePage)]
    for model, objects in [(Contact, contacts), *others]:
        assert objects, model
        wagtail.add_bulk(model, objects)
        expected = stored(model, [obj.pk for obj in objects])
        bulk.add_bulk(model, objects)
        written = stored(model, [obj.pk for obj in objects])
        assert len(written) == len(objects)
        assert written == expected
        assert all(row["title"] or row["body"] for row in written.values()), model  # contacts have no "title" field: body only


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
