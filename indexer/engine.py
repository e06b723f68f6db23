"""Evaluate the Whoosh queries ``indexer.search`` builds with numpy, scoring as Whoosh does.

Whoosh's collector visits every matching document in Python to score it, count it and file it
under facets (about 50 µs a document with our tiered queries). Here each term's posting list
(indexer.postcache) is scored at once with Whoosh's own BM25F formula and statistics, ``Or``
adds, ``And`` intersects, phrases are checked on positions of the documents that have every
word, and the exact total, the facet counts and the top of the ranking come from whole-array
operations. Scores equal Whoosh's (tests/test_engine.py compares the two); a query shape this
module does not know raises :class:`Unsupported` and the caller asks Whoosh instead.
"""
from __future__ import annotations

from dataclasses import dataclass
import numpy as np
from whoosh import query as Q

from indexer.postcache import CACHE, POS_BITS, Leaf, leaves


class Unsupported(Exception):
    """A query node Whoosh must evaluate itself."""


@dataclass
class Match:
    """Which documents match (over the searcher's docnums) and their scores (0 elsewhere)."""

    mask: np.ndarray
    score: np.ndarray


@dataclass(frozen=True)
class Ranked:
    """What a search needs from the engine: exact total, one page of (docnum, score), facets."""

    total: int
    hits: list[tuple[int, float]]
    facets: dict[str, list[tuple[str, int]]]


