"""Frozen records of the knowledge base: sources, dates with precision, documents, events, people.

Conflicting sources are first-class: a date is a tuple of :class:`DateClaim`, each with its sources,
and a record is *disputed* when its claims disagree. Nothing here settles a conflict.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

PRECISIONS = ("day", "month", "quarter", "half", "year", "range")

_ISO_RE = re.compile(
    r"(?P<y>\d{4})(?:-(?:(?P<q>Q[1-4])|(?P<h>H[12])|(?P<m>\d{2})(?:-(?P<d>\d{2}))?))?"
)


@dataclass(frozen=True)
class DateValue:
    """A date known to some precision, with the first and last day it covers.

    ``value`` is ISO at the precision written (``2019-09-27``, ``1945-08``, ``2020-Q1``,
    ``2020-H1``, ``1941``) and None for a range, whose bounds are ``start``/``end`` values.
    """

    value: str | None
    precision: str
    start_date: date
    end_date: date
    start: DateValue | None = None
    end: DateValue | None = None

    @property
    def year(self) -> int:
        return self.start_date.year

    def iso(self) -> str:
        """ISO text of the value, ``start/end`` for a range.

        >>> DateValue.parse("2021-01-25/2021-02-01").iso()
        '2021-01-25/2021-02-01'
        """
        if self.value is not None:
            return self.value
        assert self.start is not None and self.end is not None
        return f"{self.start.iso()}/{self.end.iso()}"

    def display(self) -> str:
        """Vietnamese display form at the precision known.

        >>> [DateValue.parse(s).display() for s in ("2019-09-27", "1945-08", "2020-Q1", "1941")]
        ['27/9/2019', 'tháng 8/1945', 'quý I/2020', 'năm 1941']
        >>> DateValue.parse("2021-01-25/2021-02-01").display()
        '25/1/2021 – 1/2/2021'
        """
        d = self.start_date
        if self.precision == "day":
            return f"{d.day}/{d.month}/{d.year}"
        if self.precision == "month":
            return f"tháng {d.month}/{d.year}"
        if self.precision == "quarter":
            return f"quý {('I', 'II', 'III', 'IV')[(d.month - 1) // 3]}/{d.year}"
        if self.precision == "half":
            return f"{'6 tháng đầu' if d.month == 1 else '6 tháng cuối'} năm {d.year}"
        if self.precision == "year":
            return f"năm {d.year}"
        assert self.start is not None and self.end is not None
        return f"{self.start.display().removeprefix('năm ')} – {self.end.display().removeprefix('năm ')}"

    @classmethod
    def of(cls, year: int, month: int | None = None, day: int | None = None) -> DateValue:
        """Build a day, month or year value; raises ValueError for an impossible calendar date.

        >>> DateValue.of(2020, 2, 31)
        Traceback (most recent call last):
        ValueError: day is out of range for month
        """
        if month is None:
            return cls(f"{year:04d}", "year", date(year, 1, 1), date(year, 12, 31))
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return cls(f"{year:04d}-{month:02d}", "month", date(year, month, 1), date(year, month, last))
        d = date(year, month, day)
        return cls(d.isoformat(), "day", d, d)

    @classmethod
    def quarter(cls, year: int, q: int) -> DateValue:
        """The quarter ``q`` (1–4) of ``year``."""
        first = 3 * (q - 1) + 1
        last = calendar.monthrange(year, first + 2)[1]
        return cls(f"{year:04d}-Q{q}", "quarter", date(year, first, 1), date(year, first + 2, last))

    @classmethod
    def half(cls, year: int, h: int) -> DateValue:
        """The half-year ``h`` (1 or 2) of ``year``."""
        if h == 1:
            return cls(f"{year:04d}-H1", "half", date(year, 1, 1), date(year, 6, 30))
        return cls(f"{year:04d}-H2", "half", date(year, 7, 1), date(year, 12, 31))

    @classmethod
    def span(cls, start: DateValue, end: DateValue) -> DateValue:
        """A range from ``start`` to ``end``; raises ValueError when it runs backwards."""
        if end.end_date < start.start_date:
            raise ValueError(f"range ends ({end.iso()}) before it starts ({start.iso()})")
        return cls(None, "range", start.start_date, end.end_date, start, end)

    @classmethod
    def parse(cls, text: str) -> DateValue:
        """Parse ISO at any precision, or ``A/B`` for a range; ValueError otherwise.

        >>> DateValue.parse("2019-09-27").precision, DateValue.parse("2020-H1").end_date
        ('day', datetime.date(2020, 6, 30))
        """
        text = str(text).strip()
        if "/" in text:
            a, b = text.split("/", 1)
            return cls.span(cls.parse(a), cls.parse(b))
        m = _ISO_RE.fullmatch(text)
        if not m:
            raise ValueError(f"'{text}' is not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Qn, YYYY-Hn)")
        y = int(m["y"])
        if m["q"]:
            return cls.quarter(y, int(m["q"][1]))
        if m["h"]:
            return cls.half(y, int(m["h"][1]))
        month = int(m["m"]) if m["m"] else None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month {month} is out of range in '{text}'")
        return cls.of(y, month, int(m["d"]) if m["d"] else None)


@dataclass(frozen=True)
class Source:
    """Where a fact was read: a title, and a URL or a page, with an optional note.

    ``kind`` says how close the source is to the fact: ``primary`` (the document's own text or
    header on an official archive or portal, the Party's term chronicle) or ``secondary`` (news,
    encyclopaedias, legal databases). Pages list primary sources first, so a reader sees the
    document's own word before a retelling; None when a record has not said.
    """

    id: str
    title: str
    url: str | None = None
    page: str | None = None
    note: str | None = None
    kind: str | None = None

    @property
    def primary(self) -> bool:
        return self.kind == "primary"


SOURCE_KINDS = ("primary", "secondary")


def primary_first(record: Record, claims: tuple[DateClaim, ...]) -> tuple[DateClaim, ...]:
    """Claims backed by a primary source first, otherwise in the record's order (a stable sort).

    >>> r = Record("r", "event", "R", (Source("news", "N", kind="secondary"), Source("arch", "A", kind="primary")))
    >>> a = DateClaim(DateValue.parse("2015-04-17"), ("news",))
    >>> b = DateClaim(DateValue.parse("2015-04-07"), ("arch",))
    >>> [c.value.iso() for c in primary_first(r, (a, b))]
    ['2015-04-07', '2015-04-17']
    """
    def rank(claim: DateClaim) -> int:
        found = (record.source(i) for i in claim.sources)
        return 0 if any(s is not None and s.primary for s in found) else 1
    return tuple(sorted(claims, key=rank))


@dataclass(frozen=True)
class DateClaim:
    """One source's word on a date; several claims that disagree make a conflict."""

    value: DateValue
    sources: tuple[str, ...]
    note: str | None = None


