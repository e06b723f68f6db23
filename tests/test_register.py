"""``kb add --kind register``: CSV and XLSX registers of real central documents, on a corpus copy.

The good rows are real documents: 29-NQ/TW of 4/11/2013 (Ban Chấp hành Trung ương khóa XI, on
renewing education; daidoanket.vn, "Đổi mới căn bản, toàn diện giáo dục và đào tạo: nhận thức và hành
động"), 11-CT/TW of 13/4/2007 (Bộ Chính trị khóa X, on encouraging learning; hdll.vn, "Xây dựng xã hội
học tập giai đoạn 2012 - 2020…") and 52-NQ/TW of 27/9/2019 (Bộ Chính trị; a hand-written corpus
record). The bad rows carry the kinds of mistakes registers have: a number that is not one, an
impossible date, an issuer that cannot issue that number, a term the date is not in.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kbcli.main import main
from tests.support.workspace import corpus_workspace, run_kb as kb

ROOT = Path(__file__).resolve().parent.parent
NQ29_SUBJECT = ("Về đổi mới căn bản, toàn diện giáo dục và đào tạo, đáp ứng yêu cầu công nghiệp hóa, hiện đại "
                "hóa trong điều kiện kinh tế thị trường định hướng xã hội chủ nghĩa và hội nhập quốc tế")
NQ29_URL = "https://daidoanket.vn/doi-moi-can-ban-toan-dien-giao-duc-va-dao-tao-nhan-thuc-va-hanh-dong-10006196.html"
CT11_SUBJECT = ("về tăng cường sự lãnh đạo của Đảng đối với công tác khuyến học, khuyến tài, xây dựng xã hội "
                "học tập")
NQ52_SUBJECT = "Về một số chủ trương, chính sách chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư"

CSV = f"""DANH MỤC VĂN BẢN CỦA TRUNG ƯƠNG ĐẢNG,,,,,,
,,,,,,
STT,Trích yếu,Số hiệu,Ngày ban hành,Cơ quan ban hành,Khóa,Nguồn/URL
1,"{NQ29_SUBJECT}",29-NQ/TW,4/11/2013,Ban Chấp hành Trung ương,XI,{NQ29_URL}
2,"{NQ52_SUBJECT}",52-NQ/TW,27/9/2019,Bộ Chính trị,,
3,"{CT11_SUBJECT}",Nghị quyết 11,13/4/2007,Bộ Chính trị,X,
4,"{CT11_SUBJECT}",11-CT/TW,31/2/2007,Bộ Chính trị,X,
5,"{CT11_SUBJECT}",11-CT/TW,ngày 13 tháng 4 năm 2007,Tỉnh ủy,X,
6,"{CT11_SUBJECT}",11-CT/TW,ngày 13 tháng 4 năm 2007,Bộ Chính trị,XII,
7,"{CT11_SUBJECT}",11-CT/TW,ngày 13 tháng 4 năm 2007,Bộ Chính trị,khóa X,
"""
BAD_CSV = {6: ("Số hiệu", "'Nghị quyết 11' is not a document number"),
           7: ("Ngày ban hành", "'31/2/2007' is not a date"),
           8: ("Cơ quan ban hành", "'Tỉnh ủy' issues -TU documents"),
           9: ("Khóa", "khóa XII, but 13/4/2007 falls in khóa X")}


@pytest.fixture
def ws(tmp_path, capsys):
    """A corpus copy with its index, without the bundled record of 29-NQ/TW: the register is what
    brings that resolution into this archive (the bundled knowledge has it since it grew)."""
    return corpus_workspace(tmp_path, capsys, lambda corpus: (corpus / "documents" / "nq-29-tw-2013.md").unlink())


def hits(ws, capsys, query: str) -> list[str]:
    assert main(["search", "--json", query, "--index-dir", str(ws["idx"])]) == 0
    return [h["id"] for h in json.loads(capsys.readouterr().out)["hits"]]


def cite(ws, capsys, query: str) -> dict:
    code, out, _ = kb(ws, capsys, "cite", "--json", query, index=False)
    return json.loads(out)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def test_csv_register_adds_good_rows_names_bad_ones_and_leaves_hand_written_records(ws, capsys):
    reg = ws["root"] / "danh-muc.csv"
    reg.write_text(CSV, encoding="utf-8")
    hand = (ws["corpus"] / "documents" / "nq-52-tw-2019.md").read_bytes()
    code, out, err = kb(ws, capsys, "add", "--kind", "register", str(reg))
    assert code == 1
    assert out.startswith("added 2, replaced 0, unchanged 1, failed 4, rows 7")
    failed = [line for line in err.splitlines() if line.startswith("kb: failed: ")]
    assert len(failed) == len(BAD_CSV)
    for row, (column, reason) in BAD_CSV.items():
        assert any(line.startswith(f"kb: failed: {reg}:{row}: column '{column}': {reason}") for line in failed), row
    assert f"kb: note: {reg}:5: 52-NQ/TW (khóa XII) is the hand-written record" in err
    assert (ws["corpus"] / "documents" / "nq-52-tw-2019.md").read_bytes() == hand

    for query in ("Nghị quyết số 29", "29/NQ-TƯ", "nghi quyet 29-NQ/TW"):
        found = cite(ws, capsys, query)
        assert found["status"] == "found", query
        assert found["citation"]["record_id"] == "29-nq-tw-xi"
    assert found["citation"]["standard"].startswith("Nghị quyết số 29-NQ/TW ngày 4/11/2013 của Ban Chấp hành "
                                                    "Trung ương về đổi mới căn bản")
    assert cite(ws, capsys, "Chỉ thị 11")["citation"]["record_id"] == "11-ct-tw-x"
    assert hits(ws, capsys, "đổi mới căn bản giáo dục")[0] == "29-nq-tw-xi"
    assert hits(ws, capsys, "khuyen hoc khuyen tai")[0] == "11-ct-tw-x"

    draft = ws["root"] / "du-thao.txt"
    draft.write_text("Thực hiện Nghị quyết số 29-NQ/TW ngày 4/11/2013 của Ban Chấp hành Trung ương và "
                     "Chỉ thị số 11-CT/TW ngày 13/4/2007 của Bộ Chính trị…", encoding="utf-8")
    code, out, _ = kb(ws, capsys, "check", "--json", str(draft), index=False)
    checked = {c["canonical"]: c for c in json.loads(out)["citations"]}
    assert checked["29-NQ/TW"]["status"] == "found" and checked["11-CT/TW"]["status"] == "found"
    from web import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": str(ws["idx"]), "CORPUS_DIR": str(ws["corpus"])}).test_client()
    answer = client.post("/check.json", data={"text": draft.read_text("utf-8")}).json
    web = {c["canonical"]: c for c in answer["citations"]}
    assert (web["29-NQ/TW"]["status"], web["29-NQ/TW"]["record_id"]) == ("found", "29-nq-tw-xi")
    page = client.get("/documents/29-nq-tw-xi").get_data(as_text=True)
    assert "danh-muc.csv (register), row 4" in page and NQ29_URL in page

    from kb.corpus import load_corpus

    rec = load_corpus(ws["corpus"]).get("29-nq-tw-xi")
    assert (rec.number, rec.doc_type, rec.issuer, rec.body, rec.term, rec.date.iso(), rec.text) == \
        ("29-NQ/TW", "NQ", "TW", "Ban Chấp hành Trung ương", "XI", "2013-11-04", "")
    assert rec.sources[0].page == "row 4" and rec.sources[1].url == NQ29_URL


def test_reimport_changes_nothing_and_an_edited_row_updates_its_record(ws, capsys):
    reg = ws["root"] / "danh-muc.csv"
    reg.write_text(CSV, encoding="utf-8")
    kb(ws, capsys, "add", "--kind", "register", str(reg))
    store, gen = snapshot(ws["added"]), ws["idx"].resolve()
    code, out, _ = kb(ws, capsys, "add", "--kind", "register", str(reg))
    assert code == 1 and out.startswith("added 0, replaced 0, unchanged 3, failed 4, rows 7")
    assert snapshot(ws["added"]) == store and ws["idx"].resolve() == gen

    reg.write_text(CSV.replace(",khóa X,\n", ",khóa X,Văn kiện Đảng về giáo dục (bản lưu)\n"), encoding="utf-8")
    code, out, err = kb(ws, capsys, "add", "--kind", "register", str(reg))
    assert out.startswith("added 0, replaced 1, unchanged 2")
    assert f"kb: updated: {reg}:10: 11-CT/TW (khóa X) updates the record '11-ct-tw-x'" in err
    # the store is the corpus's own format: `kb index` rebuilds the same answers
    assert kb(ws, capsys, "index")[0] == 0
    assert hits(ws, capsys, "khuyến học")[0] == "11-ct-tw-x"
    assert cite(ws, capsys, "Nghị quyết số 29")["citation"]["record_id"] == "29-nq-tw-xi"


def test_xlsx_register_with_english_headers_and_excel_dates(ws, capsys):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Danh muc"
    sheet.append(["No.", "Issuer", "Date", "Number", "Title", "Document type", "Notes"])
    sheet.append([1, "Ban Chap hanh Trung uong", dt.datetime(2013, 11, 4), "29-NQ/TW", NQ29_SUBJECT,
                  "Nghị quyết", "Hội nghị Trung ương 8"])
    sheet.append([2, "Bộ Chính trị", dt.datetime(2019, 9, 27), "52/NQ-TW", NQ52_SUBJECT, "Nghị quyết", None])
    sheet.append([3, "Bộ Chính trị", "13/13/2007", "11-CT/TW", CT11_SUBJECT, "Chỉ thị", None])
    sheet.append([4, "Bộ Chính trị", dt.datetime(2007, 4, 13), "11-CT/TW", CT11_SUBJECT, "Nghị quyết", None])
    sheet.append([None] * 7)
    other = book.create_sheet("Năm 2007")
    other.append(["Các chỉ thị của Bộ Chính trị khóa X"])
    other.append(["Số, ký hiệu", "Ngày", "Trích yếu", "Người ký"])
    other.append(["11-CT/TW", "13/04/2007", CT11_SUBJECT, None])
    path = ws["root"] / "register.xlsx"
    book.save(path)
    path.with_suffix(".yaml").write_text('title: "Danh mục văn bản Trung ương (bản thử)"\n'
                                         'url: "https://example.org/danh-muc"\n', encoding="utf-8")
    code, out, err = kb(ws, capsys, "add", "--kind", "register", str(path))
    assert code == 1 and out.startswith("added 2, replaced 0, unchanged 1, failed 2, rows 5")
    assert f"kb: failed: {path}:Danh muc!4: column 'Date': '13/13/2007' is not a date" in err
    assert f"kb: failed: {path}:Danh muc!5: column 'Document type': 'Nghị quyết' is not the type of 11-CT/TW" in err
    assert f"kb: note: {path}: column(s) not read: 'Người ký'" in err
    assert cite(ws, capsys, "NQ 29")["citation"]["record_id"] == "29-nq-tw-xi"
    assert cite(ws, capsys, "Chỉ thị số 11-CT/TW")["citation"]["record_id"] == "11-ct-tw-x"
    from kb.corpus import load_corpus

    rec = load_corpus(ws["corpus"]).get("29-nq-tw-xi")
    assert rec.date.iso() == "2013-11-04" and rec.term is None and rec.body == "Ban Chap hanh Trung uong"
    reg_source = rec.sources[0]
    assert (reg_source.title, reg_source.url, reg_source.page, reg_source.note) == \
        ("Danh mục văn bản Trung ương (bản thử)", "https://example.org/danh-muc", "sheet 'Danh muc', row 2",
         "Hội nghị Trung ương 8")
    ct11 = load_corpus(ws["corpus"]).get("11-ct-tw-x")
    assert (ct11.sources[0].page, ct11.date.iso(), ct11.doc_type) == ("sheet 'Năm 2007', row 3", "2007-04-13", "CT")


def test_row_for_a_document_added_from_a_file_updates_its_metadata_and_keeps_its_text(ws, capsys):
    doc = ws["root"] / "nghi-quyet-29.txt"
    doc.write_text("BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nSố 29-NQ/TW\nHà Nội, ngày 4 tháng 11 năm 2013\nNGHỊ QUYẾT\n"
                   "HỘI NGHỊ TRUNG ƯƠNG 8 KHÓA XI\n-----\nBản lưu để thử: đổi mới căn bản, toàn diện giáo dục.\n",
                   encoding="utf-8")
    doc.with_suffix(".yaml").write_text('title: "Nghị quyết Hội nghị Trung ương 8 khóa XI (bản lưu)"\n',
                                        encoding="utf-8")
    assert kb(ws, capsys, "add", str(doc))[0] == 0
    reg = ws["root"] / "danh-muc.csv"
    reg.write_text(CSV.splitlines()[2] + "\n" + CSV.splitlines()[3].replace("4/11/2013", "14/11/2013") + "\n",
                   encoding="utf-8")
    code, out, err = kb(ws, capsys, "add", "--kind", "register", str(reg))
    assert code == 0 and out.startswith("added 0, replaced 1, unchanged 0, failed 0, rows 1")
    assert f"kb: updated: {reg}:2: 29-NQ/TW (khóa XI) updates the record 'nghi-quyet-29'" in err
    from kb.corpus import load_corpus

    rec = load_corpus(ws["corpus"]).get("nghi-quyet-29")
    assert "Bản lưu để thử" in rec.text and rec.body == "Ban Chấp hành Trung ương"
    assert rec.title == "Nghị quyết Hội nghị Trung ương 8 khóa XI (bản lưu)"  # the user's own sidecar wins
    assert rec.disputed  # the file says 4/11, the row 14/11: both kept, none chosen
    assert sorted(c.value.iso() for c in rec.dates) == ["2013-11-04", "2013-11-14"]
    # re-adding the same file keeps the merged record; re-importing the register changes nothing
    assert kb(ws, capsys, "add", str(doc))[1].startswith("added 0, replaced 0, unchanged 1")
    assert kb(ws, capsys, "add", "--kind", "register", str(reg))[1].startswith("added 0, replaced 0, unchanged 1")


def test_file_level_problems_are_one_line_each(ws, capsys):
    no_header = ws["root"] / "khong-tieu-de.csv"
    no_header.write_text("29-NQ/TW,4/11/2013\n", encoding="utf-8")
    old = ws["root"] / "cu.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    side = ws["root"] / "co-sidecar.csv"
    side.write_text("Số hiệu,Ngày\n29-NQ/TW,4/11/2013\n", encoding="utf-8")
    side.with_suffix(".yaml").write_text("number: 29-NQ/TW\n", encoding="utf-8")
    code, out, err = kb(ws, capsys, "add", "--kind", "register", str(no_header), str(old), str(side))
    assert code == 1 and out.startswith("added 0, replaced 0, unchanged 0, failed 3, rows 0")
    assert f"kb: failed: {no_header}: no header row naming a 'Số hiệu' column" in err
    assert f"kb: failed: {old}: old Excel (.xls) format" in err
    assert "field 'number' does not apply to a register" in err
    assert not ws["added"].exists()


def test_headers_without_accents_in_capitals_and_a_semicolon_csv(tmp_path):
    from kb.ingest.register import RegisterRow, read_register

    path = tmp_path / "dm.csv"
    path.write_text("SO HIEU;NGAY BAN HANH;CO QUAN BAN HANH;LOAI VAN BAN;TRICH YEU;KHOA;GHI CHU\n"
                    f"29-NQ/TW;Ngày 04/11/2013;Ban Chấp hành Trung ương;Nghị quyết;{NQ29_SUBJECT};11;HNTW 8\n"
                    "29-NQ/TW;04/11/2013;;;;khóa XX;\n", encoding="utf-8")
    rows, unread = read_register(path, 10**6)
    good, bad = rows
    assert isinstance(good, RegisterRow) and unread == ()
    assert (good.row, good.number.canonical, good.date.iso(), good.term, good.type_word, good.note) == \
        ("2", "29-NQ/TW", "2013-11-04", "XI", "Nghị quyết", "HNTW 8")
    assert str(bad).startswith(f"{path}:3: column 'KHOA': 'khóa XX' is not a Party term (khóa I to ")
