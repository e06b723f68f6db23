"""A searcher on the cluster that answers what :mod:`indexer.search` asks a Whoosh searcher.

``rank`` runs one request: the translated query (scored with the cluster-wide term statistics,
``dfs_query_then_fetch``, so three shards rank as one index does), the filter, an exact total
(``track_total_hits``) and every facet as a terms aggregation ordered as Whoosh's (count, then
value). A shard that fails makes the search fail (``allow_partial_search_results=false``)
rather than quietly lose hits. Hits are keyed by record id; their stored fields come back with
the page, so snippets are made here, by our own highlighter, over the original text.
"""
from __future__ import annotations

import threading
from typing import Any

from whoosh import query as Q

from indexer.engine import Ranked
from indexer.opensearch.client import call, client, where
from indexer.opensearch.documents import tier_tokens
from indexer.opensearch.dsl import to_dsl
from indexer.schema import FACET_FIELDS, build_schema
from kb.errors import IndexMissingError

FACET_SIZE = 10_000  # Whoosh counts every value; a facet here has at most a few thousand (months)
SORTS = {"date": "desc", "date_asc": "asc"}


class Found(dict):
    """A hit's stored fields, with its score (what Whoosh's ``more_like`` results offer)."""

    def __init__(self, fields: dict[str, Any], score: float) -> None:
        super().__init__(fields)
        self.score = score


class _Corrector:
    """Whoosh's ``searcher.corrector(field)``, by the cluster's term suggester."""

    def __init__(self, searcher: RemoteSearcher, field: str) -> None:
        self.searcher, self.field = searcher, field

    def suggest(self, word: str, limit: int = 10, maxdist: int = 2, prefix: int = 0) -> list[str]:
        """Words within ``maxdist`` edits sharing the first ``prefix`` letters (Whoosh's signature)."""
        body = {"suggest": {"w": {"text": word, "term": {
            "field": self.field, "size": limit, "max_edits": min(maxdist, 2), "suggest_mode": "always",
            "prefix_length": prefix, "min_word_length": 2}}}, "size": 0}
        resp = self.searcher.request(body)
        return [o["text"] for entry in resp["suggest"]["w"] for o in entry["options"]]


class RemoteSearcher:
    """Search one alias; thread-safe (the client pools connections), one per serving process."""

    remote = True

    def __init__(self, alias: str) -> None:
        self.alias = alias
        self.client = client()
        if not call(self.client.indices.exists_alias, alias, name=alias):
            raise IndexMissingError(f"no index '{alias}' on the OpenSearch cluster at {where()}: "
                                    f"build one with 'kb index'")
        self._local = threading.local()  # the stored fields of this thread's last page
        self.schema = build_schema()  # for Whoosh's query parser (the plain BM25 baseline)

    def __enter__(self) -> RemoteSearcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release: connections belong to the process's client."""

    def request(self, body: dict[str, Any], **params) -> dict[str, Any]:
        """One ``_search`` on the alias."""
        return call(self.client.search, self.alias, index=self.alias, body=body, **params)

    def _page(self) -> dict[str, dict]:
        page = getattr(self._local, "page", None)
        if page is None:
            page = self._local.page = {}
        return page

    def rank(self, q: Q.Query, fq: Q.Query | None, page: int, limit: int, sort: str) -> Ranked:
        """Exact total, one page of (record id, score) and every facet's counts."""
        query = to_dsl(q)
        if fq is not None:
            query = {"bool": {"must": [query], "filter": [to_dsl(fq)]}}
        body: dict[str, Any] = {
            "query": query, "from": (page - 1) * limit, "size": limit, "track_total_hits": True,
            "aggs": {name: {"terms": {"field": name, "size": FACET_SIZE,
                                      "order": [{"_count": "desc"}, {"_key": "asc"}]}}
                     for name in FACET_FIELDS}}
        if sort in SORTS:
            body["sort"] = [{"day_start": {"order": SORTS[sort], "missing": "_last"}}, "_score"]
        resp = self.request(body, search_type="dfs_query_then_fetch", allow_partial_search_results=False)
        stored = self._page()
        stored.clear()
        hits = []
        for h in resp["hits"]["hits"]:
            stored[h["_id"]] = h["_source"]
            hits.append((h["_id"], float(h["_score"] or 0.0)))
        facets = {name: [(str(b["key"]), int(b["doc_count"])) for b in resp["aggregations"][name]["buckets"]
                         if b["key"] not in ("", None)]
                  for name in FACET_FIELDS}
        return Ranked(resp["hits"]["total"]["value"], hits, facets)

    def stored_fields(self, docnum: str) -> dict[str, Any]:
        """The stored fields of a record id (from the last page when it was on it)."""
        found = self._page().get(docnum)
        if found is not None:
            return dict(found)
        resp = call(self.client.get, self.alias, index=self.alias, id=docnum)
        return dict(resp["_source"])

    def document_number(self, id: str) -> str | None:  # noqa: A002 (Whoosh's keyword)
        """The record id when the index holds it, else None."""
        resp = call(self.client.mget, self.alias, index=self.alias, body={"ids": [id]})
        doc = resp["docs"][0]
        if not doc.get("found"):
            return None
        self._page()[id] = doc["_source"]
        return id

    def doc_frequency(self, field: str, text: str) -> int:
        """How many records hold the term (for 'did you mean')."""
        resp = call(self.client.count, self.alias, index=self.alias, body={"query": {"term": {field: text}}})
        return int(resp["count"])

    def corrector(self, field: str) -> _Corrector:
        return _Corrector(self, field)

    def search(self, q: Q.Query, limit: int = 10) -> list[Found]:
        """A plain Whoosh query's top hits (the evaluation's BM25 baseline)."""
        resp = self.request({"query": to_dsl(q), "size": limit}, search_type="dfs_query_then_fetch")
        return [Found(h["_source"], h["_score"] or 0.0) for h in resp["hits"]["hits"]]

    def more_like(self, docnum: str, fieldname: str, text: str, top: int = 10, numterms: int = 12) -> list[Found]:
        """Records most like ``text`` by its most telling terms in ``fieldname``, not the record itself."""
        tokens = tier_tokens(text)[0 if fieldname.endswith("_canon") else 1]
        body = {"size": top, "query": {"bool": {
            "must": [{"more_like_this": {"fields": [fieldname], "like": tokens, "max_query_terms": numterms,
                                         "min_term_freq": 1, "min_doc_freq": 1}}],
            "must_not": [{"ids": {"values": [docnum]}}]}}}
        resp = self.request(body, search_type="dfs_query_then_fetch")
        return [Found(h["_source"], h["_score"] or 0.0) for h in resp["hits"]["hits"]]
