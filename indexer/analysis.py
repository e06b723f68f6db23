"""The Vietnamese analysis chain, in Whoosh's ``Tokenizer | Filter`` style, shared by index and query.

Text is cut into *pieces* with offsets into the original string (NFC or not): syllables, and
protected tokens (Party numbers such as 52-NQ/TW, state numbers such as 15/2020/NĐ-CP, numeric
dates) kept whole under canonical keys and also indexed by their parts. Filters then compute one
search tier each: ``canon`` (tone placement unified), ``variant`` (i/y spellings unified), ``fold``
(no accents, đ → d). pyvi adds compound words (``công_tác``) in a field of their own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from whoosh.analysis import Filter, Tokenizer
from whoosh.analysis.acore import Token

from indexer.segment import segmenter, tokenize as segment
from kb.citations.numbers import find_numbers, full_key, number_key
from kb.clean import canon_syllable, fold, nfc, nfc_with_offsets, variant_syllable
from kb.dates import find_dates

_SYLLABLE_RE = SYLLABLE_RE = re.compile(r"[^\W_]+")  # a syllable: letters and digits
_LETTERS_RE = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Piece:
    """A span of the original text: a syllable, or a protected token's keys (then ``keys`` is set)."""

    start: int
    end: int
    text: str
    keys: tuple[str, ...] = ()


@lru_cache(maxsize=8)  # a title is cut into pieces for its name key, then indexed: one pass
def protected_spans(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """Spans of document numbers and day-precision dates in NFC ``text``, with their keys.

    >>> protected_spans("Nghị quyết 52/NQ-TW ngày 27.9.2019")
    [(11, 19, ('52-nq/tw', '52-nq')), (25, 34, ('2019-09-27',))]
    """
    spans: list[tuple[int, int, tuple[str, ...]]] = []
    for m in find_numbers(text):
        keys = [full_key(m.canonical).lower()]
        if m.family == "party":
            keys.append(number_key(m.canonical).lower())
        spans.append((m.start, m.end, tuple(dict.fromkeys(keys))))
    for d in find_dates(text):
        if d.value is not None and d.value.precision == "day" and any(c.isdigit() for c in d.text[:3]):
            spans.append((d.start, d.end, (d.value.iso(),)))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int, tuple[str, ...]]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


@lru_cache(maxsize=16)
def pieces(text: str) -> tuple[Piece, ...]:
    """Cut ``text`` into pieces whose offsets point into ``text`` itself, even when it is NFD.

    >>> [(p.text, p.keys) for p in pieces("Số 05-CT/TW về Hòa bình")]
    [('Số', ()), ('05-CT/TW', ('5-ct/tw', '5-ct')), ('05', ()), ('CT', ()), ('TW', ()), ('về', ()), ('Hòa', ()), ('bình', ())]
    """
    norm, offs = nfc_with_offsets(text)
    out: list[Piece] = []
    cursor = 0

    def syllables(lo: int, hi: int) -> None:
        for m in _SYLLABLE_RE.finditer(norm, lo, hi):
            out.append(Piece(offs[m.start()], offs[m.end()], m.group()))

    for lo, hi, keys in protected_spans(norm):
        syllables(cursor, lo)
        out.append(Piece(offs[lo], offs[hi], norm[lo:hi], keys))
        syllables(lo, hi)
        cursor = hi
    syllables(cursor, len(norm))
    return tuple(out)


@lru_cache(maxsize=262144)
def canon_form(word: str) -> str:
    """The ``canon`` tier of a syllable or key: lowercase, one tone placement (memoised: the
    vocabulary of syllables is small, and this runs once per token per field)."""
    return _LETTERS_RE.sub(lambda m: canon_syllable(m.group()), word.lower())


@lru_cache(maxsize=262144)
def variant_form(word: str) -> str:
    """The ``variant`` tier: canon plus kỹ = kĩ, quý = quí."""
    return _LETTERS_RE.sub(lambda m: variant_syllable(m.group()), word.lower())


@lru_cache(maxsize=262144)
def fold_form(word: str) -> str:
    """The ``fold`` tier: no marks, đ → d."""
    return fold(word)


