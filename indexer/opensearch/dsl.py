"""The Whoosh query of :mod:`indexer.querying` as OpenSearch query DSL, clause for clause.

Ranking is decided once, in :mod:`indexer.querying` (tiers, title weight, compounds, numbers,
names, the adjacent-word bonus on the accent-free field, question mode); this module only
restates that tree for the cluster. Whoosh sums the scores of the clauses that match, in ``Or``,
``And`` and ``AndMaybe`` alike, which is what a ``bool`` query does with ``should`` and ``must``;
a phrase is a ``match_phrase`` over the whitespace-split field, a term a ``term`` query (the token
is already analysed). Title fields carry Whoosh's index-time field boost as a query boost.
"""
from __future__ import annotations

from typing import Any

from whoosh import query as Q

from indexer.schema import TITLE_FIELD_BOOST

Dsl = dict[str, Any]


def _boost(field: str, boost: float) -> float:
    return boost * TITLE_FIELD_BOOST if field.startswith("title_") else boost


def to_dsl(q: Q.Query) -> Dsl:
    """One Whoosh query as DSL; ValueError names a query type this backend does not translate.

    >>> to_dsl(Q.AndMaybe(Q.Term("body_fold", "hoa", boost=1.0), Q.Phrase("body_fold", ["hoa", "binh"], boost=5.0)))
    {'bool': {'must': [{'term': {'body_fold': {'value': 'hoa', 'boost': 1.0}}}], 'should': [{'match_phrase': {'body_fold': {'query': 'hoa binh', 'boost': 5.0}}}]}}
    >>> to_dsl(Q.And([Q.Term("kind", "event"), Q.NumericRange("year_end", 1945, None)]))
    {'bool': {'must': [{'term': {'kind': {'value': 'event', 'boost': 1.0}}}, {'range': {'year_end': {'gte': 1945}}}]}}
    """
    if isinstance(q, Q.Term):
        return {"term": {q.fieldname: {"value": q.text, "boost": _boost(q.fieldname, q.boost)}}}
    if isinstance(q, Q.Phrase):
        return {"match_phrase": {q.fieldname: {"query": " ".join(q.words),
                                               "boost": _boost(q.fieldname, q.boost)}}}
    if isinstance(q, Q.AndMaybe):
        return {"bool": {"must": [to_dsl(q.a)], "should": [to_dsl(q.b)]}}
    if isinstance(q, Q.And):
        positive = [to_dsl(s) for s in q.subqueries if not isinstance(s, Q.Not)]
        negative = [to_dsl(s.query) for s in q.subqueries if isinstance(s, Q.Not)]
        body: Dsl = {"must": positive or [{"match_all": {}}]}
        if negative:
            body["must_not"] = negative
        return {"bool": body}
    if isinstance(q, Q.Or):
        return {"bool": {"should": [to_dsl(s) for s in q.subqueries], "minimum_should_match": 1}}
    if isinstance(q, Q.Not):
        return {"bool": {"must": [{"match_all": {}}], "must_not": [to_dsl(q.query)]}}
    if isinstance(q, Q.Every):
        return {"match_all": {}}
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
