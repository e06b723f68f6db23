"""The one query API: ``search(query, ...)`` returns plain dataclasses, never Whoosh objects.

Ranking tiers: a syllable matches in its canon form (tone placement unified) with weight 3, its
variant spelling (kỹ/kĩ) with 2, accent-free with 1. The tiers nest (a canon match is also a
variant and a fold match), so their scores are summed (Whoosh's DisjunctionMax scores a document
by another document's best match in whoosh-reloaded 2.7.5, so it is not used); the variant tier
is the canon field searched for every spelling of the word, so an exact spelling scores 3 + 2 in
one term. Thus ``đường`` ranks a document that says ``đường`` above one that only says
``dương``. Document numbers match their canonical keys, and a record's own number outranks
documents that merely cite it. The Whoosh query is evaluated by :mod:`indexer.engine` (same
scores, whole arrays at once), and by Whoosh itself for date sorting or a shape it cannot handle.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import date

from whoosh import query as Q

from indexer.backend import is_remote, open_searcher
from indexer.highlight import snippet
from indexer.querying import Tuning, is_question, to_whoosh
from indexer.ranking import cached_search, rank, result_key, whoosh_rank  # noqa: F401 (whoosh_rank for tests)
from indexer.schema import day_number
from indexer.suggest import did_you_mean
from indexer.terms import Unit, units
from kb.clean import has_marks
from kb.errors import QueryError
from kb.query import Node, Words, parse_query, positive_text

KINDS = ("document", "article", "event", "person")
MAX_LIMIT = 100
FEW_HITS = 3  # below this many hits, offer a corrected query


@dataclass(frozen=True)
class Hit:
    """One result, ready for HTML or JSON."""

    id: str
    kind: str
    title: str
    score: float
    snippet: str
    date: str | None
    date_display: str | None = None
    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    term: str | None = None

    def to_json(self) -> dict:
        return {"id": self.id, "kind": self.kind, "title": self.title, "score": round(self.score, 4),
                "snippet": self.snippet, "date": self.date, "date_display": self.date_display,
                "number": self.number, "doc_type": self.doc_type, "issuer": self.issuer,
                "term": self.term}


@dataclass(frozen=True)
class Filters:
    """Restrictions a researcher can combine; every field is optional."""

    # which records: document, article, event or person; NQ, CT…; TW, TU…; khóa XII…
    kind: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    term: str | None = None
    # when: a range keeps the records whose dates overlap it, at the precision they are known
    year_from: int | None = None
    year_to: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    # the calendar: one month ("2020-09"), or the same day of any year ("09-27")
    month: str | None = None
    on_this_day: str | None = None


@dataclass(frozen=True)
class SearchResult:
    """Hits of one page, the exact total, facet counts and notes for the user."""

    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    page: int = 1
    limit: int = 10
    suggestion: str | None = None

    def to_json(self) -> dict:
        return {"query": self.query, "total": self.total, "page": self.page, "limit": self.limit,
                "suggestion": self.suggestion,
                "hits": [h.to_json() for h in self.hits],
                "facets": {k: [{"value": v, "count": c} for v, c in vs] for k, vs in self.facets.items()},
                "notes": self.notes}


def filter_query(f: Filters) -> Q.Query | None:
    """The Whoosh filter for ``f`` (a range overlaps the record's dates), or None."""
    subs: list[Q.Query] = []
    for name in ("kind", "doc_type", "issuer", "term", "month"):
        value = getattr(f, name)
        if value:
            subs.append(Q.Term(name, value))
    if f.on_this_day:
        subs.append(Q.Term("monthday", f.on_this_day))
    if f.year_from is not None:
        subs.append(Q.NumericRange("year_end", f.year_from, None))
    if f.year_to is not None:
        subs.append(Q.NumericRange("year_start", None, f.year_to))
    if f.date_from is not None:
        subs.append(Q.NumericRange("day_end", day_number(f.date_from), None))
    if f.date_to is not None:
        subs.append(Q.NumericRange("day_start", None, day_number(f.date_to)))
    if not subs:
        return None
    return subs[0] if len(subs) == 1 else Q.And(subs)


def _hit(fields: dict, score: float, wanted: list[Unit]) -> Hit:
    text = fields.get("text") or fields.get("summary") or ""
    return Hit(id=fields["id"], kind=fields["kind"], title=fields.get("title", ""), score=score,
               snippet=snippet(text, wanted), date=fields.get("date"),
               date_display=fields.get("date_display"), number=fields.get("number"),
               doc_type=fields.get("doc_type"), issuer=fields.get("issuer"), term=fields.get("term"))


def search(query: str, *, filters: Filters | None = None, page: int = 1, limit: int = 10,
           sort: str = "relevance", mode: str = "all", tuning: Tuning | None = None,
           index_dir: str | os.PathLike | None = None, searcher=None) -> SearchResult:
    """Search the index.

    Args:
        query: the user's text (accents optional; quotes, OR, NOT and a leading '-' understood).
        filters: kind, type, issuer, term, year or date range.
        page, limit: 1-based page and page size (at most 100).
        sort: 'relevance', 'date' (newest first) or 'date_asc'.
        mode: 'all' (every word must match) or 'any'; 'all' falls back to 'any' with a note when
            nothing matches.
        tuning: ranking weights other than :data:`indexer.querying.TUNING` (``kb eval --set``).
        searcher: an open searcher to reuse (the web keeps one per process).
    Returns:
        a SearchResult of plain values; QueryError names a bad parameter.
    """
    if page < 1:
        raise QueryError("page", "must be 1 or more")
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError("limit", f"must be between 1 and {MAX_LIMIT}")
    if sort not in ("relevance", "date", "date_asc"):
        raise QueryError("sort", "must be 'relevance', 'date' or 'date_asc'")
    if mode not in ("all", "any"):
        raise QueryError("mode", "must be 'all' or 'any'")
    filters = filters or Filters()
    if filters.kind and filters.kind not in KINDS:
        raise QueryError("kind", f"must be one of {', '.join(KINDS)}")
    node = parse_query(query)
    wanted = [u for text in positive_text(node) for u in units(text)]
    notes = []
    if query.strip() and not has_marks(query) and any(not u.keys for u in wanted):
        notes.append("accent_free")
    if isinstance(node, Words) and mode == "all" and is_question(node.text, tuning):
        notes.append("question")  # read as a question: documents with any of its words, ranked
    q = to_whoosh(node, mode, tuning)
    fq = filter_query(filters)
    if q is None:
        if fq is None:
            return SearchResult(query, 0, [], {}, notes + ["empty"], page, limit)
        q = Q.Every()
    if searcher is not None and is_remote(searcher):  # the cluster: nothing to cache per process
        return _run(searcher, query, node, q, fq, filters, page, limit, sort, mode, wanted, notes, tuning)
    if searcher is not None:  # a long-lived searcher (the web's): whole results are cached
        key = (result_key(searcher), query, filters, page, limit, sort, mode, tuning)
        found = cached_search(key, lambda: _run(searcher, query, node, q, fq, filters, page, limit,
                                                   sort, mode, wanted, notes, tuning))
        return replace(found, hits=list(found.hits), notes=list(found.notes),
                       facets={k: list(v) for k, v in found.facets.items()})
    with open_searcher(index_dir) as own:
        return _run(own, query, node, q, fq, filters, page, limit, sort, mode, wanted, notes, tuning)


def _run(searcher, query: str, node: Node, q: Q.Query, fq: Q.Query | None, filters: Filters,
         page: int, limit: int, sort: str, mode: str, wanted: list[Unit], notes: list[str],
         tuning: Tuning | None = None) -> SearchResult:
    ranked = rank(searcher, q, fq, page, limit, sort)
    if ranked.total == 0 and mode == "all" and isinstance(node, Words) and len(wanted) > 1:
        looser = search(query, filters=filters, page=page, limit=limit, sort=sort, mode="any",
                        tuning=tuning, searcher=searcher)
        return SearchResult(query, looser.total, looser.hits, looser.facets,
                            notes + ["any_word"], page, limit,
                            looser.suggestion or did_you_mean(query, searcher))
    hits = [_hit(searcher.stored_fields(docnum), score, wanted) for docnum, score in ranked.hits]
    suggestion = did_you_mean(query, searcher) if ranked.total < FEW_HITS and query.strip() else None
    return SearchResult(query, ranked.total, hits, dict(ranked.facets), notes, page, limit, suggestion)


def overview(*, searcher=None, index_dir: str | os.PathLike | None = None) -> SearchResult:
    """What the whole index holds: the total and every facet's counts, with no query or filter
    (the home page's numbers come from the same facets a search shows)."""
    def run(s) -> SearchResult:
        return _run(s, "", parse_query(""), Q.Every(), None, Filters(), 1, 1, "relevance", "all", [], [])
    if searcher is not None:
        if is_remote(searcher):
            return run(searcher)
        return cached_search((result_key(searcher), "\0overview"), lambda: run(searcher))
    with open_searcher(index_dir) as own:
        return run(own)


def related(record_id: str, *, limit: int = 5, searcher=None,
            index_dir: str | os.PathLike | None = None) -> list[Hit]:
    """Records most like ``record_id`` (Whoosh's more-like-this over its title, summary and text)."""
    own = searcher is None
    if own:
        searcher = open_searcher(index_dir)
    try:
        docnum = searcher.document_number(id=record_id)
        if docnum is None:
            return []
        fields = searcher.stored_fields(docnum)
        text = "\n".join(fields.get(k) or "" for k in ("title", "summary", "text"))
        results = searcher.more_like(docnum, "body_canon", text=text, top=limit, numterms=12)
        return [_hit(dict(r), r.score or 0.0, []) for r in results]
    finally:
        if own:
            searcher.close()
