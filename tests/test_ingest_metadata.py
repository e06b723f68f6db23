"""Header metadata: number, type, issuer, place, date and title from a document's first lines."""
from __future__ import annotations

import pytest

from kb.ingest.metadata import read_header

HEADERS = [
    # Party document, number line without a colon, title over three lines
    ("BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nSố 52-NQ/TW\nHà Nội, ngày 27 tháng 9 năm 2019\n\nNGHỊ QUYẾT\n"
     "CỦA BỘ CHÍNH TRỊ\nvề một số chủ trương, chính sách chủ động tham gia\n"
     "cuộc Cách mạng công nghiệp lần thứ tư\n-----\nThời gian qua …",
     ("52-NQ/TW", "NQ", "TW", "2019-09-27", "Hà Nội",
      "Nghị quyết của Bộ Chính trị về một số chủ trương, chính sách chủ động tham gia cuộc Cách mạng "
      "công nghiệp lần thứ tư")),
    # state document: "Số:" with a colon, both header columns on one line as a PDF gives them
    ("ỦY BAN NHÂN DÂN TỈNH HÀ NAM    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "Số: 1152/QĐ-UBND    Phủ Lý, ngày 03 tháng 8 năm 2020\nQUYẾT ĐỊNH\nVỀ VIỆC BAN HÀNH KẾ HOẠCH "
     "TUYÊN TRUYỀN NĂM 2020\n\nCăn cứ Luật Tổ chức chính quyền địa phương …",
     ("1152/QĐ-UBND", "QĐ", "UBND", "2020-08-03", "Phủ Lý",
      "Quyết định về việc ban hành kế hoạch tuyên truyền năm 2020")),
    # written with TƯ, date line indented, title all in capitals
    ("  TỈNH ỦY HÀ NAM\n  Số 150-KH/TƯ\n      Phủ Lý, ngày 5 tháng 5 năm 2020\n"
     "KẾ HOẠCH SƠ KẾT 4 NĂM THỰC HIỆN CHỈ THỊ 05-CT/TW\n\nThực hiện …",
     ("150-KH/TW", "KH", "TW", "2020-05-05", "Phủ Lý",
      "Kế hoạch sơ kết 4 năm thực hiện chỉ thị 05-CT/TW")),
]


@pytest.mark.parametrize("text, expected", HEADERS, ids=["party", "state", "tu-caps"])
def test_header(text, expected):
    h = read_header(text)
    assert (h.number, h.doc_type, h.issuer, h.date.iso(), h.place, h.title) == expected


def test_numbers_and_dates_cited_in_the_body_are_not_the_documents_own():
    text = ("Hà Nam: nỗ lực hoàn thành nhiệm vụ công tác tuyên giáo\n\nBan Tuyên giáo quán triệt Nghị "
            "quyết số 52-NQ/TW, ngày 27/9/2019 của Bộ Chính trị.\nSố liệu cho thấy 97,5% cơ sở đã làm.")
    h = read_header(text)
    assert (h.number, h.doc_type, h.issuer, h.date, h.title) == (None, None, None, None, None)


def test_type_word_without_number_gives_the_type():
    h = read_header("CHỈ THỊ\nvề tăng cường công tác tuyên truyền\n\nNội dung …")
    assert (h.number, h.doc_type, h.title) == (None, "CT", "Chỉ thị về tăng cường công tác tuyên truyền")


def test_header_is_only_the_first_lines():
    filler = "\n".join(f"Đoạn {i}." for i in range(60))
    assert read_header(filler + "\nSố 52-NQ/TW\nHà Nội, ngày 27 tháng 9 năm 2019").number is None
