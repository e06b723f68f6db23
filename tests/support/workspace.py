"""A corpus copy with its own index, and ``kb`` run against it: the workspace the ingest tests
share (tests never write into the working ``corpus/``)."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from kbcli.main import main

ROOT = Path(__file__).resolve().parents[2]


def corpus_workspace(tmp_path: Path, capsys, prepare: Callable[[Path], None] | None = None) -> dict[str, Path]:
    """Copy ``corpus/`` into ``tmp_path``, let ``prepare`` change the copy, then index it.

    Keys: ``root``, ``corpus``, ``idx`` (the index) and ``added`` (where ``kb add`` stores files)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    if prepare is not None:
        prepare(corpus)
    ws = {"root": tmp_path, "corpus": corpus, "idx": tmp_path / "idx", "added": corpus / "documents" / "added"}
    assert main(["index", "--corpus", str(corpus), "--index-dir", str(ws["idx"])]) == 0
    capsys.readouterr()
    return ws


def run_kb(ws: dict[str, Path], capsys, *args: str, index: bool = True) -> tuple[int, str, str]:
    """``kb ARGS --corpus <copy> [--index-dir <its index>]``: exit status, stdout, stderr."""
    code = main([*args, "--corpus", str(ws["corpus"]), *(("--index-dir", str(ws["idx"])) if index else ())])
    out = capsys.readouterr()
    return code, out.out, out.err
