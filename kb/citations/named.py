"""References with no full number: "Chỉ thị 05", "Nghị quyết Trung ương 4 (khóa XII)",
"Nghị quyết Đại hội XIII". They are family ``named`` and resolve through number or aliases.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from kb.citations.context import parse_context
from kb.citations.data import tables
from kb.citations.model import Citation
from kb.citations.numbers import DASHES
from kb.citations.textview import TextView
from kb.clean import fold

_SP = "[ \t\u00a0]"
_ORDINALS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
             "chin": 9, "muoi": 10}
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}
# types that are cited by bare number in running prose; others need "số" (else "Báo cáo 6 tháng")
_BARE_OK = ("NQ", "CT", "KL", "QĐ", "QĐi", "KH", "SL")
# bare "Kế hoạch 5" before a time word is a span ("Kế hoạch 5 năm 2021-2025"), and in lowercase
# ("kế hoạch 2" of a planned economy) a plan's ordinal: a reference only capitalised, before no time word
_BARE_SPAN = ("KH",)
_TIME_AFTER = re.compile(rf"{_SP}*(?:nam|thang|ngay)(?!\w)")
_UNITS = r"thang(?!{sp}*\d)|nam(?!{sp}*\d)|ngay(?!{sp}*\d)|tuan|quy|lan|nguoi|gio|phut|ty|trieu|nghin|ngan|dong|km|ha|tan|cuon|%"
_ORD = rf"(?:\d{{1,2}}|[ivx]{{1,5}}|{'|'.join(_ORDINALS)})"
# "Nghị quyết (Hội nghị) (Ban Chấp hành) Trung ương (lần thứ) 4" and "Nghị quyết Hội nghị lần thứ tư
# Ban Chấp hành Trung ương (Đảng)"
_PLENUM = re.compile(
    rf"(?<!\w)nghi{_SP}+quyet{_SP}+(?:hoi{_SP}+nghi{_SP}+)?(?:(?:ban{_SP}+chap{_SP}+hanh{_SP}+)?trung{_SP}+uong"
    rf"{_SP}+(?:dang{_SP}+)?(?:lan{_SP}+thu{_SP}+)?(?P<n>{_ORD})"
    rf"|lan{_SP}+thu{_SP}+(?P<n2>{_ORD}){_SP}+(?:cua{_SP}+)?ban{_SP}+chap{_SP}+hanh{_SP}+trung{_SP}+uong)(?!\w)"
)
_CONGRESS = re.compile(
    rf"(?<!\w)nghi{_SP}+quyet{_SP}+dai{_SP}+hoi{_SP}+(?:dang{_SP}+(?:toan{_SP}+quoc{_SP}+)?"
    rf"|dai{_SP}+bieu{_SP}+toan{_SP}+quoc{_SP}+)?(?:lan{_SP}+thu{_SP}+)?(?P<n>[ivxl]{{1,6}})(?!\w)"
)


def roman_value(s: str) -> int:
    """Value of a roman numeral.

    >>> roman_value("xiii"), roman_value("IX"), roman_value("XIV")
    (13, 9, 14)
    """
    vals = [_ROMAN[c] for c in s.lower()]
    return sum(-a if a < b else a for a, b in zip(vals, vals[1:] + [0]))


def _type_names() -> dict[str, str]:
    """Folded type word -> display name, Party types first, then state ones (Thông tư, Sắc lệnh)."""
    t = tables()
    out: dict[str, str] = {}
    for ns in (*t.type_names.values(), *t.state_type_names.values()):
        for n in ns:
            out.setdefault(fold(n), n)
    return out


@lru_cache(maxsize=1)
def _numbered() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The named reference ("Nghị quyết số 52") and a further list member (", 55 và 57")."""
    names = sorted(_type_names(), key=len, reverse=True)
    alt = "|".join(re.escape(n).replace(r"\ ", f"{_SP}+") for n in names)
    units = _UNITS.format(sp=_SP)
    not_after = rf"(?!\w|[.,]\d|{_SP}{{0,2}}[/{DASHES}]|{_SP}*(?:{units})(?!\w))"
    head = re.compile(rf"(?<!\w)(?P<word>{alt})(?P<so>{_SP}+so{_SP}*:?)?{_SP}*(?P<num>\d{{1,4}}){not_after}")
    more = re.compile(rf"{_SP}*[,;]?{_SP}*(?:(?:va|hoac){_SP}+)?(?P<num>\d{{1,4}}){not_after}")
    return head, more


def _make(v: TextView, s: int, e: int, canonical: str, **parts) -> Citation:
    ctx = parse_context(v, e)
    start, end = v.span(s, e)
    term = ctx.term or parts.pop("term", None)
    ds, de = v.span(*ctx.date_at) if ctx.date_at else (None, None)
    return Citation(start, end, v.original[start:end], "named", canonical, date=ctx.date, date_text=ctx.date_text,
                    body=ctx.body, term=term, subject=ctx.subject, date_start=ds, date_end=de, **parts)


def find_named(v: TextView) -> Iterator[Citation]:
    """Named references in a view, in no particular order (the caller sorts and de-overlaps)."""
    t = tables()
    display = _type_names()
    head, more = _numbered()
    for m in head.finditer(v.folded):
        name = display[" ".join(m["word"].split())]
        abbrs = (t.word_types.get(fold(name)) or tuple(a for a, ns in t.type_names.items() if name in ns)
                 or tuple(a for a, ns in t.state_type_names.items() if name in ns))
        num = m["num"]
        if not m["so"] and (not set(abbrs) & set(_BARE_OK) or (len(num) == 4 and num >= "1900")
                            or (abbrs[0] in _BARE_SPAN and (_TIME_AFTER.match(v.folded, m.end())
                                                            or not v.nfc[m.start()].isupper()))):
            continue
        yield _make(v, m.start(), m.end(), f"{name} {num}", number=num, doc_type=abbrs[0], type_name=name)
        at = m.end()
        while (n := more.match(v.folded, at)) and not (len(n["num"]) == 4 and n["num"] >= "1900"):
            # "Nghị quyết 59, 70 và 71": each number is one more reference of the same type
            yield _make(v, n.start("num"), n.end(), f"{name} {n['num']}", number=n["num"], doc_type=abbrs[0],
                        type_name=name)
            at = n.end()
    for m in _PLENUM.finditer(v.folded):
        word: str = m["n"] or m["n2"]
        value = int(word) if word.isdigit() else _ORDINALS.get(word) or roman_value(word)
        yield _make(v, m.start(), m.end(), f"Nghị quyết Trung ương {value}", doc_type="NQ", type_name="Nghị quyết")
    for m in _CONGRESS.finditer(v.folded):
        roman = m["n"].upper()
        yield _make(v, m.start(), m.end(), f"Nghị quyết Đại hội {roman}", doc_type="NQ", type_name="Nghị quyết",
                    term=roman)
