"""The editor's pages: /cite (any written form → record and standard citation) and /check (a draft)."""
from __future__ import annotations

from flask import Blueprint, current_app, request

from kb.claims import source_json
from kb.citations import RecordIndex, check_text, cite
from kb.errors import QueryError
from web.annotate import Span, link, paragraphs
from web.params import text_param
from kb.models import DateValue
from web.records import corpus, derived
from web.render import render
from web.views_common import record_url

bp = Blueprint("cite", __name__)

STATUS_LABELS = {"found": "Đúng", "ambiguous": "Chưa xác định", "not_found": "Không có trong kho",
                 "mismatch": "Sai lệch"}


def record_index() -> RecordIndex:
    """The corpus documents indexed for resolving, rebuilt only when the corpus changes."""
    return derived("record_index", lambda c: RecordIndex(c.documents))


def _with_url(c: dict) -> dict:
    """Add links, source titles instead of bare source ids, and dates in Vietnamese display form."""
    c["url"] = record_url("document", c["record_id"]) if c.get("record_id") else None
    for cand in c.get("candidates", []):
        cand["url"] = record_url("document", cand["record_id"])
    rec = corpus().get(c["record_id"]) if c.get("record_id") else None
    for p in c.get("problems", []):
        p["source_details"] = [source_json(s) for s in (rec.source(i) for i in p.get("sources", ())) if s] \
            if rec else []
        p["written_display"] = _display(p.get("written")) if p.get("part") == "date" else p.get("written")
    return c


def _display(iso: str | None) -> str | None:
    """'2020-03-11' → '11/3/2020'; anything unparseable is shown as written."""
    if not iso:
        return iso
    try:
        return DateValue.parse(iso).display()
    except ValueError:
        return iso


def cite_data() -> dict:
    q = text_param("q", max_chars=300)
    if not q:
        return {"query": "", "status": None, "citation": None}
    checked = cite(q, record_index())
    if checked is None:
        return {"query": q, "status": "not_a_citation", "citation": None}
    return {"query": q, "status": checked.status, "citation": _with_url(checked.to_json())}


@bp.get("/cite")
@bp.get("/cite.json")
@bp.get("/api/cite")
def cite_page():
    return render("cite.html", cite_data(), labels=STATUS_LABELS)


def _draft_text() -> str:
    """The draft from a form field, a JSON body or the query string, within the size limit."""
    limit = current_app.config["MAX_TEXT_CHARS"]
    if request.method == "POST":
        body = request.get_json(silent=True) if request.is_json else None
        text = body.get("text") if isinstance(body, dict) else (  # a JSON 5 or "x" is no object
            None if body is not None else request.form.get("text", ""))
        if not isinstance(text, str):
            raise QueryError("text", "phải là văn bản")
    else:
        text = request.args.get("text", "")
    if len(text) > limit:
        raise QueryError("text", f"dài {len(text)} ký tự; tối đa {limit} ký tự")
    return text


def check_data() -> dict:
    text = _draft_text()
    results = [_with_url(c.to_json()) for c in check_text(text, record_index())] if text.strip() else []
    counts = {s: sum(1 for c in results if c["status"] == s) for s in STATUS_LABELS}
    return {"text": text, "citations": results, "counts": counts}


@bp.route("/check", methods=["GET", "POST"])
@bp.route("/check.json", methods=["GET", "POST"])
@bp.route("/api/check", methods=["GET", "POST"])
def check_page():
    data = check_data()
    spans = []
    for i, c in enumerate(data["citations"], 1):
        tip = STATUS_LABELS.get(c["status"], c["status"])
        if c["url"]:
            spans.append(link(c["start"], c["end"], f"#c{i}", f"cite status-{c['status']}", tip))
        else:
            spans.append(Span(c["start"], c["end"], "mark", f'class="status-{c["status"]}" title="{tip}"', 2))
    return render("check.html", data, labels=STATUS_LABELS, marked=paragraphs(data["text"], spans))
