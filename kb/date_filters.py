"""Read the chronicle's date filters from user text, once, for the CLI and the web alike.

Both shells take the same words ("--from 27/9/2019", "?from=tháng 8/1945", "--on 09-27") and must
reject the same bad values with the same one-line reason, so the reading lives here, not twice.
A bound is widened to the precision written: "from 2019" starts on 1/1/2019, "to 2019" ends on
31/12/2019, so a year typed as a bound never cuts that year short.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from kb.dates import parse_date
from kb.errors import QueryError
from kb.models import DateValue

# "09-27" (ISO month-day, as --on documents) or "27/9", "ngày 27/9" (Vietnamese day/month)
_MONTH_DAY = re.compile(r"(?:--)?(\d{1,2})-(\d{1,2})")
_DAY_MONTH = re.compile(r"(?:ngày\s+)?(\d{1,2})\s?[/.]\s?(\d{1,2})", re.IGNORECASE)
_HINT = "ví dụ: 2019-09-27, 27/9/2019, tháng 8/1945, quý I/2020, 1941"


@dataclass(frozen=True)
class ChronicleFilter:
    """What a chronicle listing is restricted to; every part optional."""

    # a year, or a month of it (a month alone: that month of every year)
    year: int | None = None
    month: int | None = None
    # a span: events overlapping [start, end]
    start: date | None = None
    end: date | None = None
    # (month, day): events known to the day that fall on it in some year
    on_this_day: tuple[int, int] | None = None

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for :func:`kb.chronicle.filter_events`."""
        return {"year": self.year, "month": self.month, "start": self.start, "end": self.end,
                "on_this_day": self.on_this_day}

    @property
    def empty(self) -> bool:
        return self == ChronicleFilter()

    def describe(self) -> str:
        """The period in words, as a chronicle book's title page names it ("" when unfiltered).

        >>> ChronicleFilter(start=date(2011, 1, 1), end=date(2020, 12, 31)).describe()
        'Từ ngày 1/1/2011 đến ngày 31/12/2020'
        >>> ChronicleFilter(year=2016, month=9).describe(), ChronicleFilter(on_this_day=(9, 27)).describe()
        ('Tháng 9/2016', 'Ngày 27/9 các năm')
        """
        parts = []
        if self.year is not None:
            parts.append(f"Tháng {self.month}/{self.year}" if self.month else f"Năm {self.year}")
        elif self.month is not None:
            parts.append(f"Tháng {self.month} các năm")
        if self.start and self.end:
            parts.append(f"Từ ngày {_dmy(self.start)} đến ngày {_dmy(self.end)}")
        elif self.start:
            parts.append(f"Từ ngày {_dmy(self.start)}")
        elif self.end:
            parts.append(f"Đến ngày {_dmy(self.end)}")
        if self.on_this_day:
            parts.append(f"Ngày {self.on_this_day[1]}/{self.on_this_day[0]} các năm")
        return ", ".join(parts)

    def to_json(self) -> dict[str, Any]:
        """The filter as ISO text: ``on`` as ``MM-DD``."""
        on = f"{self.on_this_day[0]:02d}-{self.on_this_day[1]:02d}" if self.on_this_day else None
        return {"year": self.year, "month": self.month, "from": self.start.isoformat() if self.start else None,
                "to": self.end.isoformat() if self.end else None, "on": on}


def _dmy(d: date) -> str:
    return f"{d.day}/{d.month}/{d.year}"


def date_value(text: str, param: str) -> DateValue:
    """One date in any form :func:`kb.dates.parse_date` reads; QueryError naming ``param`` otherwise.

    >>> date_value("tháng 8/1945", "from").start_date
    datetime.date(1945, 8, 1)
    >>> date_value("31/2/2020", "to")
    Traceback (most recent call last):
    kb.errors.QueryError: tham số 'to': không đọc được ngày «31/2/2020» (ví dụ: 2019-09-27, 27/9/2019, tháng 8/1945, quý I/2020, 1941)
    """
    value = parse_date(text) if len(text) <= 100 else None
    if value is None:
        raise QueryError(param, f"không đọc được ngày «{text[:40]}» ({_HINT})")
    return value


def month_day(text: str, param: str = "on") -> tuple[int, int]:
    """(month, day) from "09-27" (month first, ISO) or "27/9" (day first, Vietnamese).

    The separator tells the order apart, so "01-02" is 2 January and "1/2" is 1 February.
    29 February is allowed: it happens in leap years.

    >>> month_day("09-27"), month_day("27/9"), month_day("ngày 1/2")
    ((9, 27), (9, 27), (2, 1))
    >>> month_day("30/2")
    Traceback (most recent call last):
    kb.errors.QueryError: tham số 'on': không có ngày «30/2» (viết MM-DD như 09-27, hoặc ngày/tháng như 27/9)
    """
    s = text.strip()
    iso, vn = _MONTH_DAY.fullmatch(s), _DAY_MONTH.fullmatch(s)
    pair = (int(iso[1]), int(iso[2])) if iso else (int(vn[2]), int(vn[1])) if vn else None
    try:
        if pair is None:
            raise ValueError
        date(2000, *pair)  # a leap year, so 29/2 passes
    except ValueError:
        reason = f"không có ngày «{s[:40]}» (viết MM-DD như 09-27, hoặc ngày/tháng như 27/9)"
        raise QueryError(param, reason) from None
    return pair


def chronicle_filter(year: int | None = None, month: int | None = None, date_from: str | None = None,
                     date_to: str | None = None, on: str | None = None) -> ChronicleFilter:
    """Validate and combine the chronicle's parameters (blank text means "not given").

    Args:
        year, month: a year (1–9999) and a month (1–12), already whole numbers.
        date_from, date_to: bounds in any date form; each widened to the precision written.
        on: "on this day" as MM-DD or day/month.

    Returns:
        The filter; QueryError names the first bad parameter.

    >>> chronicle_filter(date_from="2011", date_to="2020").to_json()["to"]
    '2020-12-31'
    """
    if year is not None and not 1 <= year <= 9999:
        raise QueryError("year", "phải từ 1 đến 9999")
    if month is not None and not 1 <= month <= 12:
        raise QueryError("month", "phải từ 1 đến 12")
    start = date_value(date_from, "from").start_date if date_from and date_from.strip() else None
    end = date_value(date_to, "to").end_date if date_to and date_to.strip() else None
    if start and end and end < start:
        raise QueryError("to", f"ngày cuối {end.isoformat()} đứng trước ngày đầu {start.isoformat()}")
    pair = month_day(on) if on and on.strip() else None
    return ChronicleFilter(year, month, start, end, pair)