def agreed(claims: tuple[DateClaim, ...]) -> DateValue | None:
    """The date every claim agrees on, or None when there are none or they disagree."""
    values = {c.value for c in claims}
    return next(iter(values)) if len(values) == 1 else None


def covering(claims: tuple[DateClaim, ...]) -> tuple[date, date] | None:
    """The first and last day any claim covers: what date filters use for a disputed date."""
    if not claims:
        return None
    return min(c.value.start_date for c in claims), max(c.value.end_date for c in claims)


@dataclass(frozen=True)
class Record:
    """Fields every kind of record shares."""

    id: str
    kind: str
    title: str
    sources: tuple[Source, ...]
    path: str = ""
    aliases: tuple[str, ...] = ()
    text: str = ""

    @property
    def date_claims(self) -> tuple[DateClaim, ...]:
        return ()

    @property
    def date(self) -> DateValue | None:
        return agreed(self.date_claims)

    @property
    def disputed(self) -> bool:
        return len({c.value for c in self.date_claims}) > 1

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)


@dataclass(frozen=True)
class Document(Record):
    """A Party or state document, or an article (kind ``article``) such as the seed report."""

    number: str | None = None  # canonical, e.g. 52-NQ/TW
    doc_type: str | None = None  # abbreviation, e.g. NQ
    issuer: str | None = None  # abbreviation, e.g. TW
    body: str | None = None  # who signed, e.g. Bộ Chính trị
    term: str | None = None  # khóa, e.g. XII
    dates: tuple[DateClaim, ...] = ()
    subject: str | None = None
    summary: str = ""
    author: str | None = None
    superseded_by: str | None = None
    replaces: tuple[str, ...] = ()  # record ids this document replaced, when a source says so
    adopted_at: str | None = None  # event id of the plenum or meeting that adopted it

    @property
    def date_claims(self) -> tuple[DateClaim, ...]:
        return self.dates


@dataclass(frozen=True)
class Event(Record):
    """A chronicle event: when (with precision), where, who, which documents."""

    dates: tuple[DateClaim, ...] = ()
    places: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    category: str | None = None  # congress, plenum, provincial-congress, … (see corpus/README.md)
    term: str | None = None  # khóa of the Central Committee (plenums), e.g. XI
    key: str | None = None  # the meeting it is, shared by every record about it: hoi-nghi-tw-2-khoa-xi

    @property
    def date_claims(self) -> tuple[DateClaim, ...]:
        return self.dates


@dataclass(frozen=True)
class Role:
    """A position held, with its period as written."""

    title: str
    period: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Person(Record):
    """A person: names, life dates with disputed values, hometown as written, roles."""

    birth_name: str | None = None
    birth: tuple[DateClaim, ...] = ()
    death: tuple[DateClaim, ...] = ()
    hometown: str | None = None
    roles: tuple[Role, ...] = ()
    aliases_needing_cue: tuple[str, ...] = ()  # aliases that also read as places: linked after a cue

    @property
    def date_claims(self) -> tuple[DateClaim, ...]:
        return self.birth

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the person goes by, the main one first."""
        extra = (self.birth_name,) if self.birth_name else ()
        return (self.title, *extra, *self.aliases)


@dataclass(frozen=True)
class Corpus:
    """Everything loaded from ``corpus/``."""

    documents: tuple[Document, ...] = ()
    events: tuple[Event, ...] = ()
    people: tuple[Person, ...] = ()
    extra: dict = field(default_factory=dict)

    def records(self) -> tuple[Record, ...]:
        return (*self.documents, *self.events, *self.people)

    def get(self, record_id: str) -> Record | None:
        return next((r for r in self.records() if r.id == record_id), None)
