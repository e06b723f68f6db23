"""Read viweb2025 (``<shared data>/viweb2025/pages.tar.gz``) at run time; never copied into the project.

The shared data folder is :func:`kb.settings.shared_data_dir` (``$KB_SHARED_DATA``, else
``../shared/data``) unless a folder is given.
"""
from __future__ import annotations

import tarfile
from collections.abc import Iterable
from pathlib import Path

from kb.settings import shared_data_dir


def archive(data: Path | None = None) -> Path:
    """Where the viweb2025 tarball is expected."""
    return (data or shared_data_dir()) / "viweb2025" / "pages.tar.gz"


def pages(only: Iterable[str] | None = None, data: Path | None = None) -> dict[str, str]:
    """Page id -> Markdown text, for every page or only the ids given.

    Raises:
        FileNotFoundError: naming the archive, when the shared data is absent.
    """
    path = archive(data)
    if not path.exists():
        raise FileNotFoundError(f"{path}: viweb2025 archive not found")
    wanted = set(only) if only is not None else None
    out: dict[str, str] = {}
    with tarfile.open(path, "r:gz") as tar:
        for member in tar:
            name = Path(member.name)
            if not member.isfile() or name.suffix != ".md" or (wanted is not None and name.stem not in wanted):
                continue
            out[name.stem] = tar.extractfile(member).read().decode("utf-8")
            if wanted is not None and len(out) == len(wanted):
                break
    return out
