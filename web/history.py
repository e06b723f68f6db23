"""``/history``: who changed which record, when, how and why, for editors; an admin can revert a
change (``POST /history/<id>/revert``), and the revert is itself recorded (:mod:`kb.history`)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, request

from indexer.edits import revert
from kb.errors import KBError
from kb.history import ACTIONS, History
from web.editors import admin_only, author, current_user
from web.editors import guard
from web.params import text_param
from web.records import refresh
from web.render import render

bp = Blueprint("history", __name__)
guard(bp)
SHOWN = 200  # changes listed on one page, newest first


def _history() -> History:
    return History(current_app.config["CORPUS_DIR"])


@bp.get("/history")
def history_page():
    record = text_param("record") or None
    history = _history()
    changes = [c.to_json(with_files=False) for c in history.changes(record, SHOWN)]
    return render("history.html", {"record": record, "changes": changes, "reverted": sorted(history.reverted())},
                  actions=ACTIONS)


def _diff_lines(text: str) -> list[tuple[str, str]]:
    """Each line of a unified diff with its class: add, del, hunk or ctx."""
    out = []
    for line in text.splitlines():
        cls = ("hunk" if line.startswith(("@@", "---", "+++")) else "add" if line.startswith("+")
               else "del" if line.startswith("-") else "ctx")
        out.append((cls, line))
    return out


def _change_page(change_id: str, message: str | None = None, status: int = 200):
    history = _history()
    change = history.get(change_id)
    if change is None:
        abort(404, description=f"Không có thay đổi «{change_id[:40]}».")
    user = current_user()
    can = bool(user and user.is_admin) and change_id not in history.reverted()
    data = {**change.to_json(with_files=False), "diff": change.diff()}
    resp = render("change.html", data, actions=ACTIONS, diff_lines=_diff_lines(data["diff"]), can_revert=can,
                  message=message)
    return resp if status == 200 else (resp, status)


@bp.get("/history/<change_id>")
def change_page(change_id: str):
    return _change_page(change_id)


@bp.post("/history/<change_id>/revert")
@admin_only
def revert_change(change_id: str):
    cfg = current_app.config
    try:
        new = revert(cfg["CORPUS_DIR"], cfg["INDEX_DIR"], change_id, author(request.form.get("why") or ""))
    except KBError as exc:
        return _change_page(change_id, f"Không hoàn tác được: {exc}", 409)
    refresh()
    return redirect(f"/history/{new}", 303)
