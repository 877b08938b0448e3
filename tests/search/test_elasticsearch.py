"""The Elasticsearch index kept in step with the database, through outages and rebuilds (a real node)."""
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.db import transaction

from directory.models import Contact, ContactStatus, Visibility
from search import indexing, service
from search.elastic import index
from search.models import PendingIndexUpdate
from search.query import SearchRequest
from tests.search.conftest import ES_URL, es_settings, refresh
from tests.search.proxy import Relay
from tests.search.test_search import tenant


def build(site: str = "bsr", languages=("en",)):
    return indexing.rebuild(site_ids=[tenant(site).site_id], languages=list(languages))


def found(q: str, *, user=None) -> tuple[set[int], object]:
    outcome = service.search(SearchRequest(q=q, kinds=("contact",)), tenant=tenant("bsr"), user=user or AnonymousUser(),
                             language="en")
    return {item.object.pk for item in outcome.items}, outcome


def lithuanian_contact() -> Contact:
    return Contact.objects.filter(country__code="LT", visibility=Visibility.PUBLIC, status=ContactStatus.ACTIVE).first()


def save(contact, django_capture_on_commit_callbacks, **changes):
    """An editor's save: the change commits, then the queued index update runs (immediate task backend)."""
    for name, value in changes.items():
        setattr(contact, name, value)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            contact.save()


def test_saves_archive_and_visibility_changes_reach_the_index(own_indexes, django_capture_on_commit_callbacks):
    build()
    contact = lithuanian_contact()
    save(contact, django_capture_on_commit_callbacks, position_title="Quokka liaison officer", position_title_en="Quokka liaison officer")
    refresh(own_indexes)
    ids, outcome = found("quokka")
    assert outcome.backend == "elasticsearch" and not outcome.fell_back
    assert ids == {contact.pk}
    assert not PendingIndexUpdate.objects.exists()

    save(contact, django_capture_on_commit_callbacks, visibility=Visibility.PRACTITIONERS)
    refresh(own_indexes)
    assert found("quokka")[0] == set(), "practitioners-only: gone for anonymous visitors"

    save(contact, django_capture_on_commit_callbacks, visibility=Visibility.PUBLIC, status=ContactStatus.ARCHIVED)
    refresh(own_indexes)
    assert found("quokka")[0] == set(), "archived: gone"


def test_an_outage_never_fails_a_save_search_falls_back_and_updates_replay(own_indexes, settings, client,
                                                                           django_capture_on_commit_callbacks):
    relay = Relay("127.0.0.1", int(ES_URL.rsplit(":", 1)[1]))
    relay.start()
    try:
        for name, value in es_settings(own_indexes, relay.url).items():
            setattr(settings, name, value)
        build()
        relay.stop()  # the node is unreachable from here on

        contact = lithuanian_contact()
        save(contact, django_capture_on_commit_callbacks, position_title="Wombat referral desk", position_title_en="Wombat referral desk")
        pending = PendingIndexUpdate.objects.get(kind="contact", object_id=contact.pk)
        assert pending.attempts == 1 and "Connection" in pending.last_error

        ids, outcome = found("wombat")
        assert outcome.fell_back and outcome.backend == "database"
        assert ids == {contact.pk}, "the database answers meanwhile, with the new text"
        page = client.get("/en/search/?q=wombat", HTTP_HOST="bsr.localhost")
        assert "The full search service is not available" in page.content.decode()
        assert page["Cache-Control"] == "no-store"
        health = json.loads(client.get("/healthz").content)
        assert health["status"] == "ok"
        assert health["search"]["ok"] is False and health["search"]["pending_updates"] == 1

        relay.start()  # the node is back
        assert indexing.apply_pending_updates() == (1, 0)
        refresh(own_indexes)
        ids, outcome = found("wombat")
        assert not outcome.fell_back and ids == {contact.pk}
        assert json.loads(client.get("/healthz").content)["search"] == {
            "backend": "elasticsearch", "ok": True, "pending_updates": 0}
    finally:
        relay.stop()


