"""Which Party term (khóa) a date falls in, from the congress table in ``kb/data/terms.json``.

A term runs from the day after its congress closes to the closing day of the next. Were a
congress date not sourced, the answer would be every term the date could be in, never a guess.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from kb.models import DateValue


@dataclass(frozen=True)
class Congress:
    """One national congress; ``closed`` is None when no source gives it yet."""

    name: str  # roman numeral, e.g. 'XII'
    opened: date | None
    closed: date | None
    sources: tuple[str, ...]


@lru_cache(maxsize=1)
def congresses() -> tuple[Congress, ...]:
    """The congress table in order.

    >>> [c.name for c in congresses()][:3], congresses()[11].closed
    (['I', 'II', 'III'], datetime.date(2016, 1, 28))
    """
    raw = json.loads(resources.files("kb").joinpath("data", "terms.json").read_text(encoding="utf-8"))

    def day(s: str | None) -> date | None:
        return date.fromisoformat(s) if s else None

    return tuple(
        Congress(c["congress"], day(c["opened"]), day(c["closed"]), tuple(c["sources"])) for c in raw["congresses"]
    )


def _bounds() -> list[tuple[str, date, date]]:
    """(term, earliest possible first day - 1, latest possible last day) for every term."""
    table = congresses()
    out = []
    for i, c in enumerate(table):
        lo = next((p.closed for p in reversed(table[: i + 1]) if p.closed), None)
        hi = next((n.closed for n in table[i + 1:] if n.closed), date.max)
        if lo is not None:
            out.append((c.name, lo, hi))
    return out


def terms_for(value: DateValue | date) -> tuple[str, ...]:
    """Every term the date (at its precision) could fall in; empty before the first congress.

    >>> terms_for(date(2019, 9, 27)), terms_for(date(2016, 1, 28)), terms_for(date(2016, 1, 29))
    (('XII',), ('XI',), ('XII',))
    >>> terms_for(date(2005, 2, 21))
    ('IX',)
    >>> terms_for(DateValue.of(2021)), terms_for(date(1930, 2, 3))
    (('XII', 'XIII'), ())
    """
    first, last = (value, value) if isinstance(value, date) else (value.start_date, value.end_date)
    return tuple(name for name, lo, hi in _bounds() if lo < last and first <= hi)


def term_for(value: DateValue | date) -> str | None:
    """The one term a date falls in, or None when it cannot be settled from sourced dates.

    >>> term_for(date(2020, 2, 11)), term_for(date(2005, 2, 21))
    ('XII', 'IX')
    """
    terms = terms_for(value)
    return terms[0] if len(terms) == 1 else None
