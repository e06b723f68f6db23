"""A record's edit form, as data: what the form shows, and the new file a submitted form makes.

The new front matter is checked by the corpus loader's own :func:`kb.corpus.build_record`, so an
edit can never write what ``kb index`` would refuse; a bad value comes back as an error keyed by
the form's field (``title``, ``sources``, ``date``…) and nothing is written. Editing changes only
what the form names: other front-matter keys, the body, a leading comment and every source's
extra keys stay as they were. A date left as it was keeps its written form; one changed, or given a
second (disputed) claim, is written as a list of claims, each naming its sources by id.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kb.corpus import build_record, split_front_matter
from kb.errors import CorpusError
from kb.models import DateClaim, Record

DATE_FIELDS = {"document": ("date",), "article": ("date",), "event": ("date",), "person": ("birth", "death")}
SOURCE_KEYS = ("title", "url", "page", "kind", "note")
MAX_FIELD = 20_000  # characters in one form field (the upload size limit covers whole texts)


@dataclass
class Outcome:
    """A submitted form: the new file text, or the errors by form field."""

    text: str | None
    errors: dict[str, str] = field(default_factory=dict)


def folder_kind(record: Record) -> str:
    return "document" if record.kind in ("document", "article") else record.kind


def split_file(path: Path, text: str) -> tuple[str, dict[str, Any], str | None]:
    """(leading comment, front matter, body) of a ``.md`` record, or of a ``.yaml`` sidecar (body None).

    >>> split_file(Path("a.md"), "---\\n# kept\\ntitle: A\\n---\\nBody\\n")
    ('# kept\\n', {'title': 'A'}, 'Body\\n')
    """
    if path.suffix == ".md":
        meta, body = split_front_matter(text, str(path))
        head = text[3:].split("\n---", 1)[0].lstrip("\n")
    else:
        meta, body, head = yaml.safe_load(text) or {}, None, text
    comment = ""
    for line in head.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        comment += line
    return comment, meta, body


def join_file(comment: str, meta: dict[str, Any], body: str | None) -> str:
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=4096)
    if body is None:
        return comment + dumped
    return "---\n" + comment + dumped + "---\n" + body


def _claims_form(claims: tuple[DateClaim, ...]) -> list[dict[str, str]]:
    return [{"value": c.value.iso(), "sources": ", ".join(c.sources), "note": c.note or ""} for c in claims]


def form_data(record: Record) -> dict[str, Any]:
    """What the form shows for ``record``."""
    kind = folder_kind(record)
    data: dict[str, Any] = {
        "kind": kind, "title": record.title, "aliases": "\n".join(record.aliases),
        "sources": [{"id": s.id, "title": s.title, "url": s.url or "", "page": s.page or "",
                     "kind": s.kind or "", "note": s.note or ""} for s in record.sources],
        "dates": {f: _claims_form(_claims_of(record, f)) for f in DATE_FIELDS[kind]},
    }
    if kind == "document":
        data["number"] = getattr(record, "number", None) or ""
        data["summary"] = getattr(record, "summary", "") or ""
    return data


def _claims_of(record: Record, name: str) -> tuple[DateClaim, ...]:
    return getattr(record, "dates" if name == "date" else name, ())


def _ids(text: str) -> list[str]:
    return [t for t in re.split(r"[,\s]+", text.strip()) if t]


def _text(form: Mapping[str, str], key: str) -> str:
    return (form.get(key) or "").replace("\r\n", "\n").strip()[:MAX_FIELD]


def _sources(form: Mapping[str, str], old: list[Any], errors: dict[str, str]) -> list[Any]:
    """The sources as the form leaves them: a row with its title blanked is removed, a filled
    new row is added; each kept source keeps the keys the form does not show."""
    by_id = {s.get("id"): s for s in old if isinstance(s, dict)}
    out: list[Any] = []
    i = 0
    while f"source-{i}-id" in form:
        sid = _text(form, f"source-{i}-id")
        title = _text(form, f"source-{i}-title")
        i += 1
        if not title:
            continue
        item = dict(by_id.get(sid) or {"id": sid})
        for key in SOURCE_KEYS:
            value = _text(form, f"source-{i - 1}-{key}")
            if value:
                item[key] = value
            else:
                item.pop(key, None)
        out.append(item)
    new_id, new_title = _text(form, "new-source-id"), _text(form, "new-source-title")
    if new_id or new_title:
        if not (new_id and new_title):
            errors["new-source"] = "một nguồn mới cần cả mã (id) và tên"
        elif not re.fullmatch(r"[\w.-]+", new_id):
            errors["new-source"] = f"mã nguồn «{new_id}»: chỉ dùng chữ, số, '.', '-' hoặc '_'"
        else:
            item = {"id": new_id, "title": new_title}
            for key in SOURCE_KEYS[1:]:
                value = _text(form, f"new-source-{key}")
                if value:
                    item[key] = value
            out.append(item)
    return out


def _claims(form: Mapping[str, str], name: str, errors: dict[str, str]) -> list[dict[str, Any]]:
    """The claims of date field ``name`` as the form leaves them (a row with its value blanked is
    removed; a filled new row is a new claim, which needs its own sources)."""
    out = []
    i = 0
    while f"{name}-{i}-value" in form:
        row = (_text(form, f"{name}-{i}-value"), _ids(_text(form, f"{name}-{i}-sources")),
               _text(form, f"{name}-{i}-note"))
        i += 1
        if row[0]:
            out.append(row)
    value, ids, note = (_text(form, f"{name}-new-value"), _ids(_text(form, f"{name}-new-sources")),
                        _text(form, f"{name}-new-note"))
    if value and not ids:
        errors[name] = "ngày mới cần ít nhất một mã nguồn (một nguồn đã có, hoặc nguồn mới thêm ở trên)"
    elif value:
        out.append((value, ids, note))
    elif ids or note:
        errors[name] = "ngày mới cần một giá trị, ví dụ 2019-09-27"
    return [{"value": v, "sources": s, **({"note": n} if n else {})} for v, s, n in out]


def _field_of(exc: CorpusError, kind: str) -> str:
    """The form field an error of the loader belongs to."""
    where = f"{exc.path} {exc.field}"
    if "sources" in where:
        return "sources"
    for name in DATE_FIELDS[kind]:
        if exc.field == name or exc.field.startswith(f"{name}[") or exc.field == "end":
            return name
    return {"name": "title"}.get(exc.field, exc.field)


def apply_form(record: Record, file_path: Path, file_text: str, form: Mapping[str, str]) -> Outcome:
    """The record's file as the submitted ``form`` changes it, checked by the corpus rules."""
    kind = folder_kind(record)
    comment, meta, body = split_file(file_path, file_text)
    errors: dict[str, str] = {}
    new = dict(meta)
    new["name" if kind == "person" else "title"] = _text(form, "title")
    if kind == "document":
        for key in ("number", "summary"):
            value = _text(form, key)
            if value:
                new[key] = value
            else:
                new.pop(key, None)
    aliases = [a.strip() for a in _text(form, "aliases").split("\n") if a.strip()]
    if aliases:
        new["aliases"] = aliases
    else:
        new.pop("aliases", None)
    new["sources"] = _sources(form, meta.get("sources") or [], errors)
    for name in DATE_FIELDS[kind]:
        claims = _claims(form, name, errors)
        before = [{"value": c["value"], "sources": c["sources"].split(", ") if c["sources"] else [],
                   **({"note": c["note"]} if c["note"] else {})} for c in _claims_form(_claims_of(record, name))]
        if claims == before:
            continue
        if name == "date":
            new.pop("end", None)  # a range is written as one value, a/b
        if claims:
            new[name] = claims
        else:
            new.pop(name, None)
    if errors:
        return Outcome(None, errors)
    try:
        build_record(new, record.text, str(record.path), record.id, kind)
    except CorpusError as exc:
        return Outcome(None, {_field_of(exc, kind): exc.reason})
    return Outcome(join_file(comment, new, body))
