"""Which record ids the current index holds: lets ``kb add`` skip work already done."""
from __future__ import annotations

import os
from collections.abc import Iterable

from whoosh import index as whoosh_index

from indexer.backend import target
from indexer.store import current_generation, index_dir


def indexed_ids(ids: Iterable[str], path: str | os.PathLike | None = None) -> set[str]:
    """The subset of ``ids`` present in the index (empty when there is no index)."""
    remote = target(path)
    if remote is not None:
        from indexer.opensearch.index import present

        return present(ids, remote.alias)
    gen = current_generation(index_dir(path))
    if gen is None:
        return set()
    ix = whoosh_index.open_dir(str(gen))
    try:
        with ix.searcher() as searcher:
            return {i for i in ids if searcher.document_number(id=i) is not None}
    finally:
        ix.close()


def stored_record(record_id: str, searcher) -> dict | None:
    """The stored fields of one indexed record, as plain values (None when absent).

    Records that exist only in the index (bulk ``kb import``) have no corpus file; their pages are
    built from these fields.
    """
    docnum = searcher.document_number(id=record_id)
    if docnum is None:
        return None
    return dict(searcher.stored_fields(docnum))
