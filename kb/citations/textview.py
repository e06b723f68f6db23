"""A folded, same-length view of a text, so one regex pass serves accented and accent-free input.

The text is NFC-normalised (keeping a map back to the caller's offsets) and every character folded
one-for-one: marks dropped, đ→d, lowercase. Positions in the view are positions in the NFC text.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property, lru_cache

from kb.clean import fold, nfc_with_offsets
from kb.dates import DateMention, find_dates

_RANGES = ((0x41, 0x5B), (0xC0, 0x250), (0x1E00, 0x1F00))


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """Per-character fold for Latin letters; characters whose fold is not one letter stay."""
    table: dict[int, str] = {}
    for lo, hi in _RANGES:
        for cp in range(lo, hi):
            f = fold(chr(cp))
            if len(f) == 1 and f != chr(cp):
                table[cp] = f
    return table


@dataclass(frozen=True)
class TextView:
    """The caller's text, its NFC form, the folded view and the NFC→original offset map."""

    original: str
    nfc: str
    folded: str
    offsets: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map an NFC/folded span back to the original text."""
        return self.offsets[start], self.offsets[end]

    @cached_property
    def dates(self) -> tuple[list[int], list[DateMention]]:
        """Dates written in the text (kb.dates), found once per view: (original starts, mentions)."""
        mentions = [m for m in find_dates(self.original) if m.value is not None and not m.lunar]
        return [m.start for m in mentions], mentions

    def first_date(self, lo: int, hi: int) -> DateMention | None:
        """The first dated mention starting within NFC positions ``[lo, hi]``."""
        starts, mentions = self.dates
        a, b = self.offsets[lo], self.offsets[hi]
        i = bisect_left(starts, a)
        return mentions[i] if i < len(starts) and starts[i] <= b else None

    def to_nfc(self, pos: int) -> int:
        """Map an original offset (a span boundary) to the NFC/folded position."""
        return pos if self.nfc is self.original else bisect_left(self.offsets, pos)


def view(text: str) -> TextView:
    """Build the view of ``text``.

    >>> v = view("Quyết định 244-QĐ/TU")
    >>> v.folded
    'quyet dinh 244-qd/tu'
    >>> len(v.folded) == len(v.nfc)
    True
    """
    normal, offsets = nfc_with_offsets(text)
    return TextView(text, normal, normal.translate(_fold_table()), offsets)


class Spans:
    """Sorted, non-overlapping spans with an O(log n) overlap test (keeps finding linear)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._starts = [s for s, _ in self._spans]

    def overlaps(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps a stored span.

        >>> Spans([(0, 5), (10, 20)]).overlaps(5, 10), Spans([(0, 5), (10, 20)]).overlaps(19, 30)
        (False, True)
        """
        i = bisect_left(self._starts, end) - 1
        return i >= 0 and self._spans[i][1] > start
