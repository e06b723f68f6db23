"""``kb add`` (files and folders into the corpus store and the index) and ``kb remove``.

Each file is extracted on its own, so one bad file is one line and the others go on. The good
ones are then committed together: sidecar and text files in ``corpus/documents/added``, then one
index commit; if the index commit fails, the files are put back as they were.
"""
from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext
from pathlib import Path

from kb.corpus import load_corpus, load_file
from kb.errors import CorpusError, KBError
from kb.ingest.errors import IngestError
from kb.ingest.extract import extract_file, iter_inputs
from kb.ingest.legacy import NAMES
from kb.ingest.plan import NEAR_DUPLICATE, Action, Overrides, Planner
from kb.ingest.store import AddedStore
from kb.ingest.text import DEFAULT_MAX_MB, ENCODINGS
from kb.models import Document
from kbcli.index_cmds import DEFAULT_CORPUS
from kbcli.output import fail, progress_bar
from kbcli.recovery import clean_up

HANDFUL = 5  # more files than this get a progress bar
OUTCOMES = ("added", "replaced", "unchanged", "duplicates", "failed")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "add", help="add HTML, text, Markdown, DOCX or PDF files to the corpus and the index",
        description="Extract each file's text (legacy TCVN3/VNI text is converted) and metadata "
                    "(number, type, issuer, date, title from the header; a NAME.yaml beside the file "
                    "and the flags override them), store it under CORPUS/documents/added and index "
                    "it. Re-adding a file replaces its record; an identical file changes nothing.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, or folders to add every file under")
    p.add_argument("--kind", choices=["document", "article", "chronicle", "register"],
                   help="record kind (default: document when a number is found, else article); "
                        "chronicle: each dated entry becomes an event under CORPUS/events/added; "
                        "register: each row of a CSV/XLSX register becomes a document record")
    p.add_argument("--title", help="title (one file only)")
    p.add_argument("--number", help="document number, e.g. 52-NQ/TW (one file only)")
    p.add_argument("--date", help="date, e.g. 2019-09-27 or 27/9/2019 (one file only)")
    p.add_argument("--id", dest="record_id", help="record id (one file only; default: from the file name)")
    p.add_argument("--encoding", choices=ENCODINGS, default="auto",
                   help="text encoding (default: auto-detect UTF-8, TCVN3, VNI, Windows-1258)")
    p.add_argument("--max-mb", type=float, default=DEFAULT_MAX_MB,
                   help=f"skip files larger than this many megabytes (default {DEFAULT_MAX_MB:g})")
    p.add_argument("--keep-duplicates", action="store_true",
                   help=f"add near-duplicates (similarity >= {NEAR_DUPLICATE:g}) instead of skipping them")
    p.add_argument("--corpus", default=DEFAULT_CORPUS, help="corpus folder (default: corpus)")
    p.add_argument("--index-dir", help="index location (default: $KB_INDEX_DIR or instance/index)")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("remove", help="remove a record added with kb add",
                       description="Delete a record added with 'kb add' from the corpus store and the "
                                   "index. Hand-written corpus records are edited in corpus/ instead.")
    p.add_argument("record_id", metavar="ID", help="the record id")
    p.add_argument("--corpus", default=DEFAULT_CORPUS, help="corpus folder (default: corpus)")
    p.add_argument("--index-dir", help="index location (default: $KB_INDEX_DIR or instance/index)")
    p.set_defaults(func=cmd_remove)


def _say(message: str) -> None:
    from tqdm import tqdm

    tqdm.write(message, file=sys.stderr)


def _note_encoding(action: Action, encoding: str, unconverted: tuple[str, ...], confidence: float) -> None:
    legacy = encoding.split(" ")[0]
    if legacy in NAMES:
        _say(f"kb: note: {action.path}: converted from {NAMES[legacy]} ({confidence:.0%} of accented "
             f"words valid)" + (f"; left unconverted: {' '.join(repr(c) for c in unconverted)}"
                                if unconverted else ""))


def _plan_all(args: argparse.Namespace, files: list[Path], planner: Planner) -> tuple[list[Action], int]:
    actions: list[Action] = []
    failed = 0
    bar = progress_bar(len(files), "Thêm", unit="tệp") if len(files) > HANDFUL else nullcontext()
    with bar as progress:
        for path in files:
            try:
                ex = extract_file(path, args.max_mb, args.encoding)
                action = planner.plan(path, ex)
                actions.append(action)
                _note_encoding(action, ex.encoding, ex.unconverted, ex.confidence)
                for note in ex.notes:
                    _say(f"kb: note: {path}: {note}")
                if action.resembles and action.kind == "duplicate":
                    _say(f"kb: duplicate: {path}: resembles {action.resembles[0]!r} "
                         f"(similarity {action.resembles[1]:.0f}); not added (--keep-duplicates adds it)")
                elif action.resembles:
                    _say(f"kb: note: {path}: resembles {action.resembles[0]!r} "
                         f"(similarity {action.resembles[1]:.0f}); added as asked")
            except IngestError as exc:
                failed += 1
                _say(f"kb: failed: {exc}")
            except KBError as exc:
                failed += 1
                _say(f"kb: failed: {path}: {exc}")
            if progress is not None:
                progress.update(1)
    return actions, failed


