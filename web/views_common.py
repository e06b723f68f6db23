"""Small shared pieces of the record pages: sources and date claims as plain dicts."""
from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from kb.models import DateClaim, Record, Source, primary_first


def source_json(s: Source) -> dict:
    """A source as data (its link to a corpus page is added by :func:`link_corpus_sources`)."""
    return {"id": s.id, "title": s.title, "url": s.url, "page": s.page, "note": s.note, "kind": s.kind}


def link_corpus_sources(data: Any) -> Any:
    """Give every source that is a file of this corpus (``page: corpus/documents/x.txt``) the URL
    of that record's page, wherever it sits in a page's data; returns ``data``, changed in place."""
    if isinstance(data, dict):
        page = data.get("page")
        if ("title" in data and "url" in data and not data["url"] and isinstance(page, str)
                and page.startswith("corpus/documents/")):
            data["url"] = record_url("document", PurePosixPath(page).stem)
        for value in data.values():
            link_corpus_sources(value)
    elif isinstance(data, list):
        for value in data:
            link_corpus_sources(value)
    return data


def claims_json(rec: Record, claims: tuple[DateClaim, ...]) -> list[dict]:
    """Each claim with its value, display form and the sources it cites (resolved to titles)."""
    out = []
    for c in primary_first(rec, claims):
        out.append({"value": c.value.iso(), "display": c.value.display(), "precision": c.value.precision,
                    "note": c.note,
                    "sources": [source_json(s) for s in (rec.source(i) for i in c.sources) if s]})
    return out


KIND_PATHS = {"document": "documents", "article": "documents", "event": "events", "person": "people"}


def record_url(kind: str, record_id: str) -> str:
    """Where a record's page lives."""
    return f"/{KIND_PATHS.get(kind, 'documents')}/{record_id}"
