"""The layers hold: kb/ is pure domain, indexer/ alone knows Whoosh and pyvi, web/ and kbcli/ are
thin over the library."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"kb": ("whoosh", "pyvi", "flask", "indexer", "web", "kbcli"), "web": ("whoosh", "pyvi", "kbcli"),
             "kbcli": ("whoosh", "pyvi", "flask"), "indexer": ("flask", "web", "kbcli")}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_package_imports_a_layer_it_must_not_know(package):
    pattern = re.compile(r"^\s*(?:from|import)\s+(%s)\b" % "|".join(FORBIDDEN[package]), re.MULTILINE)
    bad = [f"{p.relative_to(ROOT)}: {m.group(0).strip()}" for p in sorted((ROOT / package).rglob("*.py"))
           for m in pattern.finditer(p.read_text(encoding="utf-8"))]
    assert not bad, "\n".join(bad)
