"""The add/remove pipeline, shared by ``kb add``, ``kb remove`` and the web's upload page.

Each file is extracted and planned on its own (:mod:`kb.ingest.plan`, :mod:`kb.ingest.register_plan`,
:mod:`kb.ingest.chronicle_plan`), so one bad file is one note and the others go on. The
good ones are then committed together in one :class:`~kb.ingest.store.Transaction`: the corpus
files, the history entry (:mod:`kb.history`), then one index commit; if the index commit fails,
the files are put back as they were. A killed commit is finished by the next writer (the store's
journal; :func:`indexer.transaction.recover`).

The callers only turn arguments into :class:`~indexer.ingest_results.AddOptions` and print or
render the plain results (:mod:`indexer.ingest_results`): a note per thing worth saying (in order,
as it happens, through ``say``), a result per input file, the counts and the summary line. The
transaction every writer shares, and the recovery of a killed one, are :mod:`indexer.transaction`.
"""
from __future__ import annotations

import os
from pathlib import Path

import yaml

from indexer.ingest_results import AddOptions, AddResult, Author, FileResult, Say, Tick, Reporter
from indexer.transaction import index_failure, record_change, writing
from kb.corpus import load_corpus, load_file
from kb.errors import CorpusError, KBError
from kb.ingest.chronicle_plan import ChronicleAction, ChroniclePlanner, read_or_none
from kb.ingest.chronicle_store import ChronicleStore, Imported
from kb.ingest.extract import extract_file
from kb.ingest.legacy import NAMES
from kb.ingest.plan import Action, Planner
from kb.ingest.register import RowError, read_register
from kb.ingest.register_plan import RegisterPlanner, register_sidecar
from kb.ingest.store import AddedStore
from kb.models import Document


KINDS = ("document", "article", "chronicle", "register")
DOCUMENT_OUTCOMES = ("added", "replaced", "unchanged", "duplicates", "failed")
REGISTER_OUTCOMES = ("added", "replaced", "unchanged", "failed")


# --- documents and articles -------------------------------------------------------------------

def _note_encoding(report: Reporter, action: Action, encoding: str, unconverted: tuple[str, ...],
                   confidence: float) -> None:
    legacy = encoding.split(" ")[0]
    if legacy in NAMES:
        report("note", f"{action.path}: converted from {NAMES[legacy]} ({confidence:.0%} of accented "
                       f"words valid)" + (f"; left unconverted: {' '.join(repr(c) for c in unconverted)}"
                                          if unconverted else ""))


def _plan_documents(files: list[Path], planner: Planner, opts: AddOptions, report: Reporter,
                    tick: Tick | None) -> tuple[list[Action], list[FileResult]]:
    actions: list[Action] = []

    def step(path: Path, result: FileResult) -> None:
        ex = extract_file(path, opts.max_mb, opts.encoding)
        action = planner.plan(path, ex)
        actions.append(action)
        result.outcome, result.record_ids = action.kind, [action.record.id]
        _note_encoding(report, action, ex.encoding, ex.unconverted, ex.confidence)
        for note in ex.notes:
            report("note", f"{path}: {note}")
        if action.resembles and action.kind == "duplicate":
            result.record_ids = [action.resembles[0]]
            report("duplicate", f"{path}: resembles {action.resembles[0]!r} (similarity "
                                f"{action.resembles[1]:.0f}); not added (--keep-duplicates adds it)")
        elif action.resembles:
            report("note", f"{path}: resembles {action.resembles[0]!r} "
                           f"(similarity {action.resembles[1]:.0f}); added as asked")

    return actions, report.each_file(files, tick, step)


