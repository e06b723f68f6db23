"""Start each writing command clean after a killed one: finish or remove what it left (the library's
:func:`indexer.ingest.recover`), and say so in one line."""
from __future__ import annotations

import os
import sys
from pathlib import Path

SHOWN = 4  # names listed before "and N more"


def clean_up(index_dir: str | os.PathLike | None, corpus: str | os.PathLike | None = None) -> list[Path]:
    """Recover beside the index and in ``corpus``; prints one line on stderr naming what was removed
    (nothing when there was nothing). Returns it."""
    from indexer.transaction import recover

    removed = recover(index_dir, corpus)
    if removed:
        names = [_name(p, base) for p, base in removed]
        more = f" and {len(names) - SHOWN} more" if len(names) > SHOWN else ""
        sys.stderr.write(f"kb: cleaned up after an interrupted run: {', '.join(names[:SHOWN])}{more}\n")
    return [p for p, _ in removed]


def _name(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)