def test_a_rebuild_fills_a_new_index_and_swaps_the_alias_while_search_keeps_answering(own_indexes):
    build()
    es = index.client()
    alias = f"{own_indexes}-{tenant('bsr').site_id}-en"
    first = index.indexes_behind(es, alias)
    assert len(first) == 1

    answers_during_rebuild = []

    def progress(count):
        answers_during_rebuild.append((index.indexes_behind(es, alias), found("prosecutor")[0]))

    indexing.rebuild(site_ids=[tenant("bsr").site_id], languages=["en"], progress=progress)
    second = index.indexes_behind(es, alias)
    assert len(second) == 1 and second != first
    assert not es.indices.exists(index=first[0]), "the old index is removed after the swap"
    assert answers_during_rebuild and all(behind == first and ids for behind, ids in answers_during_rebuild)
    assert found("prosecutor")[0] == answers_during_rebuild[0][1]


def test_a_rebuild_fills_its_indexes_without_refreshes_or_replicas_and_restores_both_before_the_swap(own_indexes, settings):
    """Refreshes and replica copies while filling cost the rebuild most of its speed; searchers must get both back."""
    settings.ELASTICSEARCH_REPLICAS = 1  # one node: the copy stays unassigned, but the setting is what a cluster gets
    es = index.client()
    alias = f"{own_indexes}-{tenant('bsr').site_id}-en"
    during = []

    def progress(count):
        for info in es.indices.get_settings(index=f"{alias}-*").values():
            during.append((info["settings"]["index"]["refresh_interval"], info["settings"]["index"]["number_of_replicas"]))

    indexing.rebuild(site_ids=[tenant("bsr").site_id], languages=["en"], progress=progress)
    assert during and set(during) == {("-1", "0")}
    (behind,) = index.indexes_behind(es, alias)
    after = es.indices.get_settings(index=behind)[behind]["settings"]["index"]
    assert (after["refresh_interval"], after["number_of_replicas"]) == ("1s", "1")
    assert found("prosecutor")[0], "searchable at once after the swap"


def test_the_second_page_has_the_first_pages_total_and_facets_and_other_results(own_indexes):
    """The total and facet counts come from a request of their own (kept in Elasticsearch's request cache)."""
    build()
    bsr = tenant("bsr")
    pages = [service.search(SearchRequest(q="trafficking", page=number), tenant=bsr, user=AnonymousUser(), language="en")
             for number in (1, 2)]
    assert pages[0].total > 20, "enough demo results for two pages"
    assert pages[0].total == pages[1].total == sum(pages[0].facets["type"].values())
    assert pages[0].facets == pages[1].facets
    first, second = ({(item.kind, item.object.pk) for item in outcome.items} for outcome in pages)
    assert len(first) == 20 and second and not first & second


def test_a_tenant_without_an_index_yet_is_answered_from_the_database_with_the_notice(own_indexes, get):
    """One request carries the hits and the facets: an index missing there is still an outage to fall back from, not a 500."""
    outcome = service.search(SearchRequest(q="prosecutor"), tenant=tenant("bsr"), user=AnonymousUser(), language="en")
    assert outcome.fell_back and outcome.backend == "database" and outcome.total
    response = get("bsr", "/en/search/?q=prosecutor")
    assert response.status_code == 200 and outcome.items[0].url in response.content.decode()
    assert "The full search service is not available at the moment." in response.content.decode()


def test_changes_made_during_a_rebuild_are_applied_to_the_new_index(own_indexes, django_capture_on_commit_callbacks):
    build()
    contact = lithuanian_contact()

    done = []

    def edit_meanwhile(count):
        if not done:
            done.append(True)
            save(contact, django_capture_on_commit_callbacks, position_title="Narwhal hotline", position_title_en="Narwhal hotline")
            assert PendingIndexUpdate.objects.filter(kind="contact", object_id=contact.pk).exists(), "waits for the rebuild"

    indexing.rebuild(site_ids=[tenant("bsr").site_id], languages=["en"], progress=edit_meanwhile)
    refresh(own_indexes)
    assert found("narwhal")[0] == {contact.pk}
    assert not PendingIndexUpdate.objects.exists()


