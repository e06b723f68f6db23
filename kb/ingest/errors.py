"""Why a file could not be added: one KBError subclass per reason, each naming the file.

The CLI prints ``str(error)`` as the one line for that file and goes on with the others.
"""
from __future__ import annotations

from kb.errors import KBError


class IngestError(KBError):
    """A file could not be turned into a record; the message is ``path: reason``."""

    def __init__(self, path: str, reason: str) -> None:
        self.path, self.reason = str(path), reason
        super().__init__(f"{path}: {reason}")


class EmptyFileError(IngestError):
    """The file is empty, or holds no text once markup is removed."""


class OversizedFileError(IngestError):
    """The file is larger than the configured limit (``--max-mb``)."""


class BinaryFileError(IngestError):
    """The file is binary data, not text in any format ``kb add`` reads."""


class UndecodableError(IngestError):
    """The bytes are not UTF-8 and not a Vietnamese encoding recognised with enough confidence."""


class LegacyEncodingError(UndecodableError):
    """The text looks like TCVN3 or VNI, but too little of it converts cleanly to trust a guess."""


class MalformedError(IngestError):
    """The container is broken: HTML with no article, a DOCX that is not a Word file, a bad PDF."""


class EncryptedPDFError(IngestError):
    """The PDF needs a password to be read."""


class NoTextLayerError(IngestError):
    """The PDF has pages but no text layer (a scan or images only): it needs OCR first."""


class UnsupportedFormatError(IngestError):
    """A format ``kb add`` does not read (old binary .doc, spreadsheets…)."""


class MetadataError(IngestError):
    """An override (flag or sidecar) is invalid, or the record's id is taken."""
