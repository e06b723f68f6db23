"""Read scanned PDF pages with OCR: pypdfium2 renders a page, Tesseract's Vietnamese model reads it.

Only pages without a text layer that draw an image reach here (:mod:`kb.ingest.pdf` decides), so a
PDF with a text layer is read as before. Tesseract runs as a command (Debian packages
``tesseract-ocr`` and ``tesseract-ocr-vie``); when it or its Vietnamese data is missing,
:class:`OcrUnavailable` says which package to install. The text is NFC like every extracted text;
the index's canonical key unifies tone placement (hòa = hoà) for OCR text as for any other.

A page whose OCR output holds no Vietnamese text (fewer than ``MIN_SYLLABLES`` well-formed
syllables, none accented, or mostly non-syllables) is reported by the caller, never indexed empty.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from functools import lru_cache

from kb.clean import has_marks, nfc
from kb.ingest.legacy import is_syllable

LANG = "vie"
DPI = 300
TIMEOUT_S = 300  # one page; a stuck engine must not hang a whole import
MIN_SYLLABLES = 3
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"
_WORD = re.compile(r"[^\W\d_]+")


class OcrUnavailable(Exception):
    """Tesseract, or its Vietnamese data, is not installed; the message says what to install."""


@lru_cache(maxsize=1)
def engine() -> str:
    """The engine's name and version, e.g. 'tesseract 5.3.0, vie'; OcrUnavailable when missing."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise OcrUnavailable(f"Tesseract is not installed ({INSTALL_HINT})")
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=60)
        version = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OcrUnavailable(f"Tesseract does not run ({exc})") from None
    if LANG not in langs.stdout.split():
        raise OcrUnavailable(f"Tesseract has no Vietnamese data ({INSTALL_HINT})")
    first = (version.stdout or version.stderr).strip().splitlines()
    return f"{first[0] if first else 'tesseract'}, {LANG}"


def render_page(data: bytes, index: int, dpi: int = DPI) -> bytes:
    """Page ``index`` (0-based) of a PDF as a greyscale PNG at ``dpi``."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[index]
        try:
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            image = bitmap.to_pil()
        finally:
            page.close()
    finally:
        pdf.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def recognise(png: bytes, dpi: int = DPI) -> str:
    """Tesseract's reading of one page image (Vietnamese model), as NFC text."""
    engine()
    try:
        done = subprocess.run(["tesseract", "stdin", "stdout", "-l", LANG, "--dpi", str(dpi)],
                              input=png, capture_output=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise OcrUnavailable(f"Tesseract took over {TIMEOUT_S} s on one page") from None
    if done.returncode != 0:
        raise OcrUnavailable(f"Tesseract failed: {done.stderr.decode(errors='replace').strip()[:200]}")
    return clean(done.stdout.decode("utf-8", errors="replace"))


def clean(text: str) -> str:
    """NFC, no page-break characters, no trailing spaces, at most one blank line in a row.

    >>> clean("Nghi\u0323 quyê\u0301t  \\n\\n\\n\\nsố 29\\x0c")
    'Nghị quyết\\n\\nsố 29'
    """
    lines = [line.rstrip() for line in nfc(text).replace("\x0c", "\n").splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def looks_vietnamese(text: str) -> bool:
    """Whether OCR output reads as Vietnamese: enough syllables, some accented, and mostly syllables.

    >>> looks_vietnamese("Ban Chấp hành Trung ương ban hành nghị quyết")
    True
    >>> looks_vietnamese("|| ~ ,. ee 1l"), looks_vietnamese("The quick brown fox jumps over the lazy dog")
    (False, False)
    """
    words = _WORD.findall(text)
    syllables = [w for w in words if is_syllable(w)]
    return (len(syllables) >= MIN_SYLLABLES and any(has_marks(w) for w in syllables)
            and len(syllables) * 2 >= len(words))


def read_page(data: bytes, index: int) -> str | None:
    """The OCR text of page ``index`` (0-based), or None when it holds no Vietnamese text."""
    text = recognise(render_page(data, index))
    return text if looks_vietnamese(text) else None
