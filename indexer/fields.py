"""Whoosh TEXT fields whose postings come straight from the analysis chain's cached results.

Whoosh's ``TEXT.index`` runs the analyzer as a generator of reused Token objects, once per
field, then groups tokens into postings; on news text that costs more than the segmentation.
These fields produce the same postings (checked in tests/test_fields.py) from one pass that
serves both tiers of a text, and keep the analyzer for queries, highlighting and Whoosh's own
QueryParser.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from whoosh.fields import TEXT
from whoosh.system import pack_uint

from indexer.analysis import compound_analyzer, compound_words, tier_analyzer, tier_positions

Posting = tuple[bytes, int, float, bytes]
_TIER_INDEX = {"canon": 0, "fold": 1}
_SINGLE: dict[int, bytes] = {}  # position → Positions.encode([position])


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
        fmt = self.format
        encode, boost, single = fmt.encode, fmt.field_boost, _SINGLE
        for word, poslist in tier_positions(value)[_TIER_INDEX[self.tier]].items():
            if len(poslist) == 1:  # most postings: memoise the encoding of one position
                vbytes = single.get(poslist[0])
                if vbytes is None:
                    vbytes = encode(poslist)
                    if len(single) < 65536:
                        single[poslist[0]] = vbytes
            else:
                vbytes = encode(poslist)
            yield word.encode("utf-8"), len(poslist), len(poslist) * boost, vbytes


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
