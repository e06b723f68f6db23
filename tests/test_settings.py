"""One registry for every KB_* setting: a bad value is one line naming the variable, from every
entry point, and the operations guide's table is the registry's."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kb import settings
from web import create_app

ROOT = Path(__file__).resolve().parent.parent


def run_kb(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kbcli.main", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **env})


@pytest.mark.parametrize("variable,value,args", [
    ("KB_PORT", "x", ("serve", "--help")),
    ("KB_WORKERS", "0", ("search", "đại hội")),
    ("KB_RESULT_CACHE", "-1", ("--help",)),
    ("KB_INDEX_MB", "nhiều", ("index", "--help")),
    ("KB_MAX_TEXT_CHARS", "1.5", ("chronicle", "--year", "2020")),
])
def test_a_bad_value_is_one_line_naming_the_variable(variable, value, args):
    out = run_kb(*args, **{variable: value})
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and variable in lines[0] and "Traceback" not in out.stderr, out.stderr


def test_the_web_app_names_a_bad_variable_too(monkeypatch):
    monkeypatch.setenv("KB_PAGE_SIZE", "mười")
    with pytest.raises(settings.SettingError, match="KB_PAGE_SIZE: must be a whole number"):
        create_app()


def test_instance_file_then_environment(tmp_path):
    f = tmp_path / "settings.toml"
    f.write_text("page_size = 20\nresult_cache = 7\n", encoding="utf-8")
    env = {"KB_SETTINGS_FILE": str(f), "KB_RESULT_CACHE": "3"}
    assert settings.get("PAGE_SIZE", env) == 20
    assert settings.get("RESULT_CACHE", env) == 3
    assert settings.get("PORT", env) == 5000


def test_an_unknown_or_bad_instance_file_key_names_the_file(tmp_path):
    f = tmp_path / "settings.toml"
    f.write_text("page_sise = 20\n", encoding="utf-8")
    with pytest.raises(settings.SettingError, match=r"settings\.toml: unknown setting 'page_sise'"):
        settings.get("PAGE_SIZE", {"KB_SETTINGS_FILE": str(f)})


def test_crosscheck_obeys_the_max_text_setting(corpus_index):
    app = create_app({"TESTING": True, "INDEX_DIR": str(corpus_index), "MAX_TEXT_CHARS": 50})
    r = app.test_client().post("/api/crosscheck", data={"text": "Ngày 27/9/2019 Bộ Chính trị ban hành " * 3})
    assert r.status_code == 400 and "text" in r.get_json()["error"]


def test_the_documented_table_is_the_registry():
    readme = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert settings.markdown_table() in readme
    documented = set(re.findall(r"`(KB_[A-Z_]+)`", readme))
    assert {s.variable for s in settings.REGISTRY} <= documented


def test_no_module_reads_a_kb_variable_but_the_registry():
    pattern = re.compile(r"environ(?:\.get)?\(?\[?[\"']KB_|getenv\([\"']KB_")
    bad = [str(p.relative_to(ROOT)) for d in ("kb", "indexer", "web", "kbcli") for p in (ROOT / d).rglob("*.py")
           if p.name != "settings.py" and pattern.search(p.read_text(encoding="utf-8"))]
    assert not bad


def test_serve_refuses_a_configuration_over_its_memory_budget(tmp_path):
    out = run_kb("serve", "--index-dir", str(tmp_path / "none"), KB_WORKERS="8", KB_POSTINGS_CACHE_MB="512",
                 KB_SERVE_MEMORY_MB="2048")
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 1 and len(lines) == 1, out.stderr
    assert "KB_SERVE_MEMORY_MB: 8 workers with KB_POSTINGS_CACHE_MB=512 need about" in lines[0]
