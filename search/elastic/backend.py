"""Searching the Elasticsearch indexes (search.elastic.index) with elasticsearch-dsl.

A search page is two requests sent together (one `_msearch`): the hits, scored without
counting every match, and the facets, a size-0 request Elasticsearch keeps in its request
cache (so page 2 of the same query costs the facets nothing). The total is read from the type
facet, which counts every match exactly. Typo tolerance (fuzzy matching) and "did you mean"
cost the most and help only when the exact words find little, so they run only then:
fuzzy when fewer than FUZZY_BELOW results match exactly, the suggester when nothing matches.
"""
from __future__ import annotations

import dataclasses
import gc
import threading

from elasticsearch import ApiError
from elasticsearch_dsl import A, Q, Search

from search import analysis
from search.documents import CONTACT, KINDS, Target
from search.elastic import index
from search.results import FACETS, Hit, RawResults

FIELD_OF_FACET = {"type": "kind", "country": "countries", "role": "role", "sop": "sops", "language": "languages"}
# The analysed fields a query searches (the benchmark compares our query with a plain
# multi_match over the same fields).
SEARCHED_FIELDS = ("title_stems", "stems", "en_stems", "names", "folded")
# Fewer exact matches than this: the query is run again with typo tolerance (a name found
# exactly a few times is what the visitor typed; widening it with typos only adds noise).
FUZZY_BELOW = 5


class _CyclicGcPause:
    """Python's cyclic garbage collector paused while a large answer is read; reference counting still frees
    everything that holds no cycle. Nested and concurrent pauses end when the last one does. One shared
    instance, so that entering and leaving allocate nothing the collector would count."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pauses = 0
        self._was_enabled = True

    def __enter__(self):
        with self._lock:
            if self._pauses == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._pauses += 1

    def __exit__(self, exc_type, exc, traceback):
        with self._lock:
            self._pauses -= 1
            if self._pauses == 0 and self._was_enabled:
                gc.enable()


cyclic_gc_paused = _CyclicGcPause()


def _audience(restricted_allowed: bool) -> list:
    return [] if restricted_allowed else [Q("term", restricted=False)]


def text_query(q: str, language: str, *, fuzzy: bool = True) -> Q:
    """Every word must match somewhere (up to three words; 75% of longer queries): by its stem in the
    page's language or in English, as a name, as the start of a longer word, and (fuzzy) with a typo."""
    clauses = []
    folded_words = analysis.words(q)
    for position, word in enumerate(folded_words):
        local = analysis.stems(word, language)
        english = analysis.stems(word, "en")
        should = [
            Q("match", title_stems={"query": " ".join(local), "boost": 4}),
            Q("match", stems={"query": " ".join(local), "boost": 2}),
            Q("match", en_stems={"query": " ".join(english), "boost": 1}),
            Q("match", names={"query": word, "boost": 5}),
        ]
        if fuzzy:
            should.append(Q("match", folded={"query": word, "fuzziness": "AUTO", "prefix_length": 1, "boost": 1.5}))
        else:  # the exact word, as the fuzzy clause scores it when it matches without a typo
            should.append(Q("match", folded={"query": word, "boost": 1.5}))
        if len(word) >= 3:  # "staatsanwalt" finds "staatsanwaltschaft"; the last word is often unfinished
            should.append(Q("prefix", folded={"value": word, "boost": 1 if position == len(folded_words) - 1 else 0.5}))
        clauses.append(Q("bool", should=should, minimum_should_match=1))
    phrase = Q("match_phrase", folded={"query": " ".join(folded_words), "boost": 3})
    return Q("bool", must=[Q("bool", should=clauses, minimum_should_match="3<75%")], should=[phrase])