TIERS = {"canon": canon_form, "variant": variant_form, "fold": fold_form}
@lru_cache(maxsize=8)
def tier_positions(text: str) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Term → positions in the canon and fold tiers, exactly what ``tier_analyzer`` emits.

    The indexer's fast path: positions are grouped by the syllable as written (one dict step per
    syllable), then each distinct syllable is mapped to its tiers once; no Token objects and no
    offsets (the index stores none). A protected token's keys share its first part's position.

    >>> canon, folded = tier_positions("Hòa bình 52/NQ-TW hoà")
    >>> canon
    {'hoà': [0, 5], 'bình': [1], '52-nq/tw': [2], '52-nq': [2], '52': [2], 'nq': [3], 'tw': [4]}
    >>> folded['hoa'], folded['52-nq/tw']
    ([0, 5], [2])
    """
    norm = nfc(text)
    written: dict[str, list[int]] = {}
    pos = cursor = 0
    findall = _SYLLABLE_RE.findall

    def add(words: list[str]) -> None:
        nonlocal pos
        for i, w in enumerate(words, pos):
            seen = written.get(w)
            if seen is None:
                written[w] = [i]
            else:
                seen.append(i)
        pos += len(words)

    for lo, hi, keys in protected_spans(norm):
        add(findall(norm, cursor, lo))
        for k in keys:
            written.setdefault(_KEY + k, []).append(pos)
        add(findall(norm, lo, hi))
        cursor = hi
    add(findall(norm, cursor))
    return _merge(written)


_KEY = "\0"  # marks a protected key among written syllables (no syllable contains it)
# written syllable or key → (canon, fold). Bounded at FORMS_MAX entries (about 60 MB): Vietnamese
# writes some 7,000 syllables and their spellings, so past the bound only rare keys (numbers,
# dates, foreign words) are left, and those are recomputed, not stored
_FORMS: dict[str, tuple[str, str]] = {}
FORMS_MAX = 500_000


def _forms(written: str) -> tuple[str, str]:
    text = written[1:] if written[0] == _KEY else written
    found = (canon_form(text), fold_form(text))
    if len(_FORMS) < FORMS_MAX:
        _FORMS[written] = found
    return found


def _merge(written: dict[str, list[int]]) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Positions per canon and per fold form; written forms sharing one (Đảng, đảng) are merged."""
    canon: dict[str, list[int]] = {}
    folded: dict[str, list[int]] = {}
    merged: list[list[int]] = []
    for w, positions in written.items():
        c, f = _FORMS.get(w) or _forms(w)
        for out, key in ((canon, c), (folded, f)):
            have = out.get(key)
            if have is None:
                out[key] = positions
            else:
                out[key] = joined = have + positions
                merged.append(joined)
    for positions in merged:
        positions.sort()
    return canon, folded


class SyllableTokenizer(Tokenizer):
    """Emit syllables and protected keys; a key shares the position of its first part."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for p in pieces(value):
            for text in p.keys or (p.text,):
                t.text = text
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = p.text
                if positions:
                    t.pos = pos
                if chars:
                    t.startchar, t.endchar = start_char + p.start, start_char + p.end
                yield t
            if not p.keys:
                pos += 1


class TierFilter(Filter):
    """Rewrite each token into one search tier (canon, variant or fold)."""

    def __init__(self, tier: str) -> None:
        if tier not in TIERS:
            raise ValueError(f"unknown tier {tier!r}")
        self.tier = tier  # only the name: Whoosh pickles the schema with its analyzers

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TierFilter) and other.tier == self.tier

    def __call__(self, tokens):
        fn = TIERS[self.tier]
        for t in tokens:
            t.text = fn(t.text)
            yield t


def _compound_end(norm: str, parts: list[str], end: int) -> int | None:
    """Where a compound's last syllable ends, each next syllable found within 3 characters of the
    previous one (pyvi re-spaces the text); None when one is not found."""
    for part in parts[1:]:
        nxt = norm.find(part, end)
        if nxt < 0 or nxt - end > 3:
            return None
        end = nxt + len(part)
    return end


def compounds(text: str) -> list[tuple[int, int, str]]:
    """pyvi's multi-syllable words in ``text`` as (start, end, 'công_tác'), offsets into ``text``.

    >>> [w for _, _, w in compounds("Ban Tuyên giáo Tỉnh ủy")]
    ['tuyên_giáo', 'tỉnh_uỷ']
    """
    norm, offs = nfc_with_offsets(text)
    norm = norm.replace("_", " ")  # '_' joins pyvi's words: one in the text made empty compounds
    out = []
    seg = segmenter()
    if seg is not None:  # the fast segmenter knows where each word starts: align only words with '_'
        for first, word in seg.words(norm):
            parts = word.split("_")
            end = _compound_end(norm, parts, first + len(parts[0]))
            if end is not None:
                out.append((offs[first], offs[end], "_".join(canon_form(p) for p in parts)))
        return out
    cursor = 0
    for word in segment(norm).split():
        parts = word.split("_")
        first = norm.find(parts[0], cursor)
        if first < 0:
            continue
        cursor = first + len(parts[0])
        end = _compound_end(norm, parts, cursor)
        if end is not None:
            if len(parts) > 1:
                out.append((offs[first], offs[end], "_".join(canon_form(p) for p in parts)))
            cursor = end
    return out


def compound_words(text: str) -> list[str]:
    """The words of :func:`compounds` without their offsets, which indexing does not need (one
    regex pass instead of two, and no alignment on the text).

    >>> compound_words("Ban Tuyên giáo Tỉnh ủy")
    ['tuyên_giáo', 'tỉnh_uỷ']
    """
    seg = segmenter()
    groups = seg.compound_groups(nfc(text)) if seg is not None else None
    if groups is None:
        return [w for _, _, w in compounds(text)]
    return ["_".join(canon_form(p) for p in group) for group in groups]


class CompoundTokenizer(Tokenizer):
    """Emit pyvi compounds only (single syllables are in the syllable fields)."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, (lo, hi, word) in enumerate(compounds(value)):
            t.text, t.boost, t.stopped = word, 1.0, False
            if positions:
                t.pos = start_pos + i
            if chars:
                t.startchar, t.endchar = start_char + lo, start_char + hi
            yield t


def tier_analyzer(tier: str):
    """The analyzer of one tier: ``SyllableTokenizer() | TierFilter(tier)``."""
    return SyllableTokenizer() | TierFilter(tier)


def compound_analyzer():
    """pyvi compounds, tone placement unified."""
    return CompoundTokenizer()