def _commit_documents(corpus: Path, index_dir: str | os.PathLike | None, store: AddedStore,
                      actions: list[Action], report: Reporter, author: Author, action_name: str) -> str | None:
    """Write the store, then index; a failed index commit restores the store. The history id."""
    from indexer.lookup import indexed_ids
    from indexer.backend import index_exists

    writes = [a for a in actions if a.kind in ("added", "replaced")]
    have_index = index_exists(index_dir)
    # Stored records the index lacks (a run killed between the store and the index commit) are
    # indexed now, whatever this run adds: the store is what `kb index` would rebuild from.
    written = {a.record.id for a in writes} | {old for a in writes for old in a.removes}
    stored = [i for i in store.entries() if i not in written]
    missing = set(stored) - indexed_ids(stored, index_dir)
    if not writes and not missing and have_index:
        return None
    try:
        return _write_and_index(corpus, index_dir, store, writes, _stored_records(store, missing, actions, report),
                                have_index, author, action_name)
    except (KBError, OSError):
        raise
    except Exception as exc:  # the index's own errors (an index from an older schema…)
        raise index_failure(exc) from exc


def _stored_records(store: AddedStore, ids: set[str], actions: list[Action], report: Reporter) -> list[Document]:
    """The stored records with these ids, as this run planned them or as loaded from the store."""
    planned = {a.record.id: a.record for a in actions if a.kind == "unchanged"}
    out = []
    for rid in sorted(ids):
        try:
            out.append(planned.get(rid) or load_file(store.text_path(rid), "document"))
        except (CorpusError, OSError) as exc:
            report("note", f"stored record {rid!r} cannot be read, so it is not indexed: {exc}")
    return out


def _write_and_index(corpus: Path, index_dir: str | os.PathLike | None, store: AddedStore, writes: list[Action],
                     reindex: list[Document], have_index: bool, author: Author, action_name: str) -> str | None:
    added = [a.record for a in writes] + reindex
    removed = [old for a in writes for old in a.removes]
    with writing(store, index_dir) as txn:
        # the journal names the ids first, so a kill anywhere after it is redone and re-indexed
        txn.will_index([r.id for r in added], removed)
        for action in writes:
            for old in action.removes:
                txn.delete(old)
            txn.write(action.record.id, action.meta_text, action.text)
        change = record_change(txn, author, action_name, [a.record.id for a in writes] + removed)
        _update_index(corpus, index_dir, have_index, added, removed)
        return change


def _update_index(corpus: Path, index_dir: str | os.PathLike | None, have_index: bool,
                  records: list, gone: list[str]) -> None:
    """Index what a transaction wrote and drop what it removed; a first index holds the whole
    corpus, as `kb index` would build it."""
    from indexer.build import add_records, build_index, remove_records

    if not have_index:  # bulk: a large folder is indexed by workers under the import memory budget
        # the records just written are taken as planned, not read again beside them
        build_index(load_corpus(corpus, known=records).records(), index_dir, bulk=True)
        return
    add_records(records, index_dir)
    if gone:
        remove_records(gone, index_dir)


def _summary(counts: dict[str, int], names: tuple[str, ...]) -> str:
    return ", ".join(f"{k} {counts[k]}" for k in names)


def add_documents(corpus: str | os.PathLike, index_dir: str | os.PathLike | None, files: list[Path],
                  opts: AddOptions, author: Author, say: Say | None = None, tick: Tick | None = None,
                  action_name: str = "add") -> AddResult:
    """Add documents or articles (``opts.kind``); see the module docstring."""
    corpus = Path(corpus)
    store = AddedStore(corpus)
    report = Reporter(say)
    # the planner (its near-duplicate index holds every text normalised, and MinHash signatures)
    # is let go once the files are planned: the commit, and a first index, need the memory
    actions, results = _plan_documents(files, Planner(load_corpus(corpus), store, opts, opts.keep_duplicates),
                                       opts, report, tick)
    change = _commit_documents(corpus, index_dir, store, actions, report, author, action_name)
    kinds = {"added": "added", "replaced": "replaced", "unchanged": "unchanged", "duplicates": "duplicate"}
    counts = {name: sum(a.kind == kind for a in actions) for name, kind in kinds.items()}
    counts["failed"] = sum(r.outcome == "failed" for r in results)
    return AddResult(store.folder, results, counts,
                     _summary(counts, DOCUMENT_OUTCOMES) + f" (corpus {store.folder})", change)


# --- registers --------------------------------------------------------------------------------

