"""Build, add to and remove from the index on the cluster: the counterpart of indexer.build/store.

A rebuild writes a new index ``<alias>.gen-<time>`` (refresh off while it loads), waits until its
shards and replicas are allocated, then moves the alias from the old index to the new one in one
``_aliases`` call, which the cluster applies atomically: a search sees the old index or the new,
never neither. A failed build deletes its own index and leaves the alias where it was. The
index the alias just left is kept for searches still running on it and deleted by the next
rebuild (as the previous Whoosh generation). Additions and removals end with a refresh, so
``kb add`` is searchable when it returns.
"""
from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from opensearchpy import helpers
from opensearchpy import exceptions as os_errors

from indexer.opensearch.client import call, client, where
from indexer.opensearch.documents import index_body, record_source
from kb import settings
from kb.errors import KBError
from kb.models import Record

GEN = ".gen-"
CHUNK = 500  # documents per bulk request
GREEN_SECONDS = 120
GREEN_WAIT = f"{GREEN_SECONDS}s"


def generation_name(alias: str) -> str:
    """A new index name under ``alias`` (lowercase, sortable by time).

    >>> generation_name("kb").startswith("kb.gen-")
    True
    """
    return f"{alias}{GEN}{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"


def alias_exists(alias: str) -> bool:
    """True when the alias points at an index."""
    return bool(call(client().indices.exists_alias, alias, name=alias))


def behind(alias: str) -> list[str]:
    """The indices the alias points at (none when it does not exist)."""
    try:
        return sorted(client().indices.get_alias(name=alias))
    except os_errors.NotFoundError:
        return []


def _actions(records: Iterable[Record], index: str, progress: Callable[[int], None] | None) -> Iterator[dict]:
    for rec in records:
        yield {"_op_type": "index", "_index": index, "_id": rec.id, "_source": record_source(rec)}
        if progress:
            progress(1)


def _load(records: Iterable[Record], index: str, progress) -> int:
    count = 0
    try:
        for ok, _item in helpers.streaming_bulk(client(), _actions(records, index, progress), chunk_size=CHUNK,
                                               max_retries=3, raise_on_error=True):
            count += ok
    except helpers.BulkIndexError as exc:
        first = exc.errors[0] if exc.errors else {}
        raise KBError(f"OpenSearch at {where()} rejected {len(exc.errors)} records, first: {first}") from None
    return count


def _wait_allocated(index: str) -> None:
    """Until every shard copy the cluster can place is started (green; yellow when there are
    fewer data nodes than copies, as on a one-node cluster)."""
    c = client()
    nodes = c.cluster.health()["number_of_data_nodes"]
    status = "green" if nodes > settings.get("OPENSEARCH_REPLICAS") else "yellow"
    health = c.cluster.health(index=index, params={"wait_for_status": status, "timeout": GREEN_WAIT},
                              request_timeout=GREEN_SECONDS + 10)
    if health.get("timed_out"):
        raise KBError(f"index {index} on {where()} did not turn {status} within {GREEN_WAIT}")


def build(records: Iterable[Record], alias: str, progress: Callable[[int], None] | None = None) -> tuple[int, str]:
    """Index ``records`` into a new index and move ``alias`` onto it; returns (count, index)."""
    c = client()
    index = generation_name(alias)
    call(c.indices.create, alias, index=index,
         body=index_body(settings.get("OPENSEARCH_SHARDS"), settings.get("OPENSEARCH_REPLICAS")))
    try:
        count = _load(records, index, progress)
        c.indices.put_settings(index=index, body={"index": {"refresh_interval": "1s"}})
        c.indices.refresh(index=index)
        _wait_allocated(index)
        old = behind(alias)
        if c.indices.exists(index=alias) and not old:
            raise KBError(f"'{alias}' on {where()} is an index, not an alias: choose another "
                          f"KB_OPENSEARCH_INDEX or delete it")
        moves: list[dict[str, Any]] = [{"remove": {"index": i, "alias": alias}} for i in old]
        moves.append({"add": {"index": index, "alias": alias, "is_write_index": True}})
        call(c.indices.update_aliases, alias, body={"actions": moves})
    except BaseException:
        try:
            c.indices.delete(index=index, ignore_unavailable=True)
        except Exception:  # the build's own error is the one to report
            pass
        raise
    stale = [i for i in _generations(alias) if i != index and i not in old]
    if stale:
        c.indices.delete(index=",".join(stale), ignore_unavailable=True)
    return count, index


def _generations(alias: str) -> list[str]:
    try:
        return sorted(client().indices.get(index=f"{alias}{GEN}*", expand_wildcards="open,closed"))
    except os_errors.NotFoundError:
        return []


def add(records: Iterable[Record], alias: str, progress: Callable[[int], None] | None = None) -> int:
    """Add or replace records by id; searchable when this returns (one refresh at the end, not
    one wait per bulk request, so a large import is not slowed down)."""
    if not alias_exists(alias):
        build([], alias)
    count = _load(records, alias, progress)
    call(client().indices.refresh, alias, index=alias)
    return count


def remove(ids: Iterable[str], alias: str) -> int:
    """Delete records by id; returns how many were there."""
    if not alias_exists(alias):
        return 0
    actions = [{"_op_type": "delete", "_index": alias, "_id": i} for i in ids]
    if not actions:
        return 0
    _, errors = helpers.bulk(client(), actions, raise_on_error=False)
    call(client().indices.refresh, alias, index=alias)
    missing = [e for e in errors if e.get("delete", {}).get("status") == 404]
    if len(missing) != len(errors):
        raise KBError(f"OpenSearch at {where()} could not delete: {errors[:1]}")
    return len(actions) - len(missing)


def present(ids: Iterable[str], alias: str) -> set[str]:
    """The subset of ``ids`` the index holds."""
    ids = list(dict.fromkeys(ids))
    if not ids or not alias_exists(alias):
        return set()
    found: set[str] = set()
    for i in range(0, len(ids), 1000):
        resp = call(client().mget, alias, index=alias, body={"ids": ids[i:i + 1000]}, _source=False)
        found.update(d["_id"] for d in resp["docs"] if d.get("found"))
    return found


def drop(alias: str) -> None:
    """Delete the alias's indices (a scratch index after an evaluation)."""
    names = _generations(alias)
    if names:
        client().indices.delete(index=",".join(names), ignore_unavailable=True)
