"""kb dates, kb chronicle, kb conflicts and kb crosscheck end to end, in-process."""
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from kbcli.main import main

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def run(capsys, monkeypatch, argv: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, monkeypatch, argv: list[str], stdin: str | None = None) -> dict:
    code, out, err = run(capsys, monkeypatch, [*argv, "--json"], stdin)
    assert (code, err) == (0, "")
    return json.loads(out)


@pytest.fixture()
def corpus_copy(tmp_path):
    """The bundled corpus plus a synthetic article citing documents with its own dates."""
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    (root / "documents" / "bai-thu.md").write_text(
        "---\nkind: article\ntitle: Bài thử nghiệm\nsources: [{id: test, title: tests/test_dates_cli.py}]\n---\n"
        "Nghị quyết số 52-NQ/TW, ngày 27/10/2019 của Bộ Chính trị được quán triệt.\n"
        "Chỉ thị số 49-CT/TW, ngày 21/12/2005 của Ban Bí thư (khóa IX).\n"
        "Chỉ thị 49-CT/TW ngày 21/3/2005 được nhắc lại.\n"
        "Kế hoạch 150-KH/TU ngày 16/4 được triển khai.\n", encoding="utf-8")
    return root


def test_dates_json_from_stdin_gives_one_range(capsys, monkeypatch):
    data = run_json(capsys, monkeypatch, ["dates", "-"], "Đại hội XIII diễn ra từ 25/1 đến 1/2/2021\n")
    [d] = data["dates"]
    assert {k: d[k] for k in ("text", "value", "precision", "start_date", "end_date")} == {
        "text": "từ 25/1 đến 1/2/2021", "value": None, "precision": "range",
        "start_date": "2021-01-25", "end_date": "2021-02-01"}
    assert {"text", "start", "end", "value", "precision", "start_date", "end_date"} <= set(d)


@pytest.mark.parametrize("text,value,precision", [
    ("ngày 27/9/2019", "2019-09-27", "day"),
    ("tháng 8/1945", "1945-08", "month"),
    ("năm 1954", "1954", "year"),
    ("quý II/2021", "2021-Q2", "quarter"),
    ("6 tháng đầu năm 2021", "2021-H1", "half"),
    ("nhiệm kỳ 2020 – 2025", None, "range"),
], ids=str)
def test_dates_json_values(capsys, monkeypatch, text, value, precision):
    [d] = run_json(capsys, monkeypatch, ["dates"], text)["dates"]
    assert (d["value"], d["precision"]) == (value, precision)


def test_dates_reads_a_file_and_speaks_vietnamese(capsys, monkeypatch, tmp_path):
    src = tmp_path / "t.txt"
    src.write_text("Hà Nội, ngày 27 tháng 9 năm 2019. Sáng 19/1, quý I.", encoding="utf-8")
    code, out, _ = run(capsys, monkeypatch, ["dates", str(src), "--year", "2020"])
    assert code == 0 and "mốc thời gian" in out and "27/9/2019 [ngày]" in out and "năm suy từ văn bản" in out


def test_missing_file_is_one_error_line(capsys, monkeypatch, tmp_path):
    for cmd in ("dates", "crosscheck"):
        code, out, err = run(capsys, monkeypatch, [cmd, str(tmp_path / "none.txt")])
        assert code == 1 and out == "" and err.count("\n") == 1 and "no such file" in err


def test_chronicle_json_years_months_events(capsys, monkeypatch):
    data = run_json(capsys, monkeypatch, ["chronicle", "--year", "2021"])
    [year] = data["years"]
    jan = year["months"][0]
    assert data["filters"]["year"] == 2021 and data["total"] == year["count"] == sum(m["count"] for m in year["months"])
    assert jan["count"] == len(jan["events"])
    assert (year["year"], jan["month"]) == (2021, 1)
    event = next(e for e in jan["events"] if e["id"] == "dai-hoi-xiii-2021")
    assert event["dates"][0]["value"] == "2021-01-25/2021-02-01"


def test_chronicle_filters(capsys, monkeypatch):
    ids = lambda d: [e["id"] for y in d["years"] for m in y["months"] for e in m["events"]]  # noqa: E731
    on = run_json(capsys, monkeypatch, ["chronicle", "--on", "01-23"])
    assert "hoi-nghi-dang-bo-ha-nam-lung-xuyen-1931" in ids(on)  # either side of a disputed date
    assert on["filters"]["on"] == "01-23"
    assert ids(run_json(capsys, monkeypatch, ["chronicle", "--on", "23/1"])) == ids(on)
    span = run_json(capsys, monkeypatch, ["chronicle", "--from", "2011", "--to", "31/12/2020"])
    assert span["filters"]["from"] == "2011-01-01" and span["filters"]["to"] == "2020-12-31"
    assert "ban-hanh-nq-52-tw-2019" in ids(span) and "dai-hoi-xiii-2021" not in ids(span)
    sep = run_json(capsys, monkeypatch, ["chronicle", "--year", "2019", "--month", "9"])
    sep_events = [e for y in sep["years"] for m in y["months"] for e in m["events"]]
    assert sep_events and all(e["dates"][0]["value"].startswith("2019-09") for e in sep_events)
    # 51-NQ/TW (5/9/2019) comes before 52-NQ/TW (27/9/2019): the month keeps date order
    assert ids(sep).index("ban-hanh-nq-51-tw-2019") < ids(sep).index("ban-hanh-nq-52-tw-2019")
    assert "ban-hanh-qd-205-tw-2019" in ids(sep)  # 23/9/2019


