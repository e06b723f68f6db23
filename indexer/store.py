"""Where the index lives: a symlink that points at one complete generation directory.

A full build writes a new generation beside the link and then swaps the link atomically, so a
reader sees the old index or the new one, never half of one, and a failed build leaves the old one.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from whoosh import index as whoosh_index

from kb.errors import IndexMissingError

DEFAULT_INDEX_DIR = "instance/index"
GEN_PREFIX = ".gen-"
BUILD_PREFIX = ".build-"


def index_dir(path: str | os.PathLike | None = None) -> Path:
    """The index location: the argument, else ``$KB_INDEX_DIR``, else ``instance/index``."""
    return Path(path or os.environ.get("KB_INDEX_DIR") or DEFAULT_INDEX_DIR)


def current_generation(link: Path) -> Path | None:
    """The generation directory the link points at, or None when there is no index."""
    if link.is_symlink() or link.is_dir():
        real = link.resolve()
        if real.is_dir() and whoosh_index.exists_in(str(real)):
            return real
    return None


def open_index(path: str | os.PathLike | None = None):
    """Open the current generation; IndexMissingError names the directory when there is none,
    and also when the index was built with other fields than this version declares."""
    from indexer.schema import expected_fields

    link = index_dir(path)
    gen = current_generation(link)
    if gen is None:
        raise IndexMissingError(f"no index at {link}: build one with 'kb index'")
    ix = whoosh_index.open_dir(str(gen))
    if set(ix.schema.names()) != expected_fields():
        ix.close()
        raise IndexMissingError(f"the index at {link} was built by another version of kb: "
                                f"rebuild it with 'kb index'")
    return ix


def new_build_dir(link: Path) -> Path:
    """A fresh temporary directory beside the link for a build in progress."""
    link.parent.mkdir(parents=True, exist_ok=True)
    path = link.parent / f"{BUILD_PREFIX}{link.name}-{os.getpid()}-{time.time_ns()}"
    path.mkdir()
    return path


def publish(link: Path, build: Path) -> Path:
    """Turn a finished build into the current generation by swapping the link atomically."""
    gen = link.parent / f"{GEN_PREFIX}{link.name}-{time.time_ns()}"
    build.rename(gen)
    if link.exists() and not link.is_symlink():  # an index from before generations: keep it aside
        link.rename(link.parent / f"{GEN_PREFIX}{link.name}-legacy-{time.time_ns()}")
    tmp_link = link.parent / f".link-{link.name}-{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(gen.name, tmp_link)
    os.replace(tmp_link, link)
    prune(link, keep=2)
    return gen


def prune(link: Path, keep: int = 2) -> list[Path]:
    """Remove old generations (keeping the newest ``keep``, the current one always) and stale builds.

    A build directory whose process no longer runs is left over from a killed build.
    """
    removed = []
    current = current_generation(link)
    gens = sorted(link.parent.glob(f"{GEN_PREFIX}{link.name}-*"), key=lambda p: p.stat().st_mtime)
    for old in gens[:-keep] if keep else gens:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)
            removed.append(old)
    for build in link.parent.glob(f"{BUILD_PREFIX}{link.name}-*"):
        pid = build.name.removeprefix(f"{BUILD_PREFIX}{link.name}-").split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(build, ignore_errors=True)
            removed.append(build)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
