"""Search fixtures: every shared case runs against the database backend and against a real Elasticsearch.

scripts/test.sh starts Elasticsearch 8 (scripts/elasticsearch.sh) and exports
TEST_ELASTICSEARCH_URL; without it the Elasticsearch cases are skipped (and fail in CI).
"""
import os
import uuid

import pytest
from django.test import override_settings

ES_URL = os.environ.get("TEST_ELASTICSEARCH_URL", "")


def require_elasticsearch():
    if not ES_URL:
        pytest.skip("Elasticsearch is not running (TEST_ELASTICSEARCH_URL unset; scripts/test.sh starts it)")


def es_settings(prefix: str, url: str = "") -> dict:
    return {"ELASTICSEARCH_URL": url or ES_URL, "ELASTICSEARCH_INDEX_PREFIX": prefix, "ELASTICSEARCH_TIMEOUT": 5}


def drop_indexes(prefix: str) -> None:
    from elasticsearch import Elasticsearch

    es = Elasticsearch(ES_URL)
    names = list(es.indices.get(index=f"{prefix}-*", allow_no_indices=True))  # deletes must name each index
    if names:
        es.indices.delete(index=",".join(names), ignore_unavailable=True)


@pytest.fixture(scope="session")
def elasticsearch_indexes(django_db_setup, django_db_blocker):
    """The demo data indexed once per session under a prefix of its own; the indexes are removed after."""
    require_elasticsearch()
    from search import indexing

    prefix = f"trmtest-{uuid.uuid4().hex[:8]}"
    with override_settings(**es_settings(prefix)), django_db_blocker.unblock():
        indexing.rebuild()
    yield prefix
    drop_indexes(prefix)


@pytest.fixture(params=["database", "elasticsearch"])
def search_backend(request, settings, db):
    """Run the test once per backend; returns the backend's name."""
    if request.param == "elasticsearch":
        prefix = request.getfixturevalue("elasticsearch_indexes")
        for name, value in es_settings(prefix).items():
            setattr(settings, name, value)
    return request.param


@pytest.fixture
def own_indexes(settings, db):
    """Elasticsearch indexes of this test alone (for tests that change them), removed after."""
    require_elasticsearch()
    prefix = f"trmtest-{uuid.uuid4().hex[:8]}"
    for name, value in es_settings(prefix).items():
        setattr(settings, name, value)
    yield prefix
    drop_indexes(prefix)


def refresh(prefix: str) -> None:
    from search.elastic.index import client

    client().indices.refresh(index=f"{prefix}-*")
