"""Plain text: read the bytes within the size limit, refuse binary data, decode to Unicode NFC.

Decoding order: a byte-order mark (UTF-8, UTF-16); UTF-8; then the legacy Vietnamese encodings
(:mod:`kb.ingest.legacy`) and Windows-1258. Every decoded text also goes through
:func:`kb.ingest.legacy.repair`, since legacy codes often arrive already mis-decoded as UTF-8.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from kb.clean import nfc
from kb.ingest import legacy
from kb.ingest.errors import (BinaryFileError, EmptyFileError, OversizedFileError,
                              UndecodableError)

DEFAULT_MAX_MB = 50.0
ENCODINGS = ("auto", "utf-8", "tcvn3", "vni", "cp1258")
_CONTROL_OK = {9, 10, 12, 13}


@dataclass(frozen=True)
class Decoded:
    """Text and how it was read: the encoding found, confidence and characters left unconverted."""

    text: str
    encoding: str
    confidence: float = 1.0
    unconverted: tuple[str, ...] = ()


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The file's bytes; empty and oversized files are refused before anything is parsed."""
    size = path.stat().st_size
    if size == 0:
        raise EmptyFileError(str(path), "the file is empty")
    if size > max_bytes:
        raise OversizedFileError(
            str(path), f"{size / 1e6:.1f} MB is over the {max_bytes / 1e6:g} MB limit (--max-mb)")
    return path.read_bytes()


def looks_binary(data: bytes) -> bool:
    """True when ``data`` (without a UTF-16 mark) holds NUL bytes or many control bytes.

    >>> looks_binary(b"Ngh\\xe1\\xbb\\x8b quy\\xe1\\xba\\xbft\\n"), looks_binary(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
    (False, True)
    """
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in _CONTROL_OK)
    return controls > max(2, len(head) // 20)


def decode(data: bytes, path: str, encoding: str = "auto") -> Decoded:
    """Decode a text file's bytes to NFC, detecting legacy encodings.

    Args:
        data: the file's bytes.
        path: the file, for error messages.
        encoding: 'auto', or one of ``ENCODINGS`` to skip detection.
    Returns:
        a :class:`Decoded`; BinaryFileError, UndecodableError or LegacyEncodingError otherwise.

    >>> decode("Hà Nội".encode(), "x.txt").text, decode(b"U\\xfb ban nh\\xa9n d\\xa9n t\\xd8nh", "x.txt").encoding
    ('Hà Nội', 'tcvn3')
    """
    if encoding in ("tcvn3", "vni"):
        fixed = legacy.repair(legacy.bytes_as_latin(data), path, force=encoding)
        return Decoded(fixed.text, encoding, 1.0, fixed.unconverted)
    if encoding == "cp1258":
        return Decoded(nfc(data.decode("cp1258", errors="replace")), "cp1258")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _repaired(data.decode(codec), codec.removesuffix("-sig"), path)
            except UnicodeDecodeError as exc:
                raise UndecodableError(path, f"has a {codec} mark but invalid bytes at {exc.start}") from None
    if looks_binary(data):
        raise BinaryFileError(path, "binary data, not text (NUL or control bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if encoding == "utf-8":
            raise UndecodableError(path, f"not valid UTF-8 at byte {exc.start}") from None
        return _single_byte(data, path)
    return _repaired(text, "utf-8", path)


def _repaired(text: str, encoding: str, path: str) -> Decoded:
    fixed = legacy.repair(text, path)
    if fixed.encoding:
        return Decoded(fixed.text, f"{fixed.encoding} (read as {encoding})", fixed.confidence, fixed.unconverted)
    return Decoded(fixed.text, encoding)


def _single_byte(data: bytes, path: str) -> Decoded:
    """Not UTF-8: a legacy Vietnamese encoding, Windows-1258, or (few accents) Windows-1252."""
    latin = legacy.bytes_as_latin(data)
    n, found = legacy.scores(latin)
    if n < legacy.MIN_SUSPECTS:
        return Decoded(nfc(latin), "cp1252")
    viet = nfc(data.decode("cp1258", errors="replace"))
    share = legacy.share_valid([w for w in viet.split() if not w.isascii()])
    if share >= legacy.CONVERT_AT and share >= max(found["tcvn3"], found["vni"]):
        return Decoded(viet, "cp1258", share)
    fixed = legacy.repair(latin, path)
    if fixed.encoding:
        return Decoded(fixed.text, fixed.encoding, fixed.confidence, fixed.unconverted)
    raise UndecodableError(
        path, f"not UTF-8, and not recognisable as TCVN3 ({found['tcvn3']:.0%}), VNI "
              f"({found['vni']:.0%}) or Windows-1258 ({share:.0%} of accented words valid)")


def read_text(path: Path, max_bytes: int, encoding: str = "auto") -> Decoded:
    """Read and decode a text file; an empty or whitespace-only result is an EmptyFileError."""
    decoded = decode(read_limited(path, max_bytes), str(path), encoding)
    if not decoded.text.strip():
        raise EmptyFileError(str(path), "no text (only whitespace)")
    return decoded
