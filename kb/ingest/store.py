"""Where added documents live in the corpus: ``documents/added/<id>.txt`` and its ``<id>.yaml``.

This is the corpus's own text-plus-sidecar form, so ``kb index`` rebuilds exactly what ``kb add``
indexed. Each file is replaced atomically and durably (temporary file, fsync, rename, fsync of the
folder), and a transaction puts every file it touched back as it was when the commit fails.

One lock for the whole corpus: a transaction holds an ``flock`` on ``CORPUS/.write.lock`` (dropped
by the kernel if the process is killed), so every writer (``kb add``, ``kb remove``, a web edit)
waits for the one before it, up to ``KB_WRITE_LOCK_TIMEOUT`` seconds, and :meth:`AddedStore.recover`
can tell a killed run's half-written files from a running one's.

**The journal.** Before its first rename a transaction writes ``CORPUS/.write-journal.json``: every
rename it will make (temporary file to record file), every file it deletes, and the record ids the
index must then hold or drop. The journal goes when the index is committed too. A run killed in
between leaves it, and the next writer *redoes* it (:meth:`AddedStore.recover`): each rename whose
temporary file is still there is made, each deletion done again, and the caller re-indexes the ids.
So a killed replacement is wholly new, never a new text beside an old sidecar, and the index
follows the files.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import time
from collections.abc import Sequence, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from kb import settings
from kb.errors import KBError
from kb.pids import alive

ADDED = Path("documents") / "added"
LOCK_NAME = ".write.lock"
JOURNAL_NAME = ".write-journal.json"
LOCK_POLL = 0.05  # seconds between tries of a held lock


class LockTimeout(KBError):
    """Another writer held the corpus lock longer than ``KB_WRITE_LOCK_TIMEOUT``."""


@dataclass(frozen=True)
class Stored:
    """One added record on disk: its id, the file it came from and that file's hash."""

    id: str
    text_path: Path
    meta_path: Path
    source: str | None
    sha256: str | None
    sidecar_sha256: str | None = None


_TMP_RE = re.compile(r"\..+\.(\d+)\.tmp")  # ".<file name>.<pid>.tmp", see _temp_copy


