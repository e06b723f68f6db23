"""What the add/remove pipeline reports, as plain data: a :class:`Note` per thing worth saying,
a :class:`FileResult` per input file, the :class:`AddResult` of a run, who made the change
(:class:`Author`) and what ``kb add``'s flags or the upload form asked (:class:`AddOptions`)."""
from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kb.ingest.errors import IngestError
from kb.errors import KBError
from kb.ingest.plan import Overrides
from kb.ingest.text import DEFAULT_MAX_MB

@dataclass(frozen=True)
class Note:
    """One thing to tell the user: ``level`` is ``note``, ``failed``, ``duplicate`` or ``updated``.

    >>> Note("failed", "x.pdf: encrypted").line()
    'kb: failed: x.pdf: encrypted'
    """

    level: str
    text: str

    def line(self) -> str:
        return f"kb: {self.level}: {self.text}"


Say = Callable[[Note], None]
Tick = Callable[[], None]


@dataclass(frozen=True)
class Author:
    """Who makes a change, through what (``kb add``, ``web``…) and why (an optional note)."""

    who: str
    via: str = "kb"
    why: str = ""

    @classmethod
    def local(cls, via: str) -> Author:
        """The user running the command."""
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = f"uid {os.getuid()}"
        return cls(name, via)


@dataclass(frozen=True)
class AddOptions(Overrides):
    """What ``kb add``'s flags (or the upload form's fields) say: the record's own values
    (:class:`~kb.ingest.plan.Overrides`), then how to read the files."""

    encoding: str = "auto"
    max_mb: float = DEFAULT_MAX_MB
    keep_duplicates: bool = False


@dataclass
class FileResult:
    """One input file: ``outcome`` is added, replaced, unchanged, duplicate, failed (or ``read`` for a
    register, whose rows have their own outcomes), with the record ids it wrote and its notes."""

    path: str
    outcome: str = "failed"
    record_ids: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


@dataclass
class AddResult:
    """What an add did: per-file results, the counts, the CLI's summary line and the history entry."""

    folder: Path
    files: list[FileResult]
    counts: dict[str, int]
    summary: str
    change_id: str | None = None

    @property
    def failed(self) -> bool:
        return self.counts.get("failed", 0) > 0

    @property
    def record_ids(self) -> list[str]:
        return [i for f in self.files for i in f.record_ids]


class Reporter:
    """Collects notes per file and passes each on to ``say`` as it happens."""

    def __init__(self, say: Say | None) -> None:
        self.say = say
        self.current: FileResult | None = None

    def __call__(self, level: str, text: str) -> None:
        note = Note(level, text)
        if self.current is not None:
            self.current.notes.append(note)
        if self.say is not None:
            self.say(note)

    def each_file(self, files: list[Path], tick: Tick | None,
                  step: Callable[[Path, FileResult], None]) -> list[FileResult]:
        """Run ``step`` on each file with its own result; a file that fails is one line naming it
        (its outcome stays ``failed``) and the others go on."""
        results = []
        for path in files:
            result = self.current = FileResult(str(path))
            results.append(result)
            try:
                step(path, result)
            except IngestError as exc:
                self("failed", str(exc))
            except KBError as exc:
                self("failed", f"{path}: {exc}")
            if tick is not None:
                tick()
        self.current = None
        return results