def test_rebuild_command_names_what_it_built_and_refuses_unknown_tenants(own_indexes, capsys):
    call_command("rebuild_search_index", "--tenant", "bsr", "--language", "de", verbosity=0)
    out = capsys.readouterr().out
    assert f"{tenant('bsr').site_id}-de" in out and "aliases swapped" in out
    assert index.indexes_behind(index.client(), f"{own_indexes}-{tenant('bsr').site_id}-de")
    with pytest.raises(CommandError, match="Unknown tenant 'atlantis'"):
        call_command("rebuild_search_index", "--tenant", "atlantis")
    with pytest.raises(CommandError, match="Unknown language 'xx'"):
        call_command("rebuild_search_index", "--language", "xx")


def test_publishing_and_unpublishing_a_page_reach_the_index(own_indexes, django_capture_on_commit_callbacks):
    from wagtail.models import Page

    build()
    about = Page.objects.descendant_of(tenant("bsr").site.root_page).get(slug="about").specific
    about.title = about.title_en = "About the platypus desk"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    refresh(own_indexes)

    def pages(q):
        return [item.object.pk for item in service.search(SearchRequest(q=q, kinds=("page",)), tenant=tenant("bsr"),
                                                           user=AnonymousUser(), language="en").items]

    assert pages("platypus") == [about.pk]
    with django_capture_on_commit_callbacks(execute=True):
        about.unpublish()
    refresh(own_indexes)
    assert pages("platypus") == []


def test_with_a_task_queue_a_failed_update_asks_to_be_run_again(own_indexes, settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    relay = Relay("127.0.0.1", int(ES_URL.rsplit(":", 1)[1]))
    relay.start()
    for name, value in es_settings(own_indexes, relay.url).items():
        setattr(settings, name, value)
    try:
        build()
        relay.stop()
        contact = lithuanian_contact()
        save(contact, django_capture_on_commit_callbacks, position_title="Axolotl desk", position_title_en="Axolotl desk")
        queued = DBTaskResult.objects.filter(task_path="search.tasks.apply_pending_updates")
        assert queued.count() == 1, "the save queued the update; a worker runs it"
        from search.tasks import apply_pending_updates

        apply_pending_updates.call()  # what the worker does: Elasticsearch is still down
        assert PendingIndexUpdate.objects.get(object_id=contact.pk).attempts == 1
        from django.utils import timezone
        from django_tasks_db.models import get_date_max

        retries = queued.exclude(run_after=get_date_max())
        assert retries.count() == 1 and retries.get().run_after > timezone.now(), "a later run is scheduled"
    finally:
        relay.stop()


def test_wagtail_admin_search_uses_elasticsearch_when_configured(own_indexes, settings, admin_client):
    from wagtail.search.backends import get_search_backend

    settings.WAGTAILSEARCH_BACKENDS = {"default": {
        "BACKEND": "wagtail.search.backends.elasticsearch8", "URLS": [ES_URL], "INDEX_PREFIX": f"{own_indexes}-wagtail-",
        "INDEX_SETTINGS": {"settings": {"analysis": {
            "analyzer": {name: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]}
                         for name in ("ngram_analyzer", "edgengram_analyzer")},
            "tokenizer": {}, "filter": {}}}},
    }}
    backend = get_search_backend()
    contacts = list(Contact.objects.filter(country__code="LT").select_related("organisation", "role"))
    wagtail_index = backend.get_index_for_model(Contact)
    wagtail_index.reset()
    wagtail_index.add_model(Contact)  # the mapping, built with the core-only analyzers
    backend.add_bulk(Contact, contacts)
    wagtail_index.refresh()
    found = backend.search("prosecutor", Contact)
    assert type(backend).__name__ == "Elasticsearch8SearchBackend"
    assert {contact.role.slug for contact in found} == {"prosecutor"}
    listing = admin_client.get("/admin/snippets/directory/contact/?q=prosecutor", HTTP_HOST="bsr.localhost")
    assert listing.status_code == 200 and "prosecutor" in listing.content.decode().lower()
