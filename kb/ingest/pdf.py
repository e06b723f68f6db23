"""PDF via pypdf's text layer; pages without one that draw an image (a scan) are read by OCR.

Encrypted PDFs are refused with the reason. A page with a text layer is read as it always was; a
scanned page goes to :mod:`kb.ingest.ocr`, and the record notes which pages came from OCR. A scanned
page where OCR finds no Vietnamese text is reported, never added empty; a PDF with no text at all
after OCR (or without Tesseract installed) is refused with the reason.
"""
from __future__ import annotations

import logging
from pathlib import Path

from kb.ingest import legacy, ocr
from kb.ingest.errors import EncryptedPDFError, MalformedError, NoTextLayerError
from kb.ingest.model import Extracted
from kb.ingest.text import read_limited


def _has_images(page, depth: int = 0) -> bool:
    """Whether a page draws any image XObject (what a scanned page is made of), also inside the
    form XObjects some scanners wrap their images in (three levels deep at most)."""
    try:
        xobjects = page["/Resources"].get_object().get("/XObject")
        if xobjects is None:
            return False
        for x in xobjects.get_object().values():
            x = x.get_object()
            if x.get("/Subtype") == "/Image":
                return True
            if x.get("/Subtype") == "/Form" and "/Resources" in x and depth < 3 and _has_images(x, depth + 1):
                return True
        return False
    except (KeyError, AttributeError, TypeError):
        return False


def extract_pdf(path: Path, max_bytes: int, encoding: str = "auto") -> Extracted:
    """Read every page's text layer; pages are separated by a blank line."""
    data = read_limited(path, max_bytes)
    if not data.startswith(b"%PDF"):
        raise MalformedError(str(path), "not a PDF file (no %PDF header)")
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its recoverable-damage notes are noise here
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedPDFError(str(path), "the PDF is encrypted and needs a password")
        pages = [page.extract_text() or "" for page in reader.pages]
    except EncryptedPDFError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        if "decrypt" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise EncryptedPDFError(str(path), f"the PDF is encrypted ({exc})") from None
        raise MalformedError(str(path), f"unreadable PDF ({type(exc).__name__}: {exc})") from None
    scanned = [i for i, text in enumerate(pages) if not text.strip() and _has_images(reader.pages[i])]
    read, notes, engine, why = _ocr(data, scanned)
    pages = [read.get(i, text) for i, text in enumerate(pages)]
    raw = "\n\n".join(p.strip("\n") for p in pages if p.strip())
    if not raw.strip():
        what = f"image-only (a scan?): {why}" if scanned else "blank"
        raise NoTextLayerError(str(path), f"no text layer on its {len(pages)} page(s): {what}")
    force = encoding if encoding in ("tcvn3", "vni") else None
    fixed = legacy.repair(raw, str(path), force=force)
    return Extracted(fixed.text, "pdf", fixed.encoding or "utf-8", fixed.confidence, fixed.unconverted,
                     ocr_pages=tuple(i + 1 for i in sorted(read)), ocr_engine=engine if read else None,
                     notes=tuple(notes))


def _ocr(data: bytes, scanned: list[int]) -> tuple[dict[int, str], list[str], str | None, str]:
    """OCR text of the scanned pages that read as Vietnamese, notes on the others, the engine, and
    why nothing was read (for the error when no page has text)."""
    if not scanned:
        return {}, [], None, ""
    try:
        engine = ocr.engine()
        texts = {i: ocr.read_page(data, i) for i in scanned}
    except ocr.OcrUnavailable as exc:
        pages = ", ".join(str(i + 1) for i in scanned)
        return {}, [f"page(s) {pages} are images and were left out: OCR is not available: {exc}"], None, \
            f"OCR is not available: {exc}"
    empty = [i + 1 for i, text in texts.items() if text is None]
    notes = [f"page(s) {', '.join(map(str, empty))}: OCR found no Vietnamese text; left out"] if empty else []
    why = f"OCR ({engine}) found no Vietnamese text on page(s) {', '.join(map(str, empty))}"
    return {i: t for i, t in texts.items() if t is not None}, notes, engine, why
