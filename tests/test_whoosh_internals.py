"""Whoosh's private internals are touched in one module only, which checks the version."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRIVATE_USE = re.compile(r"\b(\w+)\._([A-Za-z]\w*)")
PRIVATE_IMPORT = re.compile(r"^\s*from whoosh[\w.]* import .*\b_[a-z]\w*", re.MULTILINE)
PRIVATE_KWARG = re.compile(r"\(\s*[^)]*\b_[a-z]\w*\s*=")


def _own_privates(text: str) -> set[str]:
    """Underscore names a module defines itself (methods, attributes it assigns, functions)."""
    return set(re.findall(r"def _(\w+)", text)) | set(re.findall(r"self\._(\w+)\s*[:=]", text))


# indexer/ is the only package that may import Whoosh (tests/test_layering.py), so it is the only
# place a private Whoosh attribute could be used from
@pytest.mark.parametrize("path", sorted(p for p in (ROOT / "indexer").rglob("*.py") if p.name != "whoosh_internals.py"),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_but_the_internals_touches_a_private_whoosh_attribute(path):
    text = path.read_text(encoding="utf-8")
    own = _own_privates(text)
    bad = []
    for n, line in enumerate(text.splitlines(), 1):
        code = line.split("#", 1)[0]
        for obj, attr in PRIVATE_USE.findall(code):
            if obj in ("self", "cls") and attr in own:
                continue
            bad.append(f"{path.name}:{n}: {obj}._{attr}")
    bad += [f"{path.name}: imports a private name: {m.group(0).strip()}" for m in PRIVATE_IMPORT.finditer(text)]
    assert not bad, "\n".join(bad)


def test_the_internals_refuse_another_whoosh_version(monkeypatch):
    import importlib.metadata

    from indexer import whoosh_internals

    monkeypatch.setattr(importlib.metadata, "version", lambda name: "2.7.6")
    with pytest.raises(ImportError, match=r"whoosh-reloaded==2\.7\.5.*found 2\.7\.6"):
        whoosh_internals._check_version()