def _facet_filters(request) -> dict[str, Q]:
    selected = {
        "type": list(request.kinds),
        "country": request.countries,
        "role": request.roles,
        "sop": list(request.filters.sops),
        "language": list(request.filters.languages),
    }
    return {name: Q("terms", **{FIELD_OF_FACET[name]: values}) for name, values in selected.items() if values}


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self):
        self.es = index.client()

    def _search(self, tenant, language: str) -> Search:
        return Search(using=self.es, index=index.alias_name(Target(tenant.site_id, language)))

    def page_searches(self, request, *, tenant, restricted_allowed: bool, language: str, limit: int,
                      fuzzy: bool) -> tuple[Search, Search]:
        """(hits, facets): the two requests of a search page."""
        text = text_query(request.q, language, fuzzy=fuzzy)
        filters = _facet_filters(request)
        hits = self._search(tenant, language).query(
            Q("bool", must=[text], filter=[*_audience(restricted_allowed), *filters.values()])
        )
        # The total comes from the facets: the hits need not count every match (which lets
        # Elasticsearch skip documents that cannot reach the page).
        # No highlighting here: the service marks the words in what a result shows (search.service.highlight),
        # as it does for the database backend, so the hits request reads doc values only, no document text.
        hits = hits.source(False).extra(from_=request.offset, size=limit, track_total_hits=False,
                                        docvalue_fields=["kind", "object_id"], stored_fields="_none_")

        facets = self._search(tenant, language).query(Q("bool", must=[text], filter=_audience(restricted_allowed)))
        for name in FACETS:
            others = [query for other, query in filters.items() if other != name]
            facet = A("filter", Q("bool", filter=others)) if others else A("filter", Q("match_all"))
            facet.bucket("values", "terms", field=FIELD_OF_FACET[name], size=100)
            facets.aggs.bucket(name, facet)
        facets = facets.extra(size=0, track_total_hits=False).params(request_cache=True)
        return hits, facets

    def did_you_mean_search(self, q: str, *, tenant, language: str) -> Search:
        """The term suggester over the words of public documents only."""
        s = self._search(tenant, language).extra(size=0, track_total_hits=False)
        return s.suggest("did_you_mean", analysis.folded_text(q), term={"field": "public_words", "suggest_mode": "missing"})

    def _msearch(self, searches: list[Search]) -> list[dict]:
        """The responses of several searches sent in one request; an error of one is raised as the
        ApiError a single search would have raised (a missing index stays a 404, an outage a 5xx)."""
        body = []
        for s in searches:
            header = {"index": s._index}
            header.update(s._params)
            body += [header, s.to_dict()]
        answer = self.es.msearch(body=body)
        responses = answer.body["responses"]
        for response in responses:
            if "error" in response:
                meta = dataclasses.replace(answer.meta, status=response.get("status", 500))
                raise ApiError(str(response["error"]), meta=meta, body=response)
        return responses

    def search(self, request, *, tenant, restricted_allowed: bool, language: str, limit: int) -> RawResults:
        options = {"tenant": tenant, "restricted_allowed": restricted_allowed, "language": language, "limit": limit}
        results = self._page(request, fuzzy=False, **options)
        if results.total < FUZZY_BELOW:
            results = self._page(request, fuzzy=True, **options)
        if results.total == 0:
            results.suggestion = self._suggestion(request.q, tenant=tenant, language=language)
        return results

    def _page(self, request, *, fuzzy: bool, **options) -> RawResults:
        hits_search, facets_search = self.page_searches(request, fuzzy=fuzzy, **options)
        hits_response, facets_response = self._msearch([hits_search, facets_search])
        hits = []
        for hit in hits_response["hits"]["hits"]:
            hits.append(Hit(kind=hit["fields"]["kind"][0], object_id=hit["fields"]["object_id"][0], score=hit["_score"] or 0.0))
        aggregations = facets_response["aggregations"]
        facets = {name: {str(bucket["key"]): bucket["doc_count"] for bucket in aggregations[name]["values"]["buckets"]}
                  for name in FACETS}
        # Every document has one kind, and the type facet applies every other filter: its
        # counts of the chosen kinds add up to the number of matches.
        total = sum(count for kind, count in facets["type"].items() if kind in (request.kinds or KINDS))
        return RawResults(hits=hits, total=total, facets=facets)

    def _suggestion(self, q: str, *, tenant, language: str) -> str:
        response = self.did_you_mean_search(q, tenant=tenant, language=language).execute()
        words = analysis.words(q)
        changed = False
        for entry in response.suggest.did_you_mean:
            if entry.options and entry.text in words:
                words[words.index(entry.text)] = entry.options[0].text
                changed = True
        return " ".join(words) if changed else ""

    def contact_ids(self, q: str, *, tenant, restricted_allowed: bool, language: str, limit: int) -> list[int]:
        # Thousands of ids arrive as thousands of small JSON objects, alive together until they are read:
        # Python's cyclic collector, counting them, walked every object of the process every few searches
        # (p50 14 ms, p95 200 ms with 30,000 contacts). They hold no cycles and go as soon as the ids are read.
        with cyclic_gc_paused:
            ids = self._contact_ids(q, tenant=tenant, restricted_allowed=restricted_allowed, language=language,
                                    limit=limit, fuzzy=False)
            if len(ids) < FUZZY_BELOW:
                ids = self._contact_ids(q, tenant=tenant, restricted_allowed=restricted_allowed, language=language,
                                        limit=limit, fuzzy=True)
        return ids

    def _contact_ids(self, q: str, *, tenant, restricted_allowed: bool, language: str, limit: int, fuzzy: bool) -> list[int]:
        s = self._search(tenant, language).query(
            Q("bool", must=[text_query(q, language, fuzzy=fuzzy)], filter=[Q("term", kind=CONTACT), *_audience(restricted_allowed)])
        )
        # Ids from doc values: no document source is read for thousands of matches, and the answer holds
        # nothing else (filter_path).
        s = s.source(False).extra(size=limit, track_total_hits=False, docvalue_fields=["object_id"], stored_fields="_none_")
        response = self.es.search(index=s._index, body=s.to_dict(), filter_path="hits.hits.fields.object_id")
        return [hit["fields"]["object_id"][0] for hit in response.body.get("hits", {}).get("hits", [])]

    def suggest(self, prefix: str, *, tenant, restricted_allowed: bool, language: str, limit: int) -> list[str]:
        folded = analysis.folded_text(prefix)
        s = self._search(tenant, language).query(
            Q("bool", must=[Q("match_bool_prefix", folded={"query": folded, "operator": "and"})],
              filter=_audience(restricted_allowed))
        )
        s = s.source(["title"]).extra(size=limit * 3, track_total_hits=False)
        return [hit.title for hit in s.execute()]

    def ping(self) -> bool:
        return self.es.cluster.health()["status"] in ("green", "yellow")
