"""Decide what adding one extracted file does: add, replace, nothing, or report a near-duplicate.

Metadata is layered, each layer overriding the one before: the header read from the text
(:mod:`kb.ingest.metadata`), what the format carries (HTML meta, Markdown front matter), a sidecar
``name.yaml`` beside the input file, then the command's flags. The record is built by the corpus
loader's own ``build_record``, so it is exactly what ``kb index`` will load from the store.

**Near-duplicates.** Texts are compared accent-free, lowercased, as words only, on their first
``COMPARE_CHARS`` characters, with ``rapidfuzz.fuzz.ratio`` (0–100). ``NEAR_DUPLICATE`` = 90: the same
document re-typed, converted to another format or lightly edited scores above it; two different
reports written on one template stay well below (see tests/test_ingest_add.py). A new text is
scored only against the stored texts a fingerprint index offers as candidates
(:class:`kb.ingest.neardup.NearDuplicateIndex`), not against every document.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kb.citations.numbers import find_numbers
from kb.clean import fold
from kb.corpus import build_record, load_file
from kb.dates import parse_date
from kb.errors import CorpusError
from kb.ingest.errors import MetadataError
from kb.ingest.metadata import read_header
from kb.ingest.model import Extracted
from kb.ingest.neardup import NearDuplicateIndex
from kb.ingest.store import AddedStore
from kb.models import Corpus, Document

NEAR_DUPLICATE = 90.0
COMPARE_CHARS = 20_000
_PASSTHROUGH = ("aliases", "body", "term", "subject", "summary", "superseded_by", "author", "type",
                "issuer", "sources")


@dataclass(frozen=True)
class Overrides:
    """Values given on the command line or the upload form; they win over everything read from the
    file (title, number, date and id apply to a single file)."""

    kind: str | None = None
    title: str | None = None
    number: str | None = None
    date: str | None = None
    record_id: str | None = None

    def given(self) -> bool:
        return any((self.title, self.number, self.date, self.kind, self.record_id))


@dataclass
class Action:
    """What will happen to one input file."""

    kind: str  # added, replaced, unchanged, duplicate
    path: Path
    record: Document
    meta_text: str
    text: str
    removes: list[str] = field(default_factory=list)  # ids this one replaces under another id
    resembles: tuple[str, float] | None = None


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def slug(text: str) -> str:
    """An id from a file name: accent-free, lowercase, hyphens.

    >>> slug("Nghị quyết 52-NQ/TW (bản in)")
    'nghi-quyet-52-nq-tw-ban-in'
    """
    return re.sub(r"[^a-z0-9]+", "-", fold(text))[:80].strip("-")


def normalise(text: str) -> str:
    """The comparison form: accent-free lowercase words, capped at ``COMPARE_CHARS``.

    >>> normalise("Đảng bộ  tỉnh, Hà Nam!")
    'dang bo tinh ha nam'
    """
    return " ".join(re.findall(r"\w+", fold(text)))[:COMPARE_CHARS]


def read_sidecar(path: Path) -> tuple[dict[str, Any], str | None]:
    """Overrides from ``name.yaml`` (or ``name.yml``) beside the input file, and that file's hash."""
    for suffix in (".yaml", ".yml"):
        side = path.with_suffix(suffix)
        if side.is_file() and side != path:
            try:
                data = yaml.safe_load(side.read_text(encoding="utf-8")) or {}
            except (yaml.YAMLError, UnicodeDecodeError) as exc:
                raise MetadataError(str(side), f"unreadable sidecar: {str(exc).splitlines()[0]}") from None
            if not isinstance(data, dict):
                raise MetadataError(str(side), "a sidecar must be a mapping of field: value")
            return data, sha256_of(side)
    return {}, None


def _first_line(text: str) -> str | None:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), None)
    return line[:200] if line else None


def layered_meta(path: Path, ex: Extracted, side: dict[str, Any], flags: Overrides) -> dict[str, Any]:
    """Front matter for the stored record: header < format hints < sidecar < flags."""
    head = read_header(ex.text)
    meta: dict[str, Any] = {}
    for key, value in (("number", head.number), ("type", head.doc_type), ("issuer", head.issuer),
                       ("date", head.date.iso() if head.date else None), ("title", head.title)):
        if value:
            meta[key] = value
    meta.update({k: v for k, v in ex.hints.items() if k not in ("url", "id") and v not in (None, "")})
    meta.update({k: v for k, v in side.items() if k != "id"})
    if flags.number:
        found = find_numbers(flags.number)
        meta["number"] = found[0].canonical if len(found) == 1 else flags.number.strip()
        if len(found) == 1:
            meta["type"], meta["issuer"] = found[0].doc_type, found[0].issuer
    if flags.date:
        when = parse_date(flags.date)
        if when is None:
            raise MetadataError(str(path), f"--date {flags.date!r} is not a date (try 2019-09-27 or 27/9/2019)")
        meta["date"] = when.iso()
    if flags.title:
        meta["title"] = flags.title
    meta["title"] = meta.get("title") or _first_line(ex.text) or path.stem
    meta["kind"] = flags.kind or meta.get("kind") or ("document" if meta.get("number") else "article")
    meta["sources"] = meta.get("sources") or [{k: v for k, v in (
        ("id", "original"), ("title", f"{path.name} ({ex.format})"), ("url", ex.hints.get("url")),
        ("note", f"added by kb add from {path}" + ocr_note(ex))) if v}]
    return meta


