"""The written shapes of Vietnamese dates, as regular expressions over a lowercased key of the text.

Each shape yields an :class:`Atom`: the parts it states and whether it may stand alone. Atoms that
may not (a bare ``1941``, a bare ``19``, ``25/1`` with no cue) only count when :mod:`kb.dates` joins
them into a range, so "2/3 số đại biểu" or "15/2020/NĐ-CP" never become dates. Patterns are written
with accents and compiled twice, as written and folded (``năm`` → ``nam``): accented text only
matches accented cues, so "Việt Nam 2045" is not "năm 2045". Every quantifier is bounded and every
pattern starts at a digit or a literal, so matching is linear in the text.
"""
from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from kb.clean import fold
from kb.models import DateValue

# Number words for months (tháng Tám, tháng Giêng) and counts (bốn tháng đầu năm).
NUMBER_WORDS = {
    "một": 1, "giêng": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
    "bẩy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12,
}
_FOLDED_WORDS = {fold(k): v for k, v in NUMBER_WORDS.items()}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

_S = r"\s{1,3}"  # the space between two words; web text often doubles it
_NOT_BEFORE = r"[\w/.,]"  # a number starts after none of these, so not inside 1.586, 97,5 or 15/2020
_L = rf"(?<!{_NOT_BEFORE})"
_R = r"(?!\w|[/.,]\d)"  # and ends here
_YEAR = rf"(?P<y>[12]\d{{3}}){_R}"


def _first(head: str, behind: str, tail: str = "") -> str:
    """``(?<!behind)head tail`` written as ``head(?<!behind head)tail``: the same matches, but a
    pattern that opens with a character class or a word lets the regex engine skip ahead to where
    it occurs, instead of trying the lookbehind at every position of a long text (dates are looked
    for in every indexed document). ``head`` matches exactly one character or one literal word, so
    the lookbehind stays fixed-width and sees the same character before it.

    >>> _first("năm", "[a-z]"), re.findall(_first("năm", "[a-z]"), "năm, tnăm, (năm")
    ('năm(?<![a-z]năm)', ['năm', 'năm'])
    """
    return f"{head}(?<!{behind}{head}){tail}"


# the openings of several forms, each as matched by its lookbehind version in the comment
_DAY = "(?P<d>" + _first(r"\d", _NOT_BEFORE, r"\d?") + ")"  # {_L}(?P<d>\d{1,2})
_BARE_YEAR = "(?P<y>" + _first("[12]", _NOT_BEFORE, r"\d{3}") + ")" + _R  # {_L}{_YEAR}
_THANG, _NAM, _QU = (_first(w, r"\w") for w in ("tháng", "năm", "qu"))  # (?<!\w)tháng ...
_WORDS = "|".join(w.replace(" ", r"\s") for w in sorted(NUMBER_WORDS, key=len, reverse=True))
_MONTH = rf"(?:(?P<m>\d{{1,2}})(?!\d)|(?P<mw>{_WORDS})(?!\w))"
_TAIL = r"(?:[ ]?[/-][ ]?|\s{0,3}(?:,\s{0,3})?năm\s{1,3})"  # "8/1945", "8-1945", "8 năm 1945"
_NEXT_DAY = r"\d{1,2}(?:[ ]?[/.-][ ]?\d|\s{1,3}tháng)"  # what follows the "19" of "19–23/1/2026"

