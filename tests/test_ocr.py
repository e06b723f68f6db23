"""Scanned PDFs: a page of Vietnamese text drawn as an image (Pillow, DejaVu Sans) is read by OCR.

The tests that run Tesseract skip with a message when it (or its Vietnamese data, or the font) is
missing on a developer's machine; under CI=true they run, since .ci/run installs them. The text
states a fact read on daidoanket.vn ("Đổi mới căn bản, toàn diện giáo dục và đào tạo: nhận thức và
hành động"): Nghị quyết 29-NQ/TW of 4/11/2013 of the Ban Chấp hành Trung ương.
"""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from ingest_fixtures import PDF_LINES, text_pdf
from kb.ingest import ocr
from kb.ingest.errors import NoTextLayerError
from kb.ingest.pdf import extract_pdf
from kbcli.main import main
from tests.support.workspace import corpus_workspace, run_kb as kb

ROOT = Path(__file__).resolve().parent.parent
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LINES = ["BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG",
         "Ngày 4 tháng 11 năm 2013, Ban Chấp hành Trung ương khóa XI",
         "ban hành Nghị quyết số 29-NQ/TW về đổi mới căn bản,",
         "toàn diện giáo dục và đào tạo."]


def needs(ok: bool, why: str) -> None:
    """Skip on a developer's machine without the tool; under CI a missing tool is a failure."""
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{why}: .ci/run must install it")
        pytest.skip(f"OCR test skipped: {why} (apt-get install tesseract-ocr tesseract-ocr-vie "
                    "fonts-dejavu-core)")


@pytest.fixture
def tesseract():
    ocr.engine.cache_clear()
    try:
        name = ocr.engine()
    except ocr.OcrUnavailable as exc:
        needs(False, str(exc))
    needs(FONT.is_file(), f"the font {FONT} is missing")
    return name


def page_image(lines: list[str]):
    """An A4-wide greyscale page at 300 dpi with ``lines`` drawn in black."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), 42)
    image = Image.new("L", (2480, 260 + 90 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((160, 160 + 90 * i), line, font=font, fill=0)
    return image


def image_pdf(*pages) -> bytes:
    """A PDF whose pages are only images (what a scanner writes)."""
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", resolution=300, save_all=True, append_images=list(pages[1:]))
    return buf.getvalue()


@pytest.fixture
def ws(tmp_path, capsys):
    return corpus_workspace(tmp_path, capsys)


def hits(ws, capsys, query: str) -> list[str]:
    assert main(["search", "--json", query, "--index-dir", str(ws["idx"])]) == 0
    return [h["id"] for h in json.loads(capsys.readouterr().out)["hits"]]


def test_scanned_pdf_is_searchable_after_kb_add_and_says_it_was_ocr(ws, capsys, tesseract):
    scan = ws["root"] / "ban-chup-nghi-quyet.pdf"
    scan.write_bytes(image_pdf(page_image(LINES)))
    code, out, err = kb(ws, capsys, "add", str(scan))
    assert code == 0 and out.startswith("added 1, replaced 0, unchanged 0, duplicates 0, failed 0"), err
    # the bundled records of 29-NQ/TW (the resolution, its issuance, its plenum) match these words
    # too and rank first; the scan must be found among the results
    for query in ("đổi mới căn bản", "toàn diện giáo dục", "Ban Chấp hành Trung ương khóa XI"):
        assert "ban-chup-nghi-quyet" in hits(ws, capsys, query), query
    from kb.corpus import load_corpus

    rec = load_corpus(ws["corpus"]).get("ban-chup-nghi-quyet")
    assert "Nghị quyết số 29-NQ/TW" in rec.text and "4 tháng 11 năm 2013" in rec.text
    assert "read by OCR" in rec.sources[0].note and tesseract in rec.sources[0].note
    assert "ocr:" in (ws["added"] / "ban-chup-nghi-quyet.yaml").read_text(encoding="utf-8")


def test_a_scanned_page_without_vietnamese_text_is_reported_not_indexed(ws, capsys, tesseract):
    from PIL import Image

    mixed = ws["root"] / "hai-trang.pdf"
    mixed.write_bytes(image_pdf(page_image(LINES), Image.new("L", (2480, 3508), 255)))
    code, out, err = kb(ws, capsys, "add", str(mixed))
    assert code == 0 and out.startswith("added 1,")
    assert f"kb: note: {mixed}: page(s) 2: OCR found no Vietnamese text; left out" in err
    blank = ws["root"] / "trang-trang.pdf"
    blank.write_bytes(image_pdf(Image.new("L", (2480, 3508), 255)))
    code, out, err = kb(ws, capsys, "add", str(blank))
    assert code == 1 and f"kb: failed: {blank}: no text layer on its 1 page(s): image-only (a scan?): OCR" in err
    assert "found no Vietnamese text on page(s) 1" in err
    assert not (ws["added"] / "trang-trang.txt").exists()


def test_text_layer_pdfs_never_go_to_ocr(tmp_path, monkeypatch):
    def refuse(*_):
        raise AssertionError("OCR was asked for a page with a text layer")

    monkeypatch.setattr(ocr, "read_page", refuse)
    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(text_pdf(PDF_LINES))
    ex = extract_pdf(path, 10**7)
    assert "dâng hương" in ex.text and ex.ocr_pages == () and ex.notes == ()


def test_without_tesseract_a_scan_is_refused_naming_the_packages(tmp_path, monkeypatch):
    from PIL import Image

    monkeypatch.setattr(ocr.shutil, "which", lambda _: None)
    ocr.engine.cache_clear()
    try:
        path = tmp_path / "scan.pdf"
        path.write_bytes(image_pdf(Image.new("L", (600, 800), 255)))
        with pytest.raises(NoTextLayerError, match="apt-get install tesseract-ocr tesseract-ocr-vie"):
            extract_pdf(path, 10**7)
    finally:
        ocr.engine.cache_clear()
