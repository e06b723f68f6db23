"""Sign-in and sign-out for editors: ``GET/POST /login``, ``POST /logout``. Readers never need them."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, redirect, render_template, request, session

from web.editors import accounts, csrf, current_user, safe_next, sign_in
from web.throttle import Throttle

bp = Blueprint("signin", __name__)


def throttle() -> Throttle:
    cfg = current_app.config
    return Throttle(Path(cfg["USERS_FILE"]).with_name("login-failures.sqlite3"), cfg["LOGIN_ATTEMPTS"],
                    cfg["LOGIN_WINDOW"])


def _page(status: int = 200, error: str | None = None, name: str = ""):
    return render_template("login.html", error=error, username=name,
                           next=safe_next(request.values.get("next"))), status


@bp.get("/login")
def login_form():
    if current_user() is not None:
        return redirect(safe_next(request.args.get("next")), 303)
    return _page()


@bp.post("/login")
def login():
    csrf.protect()
    name = (request.form.get("username") or "").strip().lower()[:64]
    password = request.form.get("password") or ""
    address = request.remote_addr or "?"
    gate = throttle()
    wait = gate.wait(name, address)
    if wait:
        minutes = -(-wait // 60)
        return _page(429, f"Đăng nhập sai quá nhiều lần. Hãy thử lại sau khoảng {minutes} phút.", name)
    user = accounts().verify(name, password)
    if user is None:
        gate.failed(name, address)
        return _page(401, "Tên đăng nhập hoặc mật khẩu không đúng.", name)
    gate.succeeded(name, address)
    sign_in(user)
    current_app.logger.info("signed in: %s from %s", user.name, address)
    return redirect(safe_next(request.form.get("next")), 303)


@bp.post("/logout")
def logout():
    csrf.protect()
    session.clear()
    return redirect("/", 303)
