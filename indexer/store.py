"""Where the index lives: a symlink that points at one complete generation directory.

A full build writes a new generation beside the link and then swaps the link atomically, so a
reader sees the old index or the new one, never half of one, and a failed build leaves the old one.
"""
from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from kb.errors import IndexMissingError
from kb.ingest.store import fsync_dir
from kb.pids import alive
from kb import settings

GEN_PREFIX = ".gen-"
BUILD_PREFIX = ".build-"
LINK_PREFIX = ".link-"
T = TypeVar("T")
WHOOSH_NAME = "MAIN"  # Whoosh's default index name: files _MAIN_<n>.toc, MAIN_<id>.seg…, MAIN.tmp/


def index_dir(path: str | os.PathLike | None = None) -> Path:
    """The index location: the argument, else the ``KB_INDEX_DIR`` setting (``instance/index``)."""
    return Path(path or settings.get("INDEX_DIR"))


OPEN_TRIES = 10  # as Whoosh's own reader(): a commit may delete a file between listing and opening it


def _retrying(fn: Callable[[], T]) -> T:
    """``fn()``, tried again when a file vanished under it: ``kb add``'s commit replaces the table of
    contents and deletes merged segments while a server process may be opening the index."""
    for attempt in range(OPEN_TRIES):
        try:
            return fn()
        except FileNotFoundError:
            if attempt == OPEN_TRIES - 1:
                raise
            time.sleep(0.02)
    raise AssertionError("unreachable")


def current_generation(link: Path) -> Path | None:
    """The generation directory the link points at, or None when there is no index."""
    if link.is_symlink() or link.is_dir():
        real = link.resolve()
        if real.is_dir() and _retrying(lambda: whoosh_index.exists_in(str(real))):
            return real
    return None


def open_index(path: str | os.PathLike | None = None):
    """Open the current generation; IndexMissingError names the directory when there is none,
    and also when the index was built with other fields than this version declares."""
    from indexer.schema import expected_fields

    link = index_dir(path)

    def attempt():
        gen = current_generation(link)
        if gen is None:
            raise IndexMissingError(f"no index at {link}: build one with 'kb index'")
        ix = whoosh_index.open_dir(str(gen))
        return ix, set(ix.schema.names())

    ix, names = _retrying(attempt)
    if names != expected_fields():
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


def _sync_tree(folder: Path) -> None:
    """Flush every file of a finished build, and the folder itself, to the disk before it is published."""
    for path in folder.rglob("*"):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    fsync_dir(folder)


def publish(link: Path, build: Path) -> Path:
    """Turn a finished build into the current generation by swapping the link atomically and
    durably: the build's files are flushed, renamed, the link replaced, and the folder flushed, so
    after a crash the link names a whole generation (the new one or the old)."""
    gen = link.parent / f"{GEN_PREFIX}{link.name}-{time.time_ns()}-{os.getpid()}"
    _sync_tree(build)
    build.rename(gen)
    if link.exists() and not link.is_symlink():  # an index from before generations: keep it aside
        link.rename(link.parent / f"{GEN_PREFIX}{link.name}-legacy-{time.time_ns()}")
    tmp_link = link.parent / f"{LINK_PREFIX}{link.name}-{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(gen.name, tmp_link)
    os.replace(tmp_link, link)
    fsync_dir(link.parent)
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
        if pid.isdigit() and not alive(int(pid)):
            shutil.rmtree(build, ignore_errors=True)
            removed.append(build)
    return removed


def _numbers(name: str, prefix: str) -> list[int]:
    """The numbers in a generated name: ``.gen-index-<ns>-<pid>`` gives [ns, pid]."""
    return [int(n) for n in name.removeprefix(prefix).split("-") if n.isdigit()]


def _stale_files(gen: Path) -> list[Path]:
    """Whoosh's leftovers in ``gen`` from a killed writer: its temporary folder, unrenamed table of
    contents, and segment files no committed table of contents names. Call with the write lock held."""
    storage = FileStorage(str(gen))
    try:
        keep = {s.segment_id() for s in TOC.read(storage, WHOOSH_NAME).segments}
    except (OSError, ValueError, EOFError):
        return []
    toc_tmp = re.compile(rf"_{WHOOSH_NAME}_\d+\.toc\..+")
    segment = re.compile(rf"({WHOOSH_NAME}_[0-9a-z]+)\.[A-Za-z0-9_.]+")
    out = []
    for path in gen.iterdir():
        m = segment.fullmatch(path.name)
        if path.name == f"{WHOOSH_NAME}.tmp" or toc_tmp.fullmatch(path.name) or (m and m.group(1) not in keep):
            out.append(path)
    return out


def _scan(link: Path, remove: bool) -> list[Path]:
    """Find (and with ``remove`` delete) leftovers; the names carry the pid that made them, so the
    files of a run still going are never taken for a killed one's."""
    found: list[Path] = []
    parent = link.parent
    if not parent.is_dir():
        return found
    current = current_generation(link)
    now_ns = _numbers(current.name, f"{GEN_PREFIX}{link.name}-") if current else []
    for path in parent.glob(f".*-{link.name}-*"):
        if path.name.startswith(BUILD_PREFIX):
            nums = _numbers(path.name, f"{BUILD_PREFIX}{link.name}-")
            stale = bool(nums) and not alive(nums[0])
        elif path.name.startswith(LINK_PREFIX):
            nums = _numbers(path.name, f"{LINK_PREFIX}{link.name}-")
            stale = bool(nums) and not alive(nums[0])
        elif path.name.startswith(GEN_PREFIX) and current is not None and path.resolve() != current:
            nums = _numbers(path.name, f"{GEN_PREFIX}{link.name}-")  # renamed, never linked
            stale = len(nums) == 2 and bool(now_ns) and nums[0] > now_ns[0] and not alive(nums[1])
        else:
            stale = False
        if stale:
            found.append(path)
    if current is not None:
        lock = FileStorage(str(current)).lock(f"{WHOOSH_NAME}_WRITELOCK")
        if lock.acquire(blocking=False):  # a running writer holds it: then nothing there is stale
            try:
                stale = _stale_files(current)
                found += stale
                if remove:
                    for path in stale:
                        _remove(path)
            finally:
                lock.release()
    if remove:
        for path in found:
            if path.parent == parent:
                _remove(path)
    return found


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def leftovers(path: str | os.PathLike | None = None) -> list[Path]:
    """What killed runs left beside and in the index: build folders and temporary links of dead
    processes, generations renamed but never linked, and Whoosh's temporary and uncommitted files."""
    return _scan(index_dir(path), remove=False)


def recover(path: str | os.PathLike | None = None) -> list[Path]:
    """Remove :func:`leftovers` so a run after a kill starts clean; returns what was removed.

    Whoosh's own lock is an ``flock`` the kernel drops when its holder dies, so a killed writer never
    leaves the index locked; the lock is taken here so a live writer's files are never touched.
    """
    return _scan(index_dir(path), remove=True)
