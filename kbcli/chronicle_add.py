"""``kb add --kind chronicle``: each file's dated entries become event records, and ``kb remove``
of an imported chronicle or one of its events.

Each file is extracted and read on its own (one bad file is one line; the others go on). The good
ones are committed together: event files and manifests in ``corpus/events/added``, then one index
update; if the index update fails, the files are put back as they were. What the parser could not
read is reported as ``kb: note: FILE:LINE: …`` and the entry is kept with what was read, or, with
no date at all, named and not imported.
"""
from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kb.chronicle_import import read_chronicle
from kb.corpus import build_record, load_corpus
from kb.errors import CorpusError, KBError
from kb.ingest.chronicle_store import ChronicleStore, Imported
from kb.ingest.errors import IngestError, MetadataError
from kb.ingest.extract import extract_file
from kb.ingest.plan import read_sidecar, sha256_of, slug
from kb.models import Corpus, Event

HANDFUL = 5  # more files than this get a progress bar


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


def _say(message: str) -> None:
    from tqdm import tqdm

    tqdm.write(message, file=sys.stderr)


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
        same = not removes and all(_read(self.store.event_path(file_id, e)) == t for e, t in events.items())
        kind = "unchanged" if same and before.sha256 == sha and before.sidecar_sha256 == side_sha else "replaced"
        return ChronicleAction(kind, path, file_id, events, records, manifest, removes, skipped), problems


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def _commit(args: argparse.Namespace, store: ChronicleStore, actions: list[ChronicleAction]) -> None:
    """Write the events and manifests, then update the index; a failed update restores the files."""
    from indexer.build import add_records, build_index, remove_records
    from indexer.store import current_generation, index_dir

    writes = [a for a in actions if a.kind != "unchanged"]
    have_index = current_generation(index_dir(args.index_dir)) is not None
    if not writes and have_index:
        return
    try:
        with store.transaction() as txn:
            for action in writes:
                for eid in action.removes:
                    txn.delete_file(store.event_path(action.file_id, eid))
                for eid, text in action.events.items():
                    if _read(store.event_path(action.file_id, eid)) != text:
                        txn.write_file(store.event_path(action.file_id, eid), text)
                txn.write_file(store.manifest_path(action.file_id), action.manifest)
            if not have_index:
                build_index(load_corpus(args.corpus).records(), args.index_dir)
                return
            add_records([r for a in writes for r in a.records], args.index_dir)
            gone = [eid for a in writes for eid in a.removes]
            if gone:
                remove_records(gone, args.index_dir)
    except (KBError, OSError):
        raise
    except Exception as exc:  # the index's own errors
        raise KBError(f"index update failed, corpus and index left as they were: "
                      f"{type(exc).__name__}: {exc}; rebuild with 'kb index'") from exc


def add_chronicles(args: argparse.Namespace, files: list[Path]) -> int:
    """Import each file as a chronicle; prints one summary line; 1 when any file failed."""
    from kbcli.output import progress_bar

    store = ChronicleStore(args.corpus)
    planner = ChroniclePlanner(load_corpus(args.corpus), store, args.max_mb, args.encoding)
    actions: list[ChronicleAction] = []
    failed = 0
    bar = progress_bar(len(files), "Nhập biên niên", unit="tệp") if len(files) > HANDFUL else nullcontext()
    with bar as progress:
        for path in files:
            try:
                action, problems = planner.plan(path)
                actions.append(action)
                for line, message in problems:
                    _say(f"kb: note: {path}:{line}: {message}")
            except IngestError as exc:
                failed += 1
                _say(f"kb: failed: {exc}")
            except KBError as exc:
                failed += 1
                _say(f"kb: failed: {path}: {exc}")
            if progress is not None:
                progress.update(1)
    _commit(args, store, actions)
    counts = {k: sum(a.kind == k for a in actions) for k in ("added", "replaced", "unchanged")}
    events = sum(len(a.events) for a in actions)
    written = sum(len(a.events) for a in actions if a.kind != "unchanged")
    removed = sum(len(a.removes) for a in actions)
    skipped = sum(a.skipped for a in actions)
    print(f"added {counts['added']}, replaced {counts['replaced']}, unchanged {counts['unchanged']}, "
          f"failed {failed}; events {events} (written {written}, removed {removed}), "
          f"entries without a readable date {skipped} (corpus {store.folder})")
    return 1 if failed else 0


def remove_imported(args: argparse.Namespace, rid: str) -> bool:
    """Remove an imported chronicle (by its file id) or one of its events; False when ``rid`` is
    neither. Removing one event clears the chronicle's hash, so importing the file again restores it."""
    from indexer.build import remove_records

    store = ChronicleStore(args.corpus)
    imports = store.imports()
    whole: Imported | None = imports.get(rid)
    owner = whole or next((imp for imp in imports.values() if rid in imp.events), None)
    if owner is None:
        return False
    with store.transaction() as txn:
        if whole is not None:
            for eid in whole.events:
                txn.delete_file(store.event_path(whole.id, eid))
            txn.delete_file(store.manifest_path(whole.id))
            remove_records(list(whole.events), args.index_dir)
            print(f"removed chronicle {rid!r} ({len(whole.events)} events) from {store.folder} and the index")
            return True
        data = dict(owner.data)
        data["events"] = [e for e in owner.events if e != rid]
        data["sha256"] = None
        txn.delete_file(store.event_path(owner.id, rid))
        txn.write_file(store.manifest_path(owner.id), yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                                                                      width=4096))
        remove_records([rid], args.index_dir)
    print(f"removed event {rid!r} from {store.folder} and the index")
    return True
