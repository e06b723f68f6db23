"""Where a fast path steps aside for the reference one, said out loud once per process.

The indexer has fast paths that reproduce Whoosh and pyvi exactly (:mod:`indexer.segment`,
:mod:`indexer.postings`, :mod:`indexer.parallel`, :mod:`indexer.engine` with the result cache).
Each keeps a reference path it falls back to: pyvi itself when its model is not the one our
reader knows, Whoosh's collector for a query shape the engine does not reproduce, Whoosh's own
writer for a schema with vectors or spelling fields. A fallback is correct but slower, so it is
logged at WARNING with its reason, once per process and reason, and never happens silently.
``KB_ENGINE=whoosh`` forces every reference path (to compare results, or to rule the fast paths
out when something looks wrong).
"""
from __future__ import annotations

import logging
import threading

from kb import settings

log = logging.getLogger("kb.indexer")
_said: set[tuple[str, str]] = set()
_lock = threading.Lock()


def reference_only() -> bool:
    """True when ``KB_ENGINE=whoosh`` asks for the reference paths everywhere."""
    return settings.get("ENGINE") == "whoosh"


def step_aside(path: str, reason: str) -> None:
    """Log, once per process for each (path, reason), that ``path`` fell back and why.

    >>> import logging; logging.disable(logging.WARNING); step_aside("engine", "a test"); logging.disable(logging.NOTSET)
    >>> ("engine", "a test") in _said
    True
    """
    with _lock:
        if (path, reason) in _said:
            return
        _said.add((path, reason))
    log.warning("%s steps aside for the reference path: %s", path, reason)
