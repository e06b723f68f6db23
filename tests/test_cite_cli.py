"""kb cite and kb check on real citation forms, against the bundled corpus."""
import io
import json

import pytest

from kbcli.main import main


def run_json(capsys, argv, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    return code, json.loads(capsys.readouterr().out)


def test_check_reports_found_with_iso_date(capsys, monkeypatch):
    code, data = run_json(capsys, ["check", "--json", "-"], "Nghị quyết 52/NQ-TW ngày 27.9.2019", monkeypatch)
    assert code == 0
    [c] = data["citations"]
    assert (c["canonical"], c["status"], c["date"], c["family"]) == ("52-NQ/TW", "found", "2019-09-27", "party")
    assert c["record_id"] == "nq-52-tw-2019"
    assert set(c) >= {"text", "start", "end", "family", "canonical", "type", "number", "issuer", "date", "body",
                      "term", "subject", "status", "record_id", "candidates", "problems"}


def test_check_flags_a_wrong_date_with_the_record_source(capsys, monkeypatch):
    text = "Thực hiện Nghị quyết số 55-NQ/TW, ngày 11/3/2020 của Bộ Chính trị."
    _, data = run_json(capsys, ["check", "--json", "-"], text, monkeypatch)
    [c] = data["citations"]
    assert c["status"] == "mismatch"
    [p] = [p for p in c["problems"] if p["kind"] == "mismatch"]
    assert p["part"] == "date" and p["written"] == "2020-03-11" and "11/2/2020" in p["recorded"]
    assert p["sources"]


def test_check_a_state_number_and_an_unknown_party_number(capsys, monkeypatch):
    text = "Căn cứ Nghị định 15/2020/NĐ-CP và Kết luận 99-KL/TW ngày 5/6/2020."
    _, data = run_json(capsys, ["check", "--json", "-"], text, monkeypatch)
    by = {c["canonical"]: c for c in data["citations"]}
    assert by["15/2020/NĐ-CP"]["family"] == "state"
    assert by["99-KL/TW"]["status"] == "not_found"


@pytest.mark.parametrize("form", ["NQ 52", "52/NQ-TW", "Nghị quyết số 52", "nghi quyet 52", "52-nq/tư"])
def test_cite_any_form(capsys, form):
    code, data = run_json(capsys, ["cite", "--json", form])
    assert code == 0 and data["status"] == "found"
    assert data["citation"]["record_id"] == "nq-52-tw-2019"
    assert data["citation"]["standard"] == ("Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị về một số chủ "
                                            "trương, chính sách chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư")


def test_cite_plain_text_is_not_a_citation(capsys):
    code, data = run_json(capsys, ["cite", "--json", "hòa bình"])
    assert code == 1 and data["status"] == "not_a_citation"


def test_check_human_output_is_vietnamese(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Theo Chỉ thị 05 của Bộ Chính trị"))
    assert main(["check", "-"]) == 0
    out = capsys.readouterr().out
    assert "Chỉ thị 05" in out and "đúng" in out
