"""Every setting, declared once with its default and help.

Precedence: these defaults < an instance file (TOML, ``$KB_SETTINGS_FILE`` or
``instance/settings.toml``) < ``KB_<NAME>`` environment variables < the app factory's test config.
"""
from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from kb.errors import KBError

SETTINGS: list[tuple[str, Any, str]] = [
    ("INDEX_DIR", None, "index location; default $KB_INDEX_DIR or instance/index"),
    ("CORPUS_DIR", "corpus", "corpus folder, for pages that show records in full"),
    ("MAX_QUERY_CHARS", 1000, "longest query accepted; longer ones get 400"),
    ("MAX_PAGE_SIZE", 100, "largest page size accepted; larger ones get 400"),
    ("PAGE_SIZE", 10, "hits per page by default"),
    ("MAX_TEXT_CHARS", 200000, "longest draft accepted by /check and /crosscheck; longer ones get 400"),
    ("STATIC_MAX_AGE", 3600, "seconds browsers may cache static files"),
]
DEFAULT_SETTINGS_FILE = "instance/settings.toml"


def _convert(name: str, default: Any, raw: Any) -> Any:
    if isinstance(default, int) and not isinstance(default, bool):
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise KBError(f"setting {name}: must be a whole number, not {raw!r}") from None
    return raw


def defaults(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Settings from the declared defaults, the instance file and the environment."""
    env = os.environ if environ is None else environ
    out = {name: default for name, default, _help in SETTINGS}
    path = Path(env.get("KB_SETTINGS_FILE") or DEFAULT_SETTINGS_FILE)
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise KBError(f"{path}: not valid TOML: {exc}") from None
        known = {n for n, _d, _h in SETTINGS}
        for key, value in data.items():
            if key.upper() not in known:
                raise KBError(f"{path}: unknown setting '{key}'")
            out[key.upper()] = _convert(key.upper(), out[key.upper()], value)
    for name, default, _help in SETTINGS:
        raw = env.get(f"KB_{name}")
        if raw is not None:
            out[name] = _convert(name, default, raw)
    return out
