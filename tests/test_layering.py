"""The layers hold: kb/ is pure domain, indexer/ alone knows Whoosh and pyvi, web/ and kbcli/ are
thin over the library."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"kb": ("whoosh", "pyvi", "flask", "indexer", "web", "kbcli", "opensearchpy"),
             "web": ("whoosh", "pyvi", "kbcli", "opensearchpy"),
             "kbcli": ("whoosh", "pyvi", "flask", "opensearchpy"), "indexer": ("flask", "web", "kbcli")}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_package_imports_a_layer_it_must_not_know(package):
    pattern = re.compile(r"^\s*(?:from|import)\s+({})\b".format("|".join(FORBIDDEN[package])), re.MULTILINE)
    bad = [f"{p.relative_to(ROOT)}: {m.group(0).strip()}" for p in sorted((ROOT / package).rglob("*.py"))
           for m in pattern.finditer(p.read_text(encoding="utf-8"))]
    assert not bad, "\n".join(bad)


def test_only_the_opensearch_backend_imports_its_client():
    """indexer/opensearch/ alone talks to the cluster; the rest of indexer/ asks indexer.backend."""
    pattern = re.compile(r"^\s*(?:from|import)\s+opensearchpy\b", re.MULTILINE)
    users = {p.relative_to(ROOT).parts[:2] for p in sorted((ROOT / "indexer").rglob("*.py"))
             if pattern.search(p.read_text(encoding="utf-8"))}
    assert users == {("indexer", "opensearch")}


def test_no_web_route_imports_another_blueprints_module():
    """Blueprints share through plain modules (web/services.py, web/queries.py, web/home.py …),
    never through each other, so each area can change alone."""
    web = ROOT / "web"
    blueprints = {p.stem for p in web.glob("*.py") if "Blueprint(" in p.read_text(encoding="utf-8")}
    bad = []
    for p in sorted(web.glob("*.py")):
        if p.name == "__init__.py":
            continue
        for m in re.finditer(r"^\s*from web\.(\w+) import", p.read_text(encoding="utf-8"), re.MULTILINE):
            if m.group(1) in blueprints and m.group(1) != p.stem:
                bad.append(f"{p.name} imports web.{m.group(1)}")
    assert blueprints and not bad, bad


def test_the_web_keeps_its_searcher_on_the_app():
    from web import create_app
    from web.services import EXTENSION

    a, b = create_app({"TESTING": True, "INDEX_DIR": "/x/a"}), create_app({"TESTING": True, "INDEX_DIR": "/x/b"})
    assert a.extensions[EXTENSION] is not b.extensions[EXTENSION]


def test_tests_import_nothing_from_bench():
    """Shared test helpers live in tests/support/; bench/ may use them, never the other way."""
    pattern = re.compile(r"^\s*(?:from|import)\s+bench\b", re.MULTILINE)
    bad = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "tests").rglob("*.py"))
           if pattern.search(p.read_text(encoding="utf-8"))]
    assert not bad
