"""Searching the Elasticsearch indexes (search.elastic.index) with elasticsearch-dsl."""
from __future__ import annotations

from elasticsearch_dsl import A, Q, Search

from search import analysis
from search.documents import CONTACT, Target
from search.elastic import index
from search.results import FACETS, Hit, RawResults

FIELD_OF_FACET = {"type": "kind", "country": "countries", "role": "role", "sop": "sops", "language": "languages"}


def _audience(restricted_allowed: bool) -> list:
    return [] if restricted_allowed else [Q("term", restricted=False)]


def text_query(q: str, language: str) -> Q:
    """Every word must match somewhere (up to three words; 75% of longer queries): by its stem in the
    page's language or in English, as a name, with a typo, or as the start of a longer word."""
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
            Q("match", folded={"query": word, "fuzziness": "AUTO", "prefix_length": 1, "boost": 1.5}),
        ]
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

    def search(self, request, *, tenant, restricted_allowed: bool, language: str, limit: int) -> RawResults:
        filters = _facet_filters(request)
        s = self._search(tenant, language).query(
            Q("bool", must=[text_query(request.q, language)], filter=_audience(restricted_allowed))
        )
        if filters:
            s = s.post_filter(Q("bool", filter=list(filters.values())))
        for name in FACETS:
            others = [query for other, query in filters.items() if other != name]
            facet = A("filter", Q("bool", filter=others)) if others else A("filter", Q("match_all"))
            facet.bucket("values", "terms", field=FIELD_OF_FACET[name], size=100)
            s.aggs.bucket(name, facet)
        s = s.highlight("title", "body", fragment_size=180, number_of_fragments=1, encoder="html",
                        pre_tags=["<mark>"], post_tags=["</mark>"],
                        highlight_query=Q("multi_match", query=request.q, fields=["title", "body"], fuzziness="AUTO").to_dict())
        s = s.source(["kind", "object_id"]).extra(from_=request.offset, size=limit, track_total_hits=True)
        s = s.suggest("did_you_mean", analysis.folded_text(request.q), term={"field": "public_words", "suggest_mode": "missing"})
        response = s.execute()
        hits = [
            Hit(kind=hit.kind, object_id=hit.object_id, score=hit.meta.score or 0.0,
                title_html=(hit.meta.highlight.to_dict().get("title") or [""])[0] if "highlight" in hit.meta else "",
                snippet_html=(hit.meta.highlight.to_dict().get("body") or [""])[0] if "highlight" in hit.meta else "")
            for hit in response
        ]
        facets = {
            name: {str(bucket.key): bucket.doc_count for bucket in getattr(response.aggregations, name)["values"].buckets}
            for name in FACETS
        }
        return RawResults(hits=hits, total=response.hits.total.value, facets=facets,
                          suggestion=self._suggestion(request.q, response))

    @staticmethod
    def _suggestion(q: str, response) -> str:
        words = analysis.words(q)
        changed = False
        for entry in response.suggest.did_you_mean:
            if entry.options and entry.text in words:
                words[words.index(entry.text)] = entry.options[0].text
                changed = True
        return " ".join(words) if changed else ""

    def contact_ids(self, q: str, *, tenant, restricted_allowed: bool, language: str, limit: int) -> list[int]:
        s = self._search(tenant, language).query(
            Q("bool", must=[text_query(q, language)], filter=[Q("term", kind=CONTACT), *_audience(restricted_allowed)])
        )
        s = s.source(["object_id"]).extra(size=limit, track_total_hits=False)
        return [hit.object_id for hit in s.execute()]

    def suggest(self, prefix: str, *, tenant, restricted_allowed: bool, language: str, limit: int) -> list[str]:
        folded = analysis.folded_text(prefix)
        s = self._search(tenant, language).query(
            Q("bool", must=[Q("match_bool_prefix", folded={"query": folded, "operator": "and"})],
              filter=_audience(restricted_allowed))
        )
        s = s.source(["title"]).extra(size=limit * 3)
        return [hit.title for hit in s.execute()]

    def ping(self) -> bool:
        return self.es.cluster.health()["status"] in ("green", "yellow")
