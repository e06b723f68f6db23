"""Near-duplicate texts found without comparing each new text with every stored one.

The verdict is :mod:`kb.ingest.plan`'s: ``rapidfuzz.fuzz.ratio`` of the two normalised texts at or
above a cut-off (90). What changes is which stored texts a new one is compared with. Comparing with
all of them made ``kb add`` quadratic: on the 13,834 viweb2025 pages one page took about 7 s
against the others, so a folder of them would have taken hours. Here a candidate must pass two
cheap tests first, and only candidates are scored:

- **length**: ``ratio`` is ``100 · (1 − d / (a + b))`` for lengths ``a``, ``b`` and an edit
  distance ``d ≥ |a − b|``, so texts whose lengths differ by more than the cut-off allows can never
  reach it (:func:`length_window`);
- **shared word runs**: a MinHash LSH index (``datasketch``) over runs of ``SHINGLE`` words returns
  the stored texts likely to share a good part of their runs with the new one. A text re-typed,
  converted or lightly edited keeps most of its runs; a text that scores 90 while sharing few runs
  would need an edit in nearly every run, which real near-duplicates do not have. Digits are
  masked in the runs, since template pages differ mostly in their numbers. Of the 4,066 pairs
  scoring 90 or more among the viweb2025 pages (found by a wider sweep: runs not masked, a looser
  index, each pair scored), every one shares at least 55 % of its masked runs, where the odds of
  being a candidate here are above 0.999; tests/test_neardup.py checks the verdicts against the
  full scan on six families of them.

Short texts have few runs, so one changed word moves their MinHash a lot: texts under
``SHORT_CHARS`` characters are also kept in a list sorted by length and compared directly within
the length window (cheap: short strings, and only those of about the same length).
"""
from __future__ import annotations

import bisect
import hashlib
import itertools
import math
import re
import struct
from collections.abc import Iterable

from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz, process

SHINGLE = 3  # words per run
NUM_PERM = 128  # MinHash permutations: 1 KB per text
LSH_BANDS, LSH_ROWS = 42, 3  # candidate odds: 0.68 at 30 % of runs shared, 0.94 at 40 %, 0.9995 at 55 %
SHORT_CHARS = 400
_DIGITS = re.compile(r"\d")


def length_window(length: int, cutoff: float) -> tuple[int, int]:
    """The lengths (inclusive, rounded outwards) a text of ``length`` characters can score
    ``cutoff`` (0–100) against.

    >>> length_window(1000, 90)
    (818, 1223)
    >>> from rapidfuzz import fuzz
    >>> [fuzz.ratio("a" * 1000, "a" * n) >= 90 for n in (817, 819, 1222, 1224)]
    [False, True, True, False]
    """
    keep = 1 - cutoff / 100  # |a - b| <= keep * (a + b)
    return math.floor(length * (1 - keep) / (1 + keep)), math.ceil(length * (1 + keep) / (1 - keep))


def _hash32(data: bytes) -> int:
    """A stable 32-bit hash of one run (MinHash needs the same value in every process)."""
    return struct.unpack("<I", hashlib.blake2b(data, digest_size=4).digest())[0]


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """Runs of ``size`` words of a normalised text (the whole text when it is shorter), digits as 0.

    Digits are masked because pages made from one template differ mostly in their numbers (the
    Wikipedia year pages: every third word is a year) and still score above the cut-off, which
    only the exact comparison decides.

    >>> sorted(shingles("dang bo tinh ha nam"))
    [b'bo tinh ha', b'dang bo tinh', b'tinh ha nam']
    >>> shingles("nam 1475") == shingles("nam 1276")
    True
    """
    words = _DIGITS.sub("0", text).split()
    if len(words) <= size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    """The MinHash of a normalised text's word runs."""
    sig = MinHash(num_perm=NUM_PERM, hashfunc=_hash32)
    sig.update_batch(list(shingles(text)))
    return sig


class NearDuplicateIndex:
    """Normalised texts by id, answering "which one does this text nearly repeat?".

    >>> idx = NearDuplicateIndex(90)
    >>> base = " ".join(f"dong {i} cua bao cao tong ket cong tac tuyen giao" for i in range(40))
    >>> idx.add("bao-cao", base)
    >>> idx.add("khac", " ".join(f"muc {i} nghi quyet ve xay dung dang" for i in range(40)))
    >>> idx.best(base.replace("dong 7 ", "dong bay "))
    ('bao-cao', 99.8...)
    >>> idx.best("mot van ban khac han") is None
    True
    >>> idx.discard("bao-cao"); idx.best(base) is None
    True
    """

    def __init__(self, cutoff: float) -> None:
        self.cutoff = cutoff
        self.texts: dict[str, str] = {}
        self.lsh = MinHashLSH(num_perm=NUM_PERM, params=(LSH_BANDS, LSH_ROWS))
        self.short: list[tuple[int, str]] = []  # (length, id), sorted
        self.order: dict[str, int] = {}  # first-added rank: ties go to the earlier text, as in a scan
        self._next = itertools.count()

    def __len__(self) -> int:
        return len(self.texts)

    def add(self, rid: str, text: str) -> None:
        """Index ``text`` (already normalised) under ``rid``, replacing what it had."""
        rank = self.order.get(rid)
        self.discard(rid)
        if not text:
            return
        self.texts[rid] = text
        self.order[rid] = next(self._next) if rank is None else rank
        self.lsh.insert(rid, signature(text), check_duplication=False)
        if len(text) < SHORT_CHARS:
            bisect.insort(self.short, (len(text), rid))

    def add_all(self, items: Iterable[tuple[str, str]]) -> None:
        for rid, text in items:
            self.add(rid, text)

    def discard(self, rid: str) -> None:
        text = self.texts.pop(rid, None)
        self.order.pop(rid, None)
        if text is None:
            return
        self.lsh.remove(rid)
        if len(text) < SHORT_CHARS:
            self.short.remove((len(text), rid))

    def candidates(self, text: str) -> set[str]:
        """Stored ids that may score the cut-off against ``text``: a superset of what is found."""
        low, high = length_window(len(text), self.cutoff)
        found = {rid for rid in self.lsh.query(signature(text)) if low <= len(self.texts[rid]) <= high}
        if low < SHORT_CHARS:
            start = bisect.bisect_left(self.short, (low, ""))
            stop = bisect.bisect_right(self.short, (high, "\uffff"))
            found.update(rid for _, rid in self.short[start:stop])
        return found

    def best(self, text: str) -> tuple[str, float] | None:
        """The stored text ``text`` resembles most at or above the cut-off: (id, score), or None."""
        if not text:
            return None
        found = sorted(self.candidates(text), key=self.order.__getitem__)
        if not found:
            return None
        hit = process.extractOne(text, {rid: self.texts[rid] for rid in found}, scorer=fuzz.ratio,
                                 score_cutoff=self.cutoff)
        return (str(hit[2]), float(hit[1])) if hit else None
