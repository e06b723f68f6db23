"""Decide what each register row does to the corpus: add a record, update one, or leave one alone.

A row's identity is its number and term (the citation engine's ``full_key`` and the term given, or
the one its date falls in), the same identity ``kb cite`` resolves by. So:

- no record has it: a new record, without full text, stored like any added document (text plus
  sidecar in ``documents/added``) so ``kb index`` rebuilds it; its id comes from number and term,
  so re-importing finds the same record and, when nothing changed, writes nothing;
- a record added from a register has it: that record is rewritten from the row;
- a record added from a file (``kb add x.pdf``) has it: the row's metadata is merged into that
  record and its text kept; fields the user wrote in the file's own sidecar stay, and a date that
  differs from the one already recorded becomes a second claim (a conflict), never a silent choice;
- a hand-written corpus record has it: left as it is, and the row is reported.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kb.citations.data import tables
from kb.citations.format import standard_citation
from kb.citations.numbers import full_key
from kb.citations.resolve import record_term
from kb.clean import fold
from kb.corpus import build_record
from kb.errors import CorpusError
from kb.ingest.errors import MetadataError
from kb.ingest.plan import Action, read_sidecar, slug
from kb.ingest.register import RegisterRow, RowError
from kb.ingest.store import AddedStore
from kb.models import Corpus, Document

REGISTER_SOURCE = "register"  # the source id of the register row behind a record
ROW_SOURCE = "row-source"  # the source id of the row's own Nguồn/URL cell
SIDECAR_FIELDS = ("title", "url", "note")  # what a register's NAME.yaml may say about the register


@dataclass(frozen=True)
class RowPlan:
    """What one row does: an action to commit (or None), and a line to tell the user (or None)."""

    kind: str  # added, replaced, unchanged, kept (a hand-written record left alone), failed
    action: Action | None = None
    message: str | None = None


def register_sidecar(path: Path) -> dict[str, Any]:
    """The register's own title, URL and note from ``NAME.yaml`` beside it (MetadataError otherwise)."""
    side, _ = read_sidecar(path)
    extra = sorted(k for k in side if k not in SIDECAR_FIELDS)
    if extra:
        raise MetadataError(str(path.with_suffix(".yaml")), f"field '{extra[0]}' does not apply to a register "
                                                            f"(its sidecar gives {', '.join(SIDECAR_FIELDS)})")
    return {k: str(v) for k, v in side.items() if v not in (None, "")}


def locator(row: RegisterRow) -> str:
    """Where the row is, as a reader looks for it: 'row 7', or "sheet 'Năm 2013', row 7".

    >>> from kb.citations.numbers import find_numbers
    >>> r = RegisterRow("Năm 2013!7", find_numbers("29-NQ/TW")[0], None, None, None, None, None, None, None)
    >>> locator(r)
    "sheet 'Năm 2013', row 7"
    """
    sheet, _, num = row.row.rpartition("!")
    return f"sheet '{sheet}', row {num}" if sheet else f"row {num}"


def _opens_with_type(text: str) -> bool:
    key = " ".join(fold(text).split())
    return any(key == w or key.startswith(w + " ") for w in tables().word_types)


def row_fields(row: RegisterRow) -> dict[str, Any]:
    """The record fields a row gives: number, type, issuer from the number; the rest as written.

    The title is the row's Trích yếu when it is a whole title ("Nghị quyết về …"), else the standard
    citation form built from the row ("Nghị quyết số 29-NQ/TW của … về …"), with the Trích yếu as
    the subject.
    """
    n = row.number
    subject = row.subject if row.subject and not _opens_with_type(row.subject) else None
    shape = Document("", "document", "", (), number=n.canonical, doc_type=n.doc_type, body=row.body,
                     subject=subject)
    fields: dict[str, Any] = {"kind": "document",
                              "title": row.subject if row.subject and not subject else standard_citation(shape),
                              "number": n.canonical, "type": n.doc_type, "issuer": n.issuer, "body": row.body,
                              "term": row.term, "date": row.date.iso() if row.date else None, "subject": subject}
    return {k: v for k, v in fields.items() if v is not None}


