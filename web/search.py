"""Search page and its JSON twin; both build the same dict."""
from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, render_template

from indexer.handle import SearcherHandle
from indexer.search import KINDS, Filters, search
from kb.errors import IndexMissingError
from web.views_common import record_url
from web.params import choice_param, int_param, text_param

bp = Blueprint("search", __name__)
_handles: dict[str, SearcherHandle] = {}

KIND_LABELS = {"document": "Văn bản", "article": "Bài viết", "event": "Sự kiện", "person": "Nhân vật"}


def searcher():
    """The process's searcher for the configured index (one handle per index location)."""
    key = str(current_app.config.get("INDEX_DIR") or "")
    if key not in _handles:
        _handles[key] = SearcherHandle(current_app.config.get("INDEX_DIR"))
    return _handles[key].get()


def search_data() -> dict:
    """Run the search the request describes; the dict both renderings use."""
    q = text_param("q")
    filters = Filters(
        kind=choice_param("kind", ("",) + KINDS, "") or None,
        doc_type=text_param("type", max_chars=20) or None,
        issuer=text_param("issuer", max_chars=20) or None,
        term=text_param("term", max_chars=10) or None,
        year_from=int_param("year_from", lo=1, hi=9999),
        year_to=int_param("year_to", lo=1, hi=9999),
    )
    page = int_param("page", 1, lo=1, hi=10000) or 1
    limit = int_param("limit", current_app.config["PAGE_SIZE"], lo=1, hi=current_app.config["MAX_PAGE_SIZE"])
    sort = choice_param("sort", ("relevance", "date", "date_asc"), "relevance")
    if not q and filters == Filters():
        return {"query": "", "total": 0, "hits": [], "facets": {}, "notes": [], "page": 1, "limit": limit}
    result = search(q, filters=filters, page=page, limit=limit, sort=sort, searcher=searcher())
    data = result.to_json()
    for hit in data["hits"]:
        hit["url"] = record_url(hit["kind"], hit["id"])
    return data


@bp.get("/")
def index_page():
    try:
        searcher()
        data = search_data()
        missing = None
    except IndexMissingError as exc:
        data, missing = {"query": "", "total": 0, "hits": [], "facets": {}, "notes": []}, str(exc)
    return render_template("search.html", data=data, missing=missing, kinds=KIND_LABELS)


@bp.get("/api/search")
def api_search():
    return jsonify(search_data())
