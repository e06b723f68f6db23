"""Search page, its JSON twin and CSV export; all three use the same dict."""
from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, jsonify, render_template, request

from kb.errors import IndexMissingError
from web.home import home_data
from web.queries import search_data, state
from web.services import searcher

bp = Blueprint("search", __name__)

KIND_LABELS = {"document": "Văn bản", "article": "Bài viết", "event": "Sự kiện", "person": "Nhân vật"}
FACET_LABELS = {"kind": "Loại bản ghi", "doc_type": "Loại văn bản", "issuer": "Cơ quan ban hành",
                "term": "Khóa", "year": "Năm", "month": "Tháng"}
FACET_PARAMS = {"kind": "kind", "doc_type": "type", "issuer": "issuer", "term": "term", "year": "year",
                "month": "month"}


@bp.get("/")
@bp.get("/search")
def index_page():
    try:
        searcher()
        data = search_data()
        missing = None
    except IndexMissingError as exc:
        data, missing = {"query": "", "total": 0, "hits": [], "facets": {}, "notes": []}, str(exc)
    pages = -(-data["total"] // data.get("limit", 10)) if data["total"] else 0
    home = None
    if not data["query"] and not data["hits"] and not missing and not request.args:
        home = home_data()
    return render_template("search.html", data=data, missing=missing, kinds=KIND_LABELS,
                           facet_labels=FACET_LABELS, facet_params=FACET_PARAMS, state=state,
                           pages=pages, args=request.args, home=home)


@bp.get("/api/search")
@bp.get("/search.json")
def api_search():
    return jsonify(search_data())


@bp.get("/search.csv")
def csv_export():
    """The current page of results as CSV (UTF-8 with BOM so spreadsheet programs read Vietnamese)."""
    data = search_data()
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["id", "kind", "title", "number", "date", "score", "url"])
    for h in data["hits"]:
        writer.writerow([h["id"], h["kind"], h["title"], h.get("number") or "", h.get("date") or "",
                         h["score"], request.host_url.rstrip("/") + h["url"]])
    return Response("\ufeff" + buf.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=ket-qua-tim-kiem.csv"})
