"""Vietnamese collation: sort keys for names and titles in dictionary order.

The order follows the convention of Vietnamese dictionaries as set out by Vũ Xuân Lương,
"Quy tắc sắp xếp đơn vị từ vựng trong từ điển tiếng Việt" (vietlex.com), and agrees with CLDR's
``vi`` collation (``&̀<<̉<<̃<<́<<̣``):

- letters: a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z), letter by
  letter (``ch``, ``ng`` are not units, as in CLDR's standard, not its "traditional", order);
- tones: none, huyền (à), hỏi (ả), ngã (ã), sắc (á), nặng (ạ);
- syllable by syllable, and inside a syllable letters first, tone second: ``ang`` sorts before
  ``anh`` whatever their tones, so ``ma, mà, má`` come together before ``mai``;
- lowercase before uppercase, as a last resort only.

Tone placement never matters (``hòa`` and ``hoà`` get the same key), because the tone is taken off
the syllable before its letters are ranked. Numbers sort before words, by value (5 before 52).
"""
from __future__ import annotations

import re
import unicodedata

from kb.clean import TONES, canon_syllable, nfc

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Dictionary order of the tone marks, after "no tone" (0): huyền, hỏi, ngã, sắc, nặng.
TONE_ORDER = "\u0300\u0309\u0303\u0301\u0323"

_RANK = {ch: i for i, ch in enumerate(ALPHABET)}
_NO_TONES = str.maketrans("", "", TONES)
_TOKEN_RE = re.compile(r"\d+|[^\W\d_]+")
_PAREN_RE = re.compile(r"\([^)]*\)")

SyllableKey = tuple[int, tuple[int, ...], int]
"""(kind: 0 number, 1 word; letter ranks or the number's value; tone rank)."""


def _letter_rank(ch: str) -> int:
    """Rank of a lowercase letter; a foreign accented letter ranks as its base (ç as c)."""
    if ch in _RANK:
        return _RANK[ch]
    base = unicodedata.normalize("NFD", ch)[0]
    return _RANK.get(base, len(ALPHABET) + ord(base))


def syllable_key(token: str) -> SyllableKey:
    """Key of one syllable or number: letters first, then the tone.

    >>> sorted(["mai", "má", "mạ", "ma", "mà", "mả", "mã"], key=syllable_key)
    ['ma', 'mà', 'mả', 'mã', 'má', 'mạ', 'mai']
    >>> syllable_key("hòa") == syllable_key("hoà") == syllable_key("HOÀ")
    True
    """
    if token.isdecimal():
        return (0, (int(token),), 0)
    decomposed = unicodedata.normalize("NFD", canon_syllable(token))
    tone = next((TONE_ORDER.index(ch) + 1 for ch in decomposed if ch in TONES), 0)
    letters = nfc(decomposed.translate(_NO_TONES))
    return (1, tuple(_letter_rank(ch) for ch in letters), tone)


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(nfc(text))


def _case_key(tokens: list[str]) -> tuple[bool, ...]:
    """Tie-breaker: a lowercase syllable before a capitalised one."""
    return tuple(not t[:1].islower() for t in tokens)


def collation_key(text: str) -> tuple[tuple[SyllableKey, ...], tuple[bool, ...]]:
    """Sort key of a title or any text in Vietnamese dictionary order; punctuation is ignored.

    >>> words = ["đường", "dương", "Dung", "anh", "ăn", "ấm", "bà", "ba", "ang", "ảnh"]
    >>> sorted(words, key=collation_key)
    ['ang', 'anh', 'ảnh', 'ăn', 'ấm', 'ba', 'bà', 'Dung', 'dương', 'đường']
    >>> sorted(["Nghị quyết 52-NQ/TW", "Nghị quyết 5-NQ/TW", "Chỉ thị 05-CT/TW"], key=collation_key)
    ['Chỉ thị 05-CT/TW', 'Nghị quyết 5-NQ/TW', 'Nghị quyết 52-NQ/TW']
    >>> collation_key("Hòa Bình") == collation_key("Hoà Bình")
    True
    """
    tokens = _tokens(text)
    return tuple(syllable_key(t) for t in tokens), _case_key(tokens)


def name_sort_key(full_name: str, by: str = "given") -> tuple:
    """Sort key of a person's name, as Vietnamese indexes order people.

    Args:
        full_name: the name as written, family name first ("Nguyễn Hữu Tiến"); a parenthesised
            qualifier such as "(nhà cách mạng)" is ignored.
        by: ``"given"`` sorts by the given name (last word), then the middle names, then the
            family name; ``"family"`` sorts by the name in written order.

    Returns:
        A key comparable with other keys made with the same ``by``; raises ValueError for another ``by``.

    >>> names = ["Nguyễn Hữu Tiến", "Lê Thị Thủy", "Trần Xuân Lộc", "Trần Đức Thuần", "Trần Lộc"]
    >>> sorted(names, key=name_sort_key)
    ['Trần Lộc', 'Trần Xuân Lộc', 'Trần Đức Thuần', 'Lê Thị Thủy', 'Nguyễn Hữu Tiến']
    >>> sorted(names, key=lambda n: name_sort_key(n, by="family"))
    ['Lê Thị Thủy', 'Nguyễn Hữu Tiến', 'Trần Đức Thuần', 'Trần Lộc', 'Trần Xuân Lộc']
    >>> name_sort_key("Lê Thị Thủy") == name_sort_key("Lê Thị Thuỷ")
    True
    """
    tokens = _tokens(_PAREN_RE.sub(" ", full_name))
    keys = [syllable_key(t) for t in tokens]
    if by == "family":
        return tuple(keys), _case_key(tokens)
    if by != "given":
        raise ValueError(f"by must be 'given' or 'family', not {by!r}")
    if not keys:
        return (), (), (), ()
    given, middle, family = keys[-1:], keys[1:-1], keys[:1] if len(keys) > 1 else []
    order = tokens[-1:] + tokens[1:-1] + (tokens[:1] if len(tokens) > 1 else [])
    return tuple(given), tuple(middle), tuple(family), _case_key(order)


def index_letter(full_name: str, by: str = "given") -> str:
    """The letter a Vietnamese index files a name under: the given (or family) name's first letter.

    The tone is dropped but the letter's own marks are kept, because ă, â, đ, ê, ô, ơ and ư are
    letters of their own in the alphabet; "" for a name without letters.

    >>> [index_letter(n) for n in ("Nguyễn Hữu Tiến", "Trần Xuân Lộc", "Lê Ấn", "Võ Văn Ước", "Lê Đức")]
    ['T', 'L', 'Â', 'Ư', 'Đ']
    >>> index_letter("Nguyễn Hữu Tiến", by="family"), index_letter("(không rõ)")
    ('N', '')
    """
    if by not in ("given", "family"):
        raise ValueError(f"by must be 'given' or 'family', not {by!r}")
    words = [t for t in _tokens(_PAREN_RE.sub(" ", full_name)) if not t.isdecimal()]
    if not words:
        return ""
    word = words[-1] if by == "given" else words[0]
    first = nfc(unicodedata.normalize("NFD", canon_syllable(word)).translate(_NO_TONES))[:1]
    return first.upper()
