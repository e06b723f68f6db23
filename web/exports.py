"""Files for the researcher's tools: RIS and CSL-JSON for reference managers (one record or a
result list), the chronicle as a Word "Biên niên sự kiện" and as an iCalendar file. Thin: the
shapes come from :mod:`kb.export`; this picks the records and names the files.
"""
from __future__ import annotations

import json
from flask import Blueprint, Response, abort, request

from kb.chronicle import filter_events, timeline
from kb.date_filters import chronicle_filter
from kb.export.calendar import chronicle_ics
from kb.export.chronicle_book import chronicle_docx, period_words
from kb.export.references import Reference, reference, to_csl, to_ris
from kb.models import Document, Event, Record
from web.params import int_param, text_param
from web.queries import search_data
from web.records import corpus
from web.services import imported_document
from web.views_common import record_url

bp = Blueprint("exports", __name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def absolute(path: str) -> str:
    return request.host_url.rstrip("/") + path


def record_reference(rec: Record) -> Reference:
    return reference(rec, absolute(record_url(rec.kind, rec.id)))


def _record(record_id: str, kind: type) -> Record:
    rec = corpus().get(record_id)
    if rec is None and kind is Document:
        rec = imported_document(record_id)
    if not isinstance(rec, kind):
        abort(404, description=f"Không có bản ghi mang mã «{record_id[:80]}».")
    return rec


def _attachment(body: str | bytes, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename={filename}"})


def _ris(refs: list[Reference], name: str) -> Response:
    return _attachment(to_ris(refs), "application/x-research-info-systems", f"{name}.ris")


def _csl(refs: list[Reference], name: str) -> Response:
    body = json.dumps([to_csl(r) for r in refs], ensure_ascii=False, indent=1)
    return _attachment(body, "application/vnd.citationstyles.csl+json", f"{name}.csl.json")


def _record_export(kind: type[Record], write):
    """The view exporting one record of ``kind`` with ``write`` (``_ris`` or ``_csl``)."""
    def view(**ids: str) -> Response:
        (record_id,) = ids.values()
        return write([record_reference(_record(record_id, kind))], record_id)
    return view


# /documents/<doc_id>.ris, /documents/<doc_id>.csl.json, /events/<event_id>.ris, /events/<event_id>.csl.json
for _folder, _param, _kind in (("documents", "doc_id", Document), ("events", "event_id", Event)):
    for _suffix, _write in ((".ris", _ris), (".csl.json", _csl)):
        bp.add_url_rule(f"/{_folder}/<{_param}>{_suffix}", f"{_folder}{_suffix}".replace(".", "_"),
                        _record_export(_kind, _write))


def result_references() -> list[Reference]:
    """The current result page's documents, articles and events (people are not cited this way)."""
    refs = []
    for hit in search_data()["hits"]:
        if hit["kind"] == "person":
            continue
        rec = corpus().get(hit["id"])
        if rec is None and hit["kind"] in ("document", "article"):
            rec = imported_document(hit["id"])
        if rec is not None:
            refs.append(record_reference(rec))
    return refs


@bp.get("/search.ris")
def search_ris():
    return _ris(result_references(), "ket-qua-tim-kiem")


@bp.get("/search.csl.json")
def search_csl():
    return _csl(result_references(), "ket-qua-tim-kiem")


def chronicle_selection() -> tuple[list[Event], str]:
    """The events the chronicle's filters (year, month, from, to, on) keep, and the period's words."""
    wanted = chronicle_filter(int_param("year", lo=1, hi=9999), int_param("month", lo=1, hi=12),
                              text_param("from", max_chars=100), text_param("to", max_chars=100),
                              text_param("on", max_chars=20))
    events = filter_events(corpus().events, **wanted.kwargs())
    return events, wanted.describe() or period_words(events)


@bp.get("/chronicle.docx")
def chronicle_word():
    events, period = chronicle_selection()
    return _attachment(chronicle_docx(timeline(events), period), DOCX, "bien-nien-su-kien.docx")


@bp.get("/chronicle.ics")
def chronicle_calendar():
    events, _period = chronicle_selection()
    body = chronicle_ics(events, lambda e: absolute(record_url("event", e.id)))
    return Response(body, mimetype="text/calendar", headers={"Content-Disposition": "inline; filename=bien-nien.ics"})
