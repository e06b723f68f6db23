"""One error family, so the CLI and the web can turn any domain failure into one clear line."""
from __future__ import annotations


class KBError(Exception):
    """Base of every error the knowledge base raises on purpose."""


class CorpusError(KBError):
    """A corpus file is malformed; the message names the file, the field and the reason."""

    def __init__(self, path: str, field: str, reason: str) -> None:
        self.path, self.field, self.reason = str(path), field, reason
        super().__init__(f"{path}: field '{field}': {reason}")


class QueryError(KBError):
    """A user query or parameter cannot be understood; the message names the parameter."""

    def __init__(self, param: str, reason: str) -> None:
        self.param, self.reason = param, reason
        super().__init__(f"tham số '{param}': {reason}")


class IndexMissingError(KBError):
    """No index exists yet at the configured directory."""
