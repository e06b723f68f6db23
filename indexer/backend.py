"""Which search engine holds the index: Whoosh in a folder (the default) or an OpenSearch cluster.

The one place that decides (``KB_BACKEND``). Everything else asks here: :func:`target` turns the
caller's ``path`` into a Whoosh folder or a :class:`Remote` alias, and a searcher from
:func:`open_searcher` answers the same calls (``stored_fields``, ``document_number``,
``doc_frequency``…) whichever engine is behind it, so :mod:`indexer.search` runs one code path.
Under ``KB_BACKEND=opensearch`` a folder argument (``--index-dir``) is ignored: the cluster's
alias ``KB_OPENSEARCH_INDEX`` is the index.
"""
from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kb import settings


@dataclass(frozen=True)
class Remote:
    """An index on the OpenSearch cluster, named by the alias that searches go through."""

    alias: str


Location = Path | Remote


def remote_default() -> bool:
    """True when ``KB_BACKEND`` is ``opensearch``.

    >>> remote_default() in (True, False)
    True
    """
    return settings.get("BACKEND") == "opensearch"


def target(path: str | os.PathLike | Remote | None = None) -> Remote | None:
    """The OpenSearch alias ``path`` means, or None for a Whoosh folder.

    >>> target(Remote("kb-eval"))
    Remote(alias='kb-eval')
    """
    if isinstance(path, Remote):
        return path
    if remote_default():
        return Remote(settings.get("OPENSEARCH_INDEX"))
    return None


def is_remote(searcher) -> bool:
    """True for a searcher of the OpenSearch backend (it ranks on the cluster)."""
    return bool(getattr(searcher, "remote", False))


def open_searcher(path: str | os.PathLike | Remote | None = None):
    """A searcher over the current index (use it in a ``with`` block); IndexMissingError when
    there is none."""
    where = target(path)
    if where is not None:
        from indexer.opensearch.searcher import RemoteSearcher

        return RemoteSearcher(where.alias)
    from indexer.store import open_index

    return open_index(path).searcher()


def index_exists(path: str | os.PathLike | Remote | None = None) -> bool:
    """True when there is an index to search (or to add records to)."""
    where = target(path)
    if where is not None:
        from indexer.opensearch.index import alias_exists

        return alias_exists(where.alias)
    from indexer.store import current_generation, index_dir

    return current_generation(index_dir(path)) is not None


@contextmanager
def scratch_index() -> Iterator[Location]:
    """A throw-away index location for an evaluation: a temporary folder, or on the cluster a
    temporary alias whose indices are deleted afterwards."""
    if remote_default():
        from indexer.opensearch.index import drop

        where = Remote(f"{settings.get('OPENSEARCH_INDEX')}-scratch-{uuid.uuid4().hex[:8]}")
        try:
            yield where
        finally:
            drop(where.alias)
        return
    with tempfile.TemporaryDirectory(prefix="kb-eval-") as tmp:
        yield Path(tmp) / "index"
