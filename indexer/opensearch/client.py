"""One OpenSearch client per process, from ``KB_OPENSEARCH_URL``, and the errors it raises said
in the product's terms (IndexMissingError, KBError naming the cluster)."""
from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TypeVar

from opensearchpy import OpenSearch
from opensearchpy import exceptions as os_errors

from kb import settings
from kb.errors import IndexMissingError, KBError

T = TypeVar("T")
_CLIENTS: dict[tuple[int, str], OpenSearch] = {}
_LOCK = threading.Lock()


def node_urls(raw: str | None = None) -> list[str]:
    """The node URLs of ``KB_OPENSEARCH_URL`` (comma-separated).

    >>> node_urls("http://127.0.0.1:9200, http://127.0.0.1:9201/")
    ['http://127.0.0.1:9200', 'http://127.0.0.1:9201']
    >>> node_urls(" , ")
    Traceback (most recent call last):
    kb.errors.KBError: KB_OPENSEARCH_URL: no node URL in ' , '
    """
    raw = settings.get("OPENSEARCH_URL") if raw is None else raw
    urls = [u.strip().rstrip("/") for u in raw.split(",") if u.strip()]
    if not urls:
        raise KBError(f"KB_OPENSEARCH_URL: no node URL in {raw!r}")
    return urls


def client() -> OpenSearch:
    """This process's client (one per process id: a forked server worker makes its own pool).

    Requests go round-robin over every listed node; a node that refuses or drops a connection
    is set aside and the request is retried on another, so one node's failure costs no search.
    """
    raw = settings.get("OPENSEARCH_URL")
    key = (os.getpid(), raw)
    with _LOCK:
        found = _CLIENTS.get(key)
        if found is None:
            found = _CLIENTS[key] = OpenSearch(
                hosts=node_urls(raw), max_retries=3, retry_on_timeout=True, timeout=30,
                pool_maxsize=64, dead_timeout=5)
        return found


def where() -> str:
    """The cluster, for messages: its URLs (passwords left out)."""
    return ", ".join(u.split("@")[-1] if "@" in u else u for u in node_urls())


def call(fn: Callable[..., T], alias: str, **kwargs) -> T:
    """``fn(**kwargs)`` with the client's errors said plainly: a missing index is
    IndexMissingError (the web shows its page), an unreachable cluster a KBError naming it."""
    try:
        return fn(**kwargs)
    except os_errors.NotFoundError as exc:
        if "index_not_found" in str(exc.error):
            raise IndexMissingError(f"no index '{alias}' on the OpenSearch cluster at {where()}: "
                                    f"build one with 'kb index'") from None
        raise
    except os_errors.ConnectionError as exc:
        raise KBError(f"cannot reach OpenSearch at {where()} (KB_OPENSEARCH_URL): {exc.error}") from None
    except os_errors.TransportError as exc:
        raise KBError(f"OpenSearch at {where()} refused a request on '{alias}': "
                      f"{exc.status_code} {exc.error}: {str(exc.info)[:300]}") from None
