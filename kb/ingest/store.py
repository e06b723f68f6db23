"""Where added documents live in the corpus: ``documents/added/<id>.txt`` and its ``<id>.yaml``.

This is the corpus's own text-plus-sidecar form, so ``kb index`` rebuilds exactly what ``kb add``
indexed. Each file is replaced atomically (temporary file, then rename), and a transaction puts
every file it touched back as it was when the commit fails. A transaction holds an ``flock`` on
``documents/.added.lock`` (dropped by the kernel if the process is killed), so
:meth:`AddedStore.recover` can tell a killed run's half-written files from a running one's.
"""
from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from kb.pids import alive

ADDED = Path("documents") / "added"


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


def _temp_copy(path: Path, data: str) -> Path:
    """``data`` written beside ``path`` under a temporary name, ready to be renamed over it."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(data, encoding="utf-8")
    return tmp


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

    @contextmanager
    def _lock(self, wait: bool) -> Iterator[bool]:
        """Hold the folder's lock (True), or yield False at once when another process holds it."""
        lock = self.folder.parent / ".added.lock"
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_CREAT | os.O_WRONLY, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            yield True
        finally:
            os.close(fd)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Writes and deletions that are all undone if the block raises."""
        with self._lock(wait=True):
            txn = Transaction(self)
            try:
                yield txn
            except BaseException:
                txn.rollback()
                raise

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

    def recover(self) -> list[Path]:
        """Remove :meth:`leftovers` unless a running ``kb add`` holds the lock; returns what went."""
        if not self.folder.is_dir():
            return []
        with self._lock(wait=False) as mine:
            if not mine:
                return []
            found = self.leftovers()
            for path in found:
                path.unlink(missing_ok=True)
            return found


class Transaction:
    """Remembers each touched file's previous bytes so a failed commit can restore them."""

    def __init__(self, store: AddedStore) -> None:
        self.store = store
        self._before: dict[Path, bytes | None] = {}

    def _remember(self, path: Path) -> None:
        if path not in self._before:
            self._before[path] = path.read_bytes() if path.exists() else None

    def write(self, record_id: str, meta_text: str, text: str) -> None:
        """Write both files under temporary names, then rename the text and then the sidecar that
        makes it a record (a kill between the renames leaves a text without sidecar: a leftover)."""
        self.store.folder.mkdir(parents=True, exist_ok=True)
        pairs = ((self.store.text_path(record_id), text), (self.store.meta_path(record_id), meta_text))
        ready = []
        for path, data in pairs:
            self._remember(path)
            ready.append((_temp_copy(path, data), path))
        for tmp, path in ready:
            os.replace(tmp, path)

    def write_file(self, path: Path, data: str) -> None:
        """Replace any one file of the corpus atomically, remembered for a rollback (the chronicle
        store keeps events as single Markdown files)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self._remember(path)
        os.replace(_temp_copy(path, data), path)

    def delete_file(self, path: Path) -> None:
        """Remove any one file of the corpus, remembered for a rollback."""
        self._remember(path)
        path.unlink(missing_ok=True)

    def delete(self, record_id: str) -> None:
        """Remove a record's sidecar, then its text."""
        for path in (self.store.meta_path(record_id), self.store.text_path(record_id)):
            self._remember(path)
            path.unlink(missing_ok=True)

    def rollback(self) -> None:
        for path, data in self._before.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
