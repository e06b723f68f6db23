"""Start each writing command clean after a killed one: remove what it left, and say so in one line."""
from __future__ import annotations

import os
import sys
from pathlib import Path

SHOWN = 4  # names listed before "and N more"


def clean_up(index_dir: str | os.PathLike | None, corpus: str | os.PathLike | None = None) -> list[Path]:
    """Remove the leftovers of interrupted runs beside the index and in ``corpus``'s added store.

    Prints one line on stderr naming what was removed (nothing when there was nothing). Returns it.
    """
    from indexer.store import index_dir as resolve, recover
    from kb.ingest.chronicle_store import ChronicleStore
    from kb.ingest.store import AddedStore

    link = resolve(index_dir)
    removed = [(p, link.parent) for p in recover(link)]
    if corpus is not None:
        store = AddedStore(corpus)
        removed += [(p, store.root) for p in store.recover()]
        events = ChronicleStore(corpus)
        removed += [(p, events.root) for p in events.recover()]
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
