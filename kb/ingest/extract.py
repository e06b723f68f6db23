"""One entry point for every format: pick the reader by content first, then by file name."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kb.ingest.docx import OLE_MAGIC, extract_docx
from kb.ingest.errors import IngestError, UnsupportedFormatError
from kb.ingest.html import extract_html
from kb.ingest.markdown import extract_markdown
from kb.ingest.model import Extracted
from kb.ingest.pdf import extract_pdf
from kb.ingest.text import DEFAULT_MAX_MB, read_text

Reader = Callable[[Path, int, str], Extracted]
SIDECAR_SUFFIXES = (".yaml", ".yml")
UNSUPPORTED = {".doc": "old binary Word (.doc) format: save it as .docx first",
               ".xls": "spreadsheets are not documents", ".xlsx": "spreadsheets are not documents",
               ".odt": "OpenDocument text: save it as .docx first", ".rtf": "RTF: save it as .docx first"}


def _text(path: Path, max_bytes: int, encoding: str = "auto") -> Extracted:
    decoded = read_text(path, max_bytes, encoding)
    return Extracted(decoded.text.strip("\n"), "text", decoded.encoding, decoded.confidence,
                     decoded.unconverted)


BY_SUFFIX: dict[str, Reader] = {
    ".html": extract_html, ".htm": extract_html, ".xhtml": extract_html,
    ".md": extract_markdown, ".markdown": extract_markdown,
    ".docx": extract_docx, ".pdf": extract_pdf, ".txt": _text, ".text": _text,
}


def _sniff(path: Path) -> Reader | None:
    """The reader the first bytes call for, whatever the file is named."""
    with open(path, "rb") as fh:
        head = fh.read(512)
    if head.startswith(b"%PDF"):
        return extract_pdf
    if head.startswith(b"PK\x03\x04") and path.suffix.lower() != ".docx":
        return extract_docx
    if head.startswith(OLE_MAGIC):
        return extract_docx  # reports the old .doc format
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith((b"<!doctype html", b"<html")):
        return extract_html
    return None


def extract_file(path: str | Path, max_mb: float = DEFAULT_MAX_MB, encoding: str = "auto") -> Extracted:
    """Extract the text of one file in any supported format.

    Args:
        path: an HTML, text, Markdown, DOCX or PDF file (the format is sniffed from its bytes).
        max_mb: size limit in megabytes.
        encoding: 'auto' or a forced text encoding (see :data:`kb.ingest.text.ENCODINGS`).
    Returns:
        the text and format metadata; an :class:`~kb.ingest.errors.IngestError` names the file
        and the reason otherwise.
    """
    path = Path(path)
    if not path.is_file():
        raise IngestError(str(path), "no such file")
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED:
        raise UnsupportedFormatError(str(path), UNSUPPORTED[suffix])
    max_bytes = int(max_mb * 1_000_000)
    try:
        reader = _sniff(path) or BY_SUFFIX.get(suffix, _text)
    except OSError as exc:
        raise IngestError(str(path), f"cannot be read ({exc.strerror})") from None
    try:
        return reader(path, max_bytes, encoding)
    except OSError as exc:
        raise IngestError(str(path), f"cannot be read ({exc.strerror})") from None


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and files under folders named, in a stable order; sidecars and hidden files skipped.

    A missing path is yielded as it is, so the caller reports it like any other failure.
    """
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if f.is_file() and not any(part.startswith(".") for part in rel) \
                        and f.suffix.lower() not in SIDECAR_SUFFIXES:
                    yield f
        else:
            yield p
