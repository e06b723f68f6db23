"""Word (.docx) with python-docx: paragraphs and table cells in document order.

Party documents put their header (issuer, "Số …", place and date) in a two-column table, so cells
are read too, each paragraph on its own line, merged cells once. Font codes of TCVN3/VNI fonts
come out as Latin-1 characters and are repaired like any text.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from kb.ingest import legacy
from kb.ingest.errors import EmptyFileError, MalformedError, UnsupportedFormatError
from kb.ingest.model import Extracted
from kb.ingest.text import read_limited

OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old binary .doc (and .xls)


def _lines(document) -> list[str]:
    """Paragraph texts of the body in order, table cells included."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            seen: set[int] = set()
            for row in block.rows:
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    lines.extend(p.text for p in cell.paragraphs)
    return lines


def extract_docx(path: Path, max_bytes: int, encoding: str = "auto") -> Extracted:
    """Read a .docx; an old .doc, a broken zip or a zip that is not Word is named as such."""
    data = read_limited(path, max_bytes)
    if data.startswith(OLE_MAGIC):
        raise UnsupportedFormatError(str(path), "old binary Word (.doc) format: save it as .docx first")
    if not zipfile.is_zipfile(path):
        raise MalformedError(str(path), "not a DOCX file (not a zip package)")
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises bare KeyError/ValueError on odd packages
        raise MalformedError(str(path), f"not a readable DOCX ({type(exc).__name__}: {exc})") from None
    raw = "\n".join(line.rstrip() for line in _lines(document)).strip("\n")
    if not raw.strip():
        raise EmptyFileError(str(path), "the document has no text")
    force = encoding if encoding in ("tcvn3", "vni") else None
    fixed = legacy.repair(raw, str(path), force=force)
    return Extracted(fixed.text, "docx", fixed.encoding or "utf-8", fixed.confidence, fixed.unconverted)
