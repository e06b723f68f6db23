"""Search page, its JSON twin and CSV export; all three use the same dict."""
from __future__ import annotations

import csv
import re
import io
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from indexer.handle import SearcherHandle
from indexer.search import KINDS, Filters, search
from kb.errors import IndexMissingError, QueryError
from web.params import choice_param, date_param, int_param, text_param
from web.views_common import record_url

bp = Blueprint("search", __name__)
_handles: dict[str, SearcherHandle] = {}

KIND_LABELS = {"document": "Văn bản", "article": "Bài viết", "event": "Sự kiện", "person": "Nhân vật"}
FACET_LABELS = {"kind": "Loại bản ghi", "doc_type": "Loại văn bản", "issuer": "Cơ quan ban hành",
                "term": "Khóa", "year": "Năm", "month": "Tháng"}
FACET_PARAMS = {"kind": "kind", "doc_type": "type", "issuer": "issuer", "term": "term", "year": "year",
                "month": "month"}
STATE_PARAMS = ("q", "kind", "type", "issuer", "term", "year_from", "year_to", "date_from", "date_to",
                "month", "on", "sort", "limit")


def searcher():
    """The process's searcher for the configured index (one handle per index location)."""
    key = str(current_app.config.get("INDEX_DIR") or "")
    if key not in _handles:
        _handles[key] = SearcherHandle(current_app.config.get("INDEX_DIR"))
    return _handles[key].get()


def read_filters() -> Filters:
    """Filters from the request; ``year`` is shorthand for one year."""
    year = int_param("year", lo=1, hi=9999)
    return Filters(
        kind=choice_param("kind", ("",) + KINDS, "") or None,
        doc_type=text_param("type", max_chars=20) or None,
        issuer=text_param("issuer", max_chars=20) or None,
        term=text_param("term", max_chars=10) or None,
        year_from=year or int_param("year_from", lo=1, hi=9999),
        year_to=year or int_param("year_to", lo=1, hi=9999),
        date_from=date_param("date_from"),
        date_to=date_param("date_to", end=True),
        month=pattern_param("month", _MONTH_RE, "YYYY-MM, ví dụ 2020-09"),
        on_this_day=pattern_param("on", _MONTHDAY_RE, "MM-DD, ví dụ 09-27"),
    )


_MONTH_RE = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_MONTHDAY_RE = re.compile(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")


def pattern_param(name: str, pattern: re.Pattern[str], form: str) -> str | None:
    """A parameter that must match ``pattern`` whole; 400 naming the expected form otherwise."""
    value = request.args.get(name, "").strip()
    if not value:
        return None
    if not pattern.fullmatch(value):
        raise QueryError(name, f"phải có dạng {form}")
    return value


def state(**changes: object) -> str:
    """The current search's URL query string with ``changes`` applied (None removes a key)."""
    params = {k: v for k, v in request.args.items() if k in STATE_PARAMS + ("year", "page") and v}
    for k, v in changes.items():
        if v is None:
            params.pop(k, None)
        else:
            params[k] = str(v)
    return urlencode(params)


_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


def search_data() -> dict:
    """Run the search the request describes; the dict every rendering uses."""
    q = text_param("q")
    if _TAG_RE.search(q):
        raise QueryError("q", "chứa thẻ HTML; hãy tìm bằng từ ngữ thay vì mã HTML")
    filters = read_filters()
    page = int_param("page", 1, lo=1, hi=10000) or 1
    limit = int_param("limit", current_app.config["PAGE_SIZE"], lo=1, hi=current_app.config["MAX_PAGE_SIZE"])
    sort = choice_param("sort", ("relevance", "date", "date_asc"), "relevance")
    base = {"query": q, "total": 0, "hits": [], "facets": {}, "notes": [], "page": page, "limit": limit,
            "suggestion": None, "sort": sort, "filters": _filters_json(filters)}
    if not q and filters == Filters():
        return base
    result = search(q, filters=filters, page=page, limit=limit, sort=sort, searcher=searcher())
    data = {**base, **result.to_json()}
    for hit in data["hits"]:
        hit["url"] = record_url(hit["kind"], hit["id"])
    return data


def _filters_json(f: Filters) -> dict:
    return {"kind": f.kind, "type": f.doc_type, "issuer": f.issuer, "term": f.term,
            "year_from": f.year_from, "year_to": f.year_to,
            "date_from": f.date_from.isoformat() if f.date_from else None,
            "date_to": f.date_to.isoformat() if f.date_to else None,
            "month": f.month, "on": f.on_this_day}


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
        from web.collection import home_data
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