# (kind, pattern); the kind tells :func:`_build` how to read the groups.
_FORMS = (
    # 27/9/2019, 27-9-2019, 27.9.2019, 27-9- 2019
    ("dmy", rf"{_DAY}[ ]?(?P<s>[/.-])[ ]?(?P<m>\d{{1,2}})[ ]?(?P=s)[ ]?{_YEAR}"),
    # 19/1, 25/1 (no year): alone only after a cue such as "sáng" or "ngày"
    ("dm", rf"{_DAY}[ ]?(?P<s>[/-])[ ]?(?P<m>\d{{1,2}})(?!\w|[ ]?(?P=s)[ ]?\d|[ ]?[/.,]\d)"),
    # ngày 03 tháng 02 năm 1930, mùng 2 tháng 9, 27 tháng 9 năm 2019
    ("wordday", rf"{_L}(?:(?P<cue>ngày|mùng|mồng){_S})?(?P<d>\d{{1,2}}){_S}tháng{_S}{_MONTH}(?:{_TAIL}{_YEAR})?"),
    # tháng 8/1945, tháng 8 năm 1945, tháng Tám năm 1945
    ("month", rf"{_THANG}{_S}{_MONTH}(?:{_TAIL}{_YEAR})?"),
    # trung tuần 11/1953, thượng tuần tháng 3 năm 1960: the middle (first, last) ten days of a month,
    # known to the month
    ("tenday", rf"(?<!\w)(?:thượng|trung|hạ){_S}tuần{_S}(?:tháng{_S})?(?P<m>\d{{1,2}})(?!\d)(?:{_TAIL}{_YEAR})"),
    # (7-1961), (12/1959): a month and year alone in parentheses, as chronicles date a meeting
    ("parenmonth", rf"(?<=\()[ ]?(?P<m>\d{{1,2}})[ ]?[/-][ ]?{_YEAR}(?=[ ]?\))"),
    # 29 và 30/3/1938, 6, 7, 8/11/1939: consecutive days listed before their month, a range
    ("daylist", rf"{_DAY}(?P<mid>(?:[ ]?,[ ]?\d{{1,2}}){{0,5}})(?:[ ]?,[ ]?|{_S}và{_S})(?P<d2>\d{{1,2}})"
                rf"[ ]?(?P<s>[/.-])[ ]?(?P<m>\d{{1,2}})[ ]?(?P=s)[ ]?{_YEAR}"),
    ("year", rf"{_NAM}{_S}{_YEAR}"),  # năm 1941
    # quý I/2020, quý II năm 2020, quý 3 2020, quý IV
    ("quarter", rf"{_QU}[ýí]{_S}(?P<q>iv|iii|ii|i|[1-4])(?!\w)(?:(?:[ ]?[/-][ ]?|{_S}(?:năm{_S})?){_YEAR})?"),
    # 6 tháng đầu năm 2020, bốn tháng đầu năm 2020, 6 tháng cuối năm, nửa đầu năm 2020
    ("part", rf"{_L}(?:(?P<n>\d{{1,2}}|{_WORDS}){_S}tháng|(?P<half>nửa)){_S}(?P<w>đầu|cuối){_S}năm(?:{_S}{_YEAR}|(?!\w))"),
    ("bareyear", _BARE_YEAR),  # 1941 in "(1901 – 1941)": only inside a range
    # the 19 of "19–23/1/2026" or "từ ngày 19 đến 23/1/2026": only inside a range
    ("bareday", rf"{_DAY}(?=[ ]?[–—-][ ]?{_NEXT_DAY}|{_S}(?:đến|tới){_S}(?:ngày{_S})?{_NEXT_DAY})"),
)

# What lets a day and month without a year stand alone: "sáng 19/1", "ngày 19/1", "thứ Hai, 19/1".
_DAY_CUE = r"(?<!\w)(?:ngày|mùng|mồng|sáng|chiều|tối|trưa|đêm|khuya|hôm|thứ\s(?:hai|ba|tư|năm|sáu|bảy)|chủ\snhật)[\s,(]{1,4}$"
_LUNAR = r"\s{0,3}[(,]?\s{0,3}(?:theo\s{1,3})?âm\s{1,3}lịch"


@dataclass(frozen=True)
class Atom:
    """One written date or date part, with offsets into the key (the NFC text)."""

    start: int
    end: int
    kind: str  # day | days | month | year | quarter | half | first | last | bareday
    y: int | None = None
    m: int | None = None
    d: int | None = None
    n: int | None = None  # the quarter or half, or the count of months in "4 tháng đầu năm"
    alone: bool = True  # may stand as a date without joining a range
    lunar: bool = False
    d2: int | None = None  # the last of consecutive days listed ("29 và 30/3/1938"), kind ``days``

    @property
    def size(self) -> int:
        return self.end - self.start