def add_registers(corpus: str | os.PathLike, index_dir: str | os.PathLike | None, files: list[Path],
                  opts: AddOptions, author: Author, say: Say | None = None, tick: Tick | None = None,
                  action_name: str = "add") -> AddResult:
    """Each row of each CSV/XLSX register becomes (or updates) a document record; a bad row is one
    note and the rest goes on."""
    corpus = Path(corpus)
    store = AddedStore(corpus)
    planner = RegisterPlanner(load_corpus(corpus), store)
    counts = dict.fromkeys((*REGISTER_OUTCOMES, "kept"), 0)
    actions: list[Action] = []
    results: list[FileResult] = []
    report = Reporter(say)
    rows = 0
    for path in files:
        result = report.current = FileResult(str(path), "read")
        results.append(result)
        try:
            side = register_sidecar(path)
            found, unread = read_register(path, int(opts.max_mb * 1_000_000), opts.encoding)
        except KBError as exc:
            counts["failed"] += 1
            result.outcome = "failed"
            report("failed", str(exc))
        else:
            rows += len(found)
            if unread:
                report("note", f"{path}: column(s) not read: {', '.join(repr(h) for h in unread)}")
            for row in found:
                if isinstance(row, RowError):
                    counts["failed"] += 1
                    report("failed", str(row))
                    continue
                plan = planner.plan(Path(path), row, side)
                counts[plan.kind] += 1
                if plan.action is not None:
                    actions.append(plan.action)
                    result.record_ids.append(plan.action.record.id)
                if plan.message:
                    report({"failed": "failed", "kept": "note"}.get(plan.kind, "updated"), plan.message)
        if tick is not None:
            tick()
    report.current = None
    change = _commit_documents(corpus, index_dir, store, actions, report, author, action_name)
    counts["unchanged"] += counts.pop("kept")
    return AddResult(store.folder, results, counts,
                     _summary(counts, REGISTER_OUTCOMES) + f", rows {rows} (corpus {store.folder})", change)


# --- chronicles -------------------------------------------------------------------------------

def _commit_chronicles(corpus: Path, index_dir: str | os.PathLike | None, store: ChronicleStore,
                       actions: list[ChronicleAction], author: Author, action_name: str) -> str | None:
    """Write the events and manifests, then update the index; a failed update restores the files."""
    from indexer.backend import index_exists

    writes = [a for a in actions if a.kind != "unchanged"]
    have_index = index_exists(index_dir)
    if not writes and have_index:
        return None
    try:
        records = [r for a in writes for r in a.records]
        gone = [eid for a in writes for eid in a.removes]
        with writing(store, index_dir) as txn:
            txn.will_index([r.id for r in records], gone)
            for action in writes:
                for eid in action.removes:
                    txn.delete_file(store.event_path(action.file_id, eid))
                for eid, text in action.events.items():
                    if read_or_none(store.event_path(action.file_id, eid)) != text:
                        txn.write_file(store.event_path(action.file_id, eid), text)
                txn.write_file(store.manifest_path(action.file_id), action.manifest)
            change = record_change(txn, author, action_name, [r.id for r in records] + gone)
            _update_index(corpus, index_dir, have_index, records, gone)
            return change
    except (KBError, OSError):
        raise
    except Exception as exc:  # the index's own errors
        raise index_failure(exc) from exc


def add_chronicles(corpus: str | os.PathLike, index_dir: str | os.PathLike | None, files: list[Path],
                   opts: AddOptions, author: Author, say: Say | None = None, tick: Tick | None = None,
                   action_name: str = "add") -> AddResult:
    """Import each file as a chronicle: its dated entries become event records."""
    corpus = Path(corpus)
    store = ChronicleStore(corpus)
    planner = ChroniclePlanner(load_corpus(corpus), store, opts.max_mb, opts.encoding)
    actions: list[ChronicleAction] = []
    report = Reporter(say)

    def step(path: Path, result: FileResult) -> None:
        action, problems = planner.plan(path)
        actions.append(action)
        result.outcome, result.record_ids = action.kind, list(action.events)
        for line, message in problems:
            report("note", f"{path}:{line}: {message}")

    results = report.each_file(files, tick, step)
    change = _commit_chronicles(corpus, index_dir, store, actions, author, action_name)
    counts = {k: sum(a.kind == k for a in actions) for k in ("added", "replaced", "unchanged")}
    counts["failed"] = sum(r.outcome == "failed" for r in results)
    counts["events"] = sum(len(a.events) for a in actions)
    written = sum(len(a.events) for a in actions if a.kind != "unchanged")
    removed = sum(len(a.removes) for a in actions)
    skipped = sum(a.skipped for a in actions)
    summary = (f"added {counts['added']}, replaced {counts['replaced']}, unchanged {counts['unchanged']}, "
               f"failed {counts['failed']}; events {counts['events']} (written {written}, removed {removed}), "
               f"entries without a readable date {skipped} (corpus {store.folder})")
    return AddResult(store.folder, results, counts, summary, change)


