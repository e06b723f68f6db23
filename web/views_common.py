"""Small shared pieces of the record pages: links to corpus files and record URLs (the JSON of
sources and dates is :mod:`kb.claims`)."""
from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any



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


KIND_PATHS = {"document": "documents", "article": "documents", "event": "events", "person": "people"}


def record_url(kind: str, record_id: str) -> str:
    """Where a record's page lives."""
    return f"/{KIND_PATHS.get(kind, 'documents')}/{record_id}"