def fold_pattern(pattern: str) -> str:
    """Fold the words of a regular expression, keeping its syntax (``(?P<name>``).

    >>> fold_pattern(r"(?P<y>năm)")
    '(?P<y>nam)'
    """
    return fold(pattern).replace("(?p<", "(?P<").replace("(?p=", "(?P=")


# What every match of a form contains, found faster than the form (it opens with a character): a
# text without it is not scanned for that form, whose own opening is a lookbehind.
_NEEDS = {"wordday": rf"\d{_S}tháng", "tenday": "tuần", "parenmonth": r"\(", "part": rf"(?:đầu|cuối){_S}năm"}

Form = tuple[str, re.Pattern[str], re.Pattern[str] | None]


def _compile(folded: bool) -> tuple[list[Form], re.Pattern[str], re.Pattern[str]]:
    conv = fold_pattern if folded else str
    forms = [(kind, re.compile(conv(p)), re.compile(conv(_NEEDS[kind])) if kind in _NEEDS else None)
             for kind, p in _FORMS]
    return forms, re.compile(conv(_DAY_CUE)), re.compile(conv(_LUNAR))


_COMPILED = {False: _compile(False), True: _compile(True)}


def _number(text: str | None) -> int | None:
    """Digits or a number word (accented or folded) as an int."""
    if text is None:
        return None
    if text.isdigit():
        return int(text)
    return _FOLDED_WORDS.get(fold(re.sub(r"\s+", " ", text)))


def _day_ok(d: int, m: int, y: int | None) -> bool:
    """A real day of month ``m``; with no year, 29 February is allowed until a year is known."""
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y or 2000, m)[1]


def _build(kind: str, g: dict[str, str | None], start: int, end: int) -> Atom | None:
    """Read one match's groups into an Atom, or None when the parts are impossible."""
    y = int(g["y"] or 0) if g.get("y") else None
    if kind in ("dmy", "dm", "wordday"):
        d, m = int(g["d"] or 0), _number(g["m"] or g["mw"])
        if m is None or not _day_ok(d, m, y):
            return None
        mw = g.get("mw")
        if mw and fold(mw) == "nam" and y is None:  # "tháng năm" with no year is a count, not May
            return None
        return Atom(start, end, "day", y, m, d, alone=y is not None or bool(g.get("cue")))
    if kind == "daylist":
        return _day_list(g, start, end, y)
    if kind in ("month", "tenday", "parenmonth"):
        m = _number(g["m"] or g.get("mw"))
        if m is None or not 1 <= m <= 12:
            return None
        return Atom(start, end, "month", y, m, alone=y is not None)
    if kind in ("year", "bareyear"):
        return Atom(start, end, "year", y, alone=kind == "year")
    if kind == "quarter":
        q = _ROMAN.get(g["q"] or "") or int(g["q"] or 0)
        return Atom(start, end, "quarter", y, n=q)
    if kind == "part":
        n = 6 if g["half"] else _number(g["n"])
        if n is None or not 1 <= n <= 12:
            return None
        return Atom(start, end, "first" if fold(g["w"] or "") == "dau" else "last", y, n=n)
    return Atom(start, end, "bareday", d=int(g["d"] or 0), alone=False)


def _day_list(g: dict[str, str | None], start: int, end: int, y: int | None) -> Atom | None:
    """Days listed before one month ("6, 7, 8/11/1939") as a range, only when they run one after
    another; any other list is left to the last day's own date, so no day is invented.

    >>> [(a.kind, a.d, a.d2) for a in find_atoms("ngày 6, 7, 8/11/1939", False) if a.kind == "days"]
    [('days', 6, 8)]
    >>> [a.kind for a in find_atoms("ngày 5 và 20/3/1938", False)]
    ['day']
    """
    days = [int(g["d"] or 0), *map(int, re.findall(r"\d+", g["mid"] or "")), int(g["d2"] or 0)]
    m = int(g["m"] or 0)
    if any(b != a + 1 for a, b in zip(days, days[1:])) or not all(_day_ok(d, m, y) for d in days):
        return None
    return Atom(start, end, "days", y, m, days[0], d2=days[-1])


