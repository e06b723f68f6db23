"""``kb add --kind register``: each row of a CSV or XLSX register becomes a document record.

Bad rows are one line each (``FILE:ROW: column 'x': reason``) and the rest goes on; the good rows
are committed like any ``kb add`` run (the store, then one index commit), and the exit status is 1
when any row or file failed.
"""
from __future__ import annotations

import argparse
from contextlib import nullcontext
from pathlib import Path

from kb.corpus import load_corpus
from kb.errors import KBError
from kb.ingest.extract import iter_inputs
from kb.ingest.plan import Action
from kb.ingest.register import RowError, read_register
from kb.ingest.register_plan import RegisterPlanner, register_sidecar
from kb.ingest.store import AddedStore
from kbcli.output import fail, progress_bar
from kbcli.recovery import clean_up

OUTCOMES = ("added", "replaced", "unchanged", "failed")


def cmd_add_register(args: argparse.Namespace) -> int:
    """Import every register named (files, or folders holding them)."""
    from kbcli.add_cmds import HANDFUL, _commit, _say

    single = [flag for flag, value in (("--title", args.title), ("--number", args.number),
                                       ("--date", args.date), ("--id", args.record_id)) if value]
    if single:
        return fail(f"{', '.join(single)} describe one document; a register's rows carry their own")
    if args.max_mb <= 0:
        return fail("--max-mb must be positive")
    files = list(iter_inputs(args.paths))
    clean_up(args.index_dir, args.corpus)
    store = AddedStore(args.corpus)
    planner = RegisterPlanner(load_corpus(args.corpus), store)
    counts = dict.fromkeys((*OUTCOMES, "kept"), 0)
    actions: list[Action] = []
    rows = 0
    bar = progress_bar(len(files), "Danh mục", unit="tệp") if len(files) > HANDFUL else nullcontext()
    with bar as progress:
        for path in files:
            try:
                side = register_sidecar(path)
                found, unread = read_register(path, int(args.max_mb * 1_000_000), args.encoding)
            except KBError as exc:
                counts["failed"] += 1
                _say(f"kb: failed: {exc}")
            else:
                rows += len(found)
                if unread:
                    _say(f"kb: note: {path}: column(s) not read: {', '.join(repr(h) for h in unread)}")
                for row in found:
                    if isinstance(row, RowError):
                        counts["failed"] += 1
                        _say(f"kb: failed: {row}")
                        continue
                    plan = planner.plan(Path(path), row, side)
                    counts[plan.kind] += 1
                    if plan.action is not None:
                        actions.append(plan.action)
                    if plan.message:
                        word = {"failed": "failed", "kept": "note"}.get(plan.kind, "updated")
                        _say(f"kb: {word}: {plan.message}")
            if progress is not None:
                progress.update(1)
    _commit(args, store, actions)
    counts["unchanged"] += counts.pop("kept")
    print(", ".join(f"{k} {counts[k]}" for k in OUTCOMES) + f", rows {rows} (corpus {store.folder})")
    return 1 if counts["failed"] else 0
