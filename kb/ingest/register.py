"""Read a document register ("danh mục văn bản"): a CSV or XLSX table, one document per row.

An archive's register lists numbers, dates, issuers and titles, with headers in Vietnamese or
English, accented or not, in any order, often under a title row or two. The header row is the first
of the top ``HEADER_SCAN`` rows that names the number column and at least one other known column.

Each row is checked on its own and becomes a :class:`RegisterRow` or a :class:`RowError`
(``FILE:ROW: column 'x': reason``), so one bad row never stops the others. Rows are numbered as a
spreadsheet program shows them (the header row counts), so the user finds the row the message names.
Pure domain: reading and checking only; :mod:`kb.ingest.register_plan` turns rows into records.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from kb.citations.data import tables
from kb.citations.numbers import NumberMatch, find_numbers
from kb.citations.terms import congresses, term_for, terms_for
from kb.clean import fold, nfc, squash_spaces
from kb.dates import parse_date
from kb.errors import KBError
from kb.ingest.errors import IngestError, UnsupportedFormatError
from kb.ingest.text import read_limited, read_text
from kb.models import DateValue

HEADER_SCAN = 10
SUFFIXES = (".csv", ".xlsx")

# Header words (folded, punctuation as spaces) for each column the register reads.
HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("so hieu", "so", "so ky hieu", "so va ky hieu", "so ky hieu van ban", "so hieu van ban",
               "ky hieu", "number", "doc number", "document number"),
    "date": ("ngay ban hanh", "ngay", "ngay thang", "ngay thang nam", "ngay thang nam ban hanh",
             "thoi gian ban hanh", "date", "date issued", "issue date", "issued"),
    "issuer": ("co quan ban hanh", "co quan", "noi ban hanh", "issuer", "issued by", "issuing body"),
    "type": ("loai van ban", "loai", "the loai", "type", "document type"),
    "title": ("trich yeu", "trich yeu noi dung", "tieu de", "ten van ban", "title", "subject"),
    "term": ("khoa", "term"),
    "source": ("nguon", "url", "link", "duong dan", "nguon url", "source"),
    "note": ("ghi chu", "note", "notes", "remarks"),
    "skip": ("stt", "tt", "so tt", "so thu tu", "no", "#"),
}
_BY_WORDS = {words: name for name, options in HEADERS.items() for words in options}
_ROMAN = re.compile(r"[IVXL]+")
_NUMBER_LEAD = re.compile(r"(?:so|số|Số|SỐ)\s*[:.]?\s*")


def header_key(text: str) -> str:
    """The comparison form of a header: folded, punctuation as spaces.

    >>> header_key("Số, ký hiệu"), header_key("NGÀY BAN HÀNH"), header_key("Nguồn/URL")
    ('so ky hieu', 'ngay ban hanh', 'nguon url')
    """
    return " ".join(re.sub(r"[^\w#]+", " ", fold(nfc(text))).split())


def column_of(header: str) -> str | None:
    """Which register column a header names, or None for a column the register does not read.

    >>> [column_of(h) for h in ("Số hiệu", "Ngay ban hanh", "Trích yếu", "Khoá", "URL", "STT", "Người ký")]
    ['number', 'date', 'title', 'term', 'source', 'skip', None]
    """
    return _BY_WORDS.get(header_key(header))


class RegisterFileError(IngestError):
    """The whole file cannot be read as a register (no header row, unreadable workbook)."""


@dataclass(frozen=True)
class RowError:
    """One bad row: where it is, which column, why."""

    path: str
    row: str
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.row}: column '{self.column}': {self.reason}"


@dataclass(frozen=True)
class RegisterRow:
    """One good row, checked: the number as the citation engine reads it, and the other cells."""

    row: str  # '7', or 'Sheet2!7' in a workbook with several tables
    number: NumberMatch
    date: DateValue | None
    body: str | None  # Cơ quan ban hành, as written
    type_word: str | None  # Loại văn bản, as written
    subject: str | None  # Trích yếu, as written
    term: str | None  # Khóa as a roman numeral, given or None
    source: str | None  # Nguồn: a URL or a written source
    note: str | None

    @property
    def identity_term(self) -> str | None:
        """The term that tells this number apart from the same number in another term: the one
        given, else the one the date falls in (as :func:`kb.citations.resolve.record_term` does)."""
        return self.term or (term_for(self.date) if self.date is not None else None)


@dataclass(frozen=True)
class Table:
    """A table found in the file: its headers as written, their columns, and the rows below."""

    label: str | None  # sheet name when a workbook holds several tables
    headers: tuple[str, ...]
    columns: dict[str, int]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]
    unread: tuple[str, ...]


def _cells_csv(path: Path, max_bytes: int, encoding: str) -> list[tuple[int, tuple[Any, ...]]]:
    text = read_text(path, max_bytes, encoding).text
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = csv.reader(io.StringIO(text), dialect)
    try:
        return [(i, tuple(r)) for i, r in enumerate(rows, 1)]
    except csv.Error as exc:
        raise RegisterFileError(str(path), f"unreadable CSV: {exc}") from None


def _sheets_xlsx(path: Path, max_bytes: int) -> list[tuple[str | None, list[tuple[int, tuple[Any, ...]]]]]:
    from openpyxl import load_workbook

    data = read_limited(path, max_bytes)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise RegisterFileError(str(path), f"not a readable Excel workbook ({type(exc).__name__}: {exc})") from None
    try:
        return [(sheet.title, [(i, tuple(r)) for i, r in enumerate(sheet.iter_rows(values_only=True), 1)])
                for sheet in book.worksheets]
    finally:
        book.close()


def _find_header(rows: list[tuple[int, tuple[Any, ...]]]) -> int | None:
    for pos, (_, cells) in enumerate(rows[:HEADER_SCAN]):
        names = [column_of(str(c)) for c in cells if isinstance(c, str) and c.strip()]
        if "number" in names and len([n for n in names if n not in (None, "skip")]) >= 2:
            return pos
    return None


def _table(path: Path, label: str | None, rows: list[tuple[int, tuple[Any, ...]]]) -> Table | None:
    pos = _find_header(rows)
    if pos is None:
        return None
    headers = tuple(squash_spaces(nfc(str(c))) if c is not None else "" for c in rows[pos][1])
    columns: dict[str, int] = {}
    unread = []
    for i, header in enumerate(headers):
        name = column_of(header) if header else "skip"
        if name is None:
            unread.append(header)
        elif name != "skip":
            if name in columns:
                raise RegisterFileError(str(path), f"columns '{headers[columns[name]]}' and '{header}' "
                                                   "both name the same field: keep one")
            columns[name] = i
    return Table(label, headers, columns, tuple(rows[pos + 1:]), tuple(unread))


def read_tables(path: Path, max_bytes: int, encoding: str = "auto") -> list[Table]:
    """Every table in a CSV file or an XLSX workbook (one per sheet that has a header row)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise IngestError(str(path), "no such file")
    if suffix == ".xls":
        raise UnsupportedFormatError(str(path), "old Excel (.xls) format: save it as .xlsx or .csv first")
    if suffix not in SUFFIXES:
        raise UnsupportedFormatError(str(path), "a register is a .csv or .xlsx file")
    sheets: list[tuple[str | None, list[tuple[int, tuple[Any, ...]]]]]
    if suffix == ".csv":
        sheets = [(None, _cells_csv(path, max_bytes, encoding))]
    else:
        sheets = _sheets_xlsx(path, max_bytes)
    tables_ = [t for label, rows in sheets if (t := _table(path, label, rows)) is not None]
    if not tables_:
        raise RegisterFileError(str(path), f"no header row naming a 'Số hiệu' column and another "
                                           f"('Ngày ban hành', 'Trích yếu'…) in its first {HEADER_SCAN} rows")
    return [replace(tables_[0], label=None)] if len(tables_) == 1 else tables_


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return squash_spaces(nfc(str(value)))