def row_sources(path: Path, row: RegisterRow, side: dict[str, Any]) -> list[dict[str, str]]:
    """The register (its sidecar title and URL, the row as locator) and the row's own source."""
    reg = {"id": REGISTER_SOURCE, "title": side.get("title") or f"{path.name} (register)",
           "url": side.get("url"), "page": locator(row), "note": row.note}
    out = [{k: v for k, v in reg.items() if v}]
    if row.source:
        web = row.source.startswith(("http://", "https://"))
        out.append({"id": ROW_SOURCE, "title": f"Source given in the register for {row.number.canonical}"
                    if web else row.source, **({"url": row.source} if web else {})})
    return out


def merge_date(old: Any, new: str | None, others: list[str]) -> Any:
    """A record's date field once the register's date ``new`` is added to it.

    The same date needs nothing; a different one makes two claims, each with its sources.

    >>> merge_date("2013-11-04", "2013-11-04", ["original"])
    '2013-11-04'
    >>> merge_date("2013-11-04", "2013-11-14", ["original"])
    [{'value': '2013-11-04', 'sources': ['original']}, {'value': '2013-11-14', 'sources': ['register']}]
    >>> merge_date(merge_date("2013-11-04", "2013-11-14", ["original"]), "2013-11-14", ["original"])
    [{'value': '2013-11-04', 'sources': ['original']}, {'value': '2013-11-14', 'sources': ['register']}]
    """
    if new is None:
        return old
    if old in (None, ""):
        return new
    if not isinstance(old, list):
        text = old.isoformat() if hasattr(old, "isoformat") else str(old)
        if text == new:
            return old
        return [{"value": text, "sources": list(others)}, {"value": new, "sources": [REGISTER_SOURCE]}]
    claims = []
    for claim in old:
        ids = [s for s in claim.get("sources", []) if s != REGISTER_SOURCE]
        if ids:
            claims.append({**claim, "sources": ids})
    same = next((c for c in claims if str(c.get("value")) == new), None)
    if same is not None:
        same["sources"].append(REGISTER_SOURCE)
    else:
        claims.append({"value": new, "sources": [REGISTER_SOURCE]})
    return claims


def _dump(meta: dict[str, Any], note: str) -> str:
    return note + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=4096)


