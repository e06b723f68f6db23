"""``GET/POST /upload``: an editor adds a file through the same pipeline as ``kb add``
(:mod:`indexer.ingest`): formats, legacy encodings, OCR, duplicates, header metadata.

The uploaded file's name is only ever shown and slugged, never used as a path: the bytes are kept
under ``KB_UPLOAD_DIR`` as ``<slug>-<hash><suffix>`` (the suffix only from the known list), so the
same file uploaded again is the same input and changes nothing, and the record's provenance names a
file the site still holds.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

import yaml
from flask import Blueprint, current_app, jsonify, render_template, request

from indexer.ingest import add_files
from indexer.ingest_results import AddOptions, AddResult
from indexer.transaction import recover
from kb.errors import KBError
from kb.ingest.plan import slug
from kb.ingest.store import durable_write
from web.editors import author, guard, wants_json_reply
from web.records import corpus, refresh
from web.views_common import record_url

bp = Blueprint("upload", __name__)
guard(bp)

KINDS = [("document", "Văn bản (nghị quyết, chỉ thị…)"), ("article", "Bài viết, báo cáo"),
         ("chronicle", "Biên niên: mỗi mục có ngày thành một sự kiện"),
         ("register", "Danh mục văn bản (CSV, XLSX): mỗi dòng thành một bản ghi")]
OUTCOMES = {"added": "đã thêm", "replaced": "đã thay bản cũ", "unchanged": "không đổi (đã có đúng như vậy)",
            "duplicate": "không thêm: gần trùng với một bản ghi đã có", "failed": "không thêm được",
            "read": "đã đọc danh mục"}
SUFFIXES = {".html", ".htm", ".xhtml", ".md", ".markdown", ".txt", ".text", ".docx", ".pdf", ".csv", ".xlsx",
            ".doc", ".xls", ".odt", ".rtf"}  # the last four are kept so the pipeline can say what to do
ONE_FILE_FIELDS = ("title", "number", "date", "record_id")


def display_name(raw: str) -> str:
    """The uploaded name as text to show: its last path part, without control characters.

    >>> display_name("../../x"), display_name("C:\\\\tmp\\\\Nghị quyết 52.docx")
    ('x', 'Nghị quyết 52.docx')
    """
    last = re.split(r"[/\\\\]", raw)[-1]
    clean = "".join(c for c in unicodedata.normalize("NFC", last) if unicodedata.category(c)[0] != "C")
    return clean.strip()[:160] or "tep"


def stored_name(name: str, digest: str) -> str:
    """Where the bytes are kept: a slug of the name, the hash, and a known suffix (or none).

    >>> stored_name("../../x", "ab" * 32)
    'x-abababababab'
    >>> stored_name("Nghị quyết.DOCX", "cd" * 32)
    'nghi-quyet-cdcdcdcdcdcd.docx'
    """
    suffix = Path(name).suffix.lower()
    return f"{slug(Path(name).stem) or 'tep'}-{digest[:12]}{suffix if suffix in SUFFIXES else ''}"


def _sidecar(kind: str, name: str, record_id: str) -> dict:
    """What the pipeline should know that the bytes do not say: the id and title from the name."""
    if kind == "register":
        return {"title": name}
    if kind == "chronicle":
        return {"id": slug(Path(name).stem) or "bien-nien", "title": name}
    return {} if record_id else {"id": slug(Path(name).stem) or "tai-len"}


def _page(status: int = 200, result: dict | None = None):
    if wants_json_reply():
        body = {"ok": bool(result) and not result.get("error") and not result.get("failed"), **(result or {})}
        if result and result.get("error"):
            body.update(ok=False, status=status)
        return jsonify(body), status
    return render_template("upload.html", kinds=KINDS, outcomes=OUTCOMES, result=result,
                           max_mb=current_app.config["MAX_UPLOAD_MB"]), status


@bp.get("/upload")
def upload_form():
    return _page()


def _result_data(result: AddResult, stored: Path, name: str) -> dict:
    data = corpus()
    files = []
    for f in result.files:
        records = [{"id": i, "title": getattr(data.get(i), "title", i),
                    "url": record_url(getattr(data.get(i), "kind", "document"), i)} for i in f.record_ids]
        notes = [{"level": n.level, "text": n.text.replace(str(stored), name)} for n in f.notes]
        files.append({"name": name, "outcome": f.outcome, "records": records, "notes": notes})
    return {"files": files, "counts": result.counts, "change_id": result.change_id, "failed": result.failed}


@bp.post("/upload")
def upload():
    cfg = current_app.config
    given = request.files.get("file")
    if given is None or not given.filename:
        return _page(400, {"error": "Hãy chọn một tệp để tải lên.", "files": []})
    kind = request.form.get("kind") or ""
    if kind and kind not in dict(KINDS):
        return _page(400, {"error": f"Loại «{kind[:40]}» không có; chọn một trong danh sách.", "files": []})
    fields = {k: (request.form.get(k) or "").strip()[:300] or None for k in ONE_FILE_FIELDS}
    if kind in ("chronicle", "register") and any(fields.values()):
        return _page(400, {"error": "Tiêu đề, số hiệu, ngày và mã chỉ dùng cho một văn bản; biên niên và "
                                    "danh mục tự mang thông tin của từng mục.", "files": []})
    name = display_name(given.filename)
    raw = given.read()
    digest = hashlib.sha256(raw).hexdigest()
    folder = Path(cfg["UPLOAD_DIR"])
    stored = folder / stored_name(name, digest)
    if not stored.exists():
        durable_write(stored, raw)
    side = _sidecar(kind, name, fields["record_id"] or "")
    sidecar = stored.with_suffix(".yaml")  # where the pipeline looks for it
    if side:
        durable_write(sidecar, yaml.safe_dump(side, allow_unicode=True))
    else:
        sidecar.unlink(missing_ok=True)
    opts = AddOptions(kind or None, fields["title"], fields["number"], fields["date"], fields["record_id"],
                      max_mb=cfg["MAX_UPLOAD_MB"])
    try:
        recover(cfg["INDEX_DIR"], cfg["CORPUS_DIR"])
        result = add_files(cfg["CORPUS_DIR"], cfg["INDEX_DIR"], [stored], opts,
                           author(request.form.get("why") or ""), action_name="upload")
    except KBError as exc:
        current_app.logger.warning("upload of %r failed: %s", name, exc)
        return _page(503, {"error": f"Chưa lưu được: {exc}", "files": []})
    refresh()
    data = _result_data(result, stored, name)
    return _page(200 if not result.failed else 422, data)
