"""Every setting, declared once with its default and help; read from KB_* environment variables."""
from __future__ import annotations

import os
from typing import Any

SETTINGS: list[tuple[str, Any, str]] = [
    ("INDEX_DIR", None, "index location; default $KB_INDEX_DIR or instance/index"),
    ("CORPUS_DIR", "corpus", "corpus folder, for pages that show records in full"),
    ("MAX_QUERY_CHARS", 1000, "longest query accepted; longer ones get 400"),
    ("MAX_PAGE_SIZE", 100, "largest page size accepted; larger ones get 400"),
    ("PAGE_SIZE", 10, "hits per page by default"),
]


def defaults() -> dict[str, Any]:
    """Defaults overridden by KB_<NAME> environment variables, converted to the default's type."""
    out = {}
    for name, default, _help in SETTINGS:
        raw = os.environ.get(f"KB_{name}")
        if raw is None:
            out[name] = default
        elif isinstance(default, int):
            out[name] = int(raw)
        else:
            out[name] = raw
    return out