def find_atoms(key: str, folded: bool) -> list[Atom]:
    """Every candidate date part in ``key`` (lowercased NFC text), overlapping, in no order.

    >>> [(a.kind, a.y, a.m, a.d, a.alone) for a in find_atoms("sáng 19/1", False)]
    [('day', None, 1, 19, True)]
    """
    forms, day_cue, lunar = _COMPILED[folded]
    out: list[Atom] = []
    for kind, pattern, needs in forms:
        if needs is not None and not needs.search(key):
            continue
        for match in pattern.finditer(key):
            atom = _build(kind, match.groupdict(), match.start(), match.end())
            if atom is None:
                continue
            if lunar.match(key, atom.end):
                atom = replace(atom, alone=atom.kind != "bareday", lunar=True)
            elif kind == "dm" and not atom.alone and day_cue.search(key, max(0, atom.start - 16), atom.start):
                atom = Atom(atom.start, atom.end, "day", None, atom.m, atom.d)
            out.append(atom)
    return out


def atom_value(a: Atom) -> DateValue:
    """The DateValue an atom with a year states; ValueError when the parts are impossible."""
    if a.y is None:
        raise ValueError("no year")
    if a.kind == "day":
        return DateValue.of(a.y, a.m, a.d)
    if a.kind == "days":
        return DateValue.span(DateValue.of(a.y, a.m, a.d), DateValue.of(a.y, a.m, a.d2))
    if a.kind == "month":
        return DateValue.of(a.y, a.m)
    if a.kind == "year":
        return DateValue.of(a.y)
    if a.kind == "quarter":
        return DateValue.quarter(a.y, a.n or 1)
    if a.kind == "half":
        return DateValue.half(a.y, a.n or 1)
    n = a.n or 1  # first/last n months of the year
    if n == 12:
        return DateValue.of(a.y)
    if n in (3, 6):
        idx = 1 if a.kind == "first" else 12 // n
        return DateValue.quarter(a.y, idx) if n == 3 else DateValue.half(a.y, idx)
    first, last = (1, n) if a.kind == "first" else (13 - n, 12)
    if first == last:
        return DateValue.of(a.y, first)
    return DateValue.span(DateValue.of(a.y, first), DateValue.of(a.y, last))


def range_value(a: Atom, b: Atom) -> DateValue:
    """The range a–b, filling a's missing month or year from b (28/12 – 2/1/2021 crosses a year)."""
    borrowed = a.kind == "bareday" or a.y is None
    if a.kind == "bareday":
        a = replace(a, kind="day", m=b.m, y=b.y)
    elif a.y is None:
        a = replace(a, y=b.y)
    try:
        return DateValue.span(atom_value(a), atom_value(b))
    except ValueError:
        if not borrowed or a.y is None:
            raise
        if a.d is not None and a.m == b.m and a.kind == "day" and b.kind == "day" and a.d > (b.d or 0):
            m, y = (a.m - 1, a.y) if a.m is not None and a.m > 1 else (12, a.y - 1)
            return DateValue.span(atom_value(replace(a, m=m, y=y)), atom_value(b))
        return DateValue.span(atom_value(replace(a, y=a.y - 1)), atom_value(b))


def lower_same_length(text: str) -> str:
    """Lowercase without changing the length, so offsets into the key are offsets into ``text``."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def select(atoms: list[Atom]) -> list[Atom]:
    """Non-overlapping atoms: those that stand alone first, longest first; range parts fill the gaps."""
    starts: list[int] = []
    kept: list[Atom] = []
    for atom in sorted(atoms, key=lambda a: (not a.alone, -a.size, a.start)):
        i = bisect_left(starts, atom.start)
        if (i > 0 and kept[i - 1].end > atom.start) or (i < len(kept) and kept[i].start < atom.end):
            continue
        starts.insert(i, atom.start)
        kept.insert(i, atom)
    return kept
