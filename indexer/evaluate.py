"""Retrieval metrics for ``kb eval``: recall at k and mean reciprocal rank, over judged questions.

A question's recall@k is the share of its relevant documents found in the first k results
(relevant documents missing from the collection stay in the denominator, so a question whose
gold is absent counts as a miss), averaged over questions; MRR@k averages 1/rank of the first
relevant result within k (0 when none). These are the usual definitions for ALQAC-style
article retrieval, where most questions have one relevant article.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

CUTOFFS = (1, 5, 10, 100)


@dataclass(frozen=True)
class Question:
    """One judged query: its id, text and the ids of its relevant documents."""

    id: str
    text: str
    relevant: frozenset[str]


@dataclass
class Scores:
    """Averages over the questions of one run."""

    recall: dict[int, float] = field(default_factory=dict)
    mrr10: float = 0.0
    questions: int = 0

    def row(self) -> list[str]:
        return [f"{self.recall[k]:.3f}" for k in CUTOFFS] + [f"{self.mrr10:.3f}"]


def recall_at(ranked: Sequence[str], relevant: frozenset[str], k: int) -> float:
    """Share of ``relevant`` within the first ``k`` of ``ranked``.

    >>> recall_at(["a", "b", "c"], frozenset({"b", "z"}), 2)
    0.5
    """
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: frozenset[str], k: int = 10) -> float:
    """1/rank of the first relevant result within ``k``, else 0.

    >>> reciprocal_rank(["a", "b", "c"], frozenset({"c"})), reciprocal_rank(["a"], frozenset({"c"}))
    (0.3333333333333333, 0.0)
    """
    for rank, doc in enumerate(ranked[:k], 1):
        if doc in relevant:
            return 1.0 / rank
    return 0.0


def score_run(questions: Iterable[Question], rank: Callable[[str], Sequence[str]]) -> Scores:
    """Run ``rank`` (question text → ranked document ids) on every question and average.

    >>> qs = [Question("1", "x", frozenset({"a"})), Question("2", "y", frozenset({"b"}))]
    >>> s = score_run(qs, lambda text: ["a", "b"])
    >>> s.recall[1], s.mrr10
    (0.5, 0.75)
    """
    totals = {k: 0.0 for k in CUTOFFS}
    rr, n = 0.0, 0
    for q in questions:
        ranked = list(rank(q.text))
        for k in CUTOFFS:
            totals[k] += recall_at(ranked, q.relevant, k)
        rr += reciprocal_rank(ranked, q.relevant, 10)
        n += 1
    return Scores({k: v / max(n, 1) for k, v in totals.items()}, rr / max(n, 1), n)


class PlainBM25:
    """The baseline: Whoosh BM25F over one syllable field (``body_canon``), the question's
    words OR-ed by Whoosh's own QueryParser, no tiers, titles, compounds or bonuses."""

    def __init__(self, searcher, field: str = "body_canon", limit: int = 100) -> None:
        from whoosh.qparser import OrGroup, QueryParser

        self.searcher, self.limit = searcher, limit
        self.parser = QueryParser(field, searcher.schema, group=OrGroup)

    def __call__(self, text: str) -> list[str]:
        from whoosh.qparser import QueryParserError

        try:
            q = self.parser.parse(text.replace("?", " ").replace(":", " ").replace("*", " "))
        except QueryParserError:
            return []
        return [hit["id"] for hit in self.searcher.search(q, limit=self.limit)]
