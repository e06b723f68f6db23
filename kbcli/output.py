"""How every command speaks: JSON on stdout for data, one clear line on stderr for errors."""
from __future__ import annotations

import json
import sys
from typing import Any


def print_json(data: Any) -> None:
    """Print ``data`` as UTF-8 JSON (Vietnamese kept readable, not \\u-escaped)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def fail(message: str, code: int = 1) -> int:
    """Write one error line to stderr and return the exit status to use."""
    sys.stderr.write(f"kb: error: {message}\n")
    return code


def read_input(path: str | None) -> str:
    """Read a file, or standard input for '-' or no path."""
    if path in (None, "-"):
        return sys.stdin.read()
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def progress_bar(total: int | None, desc: str, unit: str = "bản ghi"):
    """A tqdm bar on stderr, silent when stderr is not a terminal and the job is small."""
    from tqdm import tqdm

    disable = not sys.stderr.isatty()
    return tqdm(total=total, desc=desc, unit=unit, disable=disable, file=sys.stderr)