def ocr_note(ex: Extracted) -> str:
    """What a reader of the record must know when its text came from OCR ('' otherwise)."""
    if not ex.ocr_pages:
        return ""
    pages = ", ".join(map(str, ex.ocr_pages))
    return f"; the text of page(s) {pages} was read by OCR ({ex.ocr_engine}): check it against the scan"


def render_sidecar(meta: dict[str, Any], path: Path, ex: Extracted, sha: str,
                   side_sha: str | None = None) -> str:
    """The stored sidecar: corpus fields first, then how the file was read (its hash included)."""
    ordered: dict[str, Any] = {k: meta[k] for k in ("kind", "title", "number", "type", "issuer", "date") if k in meta}
    ordered.update({k: v for k, v in meta.items() if k not in ordered and k not in ("id", "ingest")})
    ingest: dict[str, Any] = {"from": str(path.resolve()), "format": ex.format, "sha256": sha,
                              "encoding": ex.encoding}
    if side_sha:
        ingest["sidecar_sha256"] = side_sha
    if ex.confidence < 1.0:
        ingest["confidence"] = round(ex.confidence, 3)
    if ex.unconverted:
        ingest["unconverted"] = list(ex.unconverted)
    if ex.ocr_pages:
        ingest["ocr"] = {"engine": ex.ocr_engine, "pages": list(ex.ocr_pages)}
    ordered["ingest"] = ingest
    head = (f"# Added by `kb add` from {path.name}. Edits here stay while that file and its sidecar are\n"
            "# unchanged; a changed file replaces this record (lasting overrides go in the input sidecar).\n")
    return head + yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=4096)


class Planner:
    """Plans a batch against the corpus as loaded, remembering what earlier files in it took."""

    def __init__(self, corpus: Corpus, store: AddedStore, flags: Overrides | None = None,
                 keep_duplicates: bool = False) -> None:
        self.store, self.flags, self.keep_duplicates = store, flags or Overrides(), keep_duplicates
        self.stored = store.entries()
        self.by_source = {s.source: s.id for s in self.stored.values() if s.source}
        self.owners = {r.id: r.path for r in corpus.records()}
        self.texts = NearDuplicateIndex(NEAR_DUPLICATE)
        self.texts.add_all((d.id, normalise(d.text)) for d in corpus.documents if d.text.strip())
        self.taken: dict[str, Path] = {}

    def _id_for(self, path: Path, side: dict[str, Any], sha: str, ex_id: Any = None) -> str:
        given = self.flags.record_id or side.get("id") or ex_id
        if given:
            rid = str(given).strip()
            if not re.fullmatch(r"[\w.-]+", rid) or rid.startswith("."):
                raise MetadataError(str(path), f"id {rid!r}: use letters, digits, '.', '-' or '_'")
            return rid
        return self.by_source.get(str(path.resolve())) or slug(path.stem) or f"doc-{sha[:12]}"

    def plan(self, path: Path, ex: Extracted) -> Action:
        """The action for one extracted file; MetadataError when its id or overrides are bad."""
        sha = sha256_of(path)
        side, side_sha = read_sidecar(path)
        rid = self._id_for(path, side, sha, ex.hints.get("id"))
        if rid in self.taken:
            raise MetadataError(str(path), f"id {rid!r} is also the id of {self.taken[rid]} in this run; "
                                           "give one of them an id in a sidecar")
        owner = self.owners.get(rid)
        if owner and rid not in self.stored:
            raise MetadataError(str(path), f"id {rid!r} belongs to {owner}, which kb add does not "
                                           "overwrite; give another id with --id or a sidecar")
        meta = layered_meta(path, ex, side, self.flags)
        meta_text = render_sidecar(meta, path, ex, sha, side_sha)
        text = ex.text.strip("\n") + "\n"
        try:
            record = build_record(yaml.safe_load(meta_text), text, str(self.store.text_path(rid)),
                                  rid, "document")
        except CorpusError as exc:
            raise MetadataError(str(path), f"field '{exc.field}': {exc.reason}") from None
        previous = self.by_source.get(str(path.resolve()))
        removes = [previous] if previous and previous != rid else []
        self.taken[rid] = path
        if rid in self.stored:
            st = self.stored[rid]
            same_input = st.sha256 == sha and st.sidecar_sha256 == side_sha and not self.flags.given()
            if same_input or self.store.read(rid) == (meta_text, text):
                try:  # the record as stored, hand edits included
                    record = load_file(self.store.text_path(rid), "document")
                except CorpusError:
                    pass
                else:
                    return self._keep(Action("unchanged", path, record, meta_text, text, removes))
            return self._keep(Action("replaced", path, record, meta_text, text, removes))
        if removes:
            return self._keep(Action("replaced", path, record, meta_text, text, removes))
        action = Action("added", path, record, meta_text, text)
        norm = normalise(record.text)
        best = self.texts.best(norm)
        if best is not None:
            action.resembles = best
            if not self.keep_duplicates:
                action.kind = "duplicate"
                return action
        return self._keep(action)

    def _keep(self, action: Action) -> Action:
        """Let later files in the batch be compared with this one."""
        self.texts.add(action.record.id, normalise(action.record.text))
        for old in action.removes:
            self.texts.discard(old)
        return action
