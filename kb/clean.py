"""Vietnamese text normalisation: NFC with offsets, one tone placement, spelling variants, folding.

Every search tier is a key computed here, so indexing and querying can never disagree:

- ``canon``: NFC, lowercase, tone mark on one fixed vowel (hòa = hoà, thủy = thuỷ, khỏe = khoẻ);
- ``variant``: canon, plus the i/y spelling pair unified (kỹ = kĩ, quý = quí);
- ``fold``: no marks at all and đ → d (Đảng → dang, QĐ → qd).
"""
from __future__ import annotations

import re
import unicodedata

# Combining tone marks: grave, acute, hook above, tilde, dot below.
TONES = "\u0300\u0301\u0309\u0303\u0323"
_VOWELS = "aăâeêioôơuưy"
_MARKED_VOWELS = "ăâêôơư"
_LONE_Y_RE = re.compile(r"(qu|[bcdđghklmnprstvx]+)y")  # kỹ, lý, quý, mỹ
_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC.

    >>> nfc("Đa\u0309ng") == "Đảng"
    True
    """
    return unicodedata.normalize("NFC", text)


def nfc_with_offsets(text: str) -> tuple[str, list[int]]:
    """NFC-normalise ``text`` and map every output index back to an index of the input.

    The map has one extra entry for the end, so ``offsets[end]`` is valid for a span end. Text is
    normalised a cluster at a time: a character and everything NFC joins to it (combining marks,
    Hangul vowel and final jamo). Inside a cluster NFC left longer than one character, a position
    maps to the input position where cutting gives the same characters, else to the cluster's end,
    so a span never ends inside a letter that NFC composed or reordered.

    >>> s, m = nfc_with_offsets("Đa\u0309ng ủy")
    >>> s, m[1], m[2], m[len(s)]
    ('Đảng ủy', 1, 3, 8)
    >>> nfc_with_offsets("TW\u036c")  # a mark that composes with nothing stays after its letter
    ('TW\u036c', [0, 1, 2, 3])
    """
    if unicodedata.is_normalized("NFC", text):
        return text, list(range(len(text) + 1))
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        piece = unicodedata.normalize("NFC", text[i])
        while j < n:
            longer = unicodedata.normalize("NFC", text[i:j + 1])
            if not unicodedata.combining(text[j]) and longer == piece + unicodedata.normalize("NFC", text[j]):
                break
            piece, j = longer, j + 1
        out.append(piece)
        offsets.append(i)
        for k in range(1, len(piece)):
            cut = next((c for c in range(i + 1, j) if unicodedata.normalize("NFC", text[i:c]) == piece[:k]), j)
            offsets.append(max(cut, offsets[-1]))
        i = j
    offsets.append(n)
    return "".join(out), offsets


def _strip_tone(syllable: str) -> tuple[str, str]:
    """Split a lowercase syllable into (syllable without tone, tone mark or '')."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = ""
    kept = []
    for ch in decomposed:
        if ch in TONES:
            tone = ch
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _tone_position(base: str) -> int | None:
    """Index of the vowel that carries the tone in ``base`` (new-style placement), or None."""
    start = 0
    if base.startswith("qu") and len(base) > 2 and base[2] in _VOWELS:
        start = 2
    elif base.startswith("gi") and len(base) > 2 and base[2] in _VOWELS:
        start = 2
    while start < len(base) and base[start] not in _VOWELS:
        start += 1
    end = start
    while end < len(base) and base[end] in _VOWELS:
        end += 1
    if start == end:
        return None
    cluster = base[start:end]
    if end < len(base) and not base[end:].isalpha():
        return None
    marked = [k for k, ch in enumerate(cluster) if ch in _MARKED_VOWELS]
    if marked:
        return start + marked[-1]
    if end < len(base):  # closed syllable: toán, hoàng, thuyền
        return end - 1
    if len(cluster) == 1:
        return start
    if len(cluster) == 2:
        # oa, oe, uy take the mark on the second vowel (hoà, khoẻ, thuỷ); ai, ao, ia, ua… on the first
        return start + 1 if cluster in ("oa", "oe", "uy") else start
    return start + 1  # ngoài, khuỷu


