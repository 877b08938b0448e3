"""The Elasticsearch indexes: one per tenant and language, each behind an alias.

Searches and updates address the alias ("trm-3-de"). A rebuild fills a new index
("trm-3-de-20261123t101500") and then moves the alias in one atomic call, so search keeps
answering from the old index until the new one is complete.
"""
from __future__ import annotations

import datetime
import functools
import logging
import re

from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch_dsl import (
    Boolean,
    Index,
    Integer,
    Keyword,
    Mapping,
    Text,
)

from search.documents import Target

logger = logging.getLogger(__name__)



def client() -> Elasticsearch:
    return _client(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT)


@functools.cache
def _client(url: str, timeout: int) -> Elasticsearch:
    # No retries on one node: an outage answers at once (search falls back), and index updates
    # are retried by search.indexing from the rows they leave behind. Several nodes
    # (comma-separated): a node that does not answer is retried once on each other one.
    nodes = [node.strip() for node in url.split(",") if node.strip()]
    return Elasticsearch(nodes, request_timeout=timeout, retry_on_timeout=False, max_retries=len(nodes) - 1)


def alias_name(target: Target) -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-{target.site_id}-{target.language}"


def mapping() -> Mapping:
    """The same for every language: text is analysed in Python (search.analysis) before it is indexed."""
    m = Mapping()
    m.meta("dynamic", "strict")
    m.field("kind", Keyword())
    m.field("subtype", Keyword())
    m.field("object_id", Integer())
    m.field("language", Keyword())
    m.field("title", Text(index=False))  # read back for suggestions while typing, never searched
    # Terms already analysed by search.analysis: split on spaces only.
    for field in ("title_stems", "stems", "en_stems"):
        m.field(field, Text(analyzer="whitespace"))
    m.field("names", Text(analyzer="standard"))
    # Indexed prefixes make "staatsanwalt…" and suggestions while typing a term lookup instead
    # of a walk over every word that starts so.
    m.field("folded", Text(analyzer="standard", index_prefixes={"min_chars": 3, "max_chars": 12}))
    m.field("public_words", Text(analyzer="standard"))
    m.field("countries", Keyword())
    m.field("role", Keyword())
    m.field("sops", Integer())
    m.field("languages", Keyword())
    m.field("restricted", Boolean())
    return m


def create_index(es: Elasticsearch, target: Target, *, name: str | None = None) -> str:
    """A new empty index for the target (not yet behind its alias); returns its name."""
    alias = alias_name(target)
    name = name or f"{alias}-{datetime.datetime.now(datetime.UTC):%Y%m%dt%H%M%S%f}"
    index = Index(name, using=es)
    # Replicas from settings: 1 on a two-node cluster, so losing a node loses no document.
    index.settings(number_of_shards=1, number_of_replicas=settings.ELASTICSEARCH_REPLICAS, refresh_interval="1s")
    index.mapping(mapping())
    index.create()
    return name


def indexes_behind(es: Elasticsearch, alias: str) -> list[str]:
    if not es.indices.exists_alias(name=alias):
        return []
    return sorted(es.indices.get_alias(name=alias).keys())


def swap_alias(es: Elasticsearch, alias: str, new_index: str) -> list[str]:
    """Point the alias at new_index in one atomic call and delete the indexes it pointed at before."""
    old = indexes_behind(es, alias)
    actions = [{"remove": {"index": index, "alias": alias}} for index in old]
    actions.append({"add": {"index": new_index, "alias": alias}})
    es.indices.update_aliases(actions=actions)
    for index in old:
        if index != new_index:
            es.indices.delete(index=index, ignore_unavailable=True)
    return old


def ensure_index(es: Elasticsearch, target: Target) -> str:
    """The alias for the target, created with an empty index when it does not exist yet."""
    alias = alias_name(target)
    if not es.indices.exists_alias(name=alias):
        swap_alias(es, alias, create_index(es, target))
    return alias


def existing_aliases(es: Elasticsearch) -> set[str]:
    """Our aliases in the cluster ("trm-3-de"), not Wagtail's admin indexes."""
    prefix = settings.ELASTICSEARCH_INDEX_PREFIX
    ours = re.compile(rf"^{re.escape(prefix)}-\d+-[a-z-]+$")
    found = es.indices.get_alias(index=f"{prefix}-*", ignore_unavailable=True)
    return {alias for info in found.values() for alias in info.get("aliases", {}) if ours.match(alias)}
