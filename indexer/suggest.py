"""'Did you mean': correct the query's unknown words from the index's own vocabulary."""
from __future__ import annotations

from collections.abc import Callable

from rapidfuzz.distance import Levenshtein

from indexer.analysis import pieces
from indexer.terms import canon_form, fold
from kb.clean import has_marks


def did_you_mean(query: str, searcher, min_freq: int = 1) -> str | None:
    """The query with each word the index does not know replaced by its nearest known word.

    Accented words are corrected against the canon field, accent-free ones against the folded
    field, so a suggestion keeps the user's way of writing. None when nothing needs correcting.
    """
    out: list[str] = []
    cursor, changed = 0, False
    for p in pieces(query):
        if p.keys or p.text.isdigit() or p.start < cursor:
            continue
        accented = has_marks(p.text)
        field = "body_canon" if accented else "body_fold"
        word = canon_form(p.text) if accented else fold(p.text)
        out.append(query[cursor:p.start])
        cursor = p.end
        if searcher.doc_frequency(field, word) >= min_freq or len(word) < 3:
            out.append(p.text)
            continue
        # candidates share the word's first letter (a typo there is rare): Whoosh's corrector then
        # walks a twentieth of the vocabulary (on VNTC about 30 ms instead of a second)
        best = _best(word, searcher.corrector(field).suggest(word, limit=20, maxdist=2, prefix=1),
                     lambda w, f=field: searcher.doc_frequency(f, w))
        if best:
            out.append(best[0].upper() + best[1:] if p.text[0].isupper() else best)
            changed = True
        else:
            out.append(p.text)
    out.append(query[cursor:])
    return "".join(out) if changed else None


def _best(word: str, candidates: list[str], freq: Callable[[str], int]) -> str | None:
    """Same letters with other accents first (hửu → hữu), then fewest edits, then most common.

    >>> _best("hửu", ["hội", "hữu"], lambda w: {"hội": 9, "hữu": 2}[w])
    'hữu'
    >>> _best("nghep", ["nghi", "nghiep"], lambda w: {"nghi": 9, "nghiep": 2}[w])
    'nghiep'
    """
    ranked = sorted((c for c in candidates if c != word),
                    key=lambda c: (fold(c) != fold(word), Levenshtein.distance(c, word), -freq(c)))
    return ranked[0] if ranked else None
