"""The cross-check page: paste a text, see each claim tying a document or an event to a date marked
agrees, differs (with the record's dates and sources) or unknown. JSON twin at /api/crosscheck.

GET with ``?text=`` makes a shareable link; POST takes texts too long for a URL. Nothing is stored.
"""
from __future__ import annotations

from flask import Blueprint, current_app

from kb.crosscheck import claim_to_json, crosscheck
from web.annotate import Span, paragraphs
from web.params import body_text_param, int_param
from web.records import corpus
from web.render import render
from web.views_common import record_url

bp = Blueprint("crosscheck", __name__)
VERDICT_LABELS = {"agrees": "Khớp", "differs": "Khác", "unknown": "Chưa rõ"}


def crosscheck_data() -> tuple[dict, str, list[dict]]:
    """The verdicts (the JSON), and for the page only the text and its marked paragraphs."""
    text = body_text_param("text", current_app.config["MAX_TEXT_CHARS"])
    year = int_param("year", lo=1, hi=9999)
    claims = crosscheck(text, corpus(), default_year=year) if text.strip() else []
    out = []
    for claim in claims:
        item = claim_to_json(claim)
        item["record_url"] = record_url(claim.kind, claim.record_id) if claim.record_id else None
        out.append(item)
    counts = {v: sum(c.verdict == v for c in claims) for v in VERDICT_LABELS}
    marks = [Span(c.start, c.end, "mark", f'class="{c.verdict}"', priority=1) for c in claims]
    return {"total": len(out), "counts": counts, "claims": out}, text, paragraphs(text, marks)


@bp.route("/crosscheck", methods=["GET", "POST"])
@bp.route("/api/crosscheck", methods=["GET", "POST"])
def crosscheck_page():
    data, text, marked = crosscheck_data()
    return render("crosscheck.html", data, text=text, marked=marked, labels=VERDICT_LABELS)
