"""Whoosh TEXT fields whose postings come straight from the analysis chain's cached results.

Whoosh's ``TEXT.index`` runs the analyzer as a generator of reused Token objects, once per
field, then groups tokens into postings; on news text that costs more than the segmentation.
These fields produce the same postings (checked in tests/test_fields.py) from one pass that
serves both tiers of a text, and keep the analyzer for queries, highlighting and Whoosh's own
QueryParser.
"""
from __future__ import annotations

from collections import Counter
from operator import sub
from pickle import dumps, loads
from collections.abc import Iterator

from whoosh.fields import TEXT
from whoosh.system import pack_uint

from indexer.analysis import compound_analyzer, compound_words, tier_analyzer, tier_positions

Posting = tuple[bytes, int, float, bytes]
_TIER_INDEX = {"canon": 0, "fold": 1}
# position → Positions.encode([position]); the first 65,536 positions cover all but the longest
# texts (a posting that occurs once is the common case), about 4 MB
_SINGLE: dict[int, bytes] = {}
# term → its UTF-8 bytes; at most 1,000,000 terms (about 80 MB): an index's vocabulary of syllables
# and keys, so a bulk import stops caching rare terms rather than growing without bound
_BYTES: dict[str, bytes] = {}


class TierText(TEXT):
    """Syllables and protected keys in one tier (canon or fold), with positions for phrases."""

    def __init__(self, tier: str, field_boost: float = 1.0) -> None:
        if tier not in _TIER_INDEX:
            raise ValueError(f"tier {tier!r} is not indexed")
        super().__init__(analyzer=tier_analyzer(tier), phrase=True, field_boost=field_boost)
        self.tier = tier

    def index(self, value: str, **kwargs) -> Iterator[Posting]:
        if kwargs or not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        terms, freqs, values = self.postings(value)
        boost = self.format.field_boost
        for term, freq, vbytes in zip(terms, freqs, values):
            yield term, freq, freq * boost, vbytes

    def postings(self, value: str) -> tuple[list[bytes], list[int], list[bytes]]:
        """Term bytes, frequencies and encoded positions of ``value``, as parallel lists."""
        terms, lists = self.positions(value)
        return terms, [len(p) for p in lists], [encode(p) for p in lists]

    def found(self, value: str) -> dict[str, list[int]]:
        """Each term of ``value`` in this tier and its positions (ascending): the segment
        writer's input, kept raw until the term is written."""
        return tier_positions(value)[_TIER_INDEX[self.tier]]

    def positions(self, value: str) -> tuple[list[bytes], list[list[int]]]:
        """Term bytes and each term's positions in ``value`` (ascending), as parallel lists: the
        segment writer keeps them raw and encodes them for Whoosh when it writes the term."""
        found = tier_positions(value)[_TIER_INDEX[self.tier]]
        return [_BYTES.get(w) or _term_bytes(w) for w in found], list(found.values())


def encode_positions(positions: list[int]) -> bytes:
    """Whoosh's ``Positions.encode``, the same bytes: a count, then the pickled deltas.

    >>> from whoosh.formats import Positions
    >>> encode_positions([3, 7, 300, 70000]) == Positions().encode([3, 7, 300, 70000])
    True
    """
    return pack_uint(len(positions)) + dumps([positions[0], *map(sub, positions[1:], positions)], 2)


def encode(positions: list[int]) -> bytes:
    """:func:`encode_positions`, memoised for the common single position.

    >>> encode([7]) == encode_positions([7]) and encode([1, 4]) == encode_positions([1, 4])
    True
    """
    if len(positions) == 1:
        return _SINGLE.get(positions[0]) or _one(positions[0])
    return encode_positions(positions)


def encode_runs(positions, ends) -> list[bytes]:
    """:func:`encode` of each run ``positions[previous end:end]`` (one term's postings as the pool
    keeps them), without slicing out the common single positions.

    >>> encode_runs([4, 1, 9, 30], [1, 4]) == [encode([4]), encode([1, 9, 30])]
    True
    """
    out, start, single = [], 0, _SINGLE
    for end in ends:
        if end - start == 1:
            p = positions[start]
            out.append(single.get(p) or _one(p))
        else:
            out.append(encode_positions(positions[start:end]))
        start = end
    return out


def decode_positions(value: bytes) -> list[int]:
    """The positions in Whoosh's ``Positions`` encoding (the inverse of :func:`encode_positions`).

    >>> decode_positions(encode_positions([3, 7, 300, 70000]))
    [3, 7, 300, 70000]
    """
    out, at = [], 0
    for delta in loads(value[4:]):
        at += delta
        out.append(at)
    return out


def _one(position: int) -> bytes:
    """The encoding of a single position, memoised (most postings have one)."""
    value = encode_positions([position])
    if len(_SINGLE) < 65536:
        _SINGLE[position] = value
    return value


def _term_bytes(word: str) -> bytes:
    value = word.encode("utf-8")
    if len(_BYTES) < 1_000_000:
        _BYTES[word] = value
    return value


class CompoundText(TEXT):
    """pyvi's compound words, frequencies only."""

    def __init__(self) -> None:
        super().__init__(analyzer=compound_analyzer(), phrase=False)

    def index(self, value: str, **kwargs) -> Iterator[Posting]:
        if kwargs or not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        boost = self.format.field_boost
        for word, freq in Counter(compound_words(value)).items():
            yield word.encode("utf-8"), freq, freq * boost, pack_uint(freq)
