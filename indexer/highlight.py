"""Highlight query words in the original text, on syllables, with no second pyvi pass.

Offsets come from the analysis chain's pieces, so marks sit on the words as the source wrote
them, whatever their tone placement or accents.
"""
from __future__ import annotations

import html

from indexer.analysis import canon_form, fold, pieces, variant_form
from indexer.terms import Unit


def match_spans(text: str, wanted: list[Unit]) -> list[tuple[int, int]]:
    """Spans of ``text`` that match the query units, merged and sorted.

    An accented unit marks its exact (canon or variant) matches, and falls back to accent-free
    matches only when the text has none; an accent-free unit marks accent-free matches.

    >>> from indexer.terms import units
    >>> t = "Hòa bình và hoà hợp; dương và đường"
    >>> [t[a:b] for a, b in match_spans(t, units("hoà đường"))]
    ['Hòa', 'hoà', 'đường']
    """
    ps = pieces(text)
    spans: list[tuple[int, int]] = []
    for u in wanted:
        if u.keys:
            spans += [(p.start, p.end) for p in ps if set(p.keys) & set(u.keys)]
            continue
        exact = [(p.start, p.end) for p in ps if not p.keys and
                 (canon_form(p.text) == u.canon or variant_form(p.text) == u.variant)]
        if u.accented and exact:
            spans += exact
        elif u.accented or not exact:
            spans += [(p.start, p.end) for p in ps if not p.keys and fold(p.text) == u.fold]
        else:
            spans += exact
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def best_window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """The ``width``-character window holding the most distinct marked words, snapped to spaces."""
    if len(text) <= width:
        return 0, len(text)
    if not spans:
        start = 0
    else:
        best, start = -1, spans[0][0]
        for i, (a, _) in enumerate(spans):
            seen = {text[x:y].lower() for x, y in spans[i:] if y <= a + width}
            if len(seen) > best:
                best, start = len(seen), a
        start = max(0, start - width // 4)
    end = min(len(text), start + width)
    if start > 0:
        space = text.find(" ", start, start + 20)
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", end - 20, end)
        end = space if space > start else end
    return start, end


def snippet(text: str, wanted: list[Unit], width: int = 260) -> str:
    """An HTML-escaped excerpt of ``text`` with ``<mark>`` around the matched words.

    >>> from indexer.terms import units
    >>> snippet("Đảng <b> & dân", units("dang"))
    '<mark>Đảng</mark> &lt;b&gt; &amp; dân'
    """
    spans = match_spans(text, wanted)
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
