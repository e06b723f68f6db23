"""One writer's transaction on the corpus and the index: a killed writer's journal is redone and
its records re-indexed before anyone writes again (:func:`writing`, :func:`recover`), and every
change is recorded in the history in the same transaction (:func:`record_change`)."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from indexer.ingest_results import Author
from kb.corpus import load_corpus
from kb.errors import KBError
from kb.history import History
from kb.ingest.chronicle_store import ChronicleStore
from kb.ingest.store import AddedStore, Redone, Transaction, corpus_lock

def recover(index_dir: str | os.PathLike | None, corpus: str | os.PathLike | None = None
            ) -> list[tuple[Path, Path]]:
    """Finish or remove what killed runs left beside the index and in the corpus: a writer's journal
    is redone (and its records re-indexed), then leftovers are removed. Returns each removed path
    with the folder it is best named from; nothing happens while another writer holds the lock."""
    from indexer.store import index_dir as resolve, recover as recover_index

    link = resolve(index_dir)
    removed = [(p, link.parent) for p in recover_index(link)]
    if corpus is None:
        return removed
    store, events = AddedStore(corpus), ChronicleStore(corpus)
    if not (store.journal_path.exists() or store.folder.is_dir() or events.folder.is_dir()):
        return removed  # nothing any writer made (a hand-written corpus stays untouched, lock file included)
    with corpus_lock(store.root, wait=False) as mine:
        if not mine:
            return removed
        reindex_redone(corpus, index_dir, store.redo())
        for st in (store, events):
            removed += [(p, st.root) for p in st.remove_leftovers()]
    return removed


def reindex_redone(corpus: str | os.PathLike, index_dir: str | os.PathLike | None, done: Redone) -> None:
    """Bring the index up to what a redone journal left in the corpus (when there is an index)."""
    from indexer.build import add_records, remove_records
    from indexer.backend import index_exists

    if not (done.index or done.unindex) or not index_exists(index_dir):
        return
    records = {r.id: r for r in load_corpus(corpus).records()}
    add_records([records[i] for i in done.index if i in records], index_dir)
    gone = [i for i in done.unindex + done.index if i not in records]
    if gone:
        remove_records(gone, index_dir)


@contextmanager
def writing(store: AddedStore, index_dir: str | os.PathLike | None) -> Iterator[Transaction]:
    """The store's transaction, after the index has caught up with a killed writer's journal (which
    opening the transaction redid), so every writer leaves files and index agreeing."""
    with store.transaction() as txn:
        done = txn.pending
        if done.index or done.unindex:
            txn.will_index(done.index, done.unindex)
            reindex_redone(store.root, index_dir, done)
        yield txn


def record_change(txn: Transaction, author: Author, action: str, ids: list[str], reverts: str | None = None
                   ) -> str | None:
    """Add the history entry of what ``txn`` changed to the same transaction; its id, or None."""
    history = History(txn.store.root)
    change = history.new(author.who, author.via, action, ids, txn.changes(), author.why, reverts)
    if change is None:
        return None
    txn.write_file(history.path(change), history.dump(change))
    return change.id


def index_failure(exc: Exception) -> KBError:
    return KBError(f"index update failed, corpus and index left as they were: "
                   f"{type(exc).__name__}: {exc}; rebuild with 'kb index'")
