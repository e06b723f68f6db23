"""Throw-away copies of the corpus, extra records to make builds longer, and ``kb`` as a child process.

Every reliability run works on a copy in a temporary folder, so it can change, rebuild and kill
without touching the real corpus or index.
"""
from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

from tests.support.live import KB, ROOT

CORPUS = ROOT / "corpus"
SEED = CORPUS / "documents" / "000_facbec4f888b1542.txt"
WORDS = SEED.read_text(encoding="utf-8").split()


def copy_corpus(dest: Path) -> Path:
    """A copy of the real corpus at ``dest`` (without any ``documents/added`` of this checkout)."""
    shutil.copytree(CORPUS, dest, ignore=shutil.ignore_patterns("added", "__pycache__"))
    return dest


def marker_text(n: int, where: str) -> str:
    """The body of marker ``n``: it says Hà Nam (so common searches change) and a unique word."""
    return (f"Bài kiểm thử độ bền số {n} ({where}) ở tỉnh Hà Nam: Ban Tuyên giáo Tỉnh ủy ghi mốc "
            f"{marker_word(n)} để phân biệt chỉ mục cũ và chỉ mục mới.\n")


def marker_word(n: int) -> str:
    """A syllable no real text contains, e.g. ``mocthu3``."""
    return f"mocthu{n}"


def write_marker_md(corpus: Path, n: int) -> Path:
    """Marker ``n`` as a hand-written corpus record (found by the next ``kb index``)."""
    path = corpus / "documents" / f"moc-thu-{n}.md"
    path.write_text(f'---\nkind: article\ntitle: "Mốc kiểm thử {n}"\ndate: "2024-01-{n % 28 + 1:02d}"\n'
                    f"sources:\n  - id: bench\n    title: tests/support/scratch.py\n---\n{marker_text(n, 'kb index')}",
                    encoding="utf-8")
    return path


def write_input_txt(folder: Path, name: str, n: int, words: int = 0, seed: int = 0) -> Path:
    """A file to ``kb add``: marker ``n``, then ``words`` words of shuffled seed text (a distinct text)."""
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed * 100_003 + n)
    filler = " ".join(rnd.choice(WORDS) for _ in range(words))
    path = folder / f"{name}.txt"
    path.write_text(marker_text(n, "kb add") + filler + "\n", encoding="utf-8")
    return path


def add_bulk(corpus: Path, count: int, words: int = 600, seed: int = 1) -> None:
    """``count`` extra articles of shuffled seed text, so a build has work worth interrupting."""
    folder = corpus / "documents" / "bulk"
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    for i in range(count):
        body = " ".join(rnd.choice(WORDS) for _ in range(words))
        (folder / f"bulk-{i:04d}.md").write_text(
            f'---\nkind: article\ntitle: "Bài số {i}"\nsources:\n  - id: bench\n    title: tests/support/scratch.py\n'
            f"---\n{body}\n", encoding="utf-8")


def kb(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``kb ARGS`` to completion, capturing its output."""
    return subprocess.run(KB + list(args), cwd=ROOT, capture_output=True, text=True, timeout=timeout)
