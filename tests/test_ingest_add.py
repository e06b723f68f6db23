"""``kb add`` and ``kb remove`` end to end, on a copy of the corpus and the ingest fixtures."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ingest_fixtures import VNI_TEXT, make_binary_fixtures, to_vni
from kbcli.main import main
from tests.support.workspace import corpus_workspace, run_kb as kb

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "ingest"
BAD = {"anh-chup.png": "binary data", "ban-chup.pdf": "image-only", "hong.html": "malformed HTML",
       "khong-doc-duoc.txt": "not UTF-8", "ma-hoa.pdf": "encrypted", "rong.txt": "the file is empty"}
GOOD = {"nghi-quyet-tcvn3": "Kim Bảng", "bao-cao-vni": "báo cáo viên cơ sở", "bao-cao-so-ket": "điểm sinh hoạt văn hoá",
        "ke-hoach-ky-niem": "trồng cây lưu niệm", "tin-hoi-nghi-thanh-liem": "Thanh Liêm",
        "ghi-chep-hoi-thao": "hội thảo khoa học về truyền thống cách mạng"}
BEFORE = {"nghi quyet 52": "nq-52-tw-2019", "Nguyễn Hữu Tiến": None, "Chỉ thị 05": None}


@pytest.fixture
def ws(tmp_path, capsys):
    """A corpus copy with its index, and an input folder holding every fixture."""
    shutil.copytree(FIXTURES, tmp_path / "in")
    make_binary_fixtures(tmp_path / "in")
    return {**corpus_workspace(tmp_path, capsys), "in": tmp_path / "in"}


def hits(ws, capsys, query: str, *extra: str) -> list[str]:
    assert main(["search", "--json", query, "--index-dir", str(ws["idx"]), *extra]) == 0
    return [h["id"] for h in json.loads(capsys.readouterr().out)["hits"]]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def test_add_folder_adds_the_good_names_the_bad_and_keeps_the_index(ws, capsys):
    before = {q: hits(ws, capsys, q) for q in BEFORE}
    assert before["nghi quyet 52"][0] == "nq-52-tw-2019"
    code, out, err = kb(ws, capsys, "add", str(ws["in"]))
    assert code == 1
    assert out.strip().startswith("added 6, replaced 0, unchanged 0, duplicates 0, failed 6")
    failed = [line for line in err.splitlines() if line.startswith("kb: failed: ")]
    assert len(failed) == len(BAD)
    for name, reason in BAD.items():
        assert any(line.startswith(f"kb: failed: {ws['in'] / name}: ") and reason in line for line in failed), name
    assert f"kb: note: {ws['in'] / 'nghi-quyet-tcvn3.txt'}: converted from TCVN3 (ABC)" in err
    assert f"kb: note: {ws['in'] / 'bao-cao-vni.txt'}: converted from VNI" in err
    for rid, query in GOOD.items():
        assert hits(ws, capsys, query)[0] == rid, query
    assert {q: hits(ws, capsys, q) for q in BEFORE} == before  # what was indexed is all still there
    assert hits(ws, capsys, "dâng hương", "--type", "KH", "--issuer", "TU") == ["ke-hoach-ky-niem"]
    # the store is the corpus's own format: a full rebuild gives the same answers
    assert kb(ws, capsys, "index")[0] == 0
    for rid, query in GOOD.items():
        assert hits(ws, capsys, query)[0] == rid, query
    assert {q: hits(ws, capsys, q) for q in BEFORE} == before


def test_stored_record_has_header_metadata_and_provenance(ws, capsys):
    kb(ws, capsys, "add", str(ws["in"] / "nghi-quyet-tcvn3.txt"))
    from kb.corpus import load_corpus

    rec = load_corpus(ws["corpus"]).get("nghi-quyet-tcvn3")
    assert (rec.kind, rec.number, rec.doc_type, rec.issuer, rec.date.iso()) == \
        ("document", "12-NQ/HU", "NQ", "HU", "1998-03-05")
    assert rec.title.startswith("Nghị quyết về công tác tuyên truyền, giáo dục truyền thống cách mạng")
    assert rec.sources[0].id == "original" and "nghi-quyet-tcvn3.txt" in rec.sources[0].title
    meta = (ws["added"] / "nghi-quyet-tcvn3.yaml").read_text(encoding="utf-8")
    assert "encoding: tcvn3" in meta and "sha256: " in meta


def test_readding_identical_files_changes_nothing(ws, capsys):
    kb(ws, capsys, "add", str(ws["in"]))
    store, gen = snapshot(ws["added"]), ws["idx"].resolve()
    index_files = snapshot(gen)
    code, out, _ = kb(ws, capsys, "add", str(ws["in"]))
    assert code == 1 and out.startswith("added 0, replaced 0, unchanged 6, duplicates 0, failed 6")
    assert snapshot(ws["added"]) == store
    assert ws["idx"].resolve() == gen and snapshot(gen) == index_files


def test_changed_file_replaces_its_record(ws, capsys):
    src = ws["root"] / "bao-cao.txt"
    src.write_bytes(to_vni(VNI_TEXT))
    kb(ws, capsys, "add", str(src))
    src.write_bytes(to_vni(VNI_TEXT.replace("nông thôn", "vùng giáo dân")))
    code, out, _ = kb(ws, capsys, "add", str(src))
    assert code == 0 and out.startswith("added 0, replaced 1, unchanged 0")
    assert hits(ws, capsys, '"vùng giáo dân"') == ["bao-cao"]
    assert hits(ws, capsys, '"ở nông thôn"') == []


def test_near_duplicates_are_reported_with_the_id_they_resemble(ws, capsys):
    kb(ws, capsys, "add", str(ws["in"] / "bao-cao-vni.txt"))
    copy = ws["root"] / "ban-sao.txt"
    copy.write_text(VNI_TEXT.replace("hằng tháng", "mỗi tháng"), encoding="utf-8")
    other = ws["root"] / "bao-cao-2000.txt"  # the same template, another year's report
    other.write_text(VNI_TEXT.split("-----")[0].replace("1999", "2000") + "-----\nNăm 2000, các chi bộ "
                     "tổ chức học tập lý luận chính trị theo chuyên đề, mở rộng mạng lưới cộng tác viên "
                     "dư luận và đưa tin về phong trào thi đua yêu nước lên đài truyền thanh xã.\n",
                     encoding="utf-8")
    code, out, err = kb(ws, capsys, "add", str(copy), str(other))
    assert code == 0 and out.startswith("added 1, replaced 0, unchanged 0, duplicates 1, failed 0")
    assert f"kb: duplicate: {copy}: resembles 'bao-cao-vni' (similarity 9" in err
    assert hits(ws, capsys, "truyền thanh xã")[0] == "bao-cao-2000"
    code, out, err = kb(ws, capsys, "add", str(copy), "--keep-duplicates")
    assert out.startswith("added 1,") and "resembles 'bao-cao-vni'" in err


def test_sidecar_and_flags_override_the_header(ws, capsys):
    src = ws["root"] / "nq.txt"
    shutil.copy(ws["in"] / "nghi-quyet-tcvn3.txt", src)
    src.with_suffix(".yaml").write_text('title: "Nghị quyết tuyên truyền truyền thống 1998"\n'
                                        'aliases: ["NQ 12 Kim Bảng"]\nid: nq-12-hu-kim-bang-1998\n',
                                        encoding="utf-8")
    assert kb(ws, capsys, "add", str(src))[0] == 0
    from kb.corpus import load_corpus

    rec = load_corpus(ws["corpus"]).get("nq-12-hu-kim-bang-1998")
    assert rec.title == "Nghị quyết tuyên truyền truyền thống 1998" and rec.aliases == ("NQ 12 Kim Bảng",)
    assert rec.number == "12-NQ/HU"  # still from the header
    code, out, _ = kb(ws, capsys, "add", str(src), "--title", "Tên khác", "--date", "6/3/1998",
                      "--number", "12/NQ-HU")
    assert code == 0 and out.startswith("added 0, replaced 1")
    rec = load_corpus(ws["corpus"]).get("nq-12-hu-kim-bang-1998")
    assert (rec.title, rec.date.iso(), rec.number) == ("Tên khác", "1998-03-06", "12-NQ/HU")
    code, _, err = kb(ws, capsys, "add", str(src), "--date", "31/2/1998")
    assert code == 1 and f"kb: failed: {src}: --date '31/2/1998' is not a date" in err
    code, _, err = kb(ws, capsys, "add", str(ws["in"]), "--title", "x")
    assert code == 1 and "--title apply to one file" in err


def test_an_id_of_a_hand_written_record_is_refused(ws, capsys):
    src = ws["root"] / "nq-52-tw-2019.txt"
    src.write_text("Bản sao chép tay của một nghị quyết.", encoding="utf-8")
    code, _, err = kb(ws, capsys, "add", str(src))
    assert code == 1 and "id 'nq-52-tw-2019' belongs to" in err and "nq-52-tw-2019.md" in err
    assert hits(ws, capsys, "nghi quyet 52")[0] == "nq-52-tw-2019"


def test_remove(ws, capsys):
    kb(ws, capsys, "add", str(ws["in"] / "ghi-chep-hoi-thao.md"))
    assert hits(ws, capsys, GOOD["ghi-chep-hoi-thao"])[0] == "ghi-chep-hoi-thao"
    code, out, _ = kb(ws, capsys, "remove", "ghi-chep-hoi-thao")
    assert code == 0 and "removed 'ghi-chep-hoi-thao'" in out
    assert not (ws["added"] / "ghi-chep-hoi-thao.txt").exists()
    assert "ghi-chep-hoi-thao" not in hits(ws, capsys, GOOD["ghi-chep-hoi-thao"])
    code, _, err = kb(ws, capsys, "remove", "nq-52-tw-2019")
    assert code == 1 and "hand-written record" in err
    code, _, err = kb(ws, capsys, "remove", "khong-co")
    assert code == 1 and "no record with id 'khong-co'" in err


def test_a_failed_index_commit_leaves_corpus_and_index_as_they_were(ws, capsys, monkeypatch):
    import indexer.build

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(indexer.build, "add_records", broken)
    code, _, err = kb(ws, capsys, "add", str(ws["in"] / "bao-cao-vni.txt"))
    assert code == 1 and "index update failed, corpus and index left as they were" in err
    assert snapshot(ws["added"]) == {}
    assert hits(ws, capsys, "báo cáo viên cơ sở") == [] or hits(ws, capsys, "báo cáo viên cơ sở")[0] != "bao-cao-vni"


def test_the_library_returns_plain_results_the_cli_prints(ws, capsys):
    """kb add and the web call indexer.ingest.add_files; the CLI only prints what it returns."""
    from indexer.ingest import add_files
    from indexer.ingest_results import AddOptions, Author
    from kb.ingest.extract import iter_inputs

    said = []
    result = add_files(ws["corpus"], ws["idx"], list(iter_inputs([ws["in"]])), AddOptions(),
                       Author("kiem-thu", "test"), said.append)
    by_name = {Path(f.path).name: f for f in result.files}
    assert {n for n, f in by_name.items() if f.outcome == "failed"} == set(BAD)
    for name, reason in BAD.items():
        assert by_name[name].record_ids == [] and reason in by_name[name].notes[-1].text
    added = {f.record_ids[0] for f in result.files if f.outcome == "added"}
    assert added == set(GOOD) and result.counts["added"] == len(GOOD) and result.failed
    assert said == [n for f in result.files for n in f.notes]  # every note, as it happened
    assert result.summary.startswith("added 6, replaced 0, unchanged 0, duplicates 0, failed 6")
    assert result.change_id is not None


def test_a_first_index_built_by_add_answers_as_a_rebuild_does(ws, capsys):
    """With no index yet, kb add indexes the whole corpus, taking the records it just wrote as it
    planned them: the answers are those of a full rebuild from the files."""
    ws = {**ws, "idx": ws["root"] / "fresh-index"}  # no index there yet
    for name in BAD:
        (ws["in"] / name).unlink()
    code, out, _err = kb(ws, capsys, "add", str(ws["in"]))
    assert code == 0 and out.strip().startswith("added 6,")
    queries = [*GOOD.values(), *BEFORE]
    first = {q: hits(ws, capsys, q) for q in queries}
    assert all(first[query][0] == rid for rid, query in GOOD.items())
    assert first["nghi quyet 52"][0] == "nq-52-tw-2019"
    assert kb(ws, capsys, "index")[0] == 0
    assert {q: hits(ws, capsys, q) for q in queries} == first
