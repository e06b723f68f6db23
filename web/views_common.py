"""Small shared pieces of the record pages: sources and date claims as plain dicts."""
from __future__ import annotations

from kb.models import DateClaim, Record, Source


def source_json(s: Source) -> dict:
    return {"id": s.id, "title": s.title, "url": s.url, "page": s.page, "note": s.note}


def claims_json(rec: Record, claims: tuple[DateClaim, ...]) -> list[dict]:
    """Each claim with its value, display form and the sources it cites (resolved to titles)."""
    out = []
    for c in claims:
        out.append({"value": c.value.iso(), "display": c.value.display(), "precision": c.value.precision,
                    "note": c.note,
                    "sources": [source_json(s) for s in (rec.source(i) for i in c.sources) if s]})
    return out


KIND_PATHS = {"document": "documents", "article": "documents", "event": "events", "person": "people"}


def record_url(kind: str, record_id: str) -> str:
    """Where a record's page lives."""
    return f"/{KIND_PATHS.get(kind, 'documents')}/{record_id}"
