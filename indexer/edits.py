"""Edits and reverts of any record, from the browser: the corpus files, the history entry and the
index in one transaction (see :mod:`indexer.ingest`, whose journal and lock they share).

The caller (the web's edit page) has already built and validated the new file text with the corpus
loader's own rules (:mod:`kb.record_edit`); here it is written, the record is read back from the
file it now is, and indexed, so ``kb index`` from the corpus rebuilds exactly what the site shows.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from kb.corpus import KIND_DIRS, load_corpus, load_file
from kb.errors import KBError
from kb.history import History
from kb.ingest.store import AddedStore
from indexer.ingest_results import Author
from indexer.transaction import record_change, writing


class StaleEdit(KBError):
    """The file changed since the form was opened (another editor, or ``kb add``)."""


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes ('' when it does not exist): what an edit form was opened on."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def save_files(corpus: str | os.PathLike, index_dir: str | os.PathLike | None, record_id: str, record_path: Path,
               kind: str, files: dict[Path, str], author: Author, expected: dict[Path, str] | None = None,
               ) -> str | None:
    """Write ``files`` (path: new text) for the record at ``record_path`` and re-index it; the
    history id (None when nothing changed). ``expected`` holds each file's :func:`digest` when the
    form was opened: if one differs now, nothing is written (:class:`StaleEdit`)."""
    from indexer.build import add_records

    store = AddedStore(corpus)
    with writing(store, index_dir) as txn:
        for path, before in (expected or {}).items():
            if digest(path) != before:
                raise StaleEdit(f"{path.name} was changed by someone else since the form was opened; "
                                "open it again")
        txn.will_index([record_id])
        for path, text in files.items():
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                txn.write_file(path, text)
        record = load_file(record_path, "person" if kind == "person" else ("event" if kind == "event" else "document"))
        change = record_change(txn, author, "edit", [record.id])
        if change is not None:
            add_records([record], index_dir)
        return change


def revert(corpus: str | os.PathLike, index_dir: str | os.PathLike | None, change_id: str, author: Author) -> str:
    """Undo one recorded change: each file it touched goes back to its *before*, provided nobody
    changed it since; the revert is itself a recorded change, whose id is returned."""
    from indexer.build import add_records, remove_records
    from indexer.backend import index_exists

    corpus = Path(corpus)
    history = History(corpus)
    change = history.get(change_id)
    if change is None:
        raise KBError(f"no change {change_id!r} in the history")
    if change_id in history.reverted():
        raise KBError(f"change {change_id} was already reverted")
    store = AddedStore(corpus)
    with writing(store, index_dir) as txn:
        for f in change.files:
            path = corpus / f.path
            now = path.read_text(encoding="utf-8") if path.exists() else None
            if now != f.after:
                raise KBError(f"{f.path} has changed since change {change_id}: revert the later change first")
        txn.will_index(list(change.records))  # ids no longer in the corpus are dropped by the redo
        for f in change.files:
            path = corpus / f.path
            if f.before is None:
                txn.delete_file(path)
            else:
                txn.write_file(path, f.before)
        records = {r.id: r for r in load_corpus(corpus).records()}  # the whole corpus must still load
        new = record_change(txn, Author(author.who, author.via, author.why or f"hoàn tác {change_id}"),
                            "revert", list(change.records), reverts=change_id)
        if new is None:
            raise KBError(f"change {change_id} changed nothing to revert")
        present = [i for i in change.records if i in records]
        absent = [i for i in change.records if i not in records]
        if index_exists(index_dir):
            add_records([records[i] for i in present], index_dir)
            if absent:
                remove_records(absent, index_dir)
        return new


def record_file(corpus: str | os.PathLike, record_path: str) -> tuple[Path, str]:
    """The file a record's front matter lives in (the ``.md`` itself, or a text's ``.yaml`` sidecar)
    and the record's kind folder; KBError for a path outside the corpus's record folders."""
    corpus = Path(corpus).resolve()
    path = Path(record_path).resolve()
    try:
        top = path.relative_to(corpus).parts[0]
    except (ValueError, IndexError):
        raise KBError(f"{record_path} is not a file of the corpus {corpus}") from None
    if top not in KIND_DIRS:
        raise KBError(f"{record_path} is not in a record folder")
    return (path if path.suffix == ".md" else path.with_suffix(".yaml")), KIND_DIRS[top]
