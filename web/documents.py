"""Document pages: metadata, sources, dates with every claim, full text with anchors and marks."""
from __future__ import annotations

from flask import Blueprint, abort

from indexer.highlight import match_spans
from indexer.terms import units
from kb.mentions import find_mentions
from kb.models import Document, Person
from kb.query import parse_query, positive_text
from web.annotate import Span, link, paragraphs
from web.params import text_param
from web.records import corpus
from web.render import render
from web.views_common import claims_json, source_json

bp = Blueprint("documents", __name__)


def person_links(text: str, people: tuple[Person, ...]) -> list[Span]:
    """Links from each person named in ``text`` to their page; a fuzzy match says "possibly"."""
    names = {p.id: p.title for p in people}
    return [link(m.start, m.end, f"/people/{m.person_id}", "person",
                 ("Có thể là " if m.how == "fuzzy" else "") + names[m.person_id])
            for m in find_mentions(text, people)]


def document_data(doc: Document, q: str, people: tuple[Person, ...] = ()) -> dict:
    """Everything the document page shows, as plain data; ``people`` are linked where named."""
    wanted = [u for t in positive_text(parse_query(q)) for u in units(t)] if q else []
    spans = [Span(a, b, "mark", priority=1) for a, b in match_spans(doc.text, wanted)] if wanted else []
    spans += person_links(doc.text, people)
    return {
        "id": doc.id, "kind": doc.kind, "title": doc.title, "number": doc.number,
        "type": doc.doc_type, "issuer": doc.issuer, "body": doc.body, "term": doc.term,
        "subject": doc.subject, "summary": doc.summary, "author": doc.author,
        "superseded_by": doc.superseded_by, "aliases": list(doc.aliases),
        "dates": claims_json(doc, doc.dates), "disputed": doc.disputed,
        "sources": [source_json(s) for s in doc.sources], "query": q,
        "paragraphs": paragraphs(doc.text, spans),
    }


@bp.get("/documents/<doc_id>")
@bp.get("/documents/<doc_id>.json")
def document_page(doc_id: str):
    q = text_param("q")
    data = corpus()
    rec = data.get(doc_id.removesuffix(".json"))
    if not isinstance(rec, Document):
        abort(404, description=f"Không có văn bản mang mã «{doc_id[:80]}».")
    return render("document.html", document_data(rec, q, data.people))
