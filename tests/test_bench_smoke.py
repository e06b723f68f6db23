"""Every benchmark runs in smoke mode (tiny data, seconds) and prints its table.

The data is a small VNTC-shaped tarball made from the project's own corpus in a temporary
folder (never the real data, which CI does not have and the repository must not hold).
"""
import io
import subprocess
import sys
import tarfile

import pytest

from tests.conftest import CORPUS, ROOT


@pytest.fixture(scope="module")
def shared_data(tmp_path_factory):
    """``<tmp>/vntc/vntc_10topics_train.tar.gz`` with corpus texts, CRLF line ends, two topics, and
    ``<tmp>/viweb2025/pages.tar.gz`` with the same texts as ``pages/<n>.md``, one of them twice."""
    data = tmp_path_factory.mktemp("shared")
    (data / "vntc").mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.rglob("*.md"))]
    with tarfile.open(data / "vntc" / "vntc_10topics_train.tar.gz", "w:gz") as tar:
        for n, text in enumerate(texts * 3):
            raw = text.replace("\n", "\r\n").encode("utf-8")
            info = tarfile.TarInfo(f"train/{'Chinh tri Xa hoi' if n % 2 else 'Van hoa'}/XH_ ({n}).txt")
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    (data / "viweb2025").mkdir()
    with tarfile.open(data / "viweb2025" / "pages.tar.gz", "w:gz") as tar:
        for n, text in enumerate(texts + texts[:1]):
            raw = text.encode("utf-8")
            info = tarfile.TarInfo(f"pages/{n:016x}.md")
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    return data


@pytest.mark.parametrize("bench", ["bench_index", "bench_add", "bench_query", "bench_http", "bench_scale",
                                   "bench_add_folder", "bench_import_memory", "bench_encode"])
def test_bench_runs_in_smoke_mode(bench, shared_data):
    out = subprocess.run([sys.executable, str(ROOT / "bench" / f"{bench}.py"), "--smoke",
                          "--data", str(shared_data)], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.startswith("**") and "|" in out.stdout, out.stdout
    assert any(name in out.stdout for name in ("vntc_10topics_train.tar.gz", "articles", "pages.tar.gz"))