class Engine:
    """One evaluation context per searcher (segments, live mask, BM25F parameters)."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        self.leaves: list[Leaf] = leaves(searcher)
        self.n = sum(leaf.count for leaf in self.leaves)
        self.live = np.concatenate([leaf.live for leaf in self.leaves]) if self.leaves else np.zeros(0, bool)
        w = searcher.weighting
        if type(w).__name__ != "BM25F" or getattr(w, "_field_B", None):
            raise Unsupported("only plain BM25F is reproduced")
        self.B, self.K1 = w.B, w.K1
        # one query's terms, scored once: a phrase's words are usually also terms of the query
        # (the adjacent-word bonus repeats the accent-free words); a Match is never changed in place
        self._terms: dict[tuple[str, str, float], Match] = {}

    # -- leaves ---------------------------------------------------------------------------
    def _term(self, q: Q.Term) -> Match:
        key = (q.fieldname, q.text, q.boost)
        found = self._terms.get(key)
        if found is None:
            found = self._terms[key] = self._score_term(q)
        return found

    def _score_term(self, q: Q.Term) -> Match:
        schema = self.searcher.schema
        mask, score = np.zeros(self.n, bool), np.zeros(self.n)
        if q.fieldname not in schema:
            return Match(mask, score)
        field = schema[q.fieldname]
        try:
            btext = field.to_bytes(q.text)
        except ValueError:
            return Match(mask, score)
        scorable, idf = field.scorable, None
        for leaf in self.leaves:
            p = leaf.postings(q.fieldname, btext)
            if not len(p.ids):
                continue
            if scorable and idf is None:  # only for a term some document has, as Whoosh does
                idf = self.searcher.idf(q.fieldname, btext)
                avgfl = self.searcher.avg_field_length(q.fieldname) or 1
            at = p.ids + leaf.offset
            mask[at] = True
            if scorable:
                fl = leaf.lengths(q.fieldname)[p.ids]
                tf = p.weights
                score[at] = idf * ((tf * (self.K1 + 1)) / (tf + self.K1 * ((1 - self.B) + self.B * fl / avgfl)))
            else:
                score[at] = p.weights
        if q.boost != 1.0:
            score *= q.boost
        return Match(mask, score)

    def _phrase(self, q: Q.Phrase, only: np.ndarray | None = None) -> Match:
        """An exact phrase; with ``only``, checked on those documents alone (none elsewhere)."""
        if q.slop != 1 or len(q.words) < 2:
            raise Unsupported("only exact phrases")
        parts = [self._term(Q.Term(q.fieldname, w)) for w in q.words]
        mask = np.logical_and.reduce([p.mask for p in parts])
        if only is not None:
            mask &= only
        field = self.searcher.schema[q.fieldname]
        btexts = [field.to_bytes(w) for w in q.words]
        for leaf in self.leaves:
            lo, hi = leaf.offset, leaf.offset + leaf.count
            local = np.flatnonzero(mask[lo:hi])
            if len(local):
                mask[lo + local[~_phrase_at(leaf, q.fieldname, btexts, local)]] = False
        score = np.where(mask, sum(p.score for p in parts), 0.0)
        if q.boost != 1.0:
            score *= q.boost
        return Match(mask, score)

    # -- combinations ---------------------------------------------------------------------
    def run(self, q: Q.Query) -> Match:
        """Evaluate ``q`` over every document (deleted ones included; ``rank`` drops them)."""
        m = self._run(q)
        if not isinstance(q, (Q.Term, Q.Phrase, Q.Every)) and q.boost != 1.0:
            m.score *= q.boost  # Whoosh wraps a boosted compound's matcher
        return m

    def _run(self, q: Q.Query) -> Match:
        if isinstance(q, Q.Term):
            return self._term(q)
        if isinstance(q, Q.Phrase):
            return self._phrase(q)
        if isinstance(q, Q.Every):
            return Match(np.ones(self.n, bool), np.full(self.n, float(q.boost)))
        if isinstance(q, Q.AndMaybe):
            a, b = self.run(q.a), self.run(q.b)
            return Match(a.mask, np.where(a.mask, a.score + b.score, 0.0))
        if isinstance(q, Q.And):
            pos = [s for s in q.subqueries if not isinstance(s, Q.Not)]
            neg = [s.query for s in q.subqueries if isinstance(s, Q.Not)]
            if not pos:
                raise Unsupported("a purely negative And")
            got = [self.run(s) for s in pos]
            mask = np.logical_and.reduce([m.mask for m in got])
            for s in neg:
                mask &= ~self.run(s).mask
            # Whoosh matches a Not inside And with an InverseMatcher that scores 1.0
            return Match(mask, np.where(mask, sum(m.score for m in got) + len(neg), 0.0))
        if type(q) is Q.Or and q.minmatch in (0, 1) and q.scale is None:
            got = [self.run(s) for s in q.subqueries if not isinstance(s, Q.Not)]
            if len(got) != len(q.subqueries) or not got:
                raise Unsupported("Or with Not")
            return Match(np.logical_or.reduce([m.mask for m in got]), sum(m.score for m in got))
        if isinstance(q, Q.NumericRange):
            return self._range(q)
        if q is Q.NullQuery:
            return Match(np.zeros(self.n, bool), np.zeros(self.n))
        raise Unsupported(type(q).__name__)

    def rank(self, q: Q.Query, allowed: np.ndarray | None, page: int, limit: int,
             facet_fields: tuple[str, ...]) -> Ranked:
        """Total, the page's (docnum, score) in Whoosh's order (score, then docnum), facets."""
        keep = self.live if allowed is None else self.live & allowed
        m = self._bonus_on_top(q, keep, page * limit) or self.run(q)
        mask = m.mask & keep
        ids = np.flatnonzero(mask)
        if len(ids) and (page - 1) * limit >= len(ids):
            page = -(-len(ids) // limit)  # past the end: the last page, as Whoosh's search_page does
        want = page * limit
        scores = m.score[ids]
        if len(ids) > want * 4:
            cut = np.partition(scores, len(scores) - want)[len(scores) - want]
            keep = scores >= cut
            ids, scores = ids[keep], scores[keep]
        order = np.lexsort((ids, -scores))[(page - 1) * limit: want]
        hits = [(int(ids[i]), float(scores[i])) for i in order]
        return Ranked(int(mask.sum()), hits, {f: self.facet(f, mask) for f in facet_fields})

    def _bonus_on_top(self, q: Q.Query, keep: np.ndarray, want: int) -> Match | None:
        """``a ANDMAYBE (bonus terms OR phrases)`` with the phrases checked only where they can
        change the first ``want`` results, or None for any other query.

        The bonus never changes which documents match (``a`` decides), only their order. A
        phrase scores the sum of its words' scores where its words are adjacent, so that sum over
        the documents holding all its words bounds it from above. With every other part scored
        exactly, the ``want``-th best lower bound is a score at least ``want`` documents reach;
        a document whose upper bound falls below it cannot be among them, and its phrases are
        not looked up (the costly part: positions of common words). Those documents keep a score
        without their phrases, lower than any shown, so the page, the total and the facets are
        what the full evaluation gives (tests/test_engine.py compares with Whoosh page by page).
        """
        b = q.b if isinstance(q, Q.AndMaybe) else None
        if (b is None or q.boost != 1.0 or type(b) is not Q.Or or b.boost != 1.0
                or b.minmatch not in (0, 1) or b.scale is not None):
            return None
        phrases = [i for i, s in enumerate(b.subqueries) if isinstance(s, Q.Phrase)]
        if not phrases or any(isinstance(s, Q.Not) for s in b.subqueries):
            return None
        a = self.run(q.a)
        parts: list[Match | None] = [None if i in phrases else self.run(s) for i, s in enumerate(b.subqueries)]
        lower = a.score + sum(m.score for m in parts if m is not None)
        upper = lower.copy()
        for i in phrases:
            ph = b.subqueries[i]
            words = [self._term(Q.Term(ph.fieldname, w)) for w in ph.words]
            upper += np.where(np.logical_and.reduce([w.mask for w in words]), sum(w.score for w in words), 0.0) * ph.boost
        only = a.mask & keep
        ids = np.flatnonzero(only)
        if len(ids) > want:
            floor = np.partition(lower[ids], len(ids) - want)[len(ids) - want]
            only = np.zeros(self.n, bool)
            only[ids[upper[ids] >= floor - 1e-9 * abs(floor)]] = True
        for i in phrases:
            parts[i] = self._phrase(b.subqueries[i], only)
        return Match(a.mask, np.where(a.mask, a.score + sum(m.score for m in parts if m is not None), 0.0))

    def facet(self, field: str, mask: np.ndarray) -> list[tuple[str, int]]:
        """(value, count) of ``field`` over the matching documents, most frequent first."""
        counts: dict[str, int] = {}
        for leaf in self.leaves:
            codes, values = leaf.column(field)
            if not values:
                continue
            sel = codes[mask[leaf.offset: leaf.offset + leaf.count]]
            for code, c in enumerate(np.bincount(sel[sel >= 0], minlength=len(values))):
                if c:
                    key = str(values[code])
                    counts[key] = counts.get(key, 0) + int(c)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def filter_mask(self, fq: Q.Query | None) -> np.ndarray | None:
        """A filter query as a mask: terms through the cached postings, ranges through Whoosh."""
        return None if fq is None else self.run(fq).mask

    def _range(self, q: Q.Query) -> Match:
        """A numeric range, matched by Whoosh once per set of segments and kept."""
        key = ("range", tuple(leaf.key for leaf in self.leaves), repr(q))
        mask = CACHE.get(key)
        if mask is None:
            mask = np.zeros(self.n, bool)
            found = list(self.searcher.docs_for_query(q))
            if found:
                mask[np.asarray(found, dtype=np.int64)] = True
            CACHE.put(key, mask, mask.nbytes + 200)
        return Match(mask.copy(), np.zeros(self.n))


def _phrase_at(leaf: Leaf, field: str, btexts: list[bytes], local: np.ndarray) -> np.ndarray:
    """For each candidate document of ``leaf``, whether the words occur at consecutive positions.

    Occurrences are ``doc << 24 | position`` keys, sorted; the rarest word's occurrences in the
    candidates give the phrase starts to try, and each other word must sit at start + offset.
    """
    keys = [leaf.positions(field, b) for b in btexts]
    rare = min(range(len(keys)), key=lambda j: len(keys[j]))
    starts = _in_docs(keys[rare], local) - rare
    for j, k in enumerate(keys):
        if j == rare or not len(starts):
            continue
        want = starts + j
        at = np.minimum(np.searchsorted(k, want), len(k) - 1)
        starts = starts[k[at] == want] if len(k) else starts[:0]
    found = np.zeros(leaf.count, bool)
    found[starts >> POS_BITS] = True
    return found[local]


def _in_docs(keys: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """The occurrences (sorted ``doc << 24 | position`` keys) that fall in ``docs`` (ascending).

    Few documents: each one's run of keys is found by binary search; many: one pass over all
    keys through a lookup table.

    >>> keys = np.array([1 << 24 | 3, 2 << 24 | 0, 2 << 24 | 9, 5 << 24 | 1])
    >>> _in_docs(keys, np.array([2, 5])).tolist() == keys[1:].tolist()
    True
    """
    if len(docs) * 32 < len(keys):
        lo = np.searchsorted(keys, docs << POS_BITS)
        hi = np.searchsorted(keys, (docs + 1) << POS_BITS)
        counts = hi - lo
        at = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
        return keys[at]
    table = np.zeros(int(docs[-1]) + 1 if len(docs) else 0, bool)
    table[docs] = True
    doc = keys >> POS_BITS
    inside = doc < len(table)
    inside[inside] = table[doc[inside]]
    return keys[inside]
