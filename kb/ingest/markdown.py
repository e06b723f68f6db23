"""Markdown: an optional front matter block (the corpus format's) gives metadata; the body is the text."""
from __future__ import annotations

from pathlib import Path

from kb.corpus import split_front_matter
from kb.errors import CorpusError
from kb.ingest.errors import EmptyFileError, MalformedError
from kb.ingest.model import Extracted
from kb.ingest.text import read_text


def extract_markdown(path: Path, max_bytes: int, encoding: str = "auto") -> Extracted:
    """Read a Markdown file; front matter fields become hints that the header cannot override.

    A file without a leading ``---`` line is all body. Broken front matter names the file.
    """
    decoded = read_text(path, max_bytes, encoding)
    text = decoded.text.lstrip("\ufeff")
    meta: dict = {}
    if text.startswith("---"):
        try:
            meta, text = split_front_matter(text, str(path))
        except CorpusError as exc:
            raise MalformedError(str(path), f"front matter: {exc.reason}") from None
    if not text.strip():
        raise EmptyFileError(str(path), "front matter but no text")
    return Extracted(text.strip("\n"), "markdown", decoded.encoding, decoded.confidence,
                     decoded.unconverted, hints=dict(meta))
