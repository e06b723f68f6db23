"""Metadata from a document's header: number, type, issuer, place and date, and the title.

A Party or state document opens with the issuer, "Số 52-NQ/TW" (or "Số: 15/2020/NĐ-CP"), the
place and date line "Hà Nội, ngày 27 tháng 9 năm 2019", then its title in capitals, its type word
first ("NGHỊ QUYẾT", "BÁO CÁO") and the subject after it ("về …"). Only the first lines are read,
so a number or a date cited in the body is never taken for the document's own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kb.citations.data import tables
from kb.citations.numbers import find_numbers
from kb.clean import fold, squash_spaces
from kb.dates import find_dates
from kb.models import DateValue

HEADER_LINES = 40
_NUMBER_LINE = re.compile(r"(?:^|\s{2}|\t|\|)\s*so\s*[:.]?\s*(?=\d)")  # on folded text: "Số: 52-NQ/TW"
_PLACE_DATE = re.compile(r"(?:^|\s{2}|\t|\|)\s*([^\W\d_][^\d,|\t]{1,40}),\s*(?=ngay\s+\d)")  # "Hà Nội, ngày 27"
_SEPARATOR = re.compile(r"[\W_]*")  # "-----", "*", "***"
_ROMAN = re.compile(r"[IVXLC]+")


@dataclass(frozen=True)
class Header:
    """What the header says; None where it says nothing."""

    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    date: DateValue | None = None
    place: str | None = None
    title: str | None = None


def _lines(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        if line.strip():
            out.append(line.strip())
        if len(out) >= HEADER_LINES:
            break
    return out


def _number(lines: list[str]):
    for line in lines:
        m = _NUMBER_LINE.search(fold(line))
        if m:
            found = find_numbers(line[m.end():])
            if found and found[0].start <= 1:
                return found[0]
    return None


def _place_date(lines: list[str]) -> tuple[str | None, DateValue | None]:
    for line in lines:
        m = _PLACE_DATE.search(fold(line))
        if not m:
            continue
        for d in find_dates(line[m.end():]):
            if d.value is not None and d.value.precision == "day":
                return squash_spaces(line[m.start(1):m.end(1)]), d.value
    return None, None


def _capitalised(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def _type_of(line: str) -> tuple[str, ...]:
    """Type abbreviations a title line starts with: 'NGHỊ QUYẾT' -> ('NQ',)."""
    key = " ".join(fold(line).split())
    for word, abbrs in sorted(tables().word_types.items(), key=lambda kv: -len(kv[0])):
        if key == word or key.startswith(word + " "):
            return abbrs
    return ()


def _sentence_case(text: str) -> str:
    """'NGHỊ QUYẾT CỦA BỘ CHÍNH TRỊ VỀ …' -> 'Nghị quyết của Bộ Chính trị về …'; keeps XII, 52-NQ/TW.

    >>> _sentence_case("NGHỊ QUYẾT CỦA BỘ CHÍNH TRỊ (KHÓA XII) VỀ CÔNG TÁC 52-NQ/TW")
    'Nghị quyết của Bộ Chính trị (khóa XII) về công tác 52-NQ/TW'
    """
    words = []
    for word in text.split(" "):
        core = word.strip("()[],.;:“”\"'")
        keep = _ROMAN.fullmatch(core) or any(ch.isdigit() for ch in core) or "/" in core
        words.append(word if keep else word.lower())
    out = " ".join(words)
    for name, _ in tables().bodies.values():
        out = re.sub(re.escape(name.lower()), name, out)
    return out[:1].upper() + out[1:]


def _title(lines: list[str]) -> tuple[str | None, tuple[str, ...]]:
    """The title block: a capitalised line opening with a type word, and the lines that go on it."""
    for i, line in enumerate(lines):
        abbrs = _type_of(line)
        if not abbrs or not _capitalised(line):
            continue
        parts = [line]
        for nxt in lines[i + 1:i + 6]:
            if _SEPARATOR.fullmatch(nxt) or len(nxt) > 200:
                break
            if not (_capitalised(nxt) or nxt[0].islower() or nxt[0] in "“\"("):
                break
            parts.append(nxt)
        fixed = [_sentence_case(p) if _capitalised(p) else p for p in parts]
        title = " ".join([fixed[0], *(p[:1].lower() + p[1:] if _capitalised(q) else p
                                      for p, q in zip(fixed[1:], parts[1:]))])
        return squash_spaces(title), abbrs
    return None, ()


def read_header(text: str) -> Header:
    """Read number, type, issuer, place, date and title from the first lines of ``text``.

    >>> h = read_header("BAN CHẤP HÀNH TRUNG ƯƠNG\\n*\\nSố 52-NQ/TW\\nHà Nội, ngày 27 tháng 9 năm 2019\\n"
    ...                 "NGHỊ QUYẾT\\nCỦA BỘ CHÍNH TRỊ\\nvề một số chủ trương\\n-----\\nThời gian qua …")
    >>> h.number, h.doc_type, h.issuer, h.date.iso(), h.place
    ('52-NQ/TW', 'NQ', 'TW', '2019-09-27', 'Hà Nội')
    >>> h.title
    'Nghị quyết của Bộ Chính trị về một số chủ trương'
    """
    lines = _lines(text)
    number = _number(lines)
    place, date = _place_date(lines)
    title, abbrs = _title(lines)
    doc_type = number.doc_type if number else (abbrs[0] if len(abbrs) == 1 else None)
    return Header(number.canonical if number else None, doc_type, number.issuer if number else None,
                  date, place, title)
