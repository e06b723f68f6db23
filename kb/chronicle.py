"""The chronicle as a historian browses it: years → months → events, date filters, conflicts.

Pure domain code over :class:`kb.models.Corpus`. A disputed date is never settled here: filters use
every claim (an event matches when any source's date matches), and :func:`list_conflicts` shows
each side with its sources. An event known only to the year is not placed in a month and does not
match a month filter: the product does not invent the parts no source gives.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from kb.claims import claim_json
from kb.models import Corpus, DateClaim, DateValue, Event, Record, Source, covering, primary_first

# How fine a precision is: a period filter only matches dates at least as fine as the period.
_FINENESS = {"day": 0, "month": 1, "quarter": 2, "half": 3, "year": 4}


@dataclass(frozen=True)
class MonthGroup:
    """The events of one month of a year; ``month`` None holds those known only to the year."""

    month: int | None
    events: tuple[Event, ...]

    @property
    def count(self) -> int:
        return len(self.events)


@dataclass(frozen=True)
class YearGroup:
    """One year of the timeline: its months in order, the year-only bucket last."""

    year: int
    months: tuple[MonthGroup, ...]

    @property
    def count(self) -> int:
        return sum(m.count for m in self.months)


@dataclass(frozen=True)
class SourcedClaim:
    """One side of a conflict: a value and the Source objects (not just ids) that give it."""

    value: DateValue
    sources: tuple[Source, ...]
    note: str | None = None


@dataclass(frozen=True)
class Conflict:
    """A record field whose sources give different dates; every side is kept."""

    record_id: str
    kind: str
    title: str
    field: str  # date | birth | death
    claims: tuple[SourcedClaim, ...]


def fineness(value: DateValue) -> int:
    """0 for a day … 4 for a year; a range is as coarse as its coarser end.

    >>> fineness(DateValue.parse("2021-01-25/2021-02-01")), fineness(DateValue.parse("1941"))
    (0, 4)
    """
    if value.start is not None and value.end is not None:
        return max(fineness(value.start), fineness(value.end))
    return _FINENESS.get(value.precision, 4)


def first_day(event: Event) -> date | None:
    """The earliest day any source gives for the event: its place in the timeline."""
    span = covering(event.dates)
    return span[0] if span else None


def _month_of(event: Event) -> int | None:
    """The month of the earliest claim, when that claim knows its month."""
    claims = sorted(event.dates, key=lambda c: c.value.start_date)
    return claims[0].value.start_date.month if claims and fineness(claims[0].value) <= 1 else None


def timeline(events: tuple[Event, ...] | list[Event]) -> list[YearGroup]:
    """Group dated events by year then month, each in date order; undated events are left out.

    Args:
        events: the events to show, e.g. ``corpus.events`` or the result of :func:`filter_events`.

    Returns:
        Years in order, each with its months (and a ``month=None`` group for year-only dates).
    """
    dated = sorted((e for e in events if e.dates), key=lambda e: (first_day(e), e.title))
    years: dict[int, dict[int | None, list[Event]]] = {}
    for event in dated:
        day = first_day(event)
        assert day is not None
        years.setdefault(day.year, {}).setdefault(_month_of(event), []).append(event)
    out = []
    for year in sorted(years):
        months = years[year]
        order = sorted(m for m in months if m is not None) + ([None] if None in months else [])
        out.append(YearGroup(year, tuple(MonthGroup(m, tuple(months[m])) for m in order)))
    return out


def _claim_in(claim: DateClaim, lo: date, hi: date, period_fineness: int) -> bool:
    v = claim.value
    return v.start_date <= hi and v.end_date >= lo and fineness(v) <= period_fineness


def _days(value: DateValue) -> list[date]:
    """Every day a day-precise value covers (at most a year's worth), else nothing."""
    if fineness(value) != 0 or (value.end_date - value.start_date).days > 366:
        return []
    n = (value.end_date - value.start_date).days
    return [value.start_date + timedelta(days=k) for k in range(n + 1)]


def filter_events(events: tuple[Event, ...] | list[Event], *, start: date | None = None,
                  end: date | None = None, year: int | None = None, month: int | None = None,
                  on_this_day: tuple[int, int] | None = None) -> list[Event]:
    """Events matching every filter given; a disputed event matches when any claim does.

    Args:
        start, end: keep events that overlap [start, end] (either may be open).
        year: keep events that overlap the year; with ``month``, those known to the month and in it.
        month: a month of ``year``, or alone, that month in any year.
        on_this_day: (month, day): events known to the day that cover that day in any year.

    Returns:
        The matching events in timeline order.
    """
    def keep(e: Event) -> bool:
        claims = e.dates
        if not claims:
            return False
        if (start or end) and not any(_claim_in(c, start or date.min, end or date.max, 4) for c in claims):
            return False
        if year is not None:
            lo, hi = (date(year, month, 1), _month_end(year, month)) if month else (date(year, 1, 1), date(year, 12, 31))
            if not any(_claim_in(c, lo, hi, 1 if month else 4) for c in claims):
                return False
        elif month is not None:
            if not any(fineness(c.value) <= 1 and _covers_month(c.value, month) for c in claims):
                return False
        if on_this_day is not None:
            if not any((d.month, d.day) == on_this_day for c in claims for d in _days(c.value)):
                return False
        return True

    return sorted((e for e in events if keep(e)), key=lambda e: (first_day(e), e.title))


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def _covers_month(value: DateValue, month: int) -> bool:
    """True when the value touches ``month`` in some year (ranges up to two years are walked)."""
    d, stop = value.start_date.replace(day=1), value.end_date
    for _ in range(25):
        if d > stop:
            return False
        if d.month == month:
            return True
        d = _month_end(d.year, d.month) + timedelta(days=1)
    return False


def sourced(record: Record, claim: DateClaim) -> SourcedClaim:
    """A record's claim with its source ids replaced by the record's Source objects."""
    found = tuple(record.source(i) or Source(i, i) for i in claim.sources)
    return SourcedClaim(claim.value, found, claim.note)


def _fields(record: Record) -> list[tuple[str, tuple[DateClaim, ...]]]:
    fields = [("date", getattr(record, "dates", ()))]
    fields += [(name, getattr(record, name)) for name in ("birth", "death") if hasattr(record, name)]
    return fields


def list_conflicts(corpus: Corpus) -> list[Conflict]:
    """Every record field with two or more claims that give different dates, in corpus order.

    Claims with the same value are merged into one side (their sources joined), so each side of a
    conflict is one distinct date.
    """
    out = []
    for record in corpus.records():
        for name, claims in _fields(record):
            if len({c.value for c in claims}) >= 2:
                out.append(Conflict(record.id, record.kind, record.title, name, merged_sides(record, claims)))
    return out


def merged_sides(record: Record, claims: tuple[DateClaim, ...]) -> tuple[SourcedClaim, ...]:
    """One side per distinct value, its claims' sources and notes joined; sides a primary source
    backs come first, the rest in first-seen order."""
    sides: dict[DateValue, list[DateClaim]] = {}
    for claim in primary_first(record, claims):
        sides.setdefault(claim.value, []).append(claim)
    merged = []
    for value, group in sides.items():
        ids = tuple(dict.fromkeys(i for c in group for i in c.sources))
        notes = "; ".join(c.note for c in group if c.note) or None
        merged.append(sourced(record, DateClaim(value, ids, notes)))
    return tuple(merged)


def sourced_to_json(claim: SourcedClaim) -> dict[str, Any]:
    """One dated claim with its sources, as JSON (conflicts and cross-checks share it)."""
    return claim_json(claim.value, claim.sources, claim.note)
