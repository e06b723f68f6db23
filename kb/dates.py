"""Find the dates written in Vietnamese text, each with its precision, its span and its offsets.

Pure domain code (no index, no web). Decisions, so the product never invents what was not written:

- Order is always day/month/year. Impossible days (31/2/2020, 29/2/2021) are not dates.
- A bare four-digit number is a year only with a cue: "năm 1941"; or as one end of a range after
  "nhiệm kỳ", "giai đoạn", "thời kỳ", "khóa", "năm", inside parentheses "(1901 – 1941)", or in
  "từ … đến …". So "chuyên đề 2020", a year in a heading and "8/1945" with no "tháng" are left alone.
- A day and month with no year ("sáng 19/1") need a cue ("ngày", "sáng", "chiều", a weekday…) or
  a range ("từ 25/1 đến 1/2/2021"); "2/3 số đại biểu" is a fraction. A quarter or half with no year
  ("quý I") stands alone. A month with no year ("tháng 8") stands only inside a range ("mỗi tháng 2
  lần" is a rate, not February).
- A missing year is taken from the nearest date in the text that writes its year (ties go to the
  earlier one; year ranges such as life spans and terms do not count), else from ``default_year``,
  else the mention stays ``partial`` with no value. Such mentions are marked ``year_inferred``.
- Lunar dates ("âm lịch") are flagged, never converted: their value holds the numbers as written.
- Spans cover the date words ("ngày 27 tháng 9 năm 2019", "tháng 8/1945", "năm 1941", "từ 25/1 đến
  1/2/2021") but not lead-in cues ("ngày" before 27/9/2019, "nhiệm kỳ", "sáng") or parentheses.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import Any

from kb.clean import fold, has_marks, nfc_with_offsets
from kb.date_forms import Atom, atom_value, find_atoms, fold_pattern, lower_same_length, range_value, select
from kb.models import DateValue

def _both(source: str) -> dict[bool, re.Pattern[str]]:
    """A pattern compiled for accented (False) and accent-free (True) text."""
    return {False: re.compile(source), True: re.compile(fold_pattern(source))}


_DASH = re.compile(r"\s{0,3}[–—-]\s{0,3}")
_UNTIL = _both(r"\s{1,3}(?:đến|tới)\s{1,3}(?:ngày\s{1,3})?")  # the "đến" of "từ 25/1 đến 1/2/2021"
_FROM = _both(r"(?<!\w)từ\s{1,3}(?:ngày\s{1,3})?$")
_DAY_FROM = _both(r"(?<!\w)ngày\s{1,3}$")  # "ngày 01/10 đến ngày 15/10/2012": a range without "từ"
# what lets a bare year start a range: "nhiệm kỳ 2020 – 2025", "giai đoạn (2011 – 2020)"
_YEAR_CUE = _both(r"(?<!\w)(?:nhiệm\skỳ|nhiệm\skì|giai\sđoạn|thời\skỳ|thời\skì|khóa|khoá|năm)\s{0,3}\(?\s{0,2}$")
# what lets a bare day start a spaced range: "ngày 21 - 22/9/2020", "(21 - 22/9/2020)"
_DAY_LEAD = _both(r"(?:(?<!\w)(?:ngày|mùng|mồng|từ|sáng|chiều|tối|trưa|hôm)\s{1,3}|[(,:;]\s{0,2})$")


@dataclass(frozen=True)
class DateMention:
    """A date found in a text: offsets into that text, the text itself and what it means.

    ``value`` is None only when ``partial``: no year is known (then ``day_month`` holds a lone
    day's (day, month)). ``lunar`` dates keep the written numbers, not a converted calendar date.
    """

    start: int
    end: int
    text: str
    value: DateValue | None
    partial: bool = False
    lunar: bool = False
    day_month: tuple[int, int] | None = None
    year_inferred: bool = False
    partial_precision: str | None = None

    @property
    def precision(self) -> str:
        """``day``, ``month``, ``quarter``, ``half``, ``year`` or ``range``, known even when partial."""
        return self.value.precision if self.value is not None else self.partial_precision or "day"


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    a: Atom
    b: Atom | None = None  # the end of a range


def _joinable(a: Atom, b: Atom, key: str, folded: bool) -> int | None:
    """Where the range a–b starts when the text between them joins them, else None."""
    if b.kind == "bareday" or b.start - a.end > 16:
        return None
    if a.kind != b.kind and not (a.kind == "bareday" and b.kind == "day"):
        if not (a.alone and b.alone and a.y is not None and b.y is not None):
            return None
    before = key[max(0, a.start - 24):a.start]
    if _UNTIL[folded].fullmatch(key, a.end, b.start):
        found = _FROM[folded].search(before)
        if found:
            return a.start - len(before) + found.start()
        return a.start if a.kind in ("day", "bareday") and _DAY_FROM[folded].search(before) else None
    if not _DASH.fullmatch(key, a.end, b.start):
        return None
    if not (a.alone or b.alone or b.y is not None):
        return None  # "1/3 - 2/3" are fractions
    if a.kind == "bareday" and a.end < b.start - 1 and not _DAY_LEAD[folded].search(before):
        if a.start > len(before) or before.strip():  # "Điều 5 - 27/9/2019" is no range
            return None
    if a.kind == "year" and not a.alone:  # a bare year needs a cue or parentheses
        in_parens = before.rstrip().endswith("(") and key[b.end:b.end + 3].lstrip().startswith(")")
        if not (in_parens or _YEAR_CUE[folded].search(before)):
            return None
    return a.start


def _join(atoms: list[Atom], key: str, folded: bool) -> list[_Span]:
    """Join neighbouring atoms into ranges; drop the parts that only count inside a range."""
    spans: list[_Span] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        start = _joinable(a, b, key, folded) if b is not None else None
        if b is not None and start is not None and _range_ok(a, b):
            spans.append(_Span(start, b.end, a, b))
            i += 2
            continue
        if a.alone:
            spans.append(_Span(a.start, a.end, a))
        i += 1
    return spans


def _range_ok(a: Atom, b: Atom) -> bool:
    """A range is kept when it makes sense with the years written, or has no year yet."""
    if b.y is None and a.y is None:
        return True
    try:
        _resolve(_Span(a.start, b.end, a, b), None)
    except ValueError:
        return False
    return True


def _resolve(span: _Span, year: int | None) -> DateValue:
    """The value of a span, with ``year`` for the parts that wrote none; ValueError if impossible."""
    a, b = span.a, span.b
    if b is None:
        return atom_value(a if a.y is not None else replace(a, y=year))
    if b.y is None and a.y is None:
        b = replace(b, y=year)
    elif b.y is None:
        try:
            return range_value(a, replace(b, y=a.y))
        except ValueError:
            return range_value(a, replace(b, y=(a.y or 0) + 1))  # 28/12/2020 – 2/1
    return range_value(a, b)


def _needs_year(span: _Span) -> bool:
    return span.a.y is None and (span.b is None or span.b.y is None)


def _context(spans: list[_Span], values: dict[int, DateValue]) -> list[tuple[int, int, int, int]]:
    """(start, end, first year, last year) of the spans whose year may be lent to a neighbour.

    Year ranges (life spans, terms) lend nothing: "(1901 – 1941)" says little about "quý I".
    """
    out = []
    for k, span in enumerate(spans):
        value = values.get(k)
        if value is None or (span.b is not None and span.b.kind not in ("day", "month")):
            continue
        out.append((span.start, span.end, value.start_date.year, value.end_date.year))
    return out


def _nearest_year(span: _Span, ctx: list[tuple[int, int, int, int]], starts: list[int]) -> int | None:
    """The year of the nearest date that wrote one; the earlier wins a tie."""
    i = bisect_left(starts, span.start)
    before = ctx[i - 1] if i > 0 else None
    after = ctx[i] if i < len(ctx) else None
    if before and (after is None or span.start - before[1] <= after[0] - span.end):
        return before[3]
    return after[2] if after else None


def find_dates(text: str, default_year: int | None = None) -> list[DateMention]:
    """Every date written in ``text``, in order, with offsets into ``text`` as given.

    Args:
        text: any text; NFC or NFD, with or without accents.
        default_year: the year for a day or quarter written without one when the text gives none.

    Returns:
        Non-overlapping mentions; an empty list when there are none.

    >>> [(m.text, m.value.iso()) for m in find_dates("Đại hội XIII diễn ra từ 25/1 đến 1/2/2021")]
    [('từ 25/1 đến 1/2/2021', '2021-01-25/2021-02-01')]
    >>> find_dates("Nghị quyết 52-NQ/TW, 97,5%, 9.300 cuốn, 2/3 số đại biểu")
    []

    Chronicles' forms: a range led by "ngày" alone, listed days, the middle ten days of a month, a
    month in parentheses:

    >>> [m.value.iso() for m in find_dates("ngày 01/10 đến ngày 15/10/2012; ngày 29 và 30/3/1938")]
    ['2012-10-01/2012-10-15', '1938-03-29/1938-03-30']
    >>> [m.value.iso() for m in find_dates("họp vào trung tuần 11/1953; Hội nghị lần thứ năm (7-1961)")]
    ['1953-11', '1961-07']
    """
    norm, offsets = nfc_with_offsets(text)
    key = lower_same_length(norm)
    folded = not has_marks(norm)
    spans = _join(select(find_atoms(key, folded)), key, folded)
    values: dict[int, DateValue] = {}
    for k, span in enumerate(spans):
        if not _needs_year(span):
            try:
                values[k] = _resolve(span, None)
            except ValueError:
                continue
    ctx = _context(spans, values)
    starts = [c[0] for c in ctx]
    out: list[DateMention] = []
    for k, span in enumerate(spans):
        lunar = span.a.lunar or (span.b is not None and span.b.lunar)
        inferred = _needs_year(span) and not lunar
        value = values.get(k)
        if inferred:
            year = _nearest_year(span, ctx, starts) or default_year
            try:
                value = _resolve(span, year) if year is not None else None
            except ValueError:
                value = None
        elif value is None and not _needs_year(span):
            continue  # an impossible date such as 29/2/2021
        start, end = offsets[span.start], offsets[span.end]
        lone_day = span.b is None and span.a.kind == "day" and span.a.d is not None and span.a.m is not None
        out.append(DateMention(
            start, end, text[start:end], value,
            partial=value is None, lunar=lunar,
            day_month=(span.a.d, span.a.m) if value is None and lone_day else None,  # type: ignore[arg-type]
            year_inferred=inferred and value is not None,
            partial_precision=None if value is not None else ("range" if span.b else _KIND_PRECISION.get(span.a.kind, "day")),
        ))
    return out


_KIND_PRECISION = {"day": "day", "days": "range", "month": "month", "year": "year", "quarter": "quarter", "half": "half",
                   "first": "range", "last": "range"}


# What may surround the one date of parse_date's input: cues and punctuation, folded.
_LEFTOVER = re.compile(r"(?:ngay|hom|sang|chieu|toi|trua|dem|vao|tu|nhiem ky|nhiem ki|giai doan|thoi ky|thoi ki|khoa|[\s(),.;:])*")
_BARE = re.compile(r"\(?\s*([12]\d{3})\s*(?:[–—-]\s*([12]\d{3})\s*)?\)?")
_MONTH_YEAR = re.compile(r"(\d{1,2})\s?[/.-]\s?([12]\d{3})")


def parse_date(text: str) -> DateValue | None:
    """Read ``text`` as one date expression (a form field, a CLI option), else None.

    Besides every form :func:`find_dates` knows, the whole string may be a bare year or year range
    ("1941", "2011–2020"), a month "8/1945" or ISO ("2019-09-27", "2020-Q1"): alone, they are
    unambiguous.

    >>> [parse_date(s).iso() for s in ("ngày 27/9/2019", "quý II năm 2020", "1941", "8/1945")]
    ['2019-09-27', '2020-Q2', '1941', '1945-08']
    >>> parse_date("Nghị quyết 52-NQ/TW") is None, parse_date("31/2/2020") is None
    (True, True)
    """
    s = text.strip()
    found = [m for m in find_dates(s) if m.value is not None]
    if len(found) == 1:
        m = found[0]
        if _LEFTOVER.fullmatch(fold(s[:m.start] + " " + s[m.end:])):
            return m.value
    try:
        bare = _BARE.fullmatch(s)
        if bare:
            first = DateValue.of(int(bare[1]))
            return DateValue.span(first, DateValue.of(int(bare[2]))) if bare[2] else first
        month = _MONTH_YEAR.fullmatch(s)
        if month:
            return DateValue.of(int(month[2]), int(month[1])) if 1 <= int(month[1]) <= 12 else None
        return DateValue.parse(s) if found == [] else None
    except ValueError:
        return None


def mention_to_json(m: DateMention) -> dict[str, Any]:
    """The JSON shape of ``kb dates --json``: value like 2019-09-27, 1945-08, 2021-Q2; null for a range.

    A day with no year known has value ``--MM-DD`` (ISO 8601's form for a day of any year) and no
    start or end date.

    >>> mention_to_json(find_dates("tháng 8/1945")[0])["value"]
    '1945-08'
    >>> mention_to_json(find_dates("sáng 19/1")[0])["value"]
    '--01-19'
    """
    v = m.value
    value = v.value if v is not None else None
    if v is None and m.day_month is not None:
        value = f"--{m.day_month[1]:02d}-{m.day_month[0]:02d}"
    return {
        "text": m.text, "start": m.start, "end": m.end, "value": value, "precision": m.precision,
        "start_date": v.start_date.isoformat() if v else None,
        "end_date": v.end_date.isoformat() if v else None,
        "partial": m.partial, "lunar": m.lunar, "year_inferred": m.year_inferred,
    }
