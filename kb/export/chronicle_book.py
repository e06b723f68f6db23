"""The chronicle as a Vietnamese "Biên niên sự kiện" book: a Word document (python-docx) an editor
can open, correct and print, and the words each entry opens with.

Layout, as such books are set: a title page naming the period, one heading per year, then one
paragraph per event in date order, "Ngày 12/3/2015: …" with the date written at the precision the
sources give ("Tháng 8/1945: …", "Năm 1930: …", "Từ ngày 12 đến ngày 19/1/2011: …"). A disputed
date is written with the other value beside it, "22/1/1931 (có nguồn ghi 23/1/1931)", the
primary source's value first. Each entry ends with numbered source marks ([1], [2]) that point
into one numbered source list at the end of the book (python-docx has no footnote API; a
numbered list prints the same information and survives copy-paste into another document).
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH

from kb.chronicle import YearGroup
from kb.models import DateValue, Event, Source, primary_first

_LEADS = {"day": "Ngày", "month": "Tháng", "quarter": "Quý", "year": "Năm"}


def date_words(value: DateValue) -> str:
    """A date as a chronicle entry writes it, without the opening word.

    >>> [date_words(DateValue.parse(s)) for s in ("2015-03-12", "1945-08", "1930", "2020-Q1")]
    ['12/3/2015', '8/1945', '1930', 'I/2020']
    >>> date_words(DateValue.parse("2011-01-12/2011-01-19"))
    '12 đến ngày 19/1/2011'
    >>> date_words(DateValue.parse("1996-06-28/1996-07-01"))
    '28/6 đến ngày 1/7/1996'
    """
    if value.precision == "range" and value.start and value.end:
        a, b = value.start, value.end
        if a.precision == b.precision == "day":
            s, e = a.start_date, b.start_date
            head = f"{s.day}" if (s.year, s.month) == (e.year, e.month) else \
                f"{s.day}/{s.month}" if s.year == e.year else f"{s.day}/{s.month}/{s.year}"
            return f"{head} đến ngày {e.day}/{e.month}/{e.year}"
        return f"{_plain(a)} đến {_plain(b)}"
    return _plain(value)


def _plain(value: DateValue) -> str:
    shown = value.display()
    for prefix in ("tháng ", "quý ", "năm "):
        shown = shown.removeprefix(prefix)
    return shown


def lead(value: DateValue) -> str:
    """The words an entry opens with, capitalised.

    >>> lead(DateValue.parse("2015-03-12")), lead(DateValue.parse("1945-08")), lead(DateValue.parse("1930"))
    ('Ngày 12/3/2015', 'Tháng 8/1945', 'Năm 1930')
    >>> lead(DateValue.parse("2011-01-12/2011-01-19"))
    'Từ ngày 12 đến ngày 19/1/2011'
    >>> lead(DateValue.parse("2020-H1"))
    '6 tháng đầu năm 2020'
    """
    if value.precision == "range":
        start = value.start.precision if value.start else "day"
        return f"Từ {'ngày ' if start == 'day' else ''}{date_words(value)}"
    if value.precision == "half":
        return value.display()
    return f"{_LEADS[value.precision]} {date_words(value)}"


def entry_date(event: Event) -> str:
    """An event's date as its entry opens: every distinct value, the primary source's first.

    >>> from kb.models import DateClaim
    >>> e = Event("e", "event", "Hội nghị", (Source("a", "A"), Source("b", "B")), dates=(
    ...     DateClaim(DateValue.parse("1931-01-22"), ("a",)), DateClaim(DateValue.parse("1931-01-23"), ("b",))))
    >>> entry_date(e)
    'Ngày 22/1/1931 (có nguồn ghi 23/1/1931)'
    """
    values = list(dict.fromkeys(c.value for c in primary_first(event, event.dates)))
    if not values:
        return "Chưa rõ ngày"
    others = ", ".join(date_words(v) for v in values[1:])
    return lead(values[0]) + (f" (có nguồn ghi {others})" if others else "")


@dataclass
class _SourceList:
    """Sources numbered in order of first use, each printed once."""

    items: list[Source]

    def number(self, source: Source) -> int:
        key = (source.title, source.url, source.page)
        for i, s in enumerate(self.items, 1):
            if (s.title, s.url, s.page) == key:
                return i
        self.items.append(source)
        return len(self.items)


def source_line(s: Source) -> str:
    """A source as the book's list prints it."""
    parts = [s.title] + [p for p in (s.page, s.url) if p]
    return ", ".join(parts)


def period_words(events: list[Event]) -> str:
    """"Giai đoạn 2011 – 2020" from the first and last year the events cover (for a title page
    when no filter names the period)."""
    years = [c.value.start_date.year for e in events for c in e.dates]
    if not years:
        return "Chưa có sự kiện"
    lo, hi = min(years), max(years)
    return f"Năm {lo}" if lo == hi else f"Giai đoạn {lo} – {hi}"


def chronicle_docx(years: list[YearGroup], period: str, title: str = "Biên niên sự kiện") -> bytes:
    """The Word document for ``years`` (as :func:`kb.chronicle.timeline` groups them)."""
    doc = DocxDocument()
    doc.core_properties.title = f"{title} {period}".strip()
    doc.core_properties.language = "vi-VN"
    head = doc.add_heading(title.upper(), level=0)
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = doc.add_paragraph(period)
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    total = sum(y.count for y in years)
    doc.add_paragraph(f"{total} sự kiện, xếp theo thời gian; mỗi mục ghi nguồn theo danh mục cuối sách.")
    doc.add_page_break()
    sources = _SourceList([])
    for year in years:
        doc.add_heading(f"Năm {year.year}", level=1)
        for month in year.months:
            for event in month.events:
                para = doc.add_paragraph()
                para.add_run(entry_date(event) + ": ").bold = True
                para.add_run(event.title.rstrip(".") + ".")
                marks = "".join(f"[{sources.number(s)}]" for s in event.sources)
                if marks:
                    para.add_run(" " + marks)
                if event.text.strip():
                    doc.add_paragraph(" ".join(event.text.split()))
    if sources.items:
        doc.add_heading("Nguồn", level=1)
        for i, s in enumerate(sources.items, 1):
            doc.add_paragraph(f"[{i}] {source_line(s)}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