@pytest.mark.parametrize("argv,needle", [
    (["--from", "hôm qua"], "--from"),
    (["--from", "2020", "--to", "2011"], "--to"),
    (["--on", "30/2"], "--on"),
    (["--month", "13"], "--month"),
], ids=str)
def test_chronicle_bad_options_are_one_line(capsys, monkeypatch, argv, needle):
    code, out, err = run(capsys, monkeypatch, ["chronicle", *argv])
    assert code == 1 and out == "" and err.count("\n") == 1 and needle in err


def test_chronicle_human_output(capsys, monkeypatch):
    code, out, _ = run(capsys, monkeypatch, ["chronicle", "--year", "1931"])
    assert code == 0 and "Năm 1931 (1)" in out and "Tháng 1 (1)" in out
    assert "22/1/1931 hoặc 23/1/1931" in out and "các nguồn ghi khác nhau" in out


def test_known_conflicts_are_listed(capsys, monkeypatch):
    data = run_json(capsys, monkeypatch, ["conflicts"])
    found = {(c["record_id"], c["field"]): {s["value"] for s in c["claims"]} for c in data["conflicts"]}
    assert found[("ct-49-tw-2005", "date")] == {"2005-02-21", "2005-12-21"}
    assert found[("nguyen-huu-tien", "birth")] == {"1901-03-05", "1901-03-03"}
    assert found[("hoi-nghi-dang-bo-ha-nam-lung-xuyen-1931", "date")] == {"1931-01-22", "1931-01-23"}
    assert data["total"] == len(data["conflicts"])
    assert all(side["sources"] for c in data["conflicts"] for side in c["claims"])
    # the seed writes 49-CT/TW with 21/02/2005, one of the record's sides: no citation conflict
    assert not any(c["field"] == "citation" for c in data["conflicts"])
    code, out, _ = run(capsys, monkeypatch, ["conflicts"])
    assert code == 0 and "Nguyễn Hữu Tiến" in out and "ngày sinh" in out and "toquoc.vn" in out


def test_conflicts_from_dates_written_beside_citations(capsys, monkeypatch, corpus_copy):
    data = run_json(capsys, monkeypatch, ["conflicts", "--corpus", str(corpus_copy)])
    cited = {c["record_id"]: c for c in data["conflicts"] if c["field"] == "citation"}
    # 52-NQ/TW with 27/10/2019 differs; 49-CT/TW with 21/3/2005 differs from both sides;
    # 49-CT/TW with 21/12/2005 agrees with one side (no new conflict); 150-KH/TU "16/4" has no
    # written year and is never held against the record.
    assert set(cited) == {"nq-52-tw-2019", "ct-49-tw-2005"}
    nq52 = cited["nq-52-tw-2019"]["claims"]
    assert [s["value"] for s in nq52] == ["2019-09-27", "2019-10-27"]
    assert nq52[1]["cited_in"] == ["bai-thu"] and nq52[1]["sources"][0]["title"] == "Bài thử nghiệm"
    assert "52-NQ/TW, ngày 27/10/2019" in nq52[1]["note"]
    assert [s["value"] for s in cited["ct-49-tw-2005"]["claims"]] == ["2005-02-21", "2005-12-21", "2005-03-21"]


def test_crosscheck_flags_a_wrong_date_with_the_record_source(capsys, monkeypatch):
    data = run_json(capsys, monkeypatch, ["crosscheck", "-"], "Nghị quyết 52-NQ/TW ngày 27/10/2019.")
    [claim] = data["claims"]
    assert (claim["verdict"], claim["record_id"], claim["date"]["value"]) == ("differs", "nq-52-tw-2019", "2019-10-27")
    [record_date] = claim["record_dates"]
    assert record_date["value"] == "2019-09-27" and record_date["sources"]
    assert data["counts"] == {"agrees": 0, "differs": 1, "unknown": 0}
    code, out, _ = run(capsys, monkeypatch, ["crosscheck"], "Nghị quyết 52-NQ/TW ngày 27/10/2019.")
    assert code == 0 and "[KHÁC] 52-NQ/TW" in out and "27/9/2019" in out


def test_crosscheck_agrees_and_unknown(capsys, monkeypatch):
    text = "Nghị quyết 52-NQ/TW, ngày 27/9/2019. Nghị quyết 99-NQ/TW ngày 1/1/2020."
    data = run_json(capsys, monkeypatch, ["crosscheck"], text)
    assert [(c["subject"], c["verdict"]) for c in data["claims"]] == [("52-NQ/TW", "agrees"), ("99-NQ/TW", "unknown")]
    code, out, _ = run(capsys, monkeypatch, ["crosscheck"], "Không có gì ở đây.")
    assert code == 0 and "Không thấy" in out


def test_bad_corpus_is_one_line(capsys, monkeypatch, tmp_path):
    code, _, err = run(capsys, monkeypatch, ["conflicts", "--corpus", str(tmp_path / "none")])
    assert code == 1 and err.count("\n") == 1 and "is not a directory" in err
