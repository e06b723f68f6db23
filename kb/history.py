"""Who changed which record, when, how (a diff) and why: one JSON file per change, beside the corpus.

Every write to the corpus (``kb add``, ``kb remove``, an upload or an edit in the browser, a revert)
goes through one :class:`kb.ingest.store.Transaction` and ends here with the bytes of every file it
touched, before and after. Kept in ``CORPUS/.history/<id>.json`` (the loader reads only the record
folders, so it is never a record; the project's git ignores it), so the history travels with the
corpus it describes, needs no program beyond Python, and holds what a revert needs: a revert writes
the *before* of each file back, after checking that nobody changed the file since (its *after*).

Why not a git repository of the corpus? The corpus folder already lives inside the project's own
repository, and hand edits are committed there by maintainers; a second repository over the same
files (or commits made by the web server into the project's) would mix the two histories. A file
per change is written in the same transaction as the files it describes (atomic, journaled).
"""
from __future__ import annotations

import difflib
import json
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FOLDER = ".history"
ACTIONS = {"add": "thêm", "remove": "xóa", "edit": "sửa", "upload": "tải lên", "revert": "hoàn tác"}


@dataclass(frozen=True)
class FileChange:
    """One file of one change: its path inside the corpus, its text before (None: it did not exist)
    and after (None: it was deleted)."""

    path: str
    before: str | None
    after: str | None

    def diff(self) -> str:
        """A unified diff of the file.

        >>> print(FileChange("a.md", "x\\ny\\n", "x\\nz\\n").diff())
        --- a/a.md
        +++ b/a.md
        @@ -1,2 +1,2 @@
         x
        -y
        +z
        <BLANKLINE>
        """
        old = (self.before or "").splitlines(keepends=True)
        new = (self.after or "").splitlines(keepends=True)
        head = ("/dev/null" if self.before is None else f"a/{self.path}",
                "/dev/null" if self.after is None else f"b/{self.path}")
        return "".join(difflib.unified_diff(old, new, *head))


@dataclass(frozen=True)
class Change:
    """One recorded change: ``action`` is one of :data:`ACTIONS`; ``reverts`` names the change a
    revert undid."""

    id: str
    when: str
    who: str
    via: str
    action: str
    why: str
    records: tuple[str, ...]
    files: tuple[FileChange, ...]
    reverts: str | None = None

    def to_json(self, with_files: bool = True) -> dict:
        data: dict[str, Any] = {"id": self.id, "when": self.when, "who": self.who, "via": self.via, "action": self.action,
                "why": self.why, "records": list(self.records), "reverts": self.reverts,
                "paths": [f.path for f in self.files]}
        if with_files:
            data["files"] = [{"path": f.path, "before": f.before, "after": f.after} for f in self.files]
        return data

    def diff(self) -> str:
        return "".join(f.diff() for f in self.files)


def _text(data: bytes | None) -> str | None:
    return None if data is None else data.decode("utf-8", "replace")


class History:
    """The changes of one corpus, newest first."""

    def __init__(self, corpus_root: str | os.PathLike) -> None:
        self.root = Path(corpus_root)
        self.folder = self.root / FOLDER

    def new(self, who: str, via: str, action: str, records: list[str] | tuple[str, ...],
            files: list[tuple[Path, bytes | None, bytes | None]], why: str = "",
            reverts: str | None = None) -> Change | None:
        """The change these files make (None when none changed); the writer stores it with
        :meth:`path` and :meth:`dump` inside its own transaction, so a failed commit leaves no entry."""
        if not files:
            return None
        now = time.time_ns()
        return Change(
            id=f"{now:020d}-{os.getpid()}", when=datetime.fromtimestamp(now / 1e9, UTC).isoformat(timespec="seconds"),
            who=who, via=via, action=action, why=why.strip(), records=tuple(dict.fromkeys(records)),
            files=tuple(FileChange(os.path.relpath(p, self.root), _text(b), _text(a)) for p, b, a in files),
            reverts=reverts)

    def path(self, change: Change) -> Path:
        return self.folder / f"{change.id}.json"

    @staticmethod
    def dump(change: Change) -> str:
        return json.dumps(change.to_json(), ensure_ascii=False, indent=1)

    def get(self, change_id: str) -> Change | None:
        """The change with this id (ids are digits and a hyphen; anything else is no change)."""
        if not change_id.replace("-", "").isdigit():
            return None
        return self._load(self.folder / f"{change_id}.json")

    def _load(self, path: Path) -> Change | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        files = tuple(FileChange(f["path"], f.get("before"), f.get("after")) for f in data.get("files", []))
        return Change(data["id"], data["when"], data["who"], data["via"], data["action"], data.get("why", ""),
                      tuple(data.get("records", [])), files, data.get("reverts"))

    def changes(self, record: str | None = None, limit: int | None = None) -> list[Change]:
        """The changes, newest first; only those touching ``record`` when given."""
        if not self.folder.is_dir():
            return []
        out = []
        for path in sorted(self.folder.glob("*.json"), reverse=True):
            change = self._load(path)
            if change is None or (record is not None and record not in change.records):
                continue
            out.append(change)
            if limit is not None and len(out) >= limit:
                break
        return out

    def reverted(self) -> set[str]:
        """Ids of the changes some later change reverted."""
        return {c.reverts for c in self.changes() if c.reverts}