class RegisterPlanner:
    """Plans register rows against the corpus as loaded, and against earlier rows of the same run."""

    def __init__(self, corpus: Corpus, store: AddedStore) -> None:
        self.store = store
        self.stored = store.entries()
        self.owners = {r.id: r.path for r in corpus.records()}
        self.by_key: dict[tuple[str, str | None], list[Document]] = {}
        for doc in corpus.documents:
            self._remember(doc)
        self.taken: dict[str, str] = {}  # id -> "FILE:ROW" that took it in this run

    def _remember(self, doc: Document) -> None:
        try:
            key = (full_key(doc.number), record_term(doc)) if doc.number else None
        except ValueError:
            key = None
        if key:
            known = self.by_key.setdefault(key, [])
            known[:] = [d for d in known if d.id != doc.id] + [doc]

    def plan(self, path: Path, row: RegisterRow, side: dict[str, Any]) -> RowPlan:
        """The plan for one good row."""
        where = f"{path}:{row.row}"
        term = row.identity_term
        name = f"{row.number.canonical}" + (f" (khóa {term})" if term else "")
        column = "number"
        matches = self.by_key.get((full_key(row.number.canonical), term), [])
        if len(matches) > 1:
            ids = ", ".join(sorted(d.id for d in matches))
            return RowPlan("failed", message=str(RowError(str(path), row.row, column,
                                                          f"{name} matches several records ({ids})")))
        existing = matches[0] if matches else None
        rid = existing.id if existing else slug(f"{row.number.canonical} {term or (row.date.year if row.date else '')}")
        if rid in self.taken:
            return RowPlan("failed", message=str(RowError(str(path), row.row, column,
                                                          f"{name} is also {self.taken[rid]}")))
        if existing is not None and rid not in self.stored:
            self.taken[rid] = where
            return RowPlan("kept", message=f"{where}: {name} is the hand-written record {existing.path}: "
                                           "left as it is")
        if existing is None and rid in self.owners:
            return RowPlan("failed", message=str(RowError(str(path), row.row, column,
                                                          f"its id {rid!r} is taken by {self.owners[rid]}")))
        stored = self.store.read(rid)
        old = yaml.safe_load(stored[0]) if stored else None
        old = old if isinstance(old, dict) else None
        from_file = old is not None and isinstance(old.get("ingest"), dict) and "from" in old["ingest"]
        if from_file and old is not None and stored is not None:
            try:
                meta_text, text, merged_said = self._merged(path, row, side, old, stored[1])
                said: str | None = merged_said
            except MetadataError as exc:
                return RowPlan("failed", message=f"{where}: {name} belongs to the record {rid!r}, whose "
                                                 f"input sidecar cannot be read: {exc}")
        else:
            meta_text, text, said = self._fresh(path, row, side, old)
        try:
            record = build_record(yaml.safe_load(meta_text), text, str(self.store.text_path(rid)), rid, "document")
        except CorpusError as exc:
            return RowPlan("failed", message=str(RowError(str(path), row.row, exc.field, exc.reason)))
        self.taken[rid] = where
        self._remember(record)
        if stored == (meta_text, text):
            return RowPlan("unchanged", Action("unchanged", path, record, meta_text, text))
        kind = "replaced" if stored else "added"
        message = f"{where}: {name} updates the record {rid!r} ({said})" if stored and said else None
        return RowPlan(kind, Action(kind, path, record, meta_text, text), message)

    def _fresh(self, path: Path, row: RegisterRow, side: dict[str, Any],
               old: dict[str, Any] | None) -> tuple[str, str, str | None]:
        """A record made from the row alone (new, or one an earlier import made from a row)."""
        meta = {**row_fields(row), "sources": row_sources(path, row, side),
                "ingest": {"register": str(path.resolve()), "row": row.row}}
        said = None
        if old is not None:
            recorded = old.get("ingest")
            was = recorded if isinstance(recorded, dict) else {}
            said = (f"imported before from {was.get('register', '?')}:{was.get('row', '?')}"
                    if was != meta["ingest"] else "imported before from this row")
        note = (f"# Added by `kb add --kind register` from {path.name}, {locator(row)}. Importing the\n"
                "# register again rewrites this record from its row.\n")
        return _dump(meta, note), "", said

    def _merged(self, path: Path, row: RegisterRow, side: dict[str, Any], old: dict[str, Any],
                text: str) -> tuple[str, str, str]:
        """A record added from a file, with the row's metadata over what its header gave."""
        ingest = old["ingest"]
        own, _ = read_sidecar(Path(ingest["from"])) if Path(str(ingest["from"])).is_file() else ({}, None)
        meta = {k: v for k, v in old.items() if k != "ingest"}
        sources = [s for s in meta.get("sources") or [] if isinstance(s, dict)
                   and s.get("id") not in (REGISTER_SOURCE, ROW_SOURCE)]
        fields = row_fields(row)
        date = fields.pop("date", None)
        for key, value in fields.items():
            if key not in own:
                meta[key] = value
        if "date" not in own:
            meta["date"] = merge_date(meta.get("date"), date, [str(s.get("id")) for s in sources])
        meta["sources"] = sources + row_sources(path, row, side)
        meta["ingest"] = {**ingest, "register": str(path.resolve()), "row": row.row}
        note = (f"# Added by `kb add` from {Path(str(ingest['from'])).name}; metadata from the register "
                f"{path.name}, {locator(row)}.\n")
        return _dump(meta, note), text, f"added from {ingest['from']}; its text is kept"