def _temp_copy(path: Path, data: str | bytes) -> Path:
    """``data`` written beside ``path`` under a temporary name and flushed to the disk, ready to be
    renamed over it."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with open(tmp, "wb") as fh:
        fh.write(raw)
        fh.flush()
        os.fsync(fh.fileno())
    return tmp


def fsync_dir(folder: Path) -> None:
    """Make a rename or a deletion in ``folder`` durable (the folder's own entry is flushed)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def durable_write(path: Path, data: str | bytes) -> None:
    """Replace ``path`` with ``data`` atomically and durably: temporary file, fsync, rename, fsync
    of the folder. A reader sees the old file or the new one, and after a crash the new one stays."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.replace(_temp_copy(path, data), path)
    fsync_dir(path.parent)


@contextmanager
def corpus_lock(root: Path, wait: bool = True) -> Iterator[bool]:
    """Hold the corpus's write lock (True), or, with ``wait=False``, yield False at once when another
    process holds it. Waiting gives up after ``KB_WRITE_LOCK_TIMEOUT`` seconds with :class:`LockTimeout`."""
    lock = root / LOCK_NAME
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_CREAT | os.O_WRONLY, 0o644)
    try:
        limit = settings.get("WRITE_LOCK_TIMEOUT")
        deadline = time.monotonic() + limit
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait:
                    yield False
                    return
                if time.monotonic() >= deadline:
                    raise LockTimeout(f"{lock}: another writer (kb add, kb remove or a web edit) has held "
                                      f"the corpus for {limit} s; try again when it has finished "
                                      "(KB_WRITE_LOCK_TIMEOUT sets the wait)") from None
                time.sleep(LOCK_POLL)
        yield True
    finally:
        os.close(fd)


@dataclass
class Redone:
    """What :meth:`AddedStore.recover` finished for a killed writer: the files it renamed or deleted,
    and the record ids the index must now hold (``index``) or drop (``unindex``)."""

    files: list[Path]
    index: list[str]
    unindex: list[str]


class AddedStore:
    """The ``documents/added`` folder of one corpus."""

    def __init__(self, corpus_root: str | os.PathLike) -> None:
        self.root = Path(corpus_root)
        self.folder = self.root / ADDED

    def text_path(self, record_id: str) -> Path:
        return self.folder / f"{record_id}.txt"

    def meta_path(self, record_id: str) -> Path:
        return self.folder / f"{record_id}.yaml"

    def entries(self) -> dict[str, Stored]:
        """Every added record by id (a sidecar that cannot be read still counts, without source)."""
        out: dict[str, Stored] = {}
        if not self.folder.is_dir():
            return out
        for meta in sorted(self.folder.glob("*.yaml")):
            try:
                data = yaml.safe_load(meta.read_text(encoding="utf-8")) or {}
            except (yaml.YAMLError, UnicodeDecodeError):
                data = {}
            ingest = data.get("ingest") if isinstance(data, dict) else None
            ingest = ingest if isinstance(ingest, dict) else {}
            out[meta.stem] = Stored(meta.stem, meta.with_suffix(".txt"), meta, ingest.get("from"),
                                    ingest.get("sha256"), ingest.get("sidecar_sha256"))
        return out

    def read(self, record_id: str) -> tuple[str, str] | None:
        """The stored (sidecar, text) pair, or None when either is missing."""
        meta, text = self.meta_path(record_id), self.text_path(record_id)
        if not (meta.is_file() and text.is_file()):
            return None
        return meta.read_text(encoding="utf-8"), text.read_text(encoding="utf-8")

    @property
    def journal_path(self) -> Path:
        return self.root / JOURNAL_NAME

    def _lock(self, wait: bool):
        return corpus_lock(self.root, wait)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Writes and deletions that are all undone if the block raises, and kept (the journal
        removed) when it ends. A journal a killed writer left is redone first (see :meth:`redo`)."""
        with self._lock(wait=True):
            pending = self.redo()
            txn = Transaction(self, pending)
            try:
                yield txn
            except BaseException:
                txn.rollback()
                raise
            txn.finish()

    def redo(self) -> Redone:
        """Finish what a killed writer's journal says (call with the lock held): renames whose
        temporary file is still there, deletions; the journal is then removed. The ids it names
        are returned for the index, which the caller updates."""
        path = self.journal_path
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Redone([], [], [])
        except (OSError, ValueError):  # torn before its own rename: nothing was renamed yet
            path.unlink(missing_ok=True)
            return Redone([], [], [])
        done: list[Path] = []
        folders: set[Path] = set()
        for tmp, dest in data.get("renames", []):
            tmp_path, dest_path = self.root / tmp, self.root / dest
            if tmp_path.exists():
                os.replace(tmp_path, dest_path)
                done.append(dest_path)
                folders.add(dest_path.parent)
        for gone in data.get("deletes", []):
            gone_path = self.root / gone
            if gone_path.exists():
                gone_path.unlink()
                done.append(gone_path)
                folders.add(gone_path.parent)
        for folder in folders:
            fsync_dir(folder)
        path.unlink(missing_ok=True)
        fsync_dir(self.root)
        return Redone(done, list(data.get("index", [])), list(data.get("unindex", [])))

    def leftovers(self) -> list[Path]:
        """A killed run's files: temporary files of dead processes, and a text whose sidecar was never
        written (the text goes first, so the record was never committed or indexed)."""
        if not self.folder.is_dir():
            return []
        out = []
        for path in sorted(self.folder.iterdir()):
            m = _TMP_RE.fullmatch(path.name)
            if m and not alive(int(m.group(1))):
                out.append(path)
            elif path.suffix == ".txt" and not path.name.startswith(".") and not path.with_suffix(".yaml").exists():
                out.append(path)
        return out

    def remove_leftovers(self) -> list[Path]:
        """Remove :meth:`leftovers` (call with the lock held); returns what went."""
        found = self.leftovers()
        for path in found:
            path.unlink(missing_ok=True)
        return found

    def recover(self) -> list[Path]:
        """Redo a killed writer's journal, then remove :meth:`leftovers`, unless a running writer
        holds the lock; returns what was removed. (:func:`indexer.ingest.recover` also re-indexes
        what the journal names.)"""
        if not (self.journal_path.exists() or self.folder.is_dir()):
            return []
        with self._lock(wait=False) as mine:
            if not mine:
                return []
            self.redo()
            return self.remove_leftovers()


class Transaction:
    """Remembers each touched file's previous bytes so a failed commit can restore them, and keeps
    the journal of what it did so a killed commit can be finished (see the module's docstring)."""

    def __init__(self, store: AddedStore, pending: Redone | None = None) -> None:
        self.store = store
        self._before: dict[Path, bytes | None] = {}
        self._journal: dict[str, list] = {"renames": [], "deletes": [], "index": [], "unindex": []}
        self.pending = pending or Redone([], [], [])  # a killed writer's journal, redone on the way in

    def _remember(self, path: Path) -> None:
        if path not in self._before:
            self._before[path] = path.read_bytes() if path.exists() else None

    def _rel(self, path: Path) -> str:
        return os.path.relpath(path, self.store.root)

    def _log(self, renames: Sequence[tuple[Path, Path]] = (), deletes: Sequence[Path] = ()) -> None:
        """Add to the journal and write it durably, before the renames or deletions it announces."""
        self._journal["renames"] += [[self._rel(t), self._rel(p)] for t, p in renames]
        self._journal["deletes"] += [self._rel(p) for p in deletes]
        durable_write(self.store.journal_path, json.dumps(self._journal, ensure_ascii=False))

    def will_index(self, ids: list[str] | tuple[str, ...] = (), drop: list[str] | tuple[str, ...] = ()) -> None:
        """Say which record ids the index will hold anew or drop, so a killed commit's redo re-indexes
        them (call before the index commit)."""
        self._journal["index"] += [i for i in ids if i not in self._journal["index"]]
        self._journal["unindex"] += [i for i in drop if i not in self._journal["unindex"]]
        durable_write(self.store.journal_path, json.dumps(self._journal, ensure_ascii=False))

    def _replace_all(self, pairs: list[tuple[Path, str | bytes]]) -> None:
        ready = []
        for path, data in pairs:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._remember(path)
            ready.append((_temp_copy(path, data), path))
        self._log(renames=ready)
        for tmp, path in ready:
            os.replace(tmp, path)
        for folder in {path.parent for _, path in ready}:
            fsync_dir(folder)

    def write(self, record_id: str, meta_text: str, text: str) -> None:
        """Write both files under temporary names, journal the two renames, then make them: a kill
        between the renames is finished by the next writer, so the record is wholly old or new."""
        self.store.folder.mkdir(parents=True, exist_ok=True)
        self._replace_all([(self.store.text_path(record_id), text), (self.store.meta_path(record_id), meta_text)])

    def write_file(self, path: Path, data: str) -> None:
        """Replace any one file of the corpus atomically, remembered for a rollback (the chronicle
        store keeps events as single Markdown files, and web edits rewrite a record's file)."""
        self._replace_all([(path, data)])

    def delete_file(self, path: Path) -> None:
        """Remove any one file of the corpus, remembered for a rollback."""
        self._remember(path)
        self._log(deletes=[path])
        path.unlink(missing_ok=True)
        if path.parent.is_dir():
            fsync_dir(path.parent)

    def delete(self, record_id: str) -> None:
        """Remove a record's sidecar, then its text."""
        for path in (self.store.meta_path(record_id), self.store.text_path(record_id)):
            self.delete_file(path)

    def changes(self) -> list[tuple[Path, bytes | None, bytes | None]]:
        """Every file this transaction touched: (path, bytes before, bytes now), unchanged ones left out."""
        out = []
        for path, before in self._before.items():
            after = path.read_bytes() if path.exists() else None
            if after != before:
                out.append((path, before, after))
        return out

    def finish(self) -> None:
        """The commit is whole (files and index): drop the journal."""
        if self.store.journal_path.exists():
            self.store.journal_path.unlink()
            fsync_dir(self.store.root)

    def rollback(self) -> None:
        """Drop the journal (so nothing redoes this commit), then put every touched file back, each
        atomically: the commit never was."""
        self.finish()
        for path, data in self._before.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                durable_write(path, data)