class _Bad(KBError):
    def __init__(self, column: str, reason: str) -> None:
        self.column, self.reason = column, reason
        super().__init__(reason)


def read_number(text: str, column: str = "Số hiệu") -> NumberMatch:
    """The one document number a cell holds ('Số: 29-NQ/TW' too); the reason otherwise.

    >>> read_number("Số: 29-NQ/TƯ").canonical, read_number("15/2020/NĐ-CP").family
    ('29-NQ/TW', 'state')
    >>> read_number("Nghị quyết 29")
    Traceback (most recent call last):
    kb.ingest.register._Bad: 'Nghị quyết 29' is not a document number (write it as 29-NQ/TW or 15/2020/NĐ-CP)
    """
    if not text:
        raise _Bad(column, "is empty: every row needs the document's number, e.g. 29-NQ/TW")
    bare = _NUMBER_LEAD.sub("", text, count=1) if _NUMBER_LEAD.match(text) else text
    found = find_numbers(bare)
    if len(found) != 1 or found[0].start != 0 or bare[found[0].end:].strip(" .;,"):
        raise _Bad(column, f"{text!r} is not a document number (write it as 29-NQ/TW or 15/2020/NĐ-CP)")
    return found[0]


def read_date(value: Any, column: str = "Ngày ban hành") -> DateValue | None:
    """A date cell: an Excel date, or text in any form the date parser reads; None when empty.

    >>> [read_date(v).iso() for v in ("ngày 4 tháng 11 năm 2013", "27/9/2019", _dt.datetime(2013, 11, 4))]
    ['2013-11-04', '2019-09-27', '2013-11-04']
    >>> read_date("31/2/2020")
    Traceback (most recent call last):
    kb.ingest.register._Bad: '31/2/2020' is not a date (write it as 27/9/2019 or ngày 27 tháng 9 năm 2019)
    """
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return DateValue.of(value.year, value.month, value.day)
    text = _text(value)
    if not text:
        return None
    found = parse_date(text)
    if found is None:
        raise _Bad(column, f"{text!r} is not a date (write it as 27/9/2019 or ngày 27 tháng 9 năm 2019)")
    return found


