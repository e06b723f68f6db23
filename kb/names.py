"""Syllable comparison for personal names, shared by name search and mention finding.

A name is compared syllable by syllable so that "Nguyễn Hữu Tiến", "nguyen huu tien" and
"Nguyễn Hữu Tiến" typed with the tone mark moved all agree, while "Tiến" never matches "Tiếng".
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from kb.clean import fold, has_marks, nfc, variant_syllable

SYLLABLE_RE = re.compile(r"[^\W\d_]+")


def syllables(text: str) -> list[str]:
    """The word syllables of ``text`` in NFC, punctuation and digits dropped.

    >>> syllables("  Nguyễn   Hữu Tiến, (1901)")
    ['Nguyễn', 'Hữu', 'Tiến']
    """
    return SYLLABLE_RE.findall(nfc(text))


def same_syllable(typed: str, name: str) -> bool:
    """A typed syllable equals a name's: accents must agree only when the user typed some.

    >>> same_syllable("tien", "Tiến"), same_syllable("Tiến", "Tiến"), same_syllable("tiền", "Tiến")
    (True, True, False)
    >>> same_syllable("Thuỷ", "Thủy")
    True
    """
    if has_marks(typed):
        return variant_syllable(typed) == variant_syllable(name)
    return fold(typed) == fold(name)


def name_key(parts: Sequence[str], accents: bool) -> str:
    """The syllables joined as a comparison key: variant spelling, or folded when ``accents`` is off.

    >>> name_key(["Lê", "Thị", "Thủy"], True), name_key(["Lê", "Thị", "Thủy"], False)
    ('lê thị thuỷ', 'le thi thuy')
    """
    return " ".join(variant_syllable(s) if accents else fold(s) for s in parts)
