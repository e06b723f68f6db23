"""Read request parameters strictly: a bad value is a QueryError naming the parameter (400)."""
from __future__ import annotations

from datetime import date

from flask import current_app, request

from kb.date_filters import date_value
from kb.errors import QueryError


def text_param(name: str, default: str = "", max_chars: int | None = None) -> str:
    value = request.args.get(name, default)
    limit = max_chars or current_app.config["MAX_QUERY_CHARS"]
    if len(value) > limit:
        raise QueryError(name, f"dài {len(value)} ký tự; tối đa {limit} ký tự")
    return value.strip()


def int_param(name: str, default: int | None = None, lo: int | None = None, hi: int | None = None) -> int | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise QueryError(name, f"phải là số nguyên, không phải {raw[:40]!r}") from None
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise QueryError(name, f"phải từ {lo} đến {hi}")
    return value


def choice_param(name: str, choices: tuple[str, ...], default: str) -> str:
    value = request.args.get(name, "").strip() or default
    if value not in choices:
        raise QueryError(name, f"phải là một trong: {', '.join(c for c in choices if c)}")
    return value


def date_param(name: str, end: bool = False) -> date | None:
    """A date in ISO or any Vietnamese form kb.dates.parse_date reads, widened to its precision:
    as a lower bound its first day, as an upper bound (``end``) its last, so ``date_to=2019`` keeps
    all of 2019."""
    raw = text_param(name, max_chars=100)
    if not raw:
        return None
    value = date_value(raw, name)
    return value.end_date if end else value.start_date


def body_text_param(name: str, max_chars: int) -> str:
    """Long text from a POSTed form or JSON body, else from the query string (a GET link)."""
    payload = request.get_json(silent=True) if request.is_json else None
    if isinstance(payload, dict):
        value = payload.get(name, "")
    else:
        value = request.form.get(name) if request.method == "POST" else request.args.get(name, "")
    if not isinstance(value, str):
        raise QueryError(name, "phải là văn bản")
    if len(value) > max_chars:
        raise QueryError(name, f"dài {len(value)} ký tự; tối đa {max_chars} ký tự")
    return value or ""
