"""What the collection holds: the home page's numbers and entry points, the register of every
document (``/documents``), and the small files browsers and crawlers look for (OpenSearch
description, sitemap, robots.txt). Thin over :mod:`kb.collection` and the search facets.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from kb.citations.format import standard_citation
from kb.chronicle_json import date_display
from web.params import choice_param
from web.home import home_data
from web.records import corpus
from web.render import render
from web.views_common import record_url

bp = Blueprint("collection", __name__)


@bp.get("/home.json")
def home_json():
    return jsonify(home_data())


SORTS = {
    "date": lambda d: (d.date.start_date if d.date else min((c.value.start_date for c in d.dates), default=date.max)),
    "number": lambda d: (d.doc_type or "", _number_value(d.number), d.number or ""),
    "type": lambda d: (d.doc_type or "~", _number_value(d.number)),
    "term": lambda d: (_term_value(d.term), d.doc_type or "", _number_value(d.number)),
}


def _number_value(number: str | None) -> int:
    head = (number or "").split("-")[0].split("/")[0]
    return int(head) if head.isdigit() else 10 ** 9


ROMANS = {"I": 1, "V": 5, "X": 10, "L": 50}


def _term_value(term: str | None) -> int:
    """A khóa's order ("XII" → 12); unknown terms last.

    >>> _term_value("XII"), _term_value("IX"), _term_value(None)
    (12, 9, 1000)
    """
    if not term or any(ch not in ROMANS for ch in term):
        return 1000
    total = 0
    for a, b in zip(term, term[1:] + " "):
        v = ROMANS[a]
        total += -v if b in ROMANS and ROMANS[b] > v else v
    return total


def register_data() -> dict[str, Any]:
    """Every document of the corpus as a table row, sorted as asked (``sort``, ``order``)."""
    sort = choice_param("sort", tuple(SORTS), "date")
    order = choice_param("order", ("asc", "desc"), "asc")
    docs = [d for d in corpus().documents if d.kind == "document"]
    docs.sort(key=SORTS[sort], reverse=order == "desc")
    rows = [{"id": d.id, "number": d.number, "type": d.doc_type, "issuer": d.issuer, "body": d.body,
             "term": d.term, "date": date_display(d.dates), "title": d.title,
             "citation": standard_citation(d) if d.number else None, "url": record_url(d.kind, d.id)}
            for d in docs]
    return {"sort": sort, "order": order, "total": len(rows), "documents": rows}


@bp.get("/documents")
@bp.get("/documents.json")
def register_page():
    return render("register.html", register_data())


@bp.get("/opensearch.xml")
def opensearch_description():
    body = render_template("opensearch.xml", base=request.host_url.rstrip("/"))
    return Response(body, mimetype="application/opensearchdescription+xml")


@bp.get("/sitemap.xml")
def sitemap():
    base = request.host_url.rstrip("/")
    urls = [base + url_for("search.index_page"), base + "/chronicle", base + "/documents", base + "/people"]
    urls += [base + record_url(r.kind, r.id) for r in corpus().records()]
    return Response(render_template("sitemap.xml", urls=urls), mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    base = request.host_url.rstrip("/")
    body = ("User-agent: *\n"
            "Disallow: /api/\nDisallow: /search\nDisallow: /check\nDisallow: /crosscheck\n"
            f"Sitemap: {base}/sitemap.xml\n")
    return Response(body, mimetype="text/plain")
