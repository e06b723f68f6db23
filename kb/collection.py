"""What the collection holds, for a first-time visitor: counts by decade, the most cited
documents, the newest additions and "on this day". Pure functions over the corpus, the citation
graph and facet counts the search already computes (no second index).
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kb.chronicle import filter_events
from kb.citations.graph import CitationGraph
from kb.models import Corpus, Document, Event, Record


def decades(year_counts: Iterable[tuple[str, int]]) -> list[tuple[int, int]]:
    """Sum a year facet into decades, oldest first; values that are not years are skipped.

    >>> decades([("2019", 3), ("2011", 2), ("1930", 1), ("", 4)])
    [(1930, 1), (2010, 5)]
    """
    out: dict[int, int] = {}
    for year, count in year_counts:
        if str(year).isdigit():
            decade = int(year) // 10 * 10
            out[decade] = out.get(decade, 0) + count
    return sorted(out.items())


@dataclass(frozen=True)
class Cited:
    """A document and how many corpus records cite it."""

    document: Document
    count: int


def most_cited(corpus: Corpus, graph: CitationGraph, limit: int = 10) -> list[Cited]:
    """Documents cited by the most other records (each citing record counted once), then by id.

    >>> from kb.models import Source
    >>> d = Document("nq", "document", "NQ", (Source("s", "S"),))
    >>> most_cited(Corpus((d,)), CitationGraph({}, {"nq": [("a", None), ("b", None)]}))[0].count
    2
    """
    counts = [(len({rid for rid, _ in graph.cited_by.get(d.id, [])}), d) for d in corpus.documents]
    counts = [(n, d) for n, d in counts if n]
    counts.sort(key=lambda nd: (-nd[0], nd[1].id))
    return [Cited(d, n) for n, d in counts[:limit]]


def on_this_day(corpus: Corpus, today: date) -> list[Event]:
    """Events known to the day that fell on today's day and month in some year."""
    return filter_events(corpus.events, on_this_day=(today.month, today.day))


def newest(corpus: Corpus, limit: int = 8) -> list[Record]:
    """Records whose files changed most recently (added by ``kb add``, imported or edited).

    The corpus is files, so a file's modification time is when its record last arrived or
    changed; records without a readable file (built in memory) are left out.
    """
    dated = []
    for rec in corpus.records():
        try:
            dated.append((os.stat(rec.path).st_mtime, rec.id, rec))
        except (OSError, ValueError):
            continue
    dated.sort(key=lambda t: (-t[0], t[1]))
    return [rec for _, _, rec in dated[:limit]]
