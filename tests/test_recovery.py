"""After a killed kb index / kb add / Whoosh commit, the next run recovers by itself: what the
kill left is removed with one line on stderr, and the index holds the whole corpus again.

The kills here land at chosen points (a child process SIGKILLs itself); tests/test_killed_build.py
kills at random moments.
"""
import os
import shutil
import signal
import subprocess
import sys
import textwrap

import pytest

from tests.support.scratch import copy_corpus, write_input_txt
from conftest import ROOT
from indexer.build import build_index
from indexer.lookup import indexed_ids
from indexer.search import search
from indexer.store import current_generation, leftovers
from kb.corpus import load_corpus
from kb.ingest.store import AddedStore
from kbcli.main import main

CLEANED = "kb: cleaned up after an interrupted run:"


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def run_and_die(code: str) -> None:
    """Run ``code`` in a child process in which ``die()`` is kill -9 of itself."""
    prelude = "import os, signal\n\ndef die(*args, **kwargs):\n    os.kill(os.getpid(), signal.SIGKILL)\n"
    child = subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], cwd=ROOT)
    assert child.returncode == -signal.SIGKILL


@pytest.fixture()
def ws(tmp_path):
    corpus = copy_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    build_index(load_corpus(corpus).records(), index)
    return {"corpus": corpus, "index": index, "in": tmp_path / "in", "root": tmp_path}


def kb(ws, capsys, *args):
    code = main([*args, "--corpus", str(ws["corpus"]), "--index-dir", str(ws["index"])])
    out, err = capsys.readouterr()
    return code, out, [ln for ln in err.splitlines() if ln.startswith(CLEANED)]


def whole_corpus_indexed(ws) -> bool:
    ids = {r.id for r in load_corpus(ws["corpus"]).records()}
    return indexed_ids(ids, ws["index"]) == ids


def test_a_whoosh_commit_killed_midway_leaves_no_lock_and_is_cleaned(ws, capsys):
    before = search("Hà Nam", index_dir=ws["index"]).total
    run_and_die(f"""
        from indexer.schema import record_to_fields
        from indexer.store import open_index
        from kb.models import Document, Source

        writer = open_index({str(ws["index"])!r}).writer()
        for i in range(200):
            writer.add_document(**record_to_fields(Document(
                id=f"x{{i}}", kind="article", title="Bài", text="Hà Nam " * 200, sources=(Source("t", "test"),))))
        die()
    """)
    left = {p.name for p in leftovers(ws["index"])}
    assert "MAIN.tmp" in left and any(n.startswith("MAIN_") for n in left)
    assert search("Hà Nam", index_dir=ws["index"]).total == before  # nothing half-committed is read
    code, _, cleaned = kb(ws, capsys, "add", str(write_input_txt(ws["in"], "moi", 1, words=100)))
    assert code == 0 and len(cleaned) == 1 and "MAIN.tmp" in cleaned[0]  # and the lock was free
    assert leftovers(ws["index"]) == [] and whole_corpus_indexed(ws)


@pytest.fixture(scope="module")
def killed_add(tmp_path_factory):
    """A workspace in which kb add was killed after writing its store, before the index commit."""
    root = tmp_path_factory.mktemp("killed-add")
    corpus, index = copy_corpus(root / "corpus"), root / "index"
    build_index(load_corpus(corpus).records(), index)
    src = write_input_txt(root / "in", "bai-bi-ngat", 1, words=100)
    run_and_die(f"""
        import indexer.build
        indexer.build.add_records = die
        from kbcli.main import main
        main(["add", {str(src)!r}, "--corpus", {str(corpus)!r}, "--index-dir", {str(index)!r}])
    """)
    assert "bai-bi-ngat" in AddedStore(corpus).entries()
    assert indexed_ids(["bai-bi-ngat"], index) == set()
    return root


@pytest.mark.parametrize("next_run", ["same kb add", "other kb add", "kb index"])
def test_kb_add_killed_between_the_store_and_the_index(killed_add, tmp_path, capsys, next_run):
    root = tmp_path / "ws"
    shutil.copytree(killed_add, root, symlinks=True)
    ws = {"corpus": root / "corpus", "index": root / "index"}
    if next_run == "same kb add":
        code, out, _ = kb(ws, capsys, "add", str(root / "in" / "bai-bi-ngat.txt"))
        assert "unchanged 1" in out  # unchanged on disk, and indexed now all the same
    elif next_run == "other kb add":
        code, out, _ = kb(ws, capsys, "add", str(write_input_txt(root / "in", "bai-khac", 2, words=100)))
        assert "added 1" in out
    else:
        code, out, _ = kb(ws, capsys, "index")
    assert code == 0 and whole_corpus_indexed(ws)


def test_every_kind_of_leftover_is_cleaned_in_one_line(ws, capsys):
    parent, name, pid = ws["index"].parent, ws["index"].name, dead_pid()
    current = current_generation(ws["index"])
    (parent / f".build-{name}-{pid}-1").mkdir()
    (parent / f".link-{name}-{pid}").symlink_to(current.name)
    (parent / f".gen-{name}-{10**20}-{pid}").mkdir()  # renamed, never linked
    (current / "_MAIN_9.toc.1234.5").write_bytes(b"")
    added = AddedStore(ws["corpus"]).folder
    added.mkdir(parents=True)
    (added / "nua-chung.txt").write_text("chữ không có sidecar", encoding="utf-8")  # would stop load_corpus
    (added / f".x.yaml.{pid}.tmp").write_text("", encoding="utf-8")
    code, _, cleaned = kb(ws, capsys, "index")
    assert code == 0 and len(cleaned) == 1 and "and 2 more" in cleaned[0]
    assert leftovers(ws["index"]) == [] and AddedStore(ws["corpus"]).leftovers() == []
    assert whole_corpus_indexed(ws)
    code, _, cleaned = kb(ws, capsys, "index")
    assert code == 0 and cleaned == []  # nothing left, nothing said


def test_a_running_process_files_are_not_leftovers(ws):
    parent, name = ws["index"].parent, ws["index"].name
    (parent / f".build-{name}-{os.getpid()}-1").mkdir()
    store = AddedStore(ws["corpus"])
    store.folder.mkdir(parents=True)
    (store.folder / f".x.txt.{os.getpid()}.tmp").write_text("", encoding="utf-8")
    assert leftovers(ws["index"]) == [] and store.leftovers() == []
    (store.folder / "dang-ghi.txt").write_text("đang ghi", encoding="utf-8")
    with store.transaction():  # a kb add at work: its half-written record is not touched
        assert store.recover() == []
    assert store.recover() == [store.folder / "dang-ghi.txt"]


def test_the_site_keeps_the_last_good_corpus_while_a_record_is_half_written(ws, monkeypatch):
    import web.records
    from web import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": str(ws["index"]), "CORPUS_DIR": str(ws["corpus"])}).test_client()
    assert client.get("/documents/nq-52-tw-2019").status_code == 200
    monkeypatch.setattr(web.records, "CHECK_EVERY", 0.0)
    added = AddedStore(ws["corpus"]).folder
    added.mkdir(parents=True)
    (added / "nua-chung.txt").write_text("chưa có sidecar", encoding="utf-8")
    assert client.get("/documents/nq-52-tw-2019").status_code == 200
