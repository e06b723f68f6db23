"""Highlight query words in the original text, on syllables, with no second pyvi pass.

Offsets come from the analysis chain's pieces, so marks sit on the words as the source wrote
them, whatever their tone placement or accents.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

from indexer.analysis import canon_form, fold_form, pieces, variant_form
from kb.clean import nfc_with_offsets
from indexer.terms import I_Y, Unit


def match_spans(text: str, wanted: list[Unit]) -> list[tuple[int, int]]:
    """Spans of ``text`` that match the query units, merged and sorted.

    An accented unit marks its exact (canon or variant) matches, and falls back to accent-free
    matches only when the text has none; an accent-free unit marks accent-free matches.

    >>> from indexer.terms import units
    >>> t = "Hòa bình và hoà hợp; dương và đường"
    >>> [t[a:b] for a, b in match_spans(t, units("hoà đường"))]
    ['Hòa', 'hoà', 'đường']
    """
    spans: list[tuple[int, int]] = []
    if any(u.keys for u in wanted):  # numbers and dates need the protected tokens
        ps = pieces(text)
        for u in wanted:
            if u.keys:
                spans += [(p.start, p.end) for p in ps if set(p.keys) & set(u.keys)]
        wanted = [u for u in wanted if not u.keys]
    by_form = _syllables_by_form(text, wanted) if wanted else {}
    for u in wanted:
        exact = by_form.get(("c", u.canon), []) + by_form.get(("v", u.variant), [])
        if u.accented and exact:
            spans += exact
        elif u.accented or not exact:
            spans += by_form.get(("f", u.fold), [])
        else:
            spans += exact
    spans = sorted(set(spans))
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


_FOLD_ONE = {cp: fold_form(chr(cp)) for lo, hi in ((0x41, 0x5B), (0xC0, 0x250), (0x1E00, 0x1F00))
             for cp in range(lo, hi) if len(fold_form(chr(cp))) == 1 and fold_form(chr(cp)) != chr(cp)}
_SAME_FOLD: dict[str, str] = {}  # a letter → every letter whose accent-free form it is
for _cp, _f in _FOLD_ONE.items():
    _SAME_FOLD[_f] = _SAME_FOLD.get(_f, "") + chr(_cp)


@lru_cache(maxsize=256)
def _candidates(folds: frozenset[str]) -> re.Pattern[str] | None:
    """Whole syllables whose accent-free form is one of ``folds``, case and accents ignored:
    'nam' → [nN…][aàáảãạăằ…][mM…], so the text itself is scanned, not a folded copy."""
    alts = ["".join("[" + re.escape(c + _SAME_FOLD.get(c, "")) + "]" for c in f)
            for f in sorted(folds, key=len, reverse=True) if f]
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(alts)})(?![^\W_])", re.IGNORECASE) if alts else None


def _syllables_by_form(text: str, wanted: list[Unit]) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """Spans (into ``text``) of the syllables that may match ``wanted``, under their canon,
    variant and fold forms.

    The syllables of :func:`pieces` without its protected tokens, found by one regex pass: a
    candidate's accent-free form is one of the query words' (or their other i/y spelling's),
    and each candidate is then checked exactly.
    """
    norm, offs = nfc_with_offsets(text)
    folds = set()
    for u in wanted:
        folds.add(u.fold)
        folds.update(fold_form(c[:-1] + I_Y[c[-1]]) for c in (u.canon, u.variant) if c and c[-1] in I_Y)
    pattern = _candidates(frozenset(folds))
    by_word: dict[str, list[tuple[int, int]]] = {}  # a text repeats its words: forms once per word
    for m in pattern.finditer(norm) if pattern else ():
        a, b = m.span()
        by_word.setdefault(m.group(), []).append((offs[a], offs[b]))
    out: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for word, where in by_word.items():
        for key in _forms(word):
            out.setdefault(key, []).extend(where)
    return out


@lru_cache(maxsize=65536)
def _forms(word: str) -> frozenset[tuple[str, str]]:
    """A syllable's canon, variant and fold forms as keys (memoised: a text repeats its words)."""
    return frozenset({("c", canon_form(word)), ("v", variant_form(word)), ("f", fold_form(word))})


def best_window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """The ``width``-character window holding the most distinct marked words, snapped to spaces.

    The window starts at a marked word (the first of the best); one pass with a sliding count.
    """
    if len(text) <= width:
        return 0, len(text)
    if not spans:
        start = 0
    else:
        words = [text[a:b].lower() for a, b in spans]
        counts: dict[str, int] = {}
        best, start, hi = -1, spans[0][0], 0
        for i, (a, _) in enumerate(spans):
            while hi < len(spans) and spans[hi][1] <= a + width:
                counts[words[hi]] = counts.get(words[hi], 0) + 1
                hi += 1
            if len(counts) > best:
                best, start = len(counts), a
            if hi > i:  # slide: the word at i leaves the window
                counts[words[i]] -= 1
                if not counts[words[i]]:
                    del counts[words[i]]
            else:
                hi = i + 1
        start = max(0, start - width // 4)
    end = min(len(text), start + width)
    if start > 0:
        space = text.find(" ", start, start + 20)
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", end - 20, end)
        end = space if space > start else end
    return start, end


# The window is chosen among the matches in a text's first SCAN_CHARS characters (the whole text
# when none are there), as search highlighters commonly bound what they analyse (Lucene's
# maxAnalyzedChars): a long law or resolution naming a common word hundreds of times would
# otherwise cost more to excerpt than to find.
SCAN_CHARS = 10_000


def _head(text: str) -> str:
    """The first :data:`SCAN_CHARS` characters of ``text``, cut at a space (never mid-word).

    >>> len(_head("Việt Nam " * 2000)) <= SCAN_CHARS and _head("Việt Nam " * 2000).endswith("Nam")
    True
    """
    if len(text) <= SCAN_CHARS:
        return text
    cut = text.rfind(" ", 0, SCAN_CHARS)
    return text[:cut if cut > 0 else SCAN_CHARS]


def snippet(text: str, wanted: list[Unit], width: int = 260) -> str:
    """An HTML-escaped excerpt of ``text`` with ``<mark>`` around the matched words.

    >>> from indexer.terms import units
    >>> snippet("Đảng <b> & dân", units("dang"))
    '<mark>Đảng</mark> &lt;b&gt; &amp; dân'
    """
    spans = match_spans(_head(text), wanted)
    if not spans and len(text) > SCAN_CHARS:
        spans = match_spans(text, wanted)  # the words occur only further on: look there
    lo, hi = best_window(text, spans, width)
    out, cursor = [], lo
    for a, b in spans:
        if a < lo or b > hi:
            continue
        out.append(html.escape(text[cursor:a], quote=False))
        out.append(f"<mark>{html.escape(text[a:b], quote=False)}</mark>")
        cursor = b
    out.append(html.escape(text[cursor:hi], quote=False))
    prefix = "… " if lo > 0 else ""
    suffix = " …" if hi < len(text) else ""
    return prefix + "".join(out).replace("\n", " ").strip() + suffix
