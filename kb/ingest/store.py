"""Where added documents live in the corpus: ``documents/added/<id>.txt`` and its ``<id>.yaml``.

This is the corpus's own text-plus-sidecar form, so ``kb index`` rebuilds exactly what ``kb add``
indexed. Each file is replaced atomically (temporary file, then rename), and a transaction puts
every file it touched back as it was when the commit fails.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

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


def _write_atomic(path: Path, data: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, path)


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
    def transaction(self) -> Iterator[Transaction]:
        """Writes and deletions that are all undone if the block raises."""
        txn = Transaction(self)
        try:
            yield txn
        except BaseException:
            txn.rollback()
            raise


class Transaction:
    """Remembers each touched file's previous bytes so a failed commit can restore them."""

    def __init__(self, store: AddedStore) -> None:
        self.store = store
        self._before: dict[Path, bytes | None] = {}

    def _remember(self, path: Path) -> None:
        if path not in self._before:
            self._before[path] = path.read_bytes() if path.exists() else None

    def write(self, record_id: str, meta_text: str, text: str) -> None:
        """Write the text first, then the sidecar that makes it a record."""
        self.store.folder.mkdir(parents=True, exist_ok=True)
        for path, data in ((self.store.text_path(record_id), text), (self.store.meta_path(record_id), meta_text)):
            self._remember(path)
            _write_atomic(path, data)

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
