"""Every page is one dict rendered twice: HTML for people, JSON for programs (same data)."""
from __future__ import annotations

from typing import Any

from flask import jsonify, render_template, request

from web.views_common import link_corpus_sources


def wants_json() -> bool:
    """JSON for /api/... and for URLs ending in .json."""
    return request.path.startswith("/api/") or request.path.endswith(".json")


def render(template: str, data: dict[str, Any], **html_only: Any):
    """Render ``data`` as JSON or through ``template``; ``html_only`` extras never reach the JSON.

    Sources that are files of this corpus get the URL of their record page on the way out.
    """
    link_corpus_sources(data)
    if wants_json():
        return jsonify(data)
    return render_template(template, data=data, **html_only)
