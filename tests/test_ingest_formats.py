"""Each format's extractor on the fixtures: the text and metadata it reads, or the error it names."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest_fixtures import DOCX_PARAGRAPHS, PDF_LINES, make_binary_fixtures
from kb.ingest import extract_file, read_header
from kb.ingest.errors import (BinaryFileError, EmptyFileError, EncryptedPDFError, IngestError,
                              MalformedError, NoTextLayerError, OversizedFileError,
                              UndecodableError, UnsupportedFormatError)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
BOILERPLATE = ["Có thể bạn quan tâm", "Tin khác", "Xem nhiều nhất", "Liên kết website", "Phản hồi",
               "Thông tin người gửi phản hồi", "Trang chủ", "Bình Lục sơ kết", "Kết quả xổ số",
               "Cơ quan chủ quản", "Đường dây nóng", "dataLayer", "display: inline"]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    return make_binary_fixtures(tmp_path_factory.mktemp("made"))


def test_html_keeps_the_article_and_drops_the_site():
    ex = extract_file(FIXTURES / "tin-hoi-nghi-thanh-liem.html")
    assert ex.format == "html"
    paragraphs = ex.text.split("\n\n")
    assert paragraphs[0].startswith("Sáng 11/5, Ban Thường vụ Huyện ủy Thanh Liêm tổ chức hội nghị")
    assert paragraphs[-2].startswith("Phát biểu kết luận, đồng chí Bí thư Huyện ủy")
    assert paragraphs[-1] == "Minh Châu"
    assert len(paragraphs) == 5
    for junk in BOILERPLATE:
        assert junk not in ex.text, junk
    assert ex.hints == {
        "title": "Thanh Liêm tổ chức hội nghị học tập chuyên đề năm 2020", "date": "2020-05-12",
        "author": "Minh Châu",
        "url": "https://baotinh.example.vn/chinh-tri/thanh-liem-hoc-tap-chuyen-de-2020-12345.html"}


def test_html_title_from_title_tag_without_the_site_name(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><head><title>Hội nghị báo cáo viên quý II - Cổng thông tin huyện</title></head>"
                    "<body><div class='nd'><p>Hội nghị báo cáo viên quý II diễn ra tại hội trường huyện."
                    "</p></div></body></html>", encoding="utf-8")
    ex = extract_file(page)
    assert ex.hints["title"] == "Hội nghị báo cáo viên quý II"
    assert ex.text == "Hội nghị báo cáo viên quý II diễn ra tại hội trường huyện."


def test_docx_reads_the_header_table_and_the_body(made):
    ex = extract_file(made["docx"])
    assert ex.format == "docx" and ex.encoding == "utf-8"
    lines = ex.text.splitlines()
    assert lines[:6] == ["ĐẢNG BỘ TỈNH HÀ NAM", "BAN TUYÊN GIÁO TỈNH UỶ", "*", "Số 35-BC/BTGTU",
                         "ĐẢNG CỘNG SẢN VIỆT NAM", "Phủ Lý, ngày 15 tháng 6 năm 2020"]
    assert lines[6:] == DOCX_PARAGRAPHS
    h = read_header(ex.text)
    assert (h.number, h.doc_type, h.issuer, h.date.iso(), h.place) == \
        ("35-BC/BTGTU", "BC", "BTGTU", "2020-06-15", "Phủ Lý")
    assert h.title == "Báo cáo sơ kết công tác tuyên giáo sáu tháng đầu năm 2020"


def test_pdf_text_layer(made):
    ex = extract_file(made["pdf"])
    assert ex.format == "pdf"
    assert [ln for ln in ex.text.splitlines() if ln.strip()] == [ln for ln in PDF_LINES if ln]
    h = read_header(ex.text)
    assert (h.number, h.doc_type, h.issuer, h.date.iso()) == ("07-KH/TU", "KH", "TU", "2021-03-02")
    assert h.title == "Kế hoạch tổ chức các hoạt động kỷ niệm ngày thành lập Đảng bộ tỉnh"


def test_pdf_named_anything_is_read_as_pdf(made, tmp_path):
    renamed = tmp_path / "ke-hoach.txt"
    renamed.write_bytes(made["pdf"].read_bytes())
    assert extract_file(renamed).format == "pdf"


def test_tcvn3_file_is_converted():
    ex = extract_file(FIXTURES / "nghi-quyet-tcvn3.txt")
    assert ex.encoding == "tcvn3" and ex.unconverted == ()
    assert ex.text.startswith("ĐẢNG BỘ TỈNH HÀ NAM\nHUYỆN UỶ KIM BẢNG\n*\nSố 12-NQ/HU\n"
                              "Kim Bảng, ngày 5 tháng 3 năm 1998\nNGHỊ QUYẾT\n")
    assert "Uỷ ban nhân dân các xã phối hợp với Mặt trận Tổ quốc" in ex.text
    h = read_header(ex.text)
    assert (h.number, h.issuer, h.date.iso(), h.place) == ("12-NQ/HU", "HU", "1998-03-05", "Kim Bảng")
    assert h.title == ("Nghị quyết về công tác tuyên truyền, giáo dục truyền thống cách mạng trong cán "
                       "bộ, đảng viên và nhân dân năm 1998")


def test_vni_file_is_converted():
    ex = extract_file(FIXTURES / "bao-cao-vni.txt")
    assert ex.encoding == "vni"
    assert ex.text.startswith("ĐẢNG BỘ TỈNH HÀ NAM\nBAN TUYÊN GIÁO TỈNH UỶ\nSố 21-BC/BTGTU\n"
                              "Phủ Lý, ngày 18 tháng 11 năm 1999\nBÁO CÁO\n")
    assert "phối hợp với các huyện uỷ mở lớp bồi dưỡng cho báo cáo viên cơ sở" in ex.text
    assert read_header(ex.text).title == "Báo cáo kết quả công tác tuyên giáo năm 1999"


def test_markdown_front_matter_becomes_hints():
    ex = extract_file(FIXTURES / "ghi-chep-hoi-thao.md")
    assert ex.format == "markdown"
    assert ex.hints["title"].startswith("Ghi chép hội thảo khoa học") and ex.hints["date"] == "2021-10"
    assert ex.text.startswith("Hội thảo do Ban Tuyên giáo Huyện ủy phối hợp")


def test_plain_utf8_text_with_nfd_is_nfc(tmp_path):
    import unicodedata

    f = tmp_path / "nfd.txt"
    f.write_text(unicodedata.normalize("NFD", "Đảng bộ tỉnh Hà Nam"), encoding="utf-8")
    ex = extract_file(f)
    assert ex.text == "Đảng bộ tỉnh Hà Nam" and ex.encoding == "utf-8"


@pytest.mark.parametrize("name, error, reason", [
    ("anh-chup.png", BinaryFileError, "binary data"),
    ("rong.txt", EmptyFileError, "the file is empty"),
    ("hong.html", MalformedError, "malformed HTML"),
    ("khong-doc-duoc.txt", UndecodableError, "not UTF-8, and not recognisable"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_bad_fixtures_name_file_and_reason(name, error, reason):
    with pytest.raises(error) as exc:
        extract_file(FIXTURES / name)
    assert str(exc.value).startswith(f"{FIXTURES / name}: ") and reason in str(exc.value)


def test_encrypted_and_image_only_pdfs(made):
    with pytest.raises(EncryptedPDFError, match="encrypted and needs a password"):
        extract_file(made["encrypted"])
    with pytest.raises(NoTextLayerError, match=r"no text layer .* image-only"):
        extract_file(made["scan"])


def test_oversized_whitespace_and_unsupported(tmp_path):
    big = tmp_path / "lon.txt"
    big.write_text("Đảng bộ tỉnh Hà Nam. " * 200, encoding="utf-8")
    with pytest.raises(OversizedFileError, match=r"over the 0.001 MB limit"):
        extract_file(big, max_mb=0.001)
    blank = tmp_path / "trang.txt"
    blank.write_text(" \n\t\n", encoding="utf-8")
    with pytest.raises(EmptyFileError, match="only whitespace"):
        extract_file(blank)
    old = tmp_path / "cu.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    with pytest.raises(UnsupportedFormatError, match=r"\.doc"):
        extract_file(old)
    fake = tmp_path / "gia.docx"
    fake.write_text("không phải Word", encoding="utf-8")
    with pytest.raises(MalformedError, match="not a DOCX"):
        extract_file(fake)
    with pytest.raises(IngestError, match="no such file"):
        extract_file(tmp_path / "khong-co.txt")
