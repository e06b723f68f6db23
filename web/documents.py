"""Document pages: metadata, sources, dates with every claim, full text with anchors and marks."""
from __future__ import annotations

from flask import Blueprint, abort

from indexer.highlight import match_spans
from indexer.search import related
from indexer.terms import units
from kb.claims import claims_json, source_json
from kb.citations import standard_citation
from kb.citations.check import CheckedCitation
from kb.dates import find_dates
from kb.errors import IndexMissingError
from kb.mentions import find_mentions
from kb.models import Corpus, Document, Person
from kb.query import parse_query, positive_text
from web.annotate import Span, link, paragraphs
from web.charts import Graph, neighbourhood
from web.params import text_param
from web.records import corpus
from web.services import graph, imported_document, reference_links, searcher
from web.render import render
from web.views_common import record_url

bp = Blueprint("documents", __name__)


def person_links(text: str, people: tuple[Person, ...]) -> list[Span]:
    """Links from each person named in ``text`` to their page; a fuzzy match says "possibly"."""
    names = {p.id: p.title for p in people}
    return [link(m.start, m.end, f"/people/{m.person_id}", "person",
                 ("Có thể là " if m.how == "fuzzy" else "") + names[m.person_id])
            for m in find_mentions(text, people)]


def citation_spans(found: list[CheckedCitation]) -> list[Span]:
    """Resolved citations link to their record; others are marked with their status."""
    spans = []
    for c in found:
        rec = c.resolution.record
        if rec is not None:
            spans.append(link(c.citation.start, c.citation.end, record_url(rec.kind, rec.id),
                              f"cite status-{c.status}", standard_citation(rec)))
        else:
            spans.append(Span(c.citation.start, c.citation.end, "span",
                              f'class="cite status-{c.status}"', 3))
    return spans


def date_spans(text: str) -> list[Span]:
    """Dates marked with their ISO value, so readers and programs see the precision parsed."""
    out = []
    for m in find_dates(text):
        value = m.value.iso() if m.value else None
        if value:
            out.append(Span(m.start, m.end, "time", f'datetime="{value}" class="date"', 0))
    return out


def cited_by(corpus_data: Corpus, doc_id: str) -> list[dict]:
    """The records whose text cites ``doc_id``, with what they wrote."""
    out = []
    for rec_id, c in graph().cited_by.get(doc_id, []):
        rec = corpus_data.get(rec_id)
        if rec is not None:
            out.append({"id": rec.id, "kind": rec.kind, "title": rec.title,
                        "url": record_url(rec.kind, rec.id), "written": c.citation.text,
                        "status": c.status})
    return out


def citation_neighbourhood(doc: Document, cites: list[dict], citing: list[dict]) -> Graph | None:
    """What the document cites and what cites it, as a small graph; None when it has neither."""
    def short(title: str) -> str:
        return title if len(title) <= 38 else title[:37] + "…"
    out: dict[str, tuple[str, str, str | None]] = {}
    for c in cites:
        key = c.get("record_id") or c["canonical"]
        if key != doc.id:
            label = c["canonical"] if c.get("family") else c["text"]
            out.setdefault(key, (key, short(label), c.get("url")))
    back = {r["id"]: (r["id"], short(r["title"]), r["url"]) for r in citing}
    if not out and not back:
        return None
    return neighbourhood("Quan hệ trích dẫn của " + (doc.number or doc.title), (doc.id, doc.number or short(doc.title)),
                         list(out.values())[:12], list(back.values())[:12])


def related_data(doc_id: str) -> list[dict]:
    """Whoosh more-like-this over the index; empty when there is no index yet."""
    try:
        hits = related(doc_id, limit=5, searcher=searcher())
    except IndexMissingError:
        return []
    return [{"id": h.id, "kind": h.kind, "title": h.title, "url": record_url(h.kind, h.id)} for h in hits]


def document_data(doc: Document, q: str, people: tuple[Person, ...] = ()) -> dict:
    """Everything the document page shows, as plain data; ``people`` are linked where named."""
    wanted = [u for t in positive_text(parse_query(q)) for u in units(t)] if q else []
    spans = [Span(a, b, "mark", priority=1) for a, b in match_spans(doc.text, wanted)] if wanted else []
    spans += person_links(doc.text, people)
    found = graph().cites.get(doc.id, [])
    spans += citation_spans(found) + date_spans(doc.text)
    return {
        "id": doc.id, "kind": doc.kind, "title": doc.title, "number": doc.number,
        "type": doc.doc_type, "issuer": doc.issuer, "body": doc.body, "term": doc.term,
        "subject": doc.subject, "summary": doc.summary, "author": doc.author,
        "superseded_by": doc.superseded_by, "aliases": list(doc.aliases),
        "replaces": list(doc.replaces), "adopted_at": doc.adopted_at,
        "dates": claims_json(doc, doc.dates), "disputed": doc.disputed,
        "sources": [source_json(s) for s in doc.sources], "query": q,
        "paragraphs": paragraphs(doc.text, spans),
        "standard_citation": standard_citation(doc) if doc.number else None,
        "citations": [{**c.to_json(), "url": record_url("document", c.resolution.record.id)
                       if c.resolution.record else None} for c in found],
    }


@bp.get("/documents/<doc_id>")
@bp.get("/documents/<doc_id>.json")
def document_page(doc_id: str):
    q = text_param("q")
    data = corpus()
    rec = data.get(doc_id.removesuffix(".json")) or imported_document(doc_id.removesuffix(".json"))
    if not isinstance(rec, Document):
        abort(404, description=f"Không có văn bản mang mã «{doc_id[:80]}».")
    page = document_data(rec, q, data.people)
    page["cited_by"] = cited_by(data, rec.id)
    page.update(reference_links(rec))
    picture = citation_neighbourhood(rec, page["citations"], page["cited_by"])
    linked = data.get(rec.adopted_at) if rec.adopted_at else None
    page["adopted_at_title"] = linked.title if linked else None
    page["replaces"] = [{"id": r, "title": getattr(data.get(r), "title", r)} for r in rec.replaces]
    page["related"] = related_data(rec.id)
    return render("document.html", page, neighbourhood=picture)
