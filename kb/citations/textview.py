"""A folded, same-length view of a text, so one regex pass serves accented and accent-free input.

The text is NFC-normalised, invisible characters (soft hyphens, zero-width spaces) are dropped,
keeping a map back to the caller's offsets, and every character is folded one-for-one: marks
dropped, đ→d, lowercase. Positions in the view are positions in that NFC text.

Real documents put noise between the parts of a citation: the hard line breaks of a text copied
from a PDF, footnote marks ("[23]", "¹", "(1)"), Markdown emphasis, a doubled "ngày". The view
blanks that noise to spaces (same length, so offsets still hold), and every pattern reads the
blanked view: for finding and attaching, noise is just more space. A blank line (a paragraph
break) stays a line break, so nothing attaches across paragraphs.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from kb.clean import fold, nfc_with_offsets
from kb.dates import DateMention, find_dates

_RANGES = ((0x41, 0x5B), (0xC0, 0x250), (0x1E00, 0x1F00))
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_SUPERSCRIPTS = "\u00b9\u00b2\u00b3\u2070\u2074-\u2079"
# noise between citation parts, matched on the folded text; each match is blanked to spaces
_NOISE = re.compile(
    rf"(?=[\[<(*_n \t\n{_SUPERSCRIPTS}])(?:"  # a cheap first-character test before the alternatives
    r"\[\^?\d{1,3}\]"  # footnote marks [23], Markdown [^4]
    rf"|[{_SUPERSCRIPTS}]+"  # superscript footnote numbers ¹²
    r"|<sup>\s*\d{1,3}\s*</sup>"
    r"|(?<=[^\s(])\(\d{1,2}\)"  # a mark glued to the word before: 52-NQ/TW(1)
    r"|\(\d{1,2}\)(?=[ \t]*(?:[,;]|ngay(?!\w)|\n|$))"  # a mark before ", ngày" or the line end
    r"|\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)"  # Markdown emphasis
    r"|(?<!\w)ngay(?=[ \t]+ngay(?!\w))"  # "ngày ngày": the first one
    r"|(?<!\n)[ \t]*\n(?![ \t]*\n)"  # a single line break (a hard wrap), not a paragraph break
    r")"
)


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


def fold_same_length(text: str) -> str:
    """Fold one character for one (marks dropped, đ→d, lowercase); used for short slices.

    >>> fold_same_length("Số: 36-HĐ\\n")
    'so: 36-hd\\n'
    """
    return text.translate(_fold_table())


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every span replaced by as many spaces.

    >>> blank("52-NQ/TW [23] ngày", [(9, 13)])
    '52-NQ/TW      ngày'
    """
    if not spans:
        return text
    parts, at = [], 0
    for a, b in spans:
        parts += [text[at:a], " " * (b - a)]
        at = b
    parts.append(text[at:])
    return "".join(parts)


@dataclass(frozen=True)
class TextView:
    """The caller's text, its NFC form, the folded view and the NFC→original offset map.

    ``clean`` is the NFC text with the noise blanked (what dates are read from); ``folded`` is
    ``clean`` folded. All three have the same length.
    """

    original: str
    nfc: str
    folded: str
    offsets: list[int]
    clean: str = ""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map an NFC/folded span back to the original text."""
        return self.offsets[start], self.offsets[end]

    @cached_property
    def dates(self) -> tuple[list[int], list[DateMention]]:
        """Dates written in the text (kb.dates), found once per view: (view starts, mentions).

        Mentions carry view positions, read from the blanked text (a date broken by a line wrap
        is still one date), and the text as the caller wrote it. A date whose year the writer left
        out ("ngày 3 tháng 3", the year guessed from another sentence) is not a citation's date.
        """
        out = []
        for m in find_dates(self.clean or self.nfc):
            if m.value is not None and not m.lunar and not m.year_inferred:
                a, b = self.span(m.start, m.end)
                out.append(replace(m, text=self.original[a:b]))
        return [m.start for m in out], out

    def first_date(self, lo: int, hi: int) -> DateMention | None:
        """The first dated mention starting within view positions ``[lo, hi]``."""
        starts, mentions = self.dates
        i = bisect_left(starts, lo)
        return mentions[i] if i < len(starts) and starts[i] <= hi else None

    def to_nfc(self, pos: int) -> int:
        """Map an original offset (a span boundary) to the NFC/folded position."""
        return pos if self.nfc is self.original else bisect_left(self.offsets, pos)


def _drop_invisible(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Remove soft hyphens and zero-width characters, keeping the offset map in step."""
    if not any(c in text for c in _INVISIBLE):
        return text, offsets
    keep = [i for i, c in enumerate(text) if c not in _INVISIBLE]
    return "".join(text[i] for i in keep), [offsets[i] for i in keep] + [offsets[len(text)]]


def view(text: str) -> TextView:
    """Build the view of ``text``.

    >>> v = view("Quyết định 244-QĐ/TU")
    >>> v.folded
    'quyet dinh 244-qd/tu'
    >>> len(v.folded) == len(v.nfc)
    True
    >>> view("Nghị quyết số\\n57-NQ/TW [3] ngày ngày 22/12/2024").folded
    'nghi quyet so 57-nq/tw          ngay 22/12/2024'
    >>> v = view("Nghị quy\u00adết 52")
    >>> v.nfc, v.span(11, 13)
    ('Nghị quyết 52', (12, 14))
    """
    normal, offsets = nfc_with_offsets(text)
    normal, offsets = _drop_invisible(normal, offsets)
    folded = fold_same_length(normal)
    noise = [m.span() for m in _NOISE.finditer(folded) if m.end() > m.start()]
    if not noise:
        return TextView(text, normal, folded, offsets, normal)
    return TextView(text, normal, blank(folded, noise), offsets, blank(normal, noise))


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
