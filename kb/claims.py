"""One JSON shape for a date with its claims and sources, and one way to write alternative dates.

Every program-facing view of a date (``kb people --json``, ``kb chronicle --json``, ``kb
conflicts --json``, ``kb crosscheck --json`` and the web's JSON twins) builds it here, so a date
reads the same wherever it appears: each claim with its value at its precision, the display
form, the days it covers, its note and its sources spelled out (claims backed by a primary
source first).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kb.models import DateClaim, DateValue, Record, Source, primary_first


def source_json(s: Source) -> dict[str, Any]:
    """A source as data."""
    return {"id": s.id, "title": s.title, "url": s.url, "page": s.page, "note": s.note, "kind": s.kind}


def claim_json(value: DateValue, sources: Iterable[Source], note: str | None = None) -> dict[str, Any]:
    """One dated claim with its sources.

    >>> j = claim_json(DateValue.parse("1931-01"), [Source("a", "A", kind="primary")])
    >>> j["value"], j["display"], j["precision"], j["start_date"], j["end_date"], j["sources"][0]["kind"]
    ('1931-01', 'tháng 1/1931', 'month', '1931-01-01', '1931-01-31', 'primary')
    """
    return {"value": value.iso(), "display": value.display(), "precision": value.precision,
            "start_date": value.start_date.isoformat(), "end_date": value.end_date.isoformat(),
            "note": note, "sources": [source_json(s) for s in sources]}


def claims_json(record: Record, claims: tuple[DateClaim, ...]) -> list[dict[str, Any]]:
    """Each claim of a record as written (not merged), its source ids resolved to the record's
    sources (an id the record lacks is kept as a bare source), primary-backed claims first."""
    return [claim_json(c.value, (record.source(i) or Source(i, i) for i in c.sources), c.note)
            for c in primary_first(record, claims)]


def alternatives(claims: Iterable[DateClaim], empty: str = "chưa rõ ngày") -> str:
    """Every distinct value, joined by "hoặc": a conflict stays visible even in a one-line listing.

    >>> alternatives((DateClaim(DateValue.parse("1931-01-22"), ("a",)), DateClaim(DateValue.parse("1931-01-23"), ("b",))))
    '22/1/1931 hoặc 23/1/1931'
    >>> alternatives(())
    'chưa rõ ngày'
    """
    values = list(dict.fromkeys(c.value.display() for c in claims))
    return " hoặc ".join(values) if values else empty
