"""The search service's results (search/service.py): loaded again from the database, cheaply."""
import contextlib
import gc

from django.contrib.auth.models import AnonymousUser

from directory.models import Contact, ContactStatus, Visibility
from search import service
from search.documents import CONTACT
from search.elastic.backend import ElasticsearchBackend
from search.results import Hit
from tests.search.conftest import es_settings
from tests.search.test_search import tenant


def test_a_page_of_contact_results_is_loaded_in_one_query_with_what_its_results_show(db, django_assert_num_queries):
    """A result shows a contact's position title, name, organisation, country and role: twenty contacts are read
    in one query (after the tenant's member countries), not with their SOPs, languages and phones, which no
    result shows."""
    members = tenant("bsr").member_countries.all()
    contacts = list(Contact.objects.filter(country__in=members, visibility=Visibility.PUBLIC, status=ContactStatus.ACTIVE)
                    .exclude(person_name="").select_related("organisation", "country", "role").order_by("pk")[:20])
    assert len(contacts) == 20
    hits = [Hit(kind=CONTACT, object_id=contact.pk, score=1.0) for contact in contacts]
    bsr = tenant("bsr")
    with django_assert_num_queries(2):
        items = service.hydrate(hits, tenant=bsr, user=AnonymousUser(), language="en", q="prosecutor")
        shown = [(item.title, str(item.snippet_html)) for item in items]
    assert [item.object.pk for item in items] == [contact.pk for contact in contacts]
    for (title, snippet), contact in zip(shown, contacts, strict=True):
        assert title == contact.position_title_en
        for part in (contact.person_name, contact.organisation.name_en, str(contact.country.name), contact.role.name_en):
            assert part.replace("&", "&amp;").replace("'", "&#x27;") in snippet


@contextlib.contextmanager
def collections_during():
    """The generations Python's cyclic garbage collector collects inside the block, with collections made
    frequent (every 10 new containers) so that a few dozen results would trigger them."""
    started = []

    def record(phase, info):
        if phase == "start":
            started.append(info["generation"])

    threshold = gc.get_threshold()
    gc.set_threshold(10, 1, 1)
    gc.callbacks.append(record)
    try:
        yield started
    finally:
        gc.callbacks.remove(record)
        gc.set_threshold(*threshold)


def test_the_directorys_id_list_from_elasticsearch_never_waits_for_pythons_garbage_collector(
        db, elasticsearch_indexes, settings):
    """The directory's free text asks Elasticsearch for up to 5,000 ids: read as thousands of small dicts, they
    made Python's collector walk every object of the process every few searches (a search in twenty took
    ten times as long)."""
    for name, value in es_settings(elasticsearch_indexes).items():
        setattr(settings, name, value)
    bsr, backend = tenant("bsr"), ElasticsearchBackend()
    with collections_during() as collections:
        ids = backend.contact_ids("demo", tenant=bsr, restricted_allowed=False, language="en", limit=5000)
    assert len(ids) >= 10
    # Reading them allocates hundreds of objects (a collection every ten before the pause); entering the pause
    # allocates one, which may still start one collection of the few objects then counted.
    assert len(collections) <= 1, collections
    assert gc.isenabled()
