"""Who is signed in, and the guard every writing route stands behind. A plain module, shared by the
sign-in, upload, edit and history blueprints (which never import each other).

Sessions are Flask's signed cookies (``HttpOnly``, ``SameSite=Lax``, ``Secure`` with
``KB_SECURE_COOKIES=1``), signed with a key generated into the instance folder on first run. A
session names the account, the time it signed in and a stamp of its password hash, so it ends after
``KB_SESSION_HOURS``, when the account is removed, or when its password changes. CSRF tokens are
Flask-WTF's, checked on every POST of a guarded blueprint (never on the read-only pages and API).
"""
from __future__ import annotations

import os
import secrets
import time
from datetime import timedelta
from functools import wraps
from pathlib import Path
from urllib.parse import quote

from flask import Blueprint, Flask, current_app, g, jsonify, redirect, request, session
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from indexer.ingest_results import Author
from kb.accounts import Accounts, User
from web.errors import error_response
from web.render import wants_json

csrf = CSRFProtect()


def secret_key(path: str | os.PathLike) -> str:
    """The key in ``path``, made (random, mode 0600) when the file does not exist yet."""
    p = Path(path)
    if not p.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return p.read_text(encoding="utf-8").strip()


def init_app(app: Flask) -> None:
    """Session cookie, secret key, CSRF, proxy headers and the signed-in user for templates."""
    cfg = app.config
    if not cfg.get("SECRET_KEY"):  # a test app without one gets a key of its own, never a file
        cfg["SECRET_KEY"] = secrets.token_hex(32) if cfg.get("TESTING") else secret_key(cfg["SECRET_KEY_FILE"])
    cfg.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
               SESSION_COOKIE_SECURE=bool(cfg["SECURE_COOKIES"]),
               PERMANENT_SESSION_LIFETIME=timedelta(hours=cfg["SESSION_HOURS"]),
               MAX_CONTENT_LENGTH=cfg["MAX_UPLOAD_MB"] * 1_000_000)
    cfg.setdefault("WTF_CSRF_CHECK_DEFAULT", False)  # checked by guarded blueprints only
    cfg.setdefault("WTF_CSRF_TIME_LIMIT", cfg["SESSION_HOURS"] * 3600)
    csrf.init_app(app)
    if cfg["TRUSTED_PROXIES"]:
        n = cfg["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]

    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError):
        return error_response(400, "Biểu mẫu đã hết hạn hoặc không có mã chống giả mạo (CSRF); "
                                   "hãy tải lại trang rồi gửi lại.")

    @app.context_processor
    def _editor():
        return {"editor": current_user()}


def accounts() -> Accounts:
    return Accounts(current_app.config["USERS_FILE"])


def sign_in(user: User) -> None:
    session.clear()
    session.permanent = True
    session.update(user=user.name, stamp=user.stamp, since=int(time.time()))


def current_user() -> User | None:
    """The signed-in account, if its session is still good (once per request)."""
    if "editor_user" in g:
        return g.editor_user
    user = None
    name = session.get("user")
    if name:
        lifetime = current_app.permanent_session_lifetime.total_seconds()
        found = accounts().get(name)
        fresh = time.time() - float(session.get("since", 0)) < lifetime
        if found is not None and fresh and session.get("stamp") == found.stamp:
            user = found
        else:
            session.clear()
    g.editor_user = user
    return user


def author(why: str = "") -> Author:
    user = current_user()
    return Author(user.name if user else "?", "web", why)


def wants_json_reply() -> bool:
    return wants_json() or request.accept_mimetypes.best == "application/json"


def _refuse(admin: bool):
    """None when the signed-in user may go on; else the answer: 401 JSON, a redirect to /login, or 403."""
    user = current_user()
    if user is None:
        if wants_json_reply():
            return jsonify({"ok": False, "error": "cần đăng nhập với tài khoản biên tập", "status": 401}), 401
        target = request.full_path if request.method == "GET" else (request.referrer or "/")
        return redirect(f"/login?next={quote(safe_next(target))}", 303)
    if admin and not user.is_admin:
        return error_response(403, "Chỉ quản trị viên (admin) được làm việc này.")
    return None


def guard(bp: Blueprint) -> None:
    """Every route of ``bp``: a signed-in editor, and a valid CSRF token on each POST."""
    @bp.before_request
    def _guard():
        refused = _refuse(admin=False)
        if refused is not None:
            return refused
        if request.method == "POST":
            csrf.protect()
        return None


def admin_only(view):
    """A route of a guarded blueprint that only an admin may use."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        refused = _refuse(admin=True)
        return refused if refused is not None else view(*args, **kwargs)
    return wrapped


def safe_next(target: str | None) -> str:
    """A local path to go back to after sign-in; anything else (another site) is the home page.

    >>> safe_next("/upload"), safe_next("//evil.example/x"), safe_next("https://evil.example")
    ('/upload', '/', '/')
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target.rstrip("?") or "/"
