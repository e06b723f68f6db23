"""PDF with a text layer, via pypdf. Encrypted and image-only PDFs are refused with the reason.

A scan has pages but no text: it needs OCR, which ``kb add`` does not do, so it is reported
instead of adding an empty record.
"""
from __future__ import annotations

import logging
from pathlib import Path

from kb.ingest import legacy
from kb.ingest.errors import EncryptedPDFError, MalformedError, NoTextLayerError
from kb.ingest.model import Extracted
from kb.ingest.text import read_limited


def _has_images(page) -> bool:
    """Whether a page draws any image XObject (what a scanned page is made of)."""
    try:
        xobjects = page["/Resources"].get_object().get("/XObject")
        if xobjects is None:
            return False
        return any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.get_object().values())
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
    raw = "\n\n".join(p.strip("\n") for p in pages if p.strip())
    if not raw.strip():
        what = "image-only (a scan?)" if any(_has_images(p) for p in reader.pages) else "blank"
        raise NoTextLayerError(str(path), f"no text layer on its {len(pages)} page(s): {what}; OCR it first")
    force = encoding if encoding in ("tcvn3", "vni") else None
    fixed = legacy.repair(raw, str(path), force=force)
    return Extracted(fixed.text, "pdf", fixed.encoding or "utf-8", fixed.confidence, fixed.unconverted)
