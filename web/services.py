"""What the web's pages share, kept out of any one blueprint: the process's searcher (on the
app, as an extension), the citation graph of the current corpus, records known only to the index,
and a record's reference-manager links. Blueprints import from here, never from each other."""
from __future__ import annotations

from flask import Flask, current_app, request

from indexer.handle import SearcherHandle
from indexer.lookup import stored_record
from kb.citations.graph import CitationGraph, citation_graph
from kb.errors import IndexMissingError
from kb.export.references import meta_tags, reference
from kb.models import DateClaim, DateValue, Document, Record, Source
from web.records import derived
from web.views_common import record_url

EXTENSION = "kb.searcher"


def init_app(app: Flask) -> None:
    """Give the app its searcher handle (one per app, reopened after every rebuild or commit)."""
    app.extensions[EXTENSION] = SearcherHandle(app.config.get("INDEX_DIR"))


def searcher():
    """This thread's up-to-date searcher for the app's index; IndexMissingError when there is none."""
    return current_app.extensions[EXTENSION].get()


def graph() -> CitationGraph:
    """Who cites whom in the current corpus, computed once per corpus load."""
    return derived("citation_graph", citation_graph)


def imported_document(doc_id: str) -> Document | None:
    """A record that exists only in the index (loaded with ``kb import``), rebuilt from its fields."""
    try:
        fields = stored_record(doc_id, searcher())
    except IndexMissingError:
        return None
    if not fields or fields.get("kind") not in ("document", "article"):
        return None
    dates: tuple[DateClaim, ...] = ()
    if fields.get("date") and "|" not in fields["date"]:
        try:
            dates = (DateClaim(DateValue.parse(fields["date"]), ("import",)),)
        except ValueError:
            dates = ()
    return Document(id=doc_id, kind=fields["kind"], title=fields.get("title", doc_id),
                    sources=(Source("import", "nhập bằng kb import (chỉ có trong chỉ mục)"),),
                    text=fields.get("text") or "", number=fields.get("number") or None, dates=dates)


def reference_links(rec: Record) -> dict:
    """The page's Zotero meta tags and its RIS / CSL-JSON export links."""
    url = request.host_url.rstrip("/") + record_url(rec.kind, rec.id)
    base = record_url(rec.kind, rec.id)
    return {"meta_tags": meta_tags(reference(rec, url)), "exports": {"ris": base + ".ris", "csl": base + ".csl.json"}}
