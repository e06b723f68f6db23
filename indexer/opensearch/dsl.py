"""The Whoosh query of :mod:`indexer.querying` as OpenSearch query DSL, clause for clause.

Ranking is decided once, in :mod:`indexer.querying` (tiers, title weight, compounds, numbers,
names, the adjacent-word bonus on the accent-free field, question mode); this module only
restates that tree for the cluster. Whoosh sums the scores of the clauses that match, in ``Or``,
``And`` and ``AndMaybe`` alike, which is what a ``bool`` query does with ``should`` and ``must``;
a term is a ``term`` query (the token is already analysed), scored by the index's scripted
similarity, which is Whoosh's BM25F (:func:`indexer.opensearch.documents.similarity`); a phrase
must match as a ``match_phrase`` and scores the sum of its words, as in Whoosh; a ``Not`` inside an
``And`` adds 1, as Whoosh's inverse matcher does.
"""
from __future__ import annotations

from typing import Any

from whoosh import query as Q

Dsl = dict[str, Any]


def to_dsl(q: Q.Query) -> Dsl:
    """One Whoosh query as DSL; ValueError names a query type this backend does not translate.

    >>> d = to_dsl(Q.Phrase("body_fold", ["hoa", "binh"], boost=5.0))
    >>> d["bool"]["filter"], d["bool"]["must"], d["bool"]["boost"]
    ([{'match_phrase': {'body_fold': 'hoa binh'}}], [{'term': {'body_fold': 'hoa'}}, {'term': {'body_fold': 'binh'}}], 5.0)
    >>> to_dsl(Q.And([Q.Term("kind", "event"), Q.NumericRange("year_end", 1945, None)]))
    {'bool': {'must': [{'term': {'kind': {'value': 'event', 'boost': 1.0}}}, {'range': {'year_end': {'gte': 1945}}}]}}
    """
    if isinstance(q, Q.Term):
        return {"term": {q.fieldname: {"value": q.text, "boost": q.boost}}}
    if isinstance(q, Q.Phrase):  # matched as a phrase, scored as its words (as Whoosh scores it)
        return {"bool": {"filter": [{"match_phrase": {q.fieldname: " ".join(q.words)}}],
                         "must": [{"term": {q.fieldname: w}} for w in q.words], **_boosted(q)}}
    if isinstance(q, Q.AndMaybe):
        return {"bool": {"must": [to_dsl(q.a)], "should": [to_dsl(q.b)], **_boosted(q)}}
    if isinstance(q, Q.And):
        positive = [to_dsl(s) for s in q.subqueries if not isinstance(s, Q.Not)]
        negative = [s.query for s in q.subqueries if isinstance(s, Q.Not)]
        return {"bool": {"must": (positive or [{"match_all": {}}]) + [_absent(s) for s in negative], **_boosted(q)}}
    if isinstance(q, Q.Or):
        return {"bool": {"should": [to_dsl(s) for s in q.subqueries], "minimum_should_match": 1, **_boosted(q)}}
    if isinstance(q, Q.Not):
        return _absent(q.query)
    if isinstance(q, Q.Every):
        return {"match_all": {"boost": q.boost}}
    if isinstance(q, type(Q.NullQuery)):
        return {"match_none": {}}
    if isinstance(q, Q.NumericRange):
        bounds: Dsl = {}
        if q.start is not None:
            bounds["gt" if q.startexcl else "gte"] = q.start
        if q.end is not None:
            bounds["lt" if q.endexcl else "lte"] = q.end
        return {"range": {q.fieldname: bounds}}
    raise ValueError(f"the OpenSearch backend does not translate a {type(q).__name__} query")


def _boosted(q: Q.Query) -> Dsl:
    """A compound's own boost multiplies its score, as Whoosh's wrapped matcher does."""
    return {"boost": q.boost} if q.boost != 1.0 else {}


def _absent(q: Q.Query) -> Dsl:
    """Documents without ``q``, scoring 1 (Whoosh's InverseMatcher inside an And)."""
    return {"constant_score": {"filter": {"bool": {"must_not": [to_dsl(q)]}}, "boost": 1.0}}
