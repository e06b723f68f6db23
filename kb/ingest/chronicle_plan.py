"""Plan a chronicle import (``kb add --kind chronicle``, or a chronicle uploaded in the browser):
each file's dated entries become event records under ``corpus/events/added/<file id>/``.

Pure planning against the corpus and the store as they are; :mod:`indexer.ingest` commits the
plans. What the parser could not read comes back as (line, message) and the entry is kept with what
was read, or, with no date at all, named and not imported.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kb.chronicle_import import read_chronicle
from kb.corpus import build_record
from kb.errors import CorpusError
from kb.ingest.chronicle_store import ChronicleStore
from kb.ingest.errors import MetadataError
from kb.ingest.extract import extract_file
from kb.ingest.plan import read_sidecar, sha256_of, slug
from kb.models import Corpus, Event


@dataclass
class ChronicleAction:
    """What importing one file does: ``added``, ``replaced`` or ``unchanged``."""

    kind: str
    path: Path
    file_id: str
    events: dict[str, str]  # event id -> Markdown text
    records: list[Event]
    manifest: str
    removes: list[str] = field(default_factory=list)  # event ids no longer in the file
    skipped: int = 0  # entries with no readable date


def render_event(meta: dict[str, Any], text: str, origin: str) -> str:
    """One event as the corpus's Markdown: front matter (with where it came from), then the entry."""
    head = (f"# Imported by `kb add --kind chronicle` from {origin}; re-importing that file replaces\n"
            "# this record, so lasting changes go in the chronicle itself.\n")
    return "---\n" + head + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=4096) + "---\n" \
        + text.strip() + "\n"


class ChroniclePlanner:
    """Plans a batch of chronicle imports against the corpus and the store as they are."""

    def __init__(self, corpus: Corpus, store: ChronicleStore, max_mb: float, encoding: str = "auto") -> None:
        self.corpus, self.store, self.max_mb, self.encoding = corpus, store, max_mb, encoding
        self.imports = store.imports()
        self.by_source = {imp.source: imp for imp in self.imports.values() if imp.source}
        mine = {e for imp in self.imports.values() for e in imp.events}
        self.owners = {r.id: r.path for r in corpus.records() if r.id not in mine}
        self.taken: dict[str, Path] = {}

    def _file_id(self, path: Path, side: dict[str, Any]) -> str:
        given = side.get("id")
        if given:
            return slug(str(given)) or "chronicle"
        previous = self.by_source.get(str(path.resolve()))
        if previous:
            return previous.id
        for candidate in (slug(path.stem), slug(f"{path.parent.name} {path.stem}"),
                          f"{slug(path.stem)}-{sha256_of(path)[:8]}"):
            other = self.imports.get(candidate)
            if candidate and candidate not in self.taken and (other is None or other.source == str(path.resolve())):
                return candidate
        raise MetadataError(str(path), "no free id for this chronicle; give one with 'id:' in a sidecar")

    def plan(self, path: Path) -> tuple[ChronicleAction, list[tuple[int, str]]]:
        """The action for one file and the problems to report as (line, message)."""
        sha = sha256_of(path)
        side, side_sha = read_sidecar(path)
        file_id = self._file_id(path, side)
        self.taken[file_id] = path
        before = self.imports.get(file_id)
        ex = extract_file(path, self.max_mb, self.encoding)
        title = str(side.get("title") or ex.hints.get("title") or f"{path.parent.name}/{path.name}")
        url = side.get("url") or ex.hints.get("url")
        read = read_chronicle(ex.text, source_title=title, source_url=str(url) if url else None,
                              file_name=path.name, term=side.get("term"), corpus=self.corpus)
        origin = str(path.resolve())
        events: dict[str, str] = {}
        records: list[Event] = []
        for draft in read.drafts:
            eid = f"{file_id}--{draft.local_id}"
            if eid in self.owners:
                raise MetadataError(str(path), f"event id {eid!r} belongs to {self.owners[eid]}; "
                                               "give this chronicle another id in a sidecar")
            meta = dict(draft.meta)
            meta["ingest"] = {"from": origin, "lines": draft.lines}
            text = render_event(meta, draft.text, path.name)
            where = str(self.store.event_path(file_id, eid))
            try:
                records.append(build_record(meta, draft.text, where, eid, "event"))
            except CorpusError as exc:
                raise MetadataError(str(path), f"event {eid}: field '{exc.field}': {exc.reason}") from None
            events[eid] = text
        manifest = yaml.safe_dump({
            "kind": "chronicle", "from": origin, "format": ex.format, "sha256": sha, "sidecar_sha256": side_sha,
            "title": title, "url": url, "term": read.term, "entries": read.entries,
            "events": list(events), "problems": [f"{p.line}: {p.message}" for p in read.problems],
        }, allow_unicode=True, sort_keys=False, width=4096)
        problems = [(p.line, p.message) for p in read.problems]
        skipped = sum("no date" in m or "not written" in m or "could not read the date" in m for _, m in problems)
        if before is None:
            return ChronicleAction("added", path, file_id, events, records, manifest, skipped=skipped), problems
        removes = [e for e in before.events if e not in events]
        same = not removes and all(read_or_none(self.store.event_path(file_id, e)) == t for e, t in events.items())
        kind = "unchanged" if same and before.sha256 == sha and before.sidecar_sha256 == side_sha else "replaced"
        return ChronicleAction(kind, path, file_id, events, records, manifest, removes, skipped), problems


def read_or_none(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None
