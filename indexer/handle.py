"""A long-lived searcher for a serving process that follows the index as it is rebuilt or added to."""
from __future__ import annotations

import os
import threading
from pathlib import Path

from indexer.backend import open_searcher, target
from indexer.store import current_generation, index_dir, open_index


class SearcherHandle:
    """Hand out an up-to-date Whoosh searcher, one per thread, reopened after a swap or a commit.

    One per thread: a Whoosh reader's files have one read position, so two threads of a gthread
    worker reading one searcher got each other's bytes (UnpicklingError, zlib errors: HTTP 500).
    Reopened rather than ``Searcher.refresh()``: whoosh-reloaded 2.7.5's reader reuse keeps the
    segments a commit dropped, so a record replaced by ``kb add`` was served twice.
    """

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        self.link = index_dir(path)
        self.remote = target(path)  # on OpenSearch one thread-safe searcher serves every thread
        self._remote_searcher = None
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: dict[int, object] = {}  # thread id → its searcher, so close() reaches them all

    def get(self):
        """This thread's current searcher; raises IndexMissingError when there is no index."""
        if self.remote is not None:
            if self._remote_searcher is None:
                self._remote_searcher = open_searcher(self.remote)
            return self._remote_searcher
        searcher = getattr(self._local, "searcher", None)
        stamp = _stamp(self.link)
        if searcher is not None and stamp is not None and stamp == self._local.stamp:
            return searcher  # same generation, same table of contents: nothing was committed
        gen = current_generation(self.link)
        if searcher is None or gen != self._local.gen or not searcher.up_to_date():
            fresh = open_index(self.link).searcher()
            if searcher is not None:
                searcher.close()
            self._local.searcher, self._local.gen = fresh, gen
            with self._lock:
                self._open[threading.get_ident()] = fresh
        self._local.stamp = stamp
        return self._local.searcher

    def close(self) -> None:
        """Close every thread's searcher (at shutdown; a thread's next get() opens a new one)."""
        with self._lock:
            for searcher in self._open.values():
                searcher.close()
            self._open.clear()
        self._local = threading.local()


def _stamp(link: Path) -> tuple[str, tuple[str, ...]] | None:
    """Where the link points and the tables of contents there: a rebuild moves the link and a
    commit writes a new TOC, so an unchanged stamp means the open searcher is current. A listing
    (tens of microseconds) instead of opening the index (a TOC and its pickled schema) on every
    request.
    """
    try:
        real = os.path.realpath(link)
        return real, tuple(sorted(n for n in os.listdir(real) if n.endswith(".toc")))
    except OSError:
        return None