def _commit(args: argparse.Namespace, store: AddedStore, actions: list[Action]) -> None:
    """Write the store, then index; a failed index commit restores the store."""
    from indexer.backend import index_exists
    from indexer.lookup import indexed_ids

    writes = [a for a in actions if a.kind in ("added", "replaced")]
    have_index = index_exists(args.index_dir)
    # Stored records the index lacks (a run killed between the store and the index commit) are
    # indexed now, whatever this run adds: the store is what `kb index` would rebuild from.
    written = {a.record.id for a in writes} | {old for a in writes for old in a.removes}
    stored = [i for i in store.entries() if i not in written]
    missing = set(stored) - indexed_ids(stored, args.index_dir)
    if not writes and not missing and have_index:
        return
    try:
        _write_and_index(args, store, writes, _stored_records(store, missing, actions), have_index)
    except (KBError, OSError):
        raise
    except Exception as exc:  # the index's own errors (an index from an older schema…)
        raise KBError(f"index update failed, corpus and index left as they were: "
                      f"{type(exc).__name__}: {exc}; rebuild with 'kb index'") from exc


def _stored_records(store: AddedStore, ids: set[str], actions: list[Action]) -> list[Document]:
    """The stored records with these ids, as this run planned them or as loaded from the store."""
    planned = {a.record.id: a.record for a in actions if a.kind == "unchanged"}
    out = []
    for rid in sorted(ids):
        try:
            out.append(planned.get(rid) or load_file(store.text_path(rid), "document"))
        except (CorpusError, OSError) as exc:
            _say(f"kb: note: stored record {rid!r} cannot be read, so it is not indexed: {exc}")
    return out


def _write_and_index(args: argparse.Namespace, store: AddedStore, writes: list[Action],
                     reindex: list[Document], have_index: bool) -> None:
    from indexer.build import add_records, build_index, remove_records

    with store.transaction() as txn:
        for action in writes:
            for old in action.removes:
                txn.delete(old)
            txn.write(action.record.id, action.meta_text, action.text)
        if not have_index:  # a first index holds the whole corpus, as `kb index` would build it
            build_index(load_corpus(args.corpus).records(), args.index_dir)
            return
        add_records([a.record for a in writes] + reindex, args.index_dir)
        removed = [old for a in writes for old in a.removes]
        if removed:
            remove_records(removed, args.index_dir)


def cmd_add(args: argparse.Namespace) -> int:
    if args.kind == "register":
        from kbcli.register_cmd import cmd_add_register

        return cmd_add_register(args)
    files = list(iter_inputs(args.paths))
    single = [f for f, v in (("--title", args.title), ("--number", args.number), ("--date", args.date),
                             ("--id", args.record_id)) if v]
    if single and len(files) != 1:
        return fail(f"{', '.join(single)} apply to one file, and {len(files)} were given")
    if args.max_mb <= 0:
        return fail("--max-mb must be positive")
    clean_up(args.index_dir, args.corpus)
    if args.kind == "chronicle":
        if single:
            return fail(f"{', '.join(single)} do not apply to --kind chronicle (use a sidecar NAME.yaml)")
        from kbcli.chronicle_add import add_chronicles

        return add_chronicles(args, files)
    store = AddedStore(args.corpus)
    flags = Overrides(args.title, args.number, args.date, args.kind, args.record_id)
    planner = Planner(load_corpus(args.corpus), store, flags, args.keep_duplicates)
    actions, failed = _plan_all(args, files, planner)
    _commit(args, store, actions)
    kinds = {"added": "added", "replaced": "replaced", "unchanged": "unchanged", "duplicates": "duplicate"}
    counts = {name: sum(a.kind == kind for a in actions) for name, kind in kinds.items()}
    counts["failed"] = failed
    print(", ".join(f"{k} {counts[k]}" for k in OUTCOMES) + f" (corpus {store.folder})")
    return 1 if failed else 0


def cmd_remove(args: argparse.Namespace) -> int:
    from indexer.build import remove_records

    clean_up(args.index_dir, args.corpus)
    store = AddedStore(args.corpus)
    rid = args.record_id
    from kbcli.chronicle_add import remove_imported

    if rid not in store.entries() and remove_imported(args, rid):
        return 0
    if rid not in store.entries():
        owner = next((r.path for r in load_corpus(args.corpus).records() if r.id == rid), None)
        if owner:
            return fail(f"{rid!r} is the hand-written record {owner}: edit or delete it in the corpus, "
                        "then run 'kb index'")
        if remove_records([rid], args.index_dir):
            print(f"removed {rid!r} from the index (it was not in the corpus)")
            return 0
        return fail(f"no record with id {rid!r}")
    with store.transaction() as txn:
        txn.delete(rid)
        remove_records([rid], args.index_dir)
    print(f"removed {rid!r} from {store.folder} and the index")
    return 0
