"""The Elasticsearch node really stopped and started again during a test (runs last among the search tests).

Only when scripts/test.sh started the node for this run (TEST_ELASTICSEARCH_OWNED=1), as in
CI: stopping a node somebody else runs is not a test's business.
"""
import json
import os
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from search import indexing, service
from search.models import PendingIndexUpdate
from search.query import SearchRequest
from tests.search.conftest import ES_URL, refresh
from tests.search.test_elasticsearch import build, lithuanian_contact, save
from tests.search.test_search import tenant

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "elasticsearch.sh"


def node(*args: str) -> None:
    port = ES_URL.rsplit(":", 1)[1]
    subprocess.run([str(SCRIPT), *args], check=True, env={**os.environ, "ES_PORT": port}, stdout=subprocess.DEVNULL)


def test_stopping_the_node_fails_no_save_search_falls_back_and_updates_replay_after_restart(
    own_indexes, client, django_capture_on_commit_callbacks
):
    if os.environ.get("TEST_ELASTICSEARCH_OWNED") != "1":
        pytest.skip("the Elasticsearch node was not started by this test run (scripts/test.sh starts and owns it in CI)")
    build()
    node("stop", "--keep-data")
    try:
        contact = lithuanian_contact()
        save(contact, django_capture_on_commit_callbacks, position_title="Pangolin liaison", position_title_en="Pangolin liaison")
        assert PendingIndexUpdate.objects.get(kind="contact", object_id=contact.pk).attempts == 1

        outcome = service.search(SearchRequest(q="pangolin"), tenant=tenant("bsr"), user=AnonymousUser(), language="en")
        assert outcome.fell_back and [item.object.pk for item in outcome.items] == [contact.pk]
        assert json.loads(client.get("/healthz").content)["search"]["ok"] is False
    finally:
        node("start", "--resume")

    assert indexing.apply_pending_updates() == (1, 0)
    refresh(own_indexes)
    outcome = service.search(SearchRequest(q="pangolin"), tenant=tenant("bsr"), user=AnonymousUser(), language="en")
    assert not outcome.fell_back and [item.object.pk for item in outcome.items] == [contact.pk]
