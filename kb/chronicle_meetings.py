"""The Party meetings a chronicle entry is about: national congresses and Central Committee plenums.

A meeting has a key shared by every record about it, whoever wrote it: ``dai-hoi-xi`` for the 11th
national congress, ``hoi-nghi-tw-2-khoa-xi`` for the second plenum of the 11th Central Committee
(``hoi-nghi-tw-6-lan-1-khoa-viii`` for the first session of a plenum held in two). Two chronicles
that date one meeting differently are found through it (:mod:`kb.conflicts`).

Ordinals are read as written: digits, Roman numerals, or words ("lần thứ hai mươi lăm"). A
congress of another party ("Đại hội lần thứ VIII của Quốc tế Cộng sản", "… của Đảng Cộng sản Liên
Xô") is not the Party's. A plenum's term is the "khóa" written near it, else the one its context
gives (a heading, the chronicle's own congress), else unknown.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kb.clean import fold

_UNITS = {"mot": 1, "nhat": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "sau": 6,
          "bay": 7, "tam": 8, "chin": 9}
_UNIT = "mot|nhat|hai|ba|bon|tu|nam|lam|sau|bay|tam|chin"
_WORD = rf"(?:(?:hai|ba|bon|tu|nam|sau|bay|tam|chin) muoi(?: (?:{_UNIT}))?|muoi(?: (?:{_UNIT}))?|{_UNIT})"
_ROMAN = r"[ivxl]{1,6}"
_ORD = rf"(?P<n>\d{{1,2}}|{_WORD}|{_ROMAN})(?!\w)"
_SESSION = r"(?: \(lan (?P<s>\d|l)\))?"
_PLENUM = re.compile(
    rf"(?<!\w)hoi nghi (?:(?:cua )?(?:ban chap (?:hanh )?)?trung uong (?:dang )?(?:\(?khoa {_ROMAN}\)? )?)?"
    rf"(?:lan thu {_ORD}{_SESSION}|(?<=trung uong )(?P<d>\d{{1,2}})(?!\w))")
_CONGRESS = re.compile(rf"(?<!\w)dai hoi (?:dai bieu )?(?:toan quoc )?(?:dang )?(?:lan thu {_ORD}|(?P<r>{_ROMAN})(?!\w))")
_OURS = re.compile(r" cua dang(?: cong san (?:viet nam|dong duong)| lao dong viet nam| ta)?(?![\w ]*cong san \w)")
_TERM = re.compile(rf"(?<!\w)khoa (?P<t>{_ROMAN})(?!\w)")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50}
_WORDS = {1: "nhất", 2: "hai", 3: "ba", 4: "tư", 5: "năm", 6: "sáu", 7: "bảy", 8: "tám", 9: "chín", 10: "mười"}


@dataclass(frozen=True)
class Meeting:
    """A congress or plenum named at ``start:end`` of a text (offsets into the text as given)."""

    start: int
    end: int
    kind: str  # congress | plenum
    ordinal: int
    session: int | None = None
    term: str | None = None  # a plenum's term written near it, Roman: XI

    def key(self, term: str | None = None) -> str | None:
        """The shared key; a plenum needs a term (its own, else ``term``), else it has none.

        >>> [m.key("II") for m in find_meetings("Hội nghị lần thứ hai của Ban Chấp hành Trung ương Đảng")]
        ['hoi-nghi-tw-2-khoa-ii']
        """
        if self.kind == "congress":
            return f"dai-hoi-{roman(self.ordinal).lower()}"
        t = self.term or term
        if not t:
            return None
        session = f"-lan-{self.session}" if self.session else ""
        return f"hoi-nghi-tw-{self.ordinal}{session}-khoa-{t.lower()}"

    def title(self, term: str | None = None) -> str:
        """The usual name: "Hội nghị lần thứ hai Ban Chấp hành Trung ương khóa XI".

        >>> find_meetings("Đại hội đại biểu toàn quốc lần thứ XI Đảng Cộng sản Việt Nam")[0].title()
        'Đại hội đại biểu toàn quốc lần thứ XI của Đảng'
        """
        if self.kind == "congress":
            return f"Đại hội đại biểu toàn quốc lần thứ {roman(self.ordinal)} của Đảng"
        t = self.term or term
        session = f" (lần {self.session})" if self.session else ""
        return (f"Hội nghị lần thứ {ordinal_words(self.ordinal)}{session} Ban Chấp hành Trung ương"
                + (f" khóa {t}" if t else ""))


def roman(n: int) -> str:
    """A number in Roman numerals, as congresses and terms are written.

    >>> roman(14), roman(9)
    ('XIV', 'IX')
    """
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def roman_value(s: str) -> int | None:
    """The value of a Roman numeral, None when it is not a well-formed one.

    >>> roman_value("xii"), roman_value("iiv")
    (12, None)
    """
    s = s.lower()
    total = 0
    for i, ch in enumerate(s):
        v = _ROMAN_VALUES[ch]
        total += -v if i + 1 < len(s) and _ROMAN_VALUES[s[i + 1]] > v else v
    return total if total > 0 and roman(total).lower() == s else None


def ordinal_value(written: str) -> int | None:
    """An ordinal as written, folded: digits, Roman, or words.

    >>> [ordinal_value(w) for w in ("hai", "muoi mot", "hai muoi lam", "bay", "12", "xi", "nhat")]
    [2, 11, 25, 7, 12, 11, 1]
    """
    w = written.strip()
    if w.isdigit():
        return int(w)
    words = w.split()
    if words and all(x in _UNITS or x == "muoi" for x in words):
        if "muoi" not in words:
            return _UNITS[words[0]] if len(words) == 1 else None
        i = words.index("muoi")
        tens = _UNITS.get(words[0], 0) if i == 1 else 1
        unit = _UNITS.get(words[i + 1], 0) if i + 1 < len(words) else 0
        return tens * 10 + unit
    return roman_value(w) if re.fullmatch(_ROMAN, w) else None


def ordinal_words(n: int) -> str:
    """The ordinal as chronicles write it in words: 2 → "hai", 15 → "mười lăm", 21 → "hai mươi mốt".

    >>> [ordinal_words(n) for n in (1, 4, 11, 15, 20, 21, 24, 25)]
    ['nhất', 'tư', 'mười một', 'mười lăm', 'hai mươi', 'hai mươi mốt', 'hai mươi tư', 'hai mươi lăm']
    """
    if n <= 10:
        return _WORDS.get(n, str(n))
    tens, unit = divmod(n, 10)
    head = "mười" if tens == 1 else f"{_WORDS[tens]} mươi"
    if unit == 0:
        return head
    tail = {1: "một" if tens == 1 else "mốt", 4: "bốn" if tens == 1 else "tư", 5: "lăm"}.get(unit, _WORDS[unit])
    return f"{head} {tail}"


def _folded(text: str) -> str:
    return fold(text).replace("ð", "d")


def find_meetings(text: str) -> list[Meeting]:
    """Every congress of the Party and every Central Committee plenum named in ``text``.

    >>> [(m.kind, m.ordinal, m.session, m.term) for m in find_meetings(
    ...     "Hội nghị lần thứ sáu (lần 1) Ban Chấp hành Trung ương khóa VIII họp; sau Đại hội lần thứ "
    ...     "VIII của Quốc tế Cộng sản; Đại hội Đảng lần thứ nhất; Hội nghị Trung ương 4 khoá XI")]
    [('plenum', 6, 1, 'VIII'), ('congress', 1, None, None), ('plenum', 4, None, 'XI')]
    """
    key = _folded(text)
    if len(key) != len(text):  # folding must keep offsets; it does for NFC Vietnamese
        return []
    out: list[Meeting] = []
    for m in _CONGRESS.finditer(key):
        n = ordinal_value(m["n"] or m["r"] or "")
        after = key[m.end():m.end() + 60]
        if not n or n > 30 or "quoc te" in after[:30] or (after.startswith(" cua ") and not _OURS.match(after)):
            continue
        out.append(Meeting(m.start(), m.end(), "congress", n))
    for m in _PLENUM.finditer(key):
        n = ordinal_value(m["n"] or m["d"] or "")
        window = key[max(0, m.start() - 90):m.end() + 70]
        if not n or n > 40 or "trung uong" not in window:
            continue
        session = None if not m["s"] else 1 if m["s"] == "l" else int(m["s"])
        terms = [(abs(t.start() + max(0, m.start() - 90) - m.end()), t["t"]) for t in _TERM.finditer(window)]
        term = min(terms)[1].upper() if terms else None
        out.append(Meeting(m.start(), m.end(), "plenum", n, session, term if term and roman_value(term) else None))
    return sorted(out, key=lambda m: m.start)


def heading_term(text: str) -> str | None:
    """The term a heading or a chronicle's opening gives: its congress, else a "khóa" it writes.

    >>> heading_term("I. Đại hội Đại biểu toàn quốc lần thứ XII của Đảng"), heading_term("Khóa IX (2001–2006)")
    ('XII', 'IX')
    """
    congress = [m for m in find_meetings(text) if m.kind == "congress"]
    if congress:
        return roman(congress[0].ordinal)
    t = _TERM.search(_folded(text))
    return t["t"].upper() if t and roman_value(t["t"]) else None


_TITLE_REST = re.compile(r"\s*(?:\(?khoa [ivxl]+\)?)?\s*(?:cua dang(?: cong san viet nam)?)?\s*(?:\([^()]*\))?\s*")


def event_key(title: str, key: str | None = None) -> str | None:
    """The meeting an event is: its ``key`` field, else its title when the title is only a meeting's
    name ("Đại hội đại biểu toàn quốc lần thứ III của Đảng"). A title that goes on ("Hội nghị Trung
    ương 6 khóa XII ban hành Nghị quyết 18-NQ/TW") is about something else at the meeting.

    >>> event_key("Đại hội đại biểu toàn quốc lần thứ III của Đảng"), event_key("Hội nghị lần thứ hai BCH")
    ('dai-hoi-iii', None)
    >>> event_key("Hội nghị Trung ương 6 khóa XII ban hành Nghị quyết 18-NQ/TW") is None
    True
    """
    if key:
        return key
    found = find_meetings(title)
    if len(found) != 1 or found[0].start > 0:
        return None
    if not _TITLE_REST.fullmatch(_folded(title)[found[0].end:]):
        return None
    return found[0].key()
