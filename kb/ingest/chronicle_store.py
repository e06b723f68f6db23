"""Where imported chronicles live: ``events/added/<file id>/<event id>.md`` and a ``_source.yaml``.

Each event is a Markdown record in the corpus's own format, so ``kb index`` rebuilds exactly what
``kb add --kind chronicle`` indexed. ``_source.yaml`` (not a record: the loader reads only ``.md``,
``.txt`` and ``.html`` files) says which file the folder came from, its hash and the events it
holds, so a re-import knows what to keep, replace or remove. It is written last: a folder whose
events are not all listed in it is what a killed run left, and :meth:`ChronicleStore.recover`
removes those files. Writes go through :class:`kb.ingest.store.Transaction`, so a failed commit
puts every touched file back.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kb.ingest.store import _TMP_RE, AddedStore
from kb.pids import alive

EVENTS_ADDED = Path("events") / "added"
MANIFEST = "_source.yaml"


@dataclass(frozen=True)
class Imported:
    """One imported chronicle on disk."""

    id: str
    folder: Path
    source: str | None
    sha256: str | None
    sidecar_sha256: str | None
    events: tuple[str, ...]
    data: dict[str, Any]


class ChronicleStore(AddedStore):
    """The ``events/added`` folder of one corpus (its lock is ``events/.added.lock``)."""

    def __init__(self, corpus_root: str | os.PathLike) -> None:
        super().__init__(corpus_root)
        self.folder = self.root / EVENTS_ADDED

    def event_path(self, file_id: str, event_id: str) -> Path:
        return self.folder / file_id / f"{event_id}.md"

    def manifest_path(self, file_id: str) -> Path:
        return self.folder / file_id / MANIFEST

    def imports(self) -> dict[str, Imported]:
        """Every imported chronicle by its file id (an unreadable manifest counts, with no source)."""
        out: dict[str, Imported] = {}
        if not self.folder.is_dir():
            return out
        for manifest in sorted(self.folder.glob(f"*/{MANIFEST}")):
            try:
                data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
            except (yaml.YAMLError, UnicodeDecodeError):
                data = {}
            data = data if isinstance(data, dict) else {}
            events = data.get("events")
            events = events if isinstance(events, list) else []
            out[manifest.parent.name] = Imported(
                manifest.parent.name, manifest.parent, data.get("from"), data.get("sha256"),
                data.get("sidecar_sha256"), tuple(str(e) for e in events), data)
        return out

    def owner_of(self, event_id: str) -> Imported | None:
        """The import an event id belongs to."""
        return next((imp for imp in self.imports().values() if event_id in imp.events), None)

    def leftovers(self) -> list[Path]:
        """A killed run's files: temporary files of dead processes, and events no manifest lists."""
        if not self.folder.is_dir():
            return []
        listed = {imp.folder / f"{e}.md" for imp in self.imports().values() for e in imp.events}
        out = []
        for path in sorted(self.folder.rglob("*")):
            m = _TMP_RE.fullmatch(path.name)
            if m and not alive(int(m.group(1))):
                out.append(path)
            elif path.suffix == ".md" and not path.name.startswith(".") and path not in listed:
                out.append(path)
        return out
