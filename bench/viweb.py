"""Read viweb2025 (../shared/data/viweb2025/pages.tar.gz) at run time; never copied into the project."""
from __future__ import annotations

import tarfile
from collections.abc import Iterable
from pathlib import Path

ARCHIVE = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "viweb2025" / "pages.tar.gz"


def pages(only: Iterable[str] | None = None, archive: Path = ARCHIVE) -> dict[str, str]:
    """Page id -> Markdown text, for every page or only the ids given.

    Raises:
        FileNotFoundError: naming the archive, when ../shared is absent.
    """
    if not archive.exists():
        raise FileNotFoundError(f"{archive}: viweb2025 archive not found")
    wanted = set(only) if only is not None else None
    out: dict[str, str] = {}
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            name = Path(member.name)
            if not member.isfile() or name.suffix != ".md" or (wanted is not None and name.stem not in wanted):
                continue
            out[name.stem] = tar.extractfile(member).read().decode("utf-8")
            if wanted is not None and len(out) == len(wanted):
                break
    return out
