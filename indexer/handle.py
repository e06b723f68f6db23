"""A long-lived searcher for a serving process that follows the index as it is rebuilt or added to."""
from __future__ import annotations

import os
import threading
from pathlib import Path

from indexer.store import current_generation, index_dir, open_index


class SearcherHandle:
    """Hand out an up-to-date Whoosh searcher; reopens after a swap, refreshes after a commit."""

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        self.link = index_dir(path)
        self._lock = threading.Lock()
        self._gen: Path | None = None
        self._searcher = None

    def get(self):
        """The current searcher; raises IndexMissingError when there is no index."""
        with self._lock:
            gen = current_generation(self.link)
            if self._searcher is None or gen != self._gen:
                self._close()
                self._searcher = open_index(self.link).searcher()
                self._gen = gen
            elif not self._searcher.up_to_date():
                self._searcher = self._searcher.refresh()
            return self._searcher

    def _close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def close(self) -> None:
        with self._lock:
            self._close()
