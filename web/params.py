"""Read request parameters strictly: a bad value is a QueryError naming the parameter (400)."""
from __future__ import annotations

from flask import current_app, request

from kb.errors import QueryError


def text_param(name: str, default: str = "", max_chars: int | None = None) -> str:
    value = request.args.get(name, default)
    limit = max_chars or current_app.config["MAX_QUERY_CHARS"]
    if len(value) > limit:
        raise QueryError(name, f"has {len(value)} characters; at most {limit} are allowed")
    return value.strip()


def int_param(name: str, default: int | None = None, lo: int | None = None, hi: int | None = None) -> int | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise QueryError(name, f"must be a whole number, not {raw[:40]!r}") from None
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise QueryError(name, f"must be between {lo} and {hi}")
    return value


def choice_param(name: str, choices: tuple[str, ...], default: str) -> str:
    value = request.args.get(name, "").strip() or default
    if value not in choices:
        raise QueryError(name, f"must be one of {', '.join(choices)}")
    return value
