"""Edit forms on every document, event and person page (``/documents/<id>/edit`` …), for editors.

The form is :mod:`kb.record_edit`'s data; a submitted form is checked by the corpus rules, and a bad
value comes back beside its field with nothing written. A good one is written, recorded in the
history and indexed in one transaction (:func:`indexer.edits.save_files`).
"""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request

from indexer.edits import StaleEdit, digest, record_file, save_files
from kb.errors import KBError
from kb.models import Record
from kb.record_edit import apply_form, folder_kind, form_data
from web.editors import author, guard, wants_json_reply
from web.records import corpus, refresh
from web.views_common import record_url

bp = Blueprint("edit", __name__)
guard(bp)

ROUTES = {"documents": ("document", "article"), "events": ("event",), "people": ("person",)}
DATE_LABELS = {"date": "Ngày", "birth": "Năm sinh / ngày sinh", "death": "Năm mất / ngày mất"}
SOURCE_KINDS = [("", "chưa rõ"), ("primary", "gốc (primary)"), ("secondary", "thứ cấp (secondary)")]


def _record(area: str, record_id: str) -> tuple[Record, Path]:
    rec = corpus().get(record_id)
    if rec is None or rec.kind not in ROUTES[area] or not rec.path:
        abort(404, description=f"Không có bản ghi «{record_id[:80]}» trong kho để sửa.")
    try:
        path, _ = record_file(current_app.config["CORPUS_DIR"], rec.path)
    except KBError:
        abort(404, description=f"Bản ghi «{record_id[:80]}» không nằm trong thư mục kho.")
    return rec, path


def _form(rec: Record, path: Path, errors: dict | None = None, values: dict | None = None, status: int = 200):
    if wants_json_reply():
        return jsonify({"ok": False, "error": "; ".join(f"{k}: {v}" for k, v in (errors or {}).items()),
                        "status": status}), status
    form = form_data(rec)
    if values:  # show what was typed, not what is stored
        form = _typed(form, values)
    return render_template("edit.html", record=rec, form=form, errors=errors or {}, values=values or {},
                           shown_keys={"title", "number", "summary", "aliases", "sources", "new-source",
                                       *form["dates"]},
                           base=digest(path), action=request.path, page_url=record_url(rec.kind, rec.id),
                           date_labels=DATE_LABELS, source_kinds=SOURCE_KINDS), status


def _typed(form: dict, values: dict) -> dict:
    """The form's data with the submitted values in place of the stored ones."""
    out = dict(form)
    for key in ("title", "number", "summary", "aliases"):
        if key in values:
            out[key] = values[key]
    out["sources"] = [{**s, **{k: values.get(f"source-{i}-{k}", s[k]) for k in ("title", "url", "page", "kind", "note")}}
                      for i, s in enumerate(form["sources"])]
    out["dates"] = {name: [{k: values.get(f"{name}-{i}-{k}", c[k]) for k in ("value", "sources", "note")}
                           for i, c in enumerate(claims)] for name, claims in form["dates"].items()}
    return out


@bp.get("/<any(documents, events, people):area>/<record_id>/edit")
def edit_form(area: str, record_id: str):
    rec, path = _record(area, record_id)
    return _form(rec, path)


@bp.post("/<any(documents, events, people):area>/<record_id>/edit")
def edit(area: str, record_id: str):
    rec, path = _record(area, record_id)
    values = request.form.to_dict()
    if values.get("base") != digest(path):
        return _form(rec, path, {"base": "Bản ghi vừa được người khác sửa sau khi bạn mở biểu mẫu; "
                                         "hãy xem lại và sửa lại."}, status=409)
    outcome = apply_form(rec, path, path.read_text(encoding="utf-8"), values)
    if outcome.text is None:
        return _form(rec, path, outcome.errors, values, 422)
    cfg = current_app.config
    try:
        change = save_files(cfg["CORPUS_DIR"], cfg["INDEX_DIR"], rec.id, Path(rec.path), folder_kind(rec),
                            {path: outcome.text}, author(values.get("why") or ""), {path: values["base"]})
    except StaleEdit as exc:
        return _form(rec, path, {"base": str(exc)}, values, 409)
    except KBError as exc:
        return _form(rec, path, {"save": f"Chưa lưu được: {exc}"}, values, 503)
    refresh()
    current_app.logger.info("edited %s (change %s)", rec.id, change)
    if wants_json_reply():
        return jsonify({"ok": True, "id": rec.id, "change_id": change})
    return redirect(record_url(rec.kind, rec.id), 303)
