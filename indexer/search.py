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
from itertools import islice, product

from whoosh import query as Q

from indexer.highlight import snippet
from indexer.ranking import cached_search, rank, result_key, whoosh_rank  # noqa: F401 (whoosh_rank for tests)
from indexer.schema import day_number
from indexer.store import open_index
from indexer.suggest import did_you_mean
from indexer.terms import Unit, compound_terms, name_key, reference_keys, spellings, units
from kb.clean import has_marks
from kb.errors import QueryError
from kb.query import And, Node, Not, Or, Phrase, Words, parse_query, positive_text

TIER_BOOST = {"canon": 3.0, "variant": 2.0, "fold": 1.0}
PART_BOOST = {"title": 2.0, "body": 1.0}
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

    kind: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    term: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    month: str | None = None  # "2020-09"
    on_this_day: str | None = None  # "09-27": the same day of any year


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


def _tier_boosts(forms: list[tuple[str, ...]], exact: tuple[str, ...]) -> list[tuple[tuple[str, ...], float]]:
    """Canon-field spellings with their boost: the exact one scores canon + variant, others variant."""
    return [(f, TIER_BOOST["canon"] + TIER_BOOST["variant"] if f == exact else TIER_BOOST["variant"])
            for f in forms]


def _unit_query(u: Unit) -> Q.Query:
    if u.keys:
        subs = [Q.Term("numbers", k, boost=8.0) for k in u.keys]
        subs += [Q.Term("cites", k, boost=2.0) for k in u.keys]
        subs += [Q.Term(f"{part}_canon", k, boost=3.0 * PART_BOOST[part])
                 for part in PART_BOOST for k in u.keys]
        return Q.Or(subs)
    subs = []
    forms = [(c,) for c in spellings(u)]
    for part, pboost in PART_BOOST.items():
        subs += [Q.Term(f"{part}_canon", f[0], boost=b * pboost) for f, b in _tier_boosts(forms, (u.canon,))]
        subs.append(Q.Term(f"{part}_fold", u.fold, boost=TIER_BOOST["fold"] * pboost))
    return Q.Or(subs)


MAX_SPELLINGS = 8  # phrase spellings tried in the variant tier (2 per word with kỹ/kĩ)


def _phrase_query(text: str) -> Q.Query | None:
    us = units(text, keep_keys=False)
    if not us:
        return None
    if len(us) == 1:
        return _unit_query(us[0])
    forms = list(islice(product(*(spellings(u) for u in us)), MAX_SPELLINGS))
    exact = tuple(u.canon for u in us)
    subs = []
    for part, pboost in PART_BOOST.items():
        subs += [Q.Phrase(f"{part}_canon", list(f), boost=b * pboost) for f, b in _tier_boosts(forms, exact)]
        subs.append(Q.Phrase(f"{part}_fold", [u.fold for u in us], boost=TIER_BOOST["fold"] * pboost))
    return Q.Or(subs)


def _words_query(text: str, mode: str) -> Q.Query | None:
    us = units(text)
    if not us:
        return None
    required = [_unit_query(u) for u in us]
    core = required[0] if len(required) == 1 else (Q.And(required) if mode == "all" else Q.Or(required))
    bonus = [Q.Term("compound", w, boost=1.5) for w in compound_terms(text)]
    refs = reference_keys(text)
    bonus += [Q.Term("numbers", k, boost=10.0) for k in refs]
    bonus += [Q.Term("cites", k, boost=2.0) for k in refs]
    bonus.append(Q.Term("names", name_key(text), boost=15.0 * len(us)))  # an exact title or alias
    return Q.AndMaybe(core, Q.Or(bonus)) if bonus else core


def to_whoosh(node: Node | None, mode: str = "all") -> Q.Query | None:
    """Translate the parsed user query into a Whoosh query."""
    if node is None:
        return None
    if isinstance(node, Words):
        return _words_query(node.text, mode)
    if isinstance(node, Phrase):
        return _phrase_query(node.text)
    if isinstance(node, Not):
        inner = to_whoosh(node.node, mode)
        return Q.Not(inner) if inner is not None else None
    subs = [q for q in (to_whoosh(n, mode) for n in node.nodes) if q is not None]
    if not subs:
        return None
    if isinstance(node, Or):
        return Q.Or(subs)
    positive = [q for q in subs if not isinstance(q, Q.Not)]
    negative = [q for q in subs if isinstance(q, Q.Not)]
    if not positive:
        positive = [Q.Every()]
    core = positive[0] if len(positive) == 1 else (Q.And(positive) if mode == "all" else Q.Or(positive))
    return Q.And([core, *negative]) if negative else core


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
           sort: str = "relevance", mode: str = "all",
           index_dir: str | os.PathLike | None = None, searcher=None) -> SearchResult:
    """Search the index.

    Args:
        query: the user's text (accents optional; quotes, OR, NOT and a leading '-' understood).
        filters: kind, type, issuer, term, year or date range.
        page, limit: 1-based page and page size (at most 100).
        sort: 'relevance', 'date' (newest first) or 'date_asc'.
        mode: 'all' (every word must match) or 'any'; 'all' falls back to 'any' with a note when
            nothing matches.
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
    q = to_whoosh(node, mode)
    fq = filter_query(filters)
    if q is None:
        if fq is None:
            return SearchResult(query, 0, [], {}, notes + ["empty"], page, limit)
        q = Q.Every()
    if searcher is not None:  # a long-lived searcher (the web's): whole results are cached
        key = (result_key(searcher), query, filters, page, limit, sort, mode)
        found = cached_search(key, lambda: _run(searcher, query, node, q, fq, filters, page, limit,
                                                   sort, mode, wanted, notes))
        return replace(found, hits=list(found.hits), notes=list(found.notes),
                       facets={k: list(v) for k, v in found.facets.items()})
    with open_index(index_dir).searcher() as own:
        return _run(own, query, node, q, fq, filters, page, limit, sort, mode, wanted, notes)


def _run(searcher, query: str, node: Node, q: Q.Query, fq: Q.Query | None, filters: Filters,
         page: int, limit: int, sort: str, mode: str, wanted: list[Unit], notes: list[str]) -> SearchResult:
    ranked = rank(searcher, q, fq, page, limit, sort)
    if ranked.total == 0 and mode == "all" and isinstance(node, Words) and len(wanted) > 1:
        looser = search(query, filters=filters, page=page, limit=limit, sort=sort, mode="any",
                        searcher=searcher)
        return SearchResult(query, looser.total, looser.hits, looser.facets,
                            notes + ["any_word"], page, limit,
                            looser.suggestion or did_you_mean(query, searcher))
    hits = [_hit(searcher.stored_fields(docnum), score, wanted) for docnum, score in ranked.hits]
    suggestion = did_you_mean(query, searcher) if ranked.total < FEW_HITS and query.strip() else None
    return SearchResult(query, ranked.total, hits, dict(ranked.facets), notes, page, limit, suggestion)


def related(record_id: str, *, limit: int = 5, searcher=None,
            index_dir: str | os.PathLike | None = None) -> list[Hit]:
    """Records most like ``record_id`` (Whoosh's more-like-this over its title, summary and text)."""
    own = searcher is None
    if own:
        searcher = open_index(index_dir).searcher()
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
