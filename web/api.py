"""The OpenAPI description of every JSON endpoint, declared once; a test keeps it in step with the routes."""
from __future__ import annotations

from flask import Blueprint, jsonify

bp = Blueprint("api", __name__)

ERROR = {"$ref": "#/components/schemas/Error"}


def _q(name: str, desc: str, typ: str = "string", required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": desc, "schema": {"type": typ}}


def _id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


SEARCH_PARAMS = [
    _q("q", "query: words (accents optional), \"phrases\", OR, NOT, -word"),
    _q("kind", "document | article | event | person"), _q("type", "document type, e.g. NQ"),
    _q("issuer", "issuer, e.g. TW"), _q("term", "khóa, e.g. XII"), _q("year", "one year", "integer"),
    _q("year_from", "first year", "integer"), _q("year_to", "last year", "integer"),
    _q("date_from", "first day (ISO or Vietnamese form)"), _q("date_to", "last day"),
    _q("month", "YYYY-MM"), _q("on", "MM-DD: the same day of any year"),
    _q("sort", "relevance | date | date_asc"), _q("page", "1-based page", "integer"),
    _q("limit", "page size, 1–100", "integer"),
]
TEXT_BODY = {"content": {"application/json": {"schema": {"type": "object", "properties": {"text": {"type": "string"}}}},
                         "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"text": {"type": "string"}}}}}}

ENDPOINTS: dict[str, dict] = {
    "/api/search": {"get": ("Search documents, events and people", SEARCH_PARAMS)},
    "/search.json": {"get": ("Same as /api/search", SEARCH_PARAMS)},
    "/search.csv": {"get": ("The current page of results as CSV", SEARCH_PARAMS)},
    "/api/cite": {"get": ("Resolve any written form of a document number", [_q("q", "e.g. NQ 52", required=True)])},
    "/cite.json": {"get": ("Same as /api/cite", [_q("q", "e.g. NQ 52", required=True)])},
    "/api/check": {"get": ("Check every citation in a text", [_q("text", "the draft")]),
                   "post": ("Check every citation in a text", [])},
    "/check.json": {"get": ("Same as /api/check", [_q("text", "the draft")]), "post": ("Same as /api/check", [])},
    "/api/crosscheck": {"get": ("Cross-check the dates a text ties to events and documents",
                                [_q("text", "the text"), _q("year", "default year", "integer")]),
                        "post": ("Cross-check dates in a posted text", [])},
    "/documents/{doc_id}.json": {"get": ("A document with dates, sources, citations, cited-by", [_id("doc_id")])},
    "/events/{event_id}.json": {"get": ("A chronicle event with every date claim", [_id("event_id")])},
    "/chronicle.json": {"get": ("The chronicle by year and month", [
        _q("year", "year", "integer"), _q("month", "month", "integer"), _q("from", "first day"),
        _q("to", "last day"), _q("on", "MM-DD or D/M")])},
    "/conflicts.json": {"get": ("Every date on which sources disagree, with both sides", [])},
    "/api/people": {"get": ("People in Vietnamese order, or matches for q",
                            [_q("q", "a name in any spelling"), _q("by", "given | family"), _q("limit", "", "integer")])},
    "/people.json": {"get": ("Same as /api/people", [_q("q", "a name"), _q("by", "given | family")])},
    "/people/{person_id}.json": {"get": ("A person with every life-date claim and mentions", [_id("person_id")])},
    "/documents/{doc_id}.csl.json": {"get": ("A document as a CSL-JSON item list (reference managers)", [_id("doc_id")])},
    "/events/{event_id}.csl.json": {"get": ("An event as a CSL-JSON item list", [_id("event_id")])},
    "/search.csl.json": {"get": ("The current page of results as CSL-JSON (people left out)", SEARCH_PARAMS)},
    "/documents.json": {"get": ("The register: every document, sorted", [
        _q("sort", "date | number | type | term"), _q("order", "asc | desc")])},
    "/home.json": {"get": ("What the collection holds: counts by kind, type, term and decade, newest, "
                           "on this day, most cited", [])},
    "/api/openapi.json": {"get": ("This description", [])},
}


def openapi() -> dict:
    """The OpenAPI 3.1 document."""
    paths: dict[str, dict] = {}
    for path, methods in ENDPOINTS.items():
        paths[path] = {}
        for method, (summary, params) in methods.items():
            op = {"summary": summary, "parameters": params,
                  "responses": {"200": {"description": "OK"},
                                "400": {"description": "Bad parameter", "content": {"application/json": {"schema": ERROR}}},
                                "404": {"description": "Not found", "content": {"application/json": {"schema": ERROR}}}}}
            if method == "post":
                op["requestBody"] = TEXT_BODY
            paths[path][method] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "Kho tri thức lịch sử Đảng", "version": "0.1.0",
                 "description": "Every HTML page has a JSON twin carrying the same data."},
        "paths": paths,
        "components": {"schemas": {"Error": {"type": "object", "required": ["ok", "error", "status"], "properties": {
            "ok": {"const": False}, "error": {"type": "string"}, "status": {"type": "integer"}}}}},
    }


@bp.get("/api/openapi.json")
def openapi_json():
    return jsonify(openapi())
