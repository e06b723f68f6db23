"""The Flask app factory: defaults, then KB_* environment, then the test config."""
from __future__ import annotations

from typing import Any

from flask import Flask, g, request
from flask.json.provider import DefaultJSONProvider

from web import (api, chronicle, cite, collection, crosscheck, documents, edit, editors, errors, exports, history,
                 people, search, services, signin, upload)
from web.settings import defaults

BLUEPRINTS = [search.bp, documents.bp]
# Navigation shown on every page, added to as areas land: (path, Vietnamese label).
NAV_LINKS: list[tuple[str, str]] = []
BLUEPRINTS += [cite.bp, api.bp]
NAV_LINKS += [("/cite", "Tra cứu trích dẫn"), ("/check", "Kiểm tra bản thảo")]
BLUEPRINTS += [chronicle.bp, crosscheck.bp]
NAV_LINKS += [("/chronicle", "Biên niên"), ("/conflicts", "Ngày còn khác nhau"), ("/crosscheck", "Đối chiếu ngày")]
BLUEPRINTS += [people.bp]
BLUEPRINTS += [collection.bp, exports.bp]
NAV_LINKS += [("/people", "Nhân vật")]
BLUEPRINTS += [signin.bp, upload.bp, edit.bp, history.bp]  # editors: sign-in, upload, edit, history


def _valid_text(value: Any) -> Any:
    """``value`` with every lone surrogate in its strings turned into U+FFFD."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    if isinstance(value, list):
        return [_valid_text(v) for v in value]
    if isinstance(value, dict):
        return {_valid_text(k): _valid_text(v) for k, v in value.items()}
    return value


class JSONProvider(DefaultJSONProvider):
    """Reads a lone surrogate in a request body (``"\\udfff"`` is valid JSON) as U+FFFD, as werkzeug
    reads bad bytes in forms and URLs: echoed back, it could not be encoded to UTF-8 (HTTP 500)."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return _valid_text(super().loads(s, **kwargs))


def canonical_url() -> str:
    """The page's one stable address: scheme, host and path, without the query string (a record
    page reached from a search with ``?q=`` is still the same page)."""
    return request.host_url.rstrip("/") + request.path


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app; it starts even without an index and says so on each page."""
    app = Flask(__name__, instance_relative_config=False)
    app.config.update(defaults())
    app.config["JSON_AS_ASCII"] = False
    if test_config:
        app.config.update(test_config)
    app.json = JSONProvider(app)
    app.json.ensure_ascii = False
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = app.config["STATIC_MAX_AGE"]
    errors.register(app)
    services.init_app(app)
    editors.init_app(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)

    @app.context_processor
    def _nav():
        return {"nav_links": NAV_LINKS, "canonical_url": canonical_url}

    @app.after_request
    def security_headers(resp):
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        if resp.mimetype == "text/html" and resp.status_code == 200:
            resp.headers.setdefault("Link", f'<{canonical_url()}>; rel="canonical"')
        return resp

    @app.teardown_appcontext
    def _teardown(_exc):
        g.pop("searcher", None)

    return app