def add_files(corpus: str | os.PathLike, index_dir: str | os.PathLike | None, files: list[Path],
              opts: AddOptions, author: Author, say: Say | None = None, tick: Tick | None = None,
              action_name: str = "add") -> AddResult:
    """Add ``files`` as ``opts.kind`` says (documents and articles, a chronicle or a register)."""
    if opts.max_mb <= 0:
        raise KBError("the size limit must be positive")
    add = {"chronicle": add_chronicles, "register": add_registers}.get(opts.kind or "", add_documents)
    return add(corpus, index_dir, files, opts, author, say, tick, action_name)


# --- removal ----------------------------------------------------------------------------------

def _remove_imported(corpus: Path, index_dir: str | os.PathLike | None, rid: str, author: Author) -> str | None:
    """Remove an imported chronicle (by its file id) or one of its events; None when ``rid`` is
    neither. Removing one event clears the chronicle's hash, so importing the file again restores it."""
    from indexer.build import remove_records

    store = ChronicleStore(corpus)
    imports = store.imports()
    whole: Imported | None = imports.get(rid)
    owner = whole or next((imp for imp in imports.values() if rid in imp.events), None)
    if owner is None:
        return None
    with writing(store, index_dir) as txn:
        if whole is not None:
            txn.will_index(drop=list(whole.events))
            for eid in whole.events:
                txn.delete_file(store.event_path(whole.id, eid))
            txn.delete_file(store.manifest_path(whole.id))
            record_change(txn, author, "remove", list(whole.events))
            remove_records(list(whole.events), index_dir)
            return f"removed chronicle {rid!r} ({len(whole.events)} events) from {store.folder} and the index"
        data = dict(owner.data)
        data["events"] = [e for e in owner.events if e != rid]
        data["sha256"] = None
        txn.will_index(drop=[rid])
        txn.delete_file(store.event_path(owner.id, rid))
        txn.write_file(store.manifest_path(owner.id), yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                                                                      width=4096))
        record_change(txn, author, "remove", [rid])
        remove_records([rid], index_dir)
    return f"removed event {rid!r} from {store.folder} and the index"


def remove_record(corpus: str | os.PathLike, index_dir: str | os.PathLike | None, rid: str,
                  author: Author) -> str:
    """Remove a record added with ``kb add`` (a document, a chronicle or one of its events) from
    the corpus store and the index; returns what was done, KBError when it cannot be."""
    from indexer.build import remove_records

    corpus = Path(corpus)
    store = AddedStore(corpus)
    if rid not in store.entries():
        said = _remove_imported(corpus, index_dir, rid, author)
        if said:
            return said
        owner = next((r.path for r in load_corpus(corpus).records() if r.id == rid), None)
        if owner:
            raise KBError(f"{rid!r} is the hand-written record {owner}: edit or delete it in the corpus, "
                          "then run 'kb index'")
        if remove_records([rid], index_dir):
            return f"removed {rid!r} from the index (it was not in the corpus)"
        raise KBError(f"no record with id {rid!r}")
    with writing(store, index_dir) as txn:
        txn.will_index(drop=[rid])
        txn.delete(rid)
        record_change(txn, author, "remove", [rid])
        remove_records([rid], index_dir)
    return f"removed {rid!r} from {store.folder} and the index"
