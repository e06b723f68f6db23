"""The corpus as the web sees it: loaded once per process, reloaded when a corpus file changes."""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import current_app

from kb.corpus import load_corpus
from kb.errors import CorpusError
from kb.history import FOLDER
from kb.models import Corpus

_lock = threading.Lock()
_cache: dict[str, tuple[float, float, Corpus]] = {}
_seen: dict[str, int] = {}  # the history folder's mtime when each corpus was last looked at
CHECK_EVERY = 5.0  # seconds between looks at the files' modification times


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except FileNotFoundError:  # renamed or removed while we looked (kb add's temporary files)
        return 0.0


def _signature(root: Path) -> float:
    latest = root.stat().st_mtime if root.exists() else 0.0
    for dirpath, _dirs, files in os.walk(root):
        latest = max(latest, _mtime(dirpath))
        for name in files:
            latest = max(latest, _mtime(os.path.join(dirpath, name)))
    return latest


def _written(root: Path) -> int:
    """When a tool last recorded a change (``kb add``, an upload, an edit: each adds a history entry,
    which touches this folder): one ``stat``, so every server process sees a write at its next page,
    not after :data:`CHECK_EVERY` (which stays the pace for hand edits)."""
    try:
        return os.stat(root / FOLDER).st_mtime_ns
    except FileNotFoundError:
        return 0


def corpus() -> Corpus:
    """The configured corpus; an empty one when the folder does not exist."""
    root = Path(current_app.config["CORPUS_DIR"])
    key = str(root.resolve())
    now = time.monotonic()
    written = _written(root)
    with _lock:
        cached = _cache.get(key)
        if cached and now - cached[0] < CHECK_EVERY and _seen.get(key) == written:
            return cached[2]
        _seen[key] = written
        sig = _signature(root)
        if cached and cached[1] == sig:
            _cache[key] = (now, sig, cached[2])
            return cached[2]
        try:
            data = load_corpus(root) if root.is_dir() else Corpus()
        except (CorpusError, OSError) as exc:
            if not cached:
                raise
            # Caught mid-write (kb add renames a text, then its sidecar) or a bad hand edit: keep
            # serving the last good corpus, and load again at the next look.
            current_app.logger.warning("corpus not reloaded, serving the previous one: %s", exc)
            _cache[key] = (now, cached[1], cached[2])
            return cached[2]
        _cache[key] = (now, sig, data)
        _derived.clear()
        return data


_derived: dict[tuple[int, str], Any] = {}


def derived(name: str, build: Callable[[Corpus], Any]) -> Any:
    """A value computed from the current corpus once, and again only after the corpus changes."""
    data = corpus()
    key = (id(data), name)
    with _lock:
        if key not in _derived:
            _derived[key] = build(data)
        return _derived[key]


def refresh() -> None:
    """Forget the loaded corpus, so the next page reads the files as a write just left them."""
    with _lock:
        _cache.clear()
        _derived.clear()