def canon_syllable(syllable: str) -> str:
    """Lowercase a syllable and put its tone mark in the one canonical place.

    >>> [canon_syllable(w) for w in ("hòa", "hoà", "Thủy", "thuỷ", "khỏe", "Quý", "hoàng", "Đảng")]
    ['hoà', 'hoà', 'thuỷ', 'thuỷ', 'khoẻ', 'quý', 'hoàng', 'đảng']
    """
    low = nfc(syllable).lower()
    base, tone = _strip_tone(low)
    if not tone:
        return low
    pos = _tone_position(base)
    if pos is None:
        return low
    return nfc(base[: pos + 1] + tone + base[pos + 1 :])


def variant_syllable(syllable: str) -> str:
    """Canon plus the i/y pair: a lone final ``y`` after a consonant is spelled ``i``.

    >>> [variant_syllable(w) for w in ("kỹ", "kĩ", "quý", "lý", "thuỷ", "yêu")]
    ['kĩ', 'kĩ', 'quí', 'lí', 'thuỷ', 'yêu']
    """
    c = canon_syllable(syllable)
    base, tone = _strip_tone(c)
    m = _LONE_Y_RE.fullmatch(base)
    if m:
        return nfc(m.group(1) + "i" + tone)
    return c


class _MarkTable(dict):
    """``str.translate`` table deleting combining marks, filled as characters are met: one C-level
    pass instead of a Python test per character (fold runs on whole documents when indexing)."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_NO_MARKS = _MarkTable()


def fold(text: str) -> str:
    """Remove every mark and map đ to d, lowercased: the accent-free key.

    >>> fold("Đảng Cộng sản QĐ hoà")
    'dang cong san qd hoa'
    """
    decomposed = unicodedata.normalize("NFD", text.lower())
    folded = decomposed.translate(_NO_MARKS).replace("đ", "d")
    # NFD also splits letters that are not accented (Hangul 가 into jamo): put those back.
    return folded if folded.isascii() else unicodedata.normalize("NFC", folded)


def _surely_marked() -> re.Pattern[str]:
    """Characters whose presence alone makes :func:`fold` differ from ``lower``: a Latin letter
    whose lowercase decomposes with a combining mark (ả, Ế), đ and Đ, and the marks themselves.
    fold deletes every mark and NFC cannot put one back, so such a text always has marks."""
    found = []
    for lo, hi in ((0x80, 0x250), (0x300, 0x370), (0x1E00, 0x1F00)):
        for cp in range(lo, hi):
            low = chr(cp).lower()
            if len(low) == 1 and (low == "đ" or any(unicodedata.combining(c)
                                                      for c in unicodedata.normalize("NFD", low))):
                found.append(chr(cp))
    return re.compile("[" + re.escape("".join(found)) + "]")


_SURELY_MARKED = _surely_marked()


def has_marks(text: str) -> bool:
    """True when ``text`` carries any Vietnamese diacritic (so the user typed accents).

    Accented text says so in its first few letters, so those are looked for before folding the
    whole text (dates are found in every indexed document, and they ask this first).

    >>> has_marks("dang"), has_marks("Đảng"), has_marks("đ"), has_marks("Da\u0309ng")
    (False, True, True, True)
    """
    return _SURELY_MARKED.search(text) is not None or fold(text) != text.lower()


def canon_text(text: str) -> str:
    """Apply :func:`canon_syllable` to every word of a text, keeping everything else.

    >>> canon_text("Hòa bình, THỦY lợi")
    'hoà bình, thuỷ lợi'
    """
    return _WORD_RE.sub(lambda m: canon_syllable(m.group()), nfc(text))


def squash_spaces(text: str) -> str:
    """Collapse runs of whitespace (including NBSP) into one space and trim.

    >>> squash_spaces(" a\\u00a0 b\\n c ")
    'a b c'
    """
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
