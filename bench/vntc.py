"""The benchmarks' data: VNTC news articles (tarball or folder) and ALQAC, from a configurable place.

The data lives outside the repository (``../shared/data`` beside the project, or
``$KB_SHARED_DATA``, or ``--data``) and is never copied into it. When it is missing, smoke runs
fall back to the project's own corpus so CI still exercises every benchmark.
"""
from __future__ import annotations

import json
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from kb.settings import shared_data_dir

ROOT = Path(__file__).resolve().parent.parent
TARBALL = "vntc_10topics_train.tar.gz"


def data_dir(flag: str | None = None) -> Path:
    """``--data``, else ``$KB_SHARED_DATA``, else ``../shared/data`` relative to the project."""
    return Path(flag) if flag else shared_data_dir()


def vntc_source(data: Path, flag: str | None = None) -> Path | None:
    """The VNTC tarball or extracted ``train/`` folder: ``--vntc``, else under ``data/vntc``."""
    if flag:
        return Path(flag)
    for candidate in (data / "vntc" / TARBALL, data / "vntc" / "train"):
        if candidate.exists():
            return candidate
    return None


@dataclass(frozen=True)
class Article:
    """One news article: id from its topic and file name, first line as title."""

    id: str
    title: str
    text: str

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "text": self.text, "kind": "article"}


def _article(topic: str, name: str, raw: bytes) -> Article:
    text = raw.decode("utf-8").replace("\r\n", "\n").strip()
    first = next((line.strip() for line in text.split("\n") if line.strip()), name)
    title = first if len(first) <= 200 else first[:200].rsplit(" ", 1)[0] + " …"
    stem = name.rsplit(".", 1)[0]
    return Article(f"vntc/{topic}/{stem}".replace(" ", "_"), title, text)


def read_vntc(source: Path, limit: int | None = None) -> Iterator[Article]:
    """Articles in a stable order (sorted paths) from the tarball or a ``train/<topic>/`` folder."""
    if source.is_dir():
        paths = sorted(p for p in source.rglob("*.txt"))
        for n, p in enumerate(paths):
            if limit is not None and n >= limit:
                return
            yield _article(p.parent.name, p.name, p.read_bytes())
        return
    for n, (name, raw) in enumerate(tar_files(source, ".txt")):
        if limit is not None and n >= limit:
            return
        parts = name.split("/")
        yield _article(parts[-2], parts[-1], raw)


def tar_files(source: Path, suffix: str) -> list[tuple[str, bytes]]:
    """(name, bytes) of every file in the tarball whose name ends with ``suffix``, sorted by name."""
    found: list[tuple[str, bytes]] = []
    with tarfile.open(source, "r|*") as tar:  # one streaming pass: seeking in gzip is quadratic
        for m in tar:
            if m.isfile() and m.name.endswith(suffix):
                fh = tar.extractfile(m)
                if fh is not None:
                    found.append((m.name, fh.read()))
    found.sort()
    return found


def corpus_articles(copies: int = 1) -> list[Article]:
    """The project's own corpus texts as articles (the fallback when VNTC is not available)."""
    from kb.corpus import load_corpus

    out = []
    for rec in load_corpus(ROOT / "corpus").records():
        body = getattr(rec, "body", None) or rec.text
        if body.strip():
            for k in range(copies):
                out.append(Article(f"corpus/{rec.id}/{k}", rec.title, body))
    return out


def articles(data: Path, vntc: str | None, smoke: bool, limit: int | None) -> tuple[list[Article], str]:
    """The benchmark's articles and a label saying where they came from."""
    source = vntc_source(data, vntc)
    if smoke:
        limit = min(limit or 150, 150)
    if source is None or not source.exists():
        if not smoke:
            raise SystemExit(f"VNTC not found under {data}/vntc: pass --data or --vntc, "
                             "or set KB_SHARED_DATA")
        return corpus_articles(copies=3), "project corpus (VNTC not found)"
    return list(read_vntc(source, limit)), str(source)


def write_jsonl(items: list[Article], path: Path) -> int:
    """Write the import file; returns its size in bytes."""
    with path.open("w", encoding="utf-8") as fh:
        for a in items:
            fh.write(json.dumps(a.to_json(), ensure_ascii=False) + "\n")
    return path.stat().st_size


def build_index(items: list[Article], index: Path) -> Path:
    """Index ``items`` at ``index`` through the same code as ``kb import`` (in this process)."""
    from indexer.build import add_records
    from kbcli.index_cmds import record_from_json

    add_records((record_from_json(a.to_json(), a.id) for a in items), index)
    return index


def ensure_index(index_dir: str | None, data: Path, vntc: str | None, smoke: bool,
                 work: Path) -> tuple[Path, str]:
    """The benchmark index: ``--index-dir`` if it holds one, else a fresh one of the articles."""
    if index_dir and Path(index_dir).exists():
        return Path(index_dir), f"existing index {index_dir}"
    items, source = articles(data, vntc, smoke, None)
    target = Path(index_dir) if index_dir else work / "index"
    return build_index(items, target), f"{len(items)} articles from {source}"
