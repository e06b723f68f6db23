"""Load and validate the corpus folder (format in ``corpus/README.md``) into frozen records.

Every failure is a :class:`~kb.errors.CorpusError` naming the file, the field and the reason.
"""
from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from kb.clean import nfc
from kb.errors import CorpusError
from kb.models import SOURCE_KINDS, Corpus, DateClaim, DateValue, Document, Event, Person, Record, Role, Source

KIND_DIRS = {"documents": "document", "events": "event", "people": "person"}
TEXT_SUFFIXES = (".txt", ".html", ".htm")


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], str]:
    """Split ``---``-delimited YAML front matter from a Markdown body.

    >>> split_front_matter("---\\ntitle: A\\n---\\nBody\\n", "x.md")
    ({'title': 'A'}, 'Body\\n')
    """
    if not text.startswith("---"):
        raise CorpusError(path, "front matter", "the file must start with a '---' line")
    parts = text.split("\n---", 1)
    if len(parts) != 2:
        raise CorpusError(path, "front matter", "no closing '---' line")
    head = parts[0][3:]
    body = parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""
    return _parse_yaml(head, path), body


def _parse_yaml(text: str, path: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise CorpusError(path, "front matter", f"invalid YAML: {exc}".splitlines()[0]) from None
    if not isinstance(data, dict):
        raise CorpusError(path, "front matter", "must be a mapping of field: value")
    return data


def _str(meta: dict[str, Any], key: str, path: str, required: bool = False) -> str | None:
    value = meta.get(key)
    if value is None or value == "":
        if required:
            raise CorpusError(path, key, "is required")
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise CorpusError(path, key, f"must be text, not {type(value).__name__}")
    return nfc(str(value)).strip()


def _strs(meta: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
    value = meta.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise CorpusError(path, key, "must be a list of text values")
    return tuple(nfc(str(v)).strip() for v in value)


def _sources(meta: dict[str, Any], path: str) -> tuple[Source, ...]:
    raw = meta.get("sources")
    if not raw:
        raise CorpusError(path, "sources", "every record needs at least one source")
    if not isinstance(raw, list):
        raise CorpusError(path, "sources", "must be a list of {id, title, url?, page?, note?, kind?}")
    out = []
    for i, item in enumerate(raw):
        where = f"sources[{i}]"
        if not isinstance(item, dict):
            raise CorpusError(path, where, "must be a mapping with id and title")
        sid = _str(item, "id", f"{path}: {where}", required=True)
        title = _str(item, "title", f"{path}: {where}", required=True)
        url, page = _str(item, "url", path), _str(item, "page", path)
        kind = _str(item, "kind", f"{path}: {where}")
        if kind is not None and kind not in SOURCE_KINDS:
            raise CorpusError(path, f"{where}.kind", f"must be 'primary' or 'secondary', not {kind!r}")
        out.append(Source(sid or "", title or "", url, page, _str(item, "note", path), kind))
    ids = [s.id for s in out]
    if len(set(ids)) != len(ids):
        raise CorpusError(path, "sources", "source ids must be unique within a record")
    return tuple(out)


def _date_value(value: Any, path: str, key: str) -> DateValue:
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return DateValue.of(value.year, value.month, value.day)
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise CorpusError(path, key, f"a date must be ISO text, not {type(value).__name__}")
    try:
        return DateValue.parse(value)
    except ValueError as exc:
        raise CorpusError(path, key, str(exc)) from None


def _claims(meta: dict[str, Any], key: str, path: str, sources: tuple[Source, ...],
            end_key: str | None = None) -> tuple[DateClaim, ...]:
    """Read a date field: one value (backed by all sources) or a list of claims."""
    raw = meta.get(key)
    if raw is None:
        return ()
    known = {s.id for s in sources}
    if isinstance(raw, list):
        claims = []
        for i, item in enumerate(raw):
            where = f"{key}[{i}]"
            if not isinstance(item, dict) or "value" not in item:
                raise CorpusError(path, where, "a claim needs a value and its sources")
            ids = _strs(item, "sources", path)
            if not ids:
                raise CorpusError(path, where, "a claim needs at least one source id")
            unknown = [s for s in ids if s not in known]
            if unknown:
                raise CorpusError(path, where, f"unknown source id {unknown[0]!r}")
            claims.append(DateClaim(_date_value(item["value"], path, where), ids, _str(item, "note", path)))
        return tuple(claims)
    value = _date_value(raw, path, key)
    if end_key and meta.get(end_key) is not None:
        end = _date_value(meta[end_key], path, end_key)
        try:
            value = DateValue.span(value, end)
        except ValueError as exc:
            raise CorpusError(path, end_key, str(exc)) from None
    return (DateClaim(value, tuple(s.id for s in sources)),)


def _roles(meta: dict[str, Any], path: str) -> tuple[Role, ...]:
    raw = meta.get("roles") or []
    if not isinstance(raw, list):
        raise CorpusError(path, "roles", "must be a list of {title, period?, sources?}")
    out = []
    for i, item in enumerate(raw):
        if isinstance(item, str):
            item = {"title": item}
        if not isinstance(item, dict):
            raise CorpusError(path, f"roles[{i}]", "must be a mapping with a title")
        out.append(Role(_str(item, "title", path, True) or "", _str(item, "period", path),
                        _strs(item, "sources", path)))
    return tuple(out)


def _cue_aliases(meta: dict[str, Any], path: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    """Aliases flagged as also reading like a place or a common word; each must be an alias."""
    flagged = _strs(meta, "aliases_needing_cue", path)
    stray = [a for a in flagged if a not in aliases]
    if stray:
        raise CorpusError(path, "aliases_needing_cue", f"{stray[0]!r} is not one of the aliases")
    return flagged


EVENT_CATEGORIES = ("congress", "plenum", "conference", "issuance", "provincial-congress", "anniversary",
                    "visit", "other")


def _category(meta: dict[str, Any], path: str) -> str | None:
    """An event's category, one of :data:`EVENT_CATEGORIES` (plenums and congresses are checked
    for dates and terms by the corpus tests, so the word must be one the code knows)."""
    value = _str(meta, "category", path)
    if value is not None and value not in EVENT_CATEGORIES:
        raise CorpusError(path, "category", f"must be one of {', '.join(EVENT_CATEGORIES)}, not {value!r}")
    return value


def _common(meta: dict[str, Any], path: str, record_id: str, kind: str, body: str,
            title_key: str = "title") -> dict[str, Any]:
    return {
        "id": _str(meta, "id", path) or record_id,
        "kind": kind,
        "title": _str(meta, title_key, path, required=True),
        "sources": _sources(meta, path),
        "path": path,
        "aliases": _strs(meta, "aliases", path),
        "text": nfc(body).strip("\n"),
    }


def build_record(meta: dict[str, Any], body: str, path: str, record_id: str, folder_kind: str):
    """Turn front matter and body into a Document, Event or Person; raises CorpusError."""
    if folder_kind == "person":
        c = _common(meta, path, record_id, "person", body, "name")
        return Person(**c, birth_name=_str(meta, "birth_name", path),
                      birth=_claims(meta, "birth", path, c["sources"]),
                      death=_claims(meta, "death", path, c["sources"]),
                      hometown=_str(meta, "hometown", path), roles=_roles(meta, path),
                      aliases_needing_cue=_cue_aliases(meta, path, c["aliases"]))
    if folder_kind == "event":
        c = _common(meta, path, record_id, "event", body)
        dates = _claims(meta, "date", path, c["sources"], end_key="end")
        if not dates:
            raise CorpusError(path, "date", "a chronicle event needs a date")
        return Event(**c, dates=dates, places=_strs(meta, "places", path),
                     people=_strs(meta, "people", path), documents=_strs(meta, "documents", path),
                     category=_category(meta, path), term=_str(meta, "term", path),
                     key=_str(meta, "key", path))
    kind = _str(meta, "kind", path) or "document"
    if kind not in ("document", "article"):
        raise CorpusError(path, "kind", f"must be 'document' or 'article', not {kind!r}")
    c = _common(meta, path, record_id, kind, body)
    return Document(**c, number=_str(meta, "number", path), doc_type=_str(meta, "type", path),
                    issuer=_str(meta, "issuer", path), body=_str(meta, "body", path),
                    term=_str(meta, "term", path), dates=_claims(meta, "date", path, c["sources"]),
                    subject=_str(meta, "subject", path), summary=_str(meta, "summary", path) or "",
                    author=_str(meta, "author", path), superseded_by=_str(meta, "superseded_by", path),
                    replaces=_strs(meta, "replaces", path), adopted_at=_str(meta, "adopted_at", path))


def read_text_file(path: Path) -> str:
    """Read a corpus text file as UTF-8; a decoding failure names the file."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(str(path), "encoding", f"not valid UTF-8 at byte {exc.start}") from None


def load_file(path: Path, folder_kind: str):
    """Load one record file (Markdown with front matter, or a text file with a YAML sidecar)."""
    spath = str(path)
    if path.suffix == ".md":
        meta, body = split_front_matter(read_text_file(path), spath)
    else:
        sidecar = path.with_suffix(".yaml")
        if not sidecar.exists():
            raise CorpusError(spath, "front matter", f"no sidecar {sidecar.name} beside the text file")
        meta, body = _parse_yaml(read_text_file(sidecar), str(sidecar)), read_text_file(path)
    return build_record(meta, body, spath, path.stem, folder_kind)


def iter_record_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Yield (file, kind) for every record file under the corpus root, in a stable order."""
    for folder, kind in KIND_DIRS.items():
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.name.lower() == "readme.md" or not path.is_file():
                continue
            if path.suffix == ".md" or path.suffix in TEXT_SUFFIXES:
                yield path, kind


def load_corpus(root: str | Path, known: Iterable[Record] = ()) -> Corpus:
    """Load every record under ``root``; the first bad file raises CorpusError naming it.

    ``known`` are records already built from files under ``root`` (``kb add`` plans a batch from
    the very texts it writes): each is taken as it is instead of reading its file again, which
    would hold every text of a large batch twice."""
    root = Path(root)
    if not root.is_dir():
        raise CorpusError(str(root), "corpus", "is not a directory")
    docs: list[Document] = []
    events: list[Event] = []
    people: list[Person] = []
    seen: dict[str, str] = {}
    reuse = {os.path.realpath(r.path): r for r in known if r.path}
    for path, kind in iter_record_files(root):
        rec = reuse.get(os.path.realpath(path)) if reuse else None
        if rec is None:
            rec = load_file(path, kind)
        if rec.id in seen:
            raise CorpusError(str(path), "id", f"{rec.id!r} is already used by {seen[rec.id]}")
        seen[rec.id] = str(path)
        if isinstance(rec, Event):
            events.append(rec)
        elif isinstance(rec, Person):
            people.append(rec)
        elif isinstance(rec, Document):
            docs.append(rec)
        else:  # a known record of no kind the corpus holds
            raise CorpusError(str(path), "kind", f"{type(rec).__name__} is not a corpus record")
    return Corpus(tuple(docs), tuple(events), tuple(people))
