"""What an extractor returns: the text as read, and the metadata the format itself carries."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Extracted:
    """One file's text (NFC) and what its format said about it.

    ``hints`` holds metadata the format carries (HTML ``<title>``, byline and date, Markdown front
    matter), keyed by corpus field names; header metadata and overrides are applied later.
    ``ocr_pages`` and ``ocr_engine`` say which pages of a scan were read by OCR (the record notes
    it), and ``notes`` what the reader left out.
    """

    text: str
    format: str  # html, text, markdown, docx, pdf
    encoding: str = "utf-8"
    confidence: float = 1.0
    unconverted: tuple[str, ...] = ()
    hints: dict[str, Any] = field(default_factory=dict)
    ocr_pages: tuple[int, ...] = ()  # 1-based pages whose text came from OCR
    ocr_engine: str | None = None  # e.g. 'tesseract 5.3.0, vie'
    notes: tuple[str, ...] = ()  # what the reader left out and why (pages OCR could not read)
