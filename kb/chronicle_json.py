"""Events and the timeline as plain dicts: one shape for ``kb chronicle --json`` and the web's JSON.

The web adds only its URLs to these dicts, so a program reading ``/chronicle.json`` and one reading
``kb chronicle --json`` see the same fields. A disputed date is shown as every value ("22/1/1931
hoặc 23/1/1931"), never as one picked side.
"""
from __future__ import annotations

from typing import Any

from kb.chronicle import YearGroup
from kb.claims import alternatives, claims_json, source_json
from kb.models import Corpus, DateClaim, Document, Event, Person, Record

MONTH_LABELS: dict[int | None, str] = {None: "Chưa rõ tháng", **{m: f"Tháng {m}" for m in range(1, 13)}}


def date_display(claims: tuple[DateClaim, ...]) -> str:
    """Every distinct value, joined by "hoặc" (see :func:`kb.claims.alternatives`)."""
    return alternatives(claims)


def event_summary(event: Event) -> dict[str, Any]:
    """An event as one timeline line: title, date(s) with precision and sources, places."""
    return {
        "id": event.id, "title": event.title, "display": date_display(event.dates),
        "disputed": event.disputed, "dates": claims_json(event, event.dates), "places": list(event.places),
    }


def _linked(ids: tuple[str, ...], corpus: Corpus, kind: type[Record]) -> list[dict[str, Any]]:
    """Linked records with their titles; an id the corpus lacks is kept, marked ``found: false``."""
    out = []
    for rid in ids:
        rec = corpus.get(rid)
        ok = isinstance(rec, kind)
        item: dict[str, Any] = {"id": rid, "title": rec.title if ok and rec else rid, "found": ok}
        if kind is not Person:
            item["number"] = getattr(rec, "number", None) if ok else None
        out.append(item)
    return out


def event_detail(event: Event, corpus: Corpus) -> dict[str, Any]:
    """Everything an event page shows: every claim with its sources, places, links, description."""
    out = event_summary(event)
    out.update({
        "kind": event.kind, "aliases": list(event.aliases), "description": event.text.strip(),
        "documents": _linked(event.documents, corpus, Document),
        "people": _linked(event.people, corpus, Person),
        "sources": [source_json(s) for s in event.sources],
        "category": event.category, "term": event.term,
    })
    return out


def timeline_json(years: list[YearGroup]) -> list[dict[str, Any]]:
    """Years → months → events, each level with its count; the year-only month is ``null``."""
    return [{
        "year": y.year, "count": y.count,
        "months": [{"month": m.month, "label": MONTH_LABELS[m.month], "count": m.count,
                    "events": [event_summary(e) for e in m.events]} for m in y.months],
    } for y in years]