def read_term(text: str, column: str = "Khóa") -> str | None:
    """A term cell ('XI', 'khóa XI', 'Khoá 11') as the roman numeral of a known congress.

    >>> read_term("khóa XI"), read_term("12"), read_term("")
    ('XI', 'XII', None)
    """
    if not text:
        return None
    core = re.sub(r"^(?:khoa|term)\s*", "", fold(text)).strip(" .()").upper()
    known = [c.name for c in congresses()]
    if core.isdigit() and 1 <= int(core) <= len(known):
        return known[int(core) - 1]
    if _ROMAN.fullmatch(core) and core in known:
        return core
    raise _Bad(column, f"{text!r} is not a Party term (khóa I to {known[-1]}, e.g. XI or 11)")


def _check_body(body: str, number: NumberMatch, column: str) -> None:
    known = tables().bodies.get(" ".join(fold(body).split()))
    if known and number.issuer and known[1] != number.issuer:
        raise _Bad(column, f"{body!r} issues -{known[1]} documents, but {number.canonical} is a "
                           f"{number.issuer} number")


def _check_type(word: str, number: NumberMatch, column: str) -> None:
    abbrs = tables().word_types.get(" ".join(fold(word).split()))
    if abbrs is None and fold(word).upper() == fold(number.doc_type or "").upper():
        return
    if abbrs and number.doc_type not in abbrs:
        raise _Bad(column, f"{word!r} is not the type of {number.canonical} ({number.doc_type})")


def _check_date(date: DateValue | None, term: str | None, number: NumberMatch, cols: dict[str, str]) -> None:
    if date is None:
        return
    year = re.search(r"/((?:19|20)\d\d)/", number.canonical) if number.family == "state" else None
    if year and not date.start_date.year <= int(year[1]) <= date.end_date.year:
        raise _Bad(cols["date"], f"{date.display()} is not in {year[1]}, the year in the number "
                                 f"{number.canonical}")
    if term and number.family == "party":
        possible = terms_for(date)
        if possible and term not in possible:
            raise _Bad(cols["term"], f"khóa {term}, but {date.display()} falls in khóa "
                                     f"{' or '.join(possible)}")


def _check_source(text: str, column: str) -> str | None:
    if not text:
        return None
    parsed = urlparse(text)
    if parsed.scheme in ("http", "https") and parsed.netloc and " " not in text:
        return text
    if parsed.scheme or (" " not in text and re.match(r"(?:www\.)?[\w-]+\.[a-z]{2,}(?:/|$)", text)):
        raise _Bad(column, f"{text!r} is not a full web address (start it with https://)")
    return text  # a written source: a book and its page


def parse_row(table: Table, path: str, rownum: int, cells: tuple[Any, ...]) -> RegisterRow | RowError | None:
    """Check one row; None for an empty row."""
    def cell(name: str) -> Any:
        i = table.columns.get(name)
        return cells[i] if i is not None and i < len(cells) else None

    names = {name: table.headers[i] for name, i in table.columns.items()}
    if not any(_text(cell(name)) for name in table.columns):
        return None
    where = f"{table.label}!{rownum}" if table.label else str(rownum)
    try:
        number = read_number(_text(cell("number")), names["number"])
        date = read_date(cell("date"), names.get("date", "date")) if "date" in names else None
        term = read_term(_text(cell("term")), names.get("term", "term")) if "term" in names else None
        body, type_word = _text(cell("issuer")) or None, _text(cell("type")) or None
        if body:
            _check_body(body, number, names["issuer"])
        if type_word:
            _check_type(type_word, number, names["type"])
        _check_date(date, term, number, names)
        source = _check_source(_text(cell("source")), names.get("source", "source"))
    except _Bad as bad:
        return RowError(path, where, bad.column, bad.reason)
    return RegisterRow(where, number, date, body, type_word, _text(cell("title")) or None, term, source,
                       _text(cell("note")) or None)


def read_register(path: str | Path, max_bytes: int, encoding: str = "auto"
                  ) -> tuple[list[RegisterRow | RowError], tuple[str, ...]]:
    """Every row of a register file, good and bad in file order, and the headers left unread.

    Raises an :class:`~kb.ingest.errors.IngestError` when the file as a whole cannot be read.
    """
    path = Path(path)
    rows: list[RegisterRow | RowError] = []
    unread: list[str] = []
    for table in read_tables(path, max_bytes, encoding):
        unread += [h for h in table.unread if h not in unread]
        for rownum, cells in table.rows:
            parsed = parse_row(table, str(path), rownum, cells)
            if parsed is not None:
                rows.append(parsed)
    return rows, tuple(unread)
