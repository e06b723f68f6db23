"""The search a request describes: its filters and parameters read strictly, run through the
one query API, and the dict every rendering of results uses (HTML, JSON, CSV, RIS, CSL-JSON)."""
from __future__ import annotations

import re
from urllib.parse import urlencode

from flask import current_app, request

from indexer.search import KINDS, Filters, search
from kb.errors import QueryError
from web.params import choice_param, date_param, int_param, text_param
from web.services import searcher
from web.views_common import record_url

STATE_PARAMS = ("q", "kind", "type", "issuer", "term", "year_from", "year_to", "date_from", "date_to",
                "month", "on", "sort", "limit")


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
