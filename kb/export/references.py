"""A record as a reference manager sees it: one neutral :class:`Reference`, written out as RIS
(``rispy``) or CSL-JSON, and the Highwire ``citation_*`` / Dublin Core ``DC.*`` meta tags that
Zotero's browser connector reads from a page.

One mapping feeds all three, so a document saved from its page, from ``.ris`` and from
``.csl.json`` carries the same title, number, date and issuer. A disputed date is exported as
the earliest day any source gives (tools hold one date) and the disagreement goes in the note.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import rispy

from kb.citations.format import standard_citation
from kb.models import DateValue, Document, Event, Record

LANGUAGE = "vi"
PUBLISHER = "Đảng Cộng sản Việt Nam"


@dataclass(frozen=True)
class Reference:
    """What reference formats share; ``url`` is the record page's absolute URL."""

    id: str
    kind: str  # document, article, event
    title: str
    url: str
    date: DateValue | None = None
    number: str | None = None
    issuer: str | None = None  # who issued or signed, written out (Bộ Chính trị)
    author: str | None = None
    abstract: str | None = None
    note: str | None = None
    keywords: tuple[str, ...] = field(default_factory=tuple)

    def date_parts(self) -> list[int]:
        """[year, month?, day?] at the precision known (CSL's ``date-parts``).

        >>> Reference("a", "document", "A", "u", DateValue.parse("2019-09")).date_parts()
        [2019, 9]
        >>> Reference("a", "event", "A", "u", DateValue.parse("2011-01-12/2011-01-19")).date_parts()  # its first day
        [2011, 1, 12]
        """
        if self.date is None:
            return []
        first = self.date.start if self.date.precision == "range" and self.date.start else self.date
        d = first.start_date
        depth = {"day": 3, "month": 2}.get(first.precision, 1)
        return [d.year, d.month, d.day][:depth]


def reference(record: Record, url: str) -> Reference:
    """The neutral reference of a document, article or event (people are not cited this way).

    >>> from kb.models import DateClaim, Source
    >>> d = Document("nq-52", "document", "Nghị quyết 52-NQ/TW", (Source("s", "seed"),),
    ...     number="52-NQ/TW", doc_type="NQ", issuer="TW", body="Bộ Chính trị",
    ...     dates=(DateClaim(DateValue.of(2019, 9, 27), ("s",)),))
    >>> r = reference(d, "http://x/documents/nq-52")
    >>> r.number, r.issuer, r.date_parts()
    ('52-NQ/TW', 'Bộ Chính trị', [2019, 9, 27])
    """
    claims = record.date_claims
    value = record.date
    note = None
    if value is None and claims:  # disputed: the earliest day, and every value in the note
        first = min(claims, key=lambda c: c.value.start_date).value
        value = first
        shown = ", ".join(dict.fromkeys(c.value.display() for c in claims))
        note = f"Các nguồn ghi ngày khác nhau: {shown}"
    if isinstance(record, Document):
        issuer = record.body or record.issuer
        abstract = record.summary or record.subject
        citation = standard_citation(record) if record.number else None
        note = "; ".join(x for x in (citation and f"Trích dẫn chuẩn: {citation}", note) if x) or None
        return Reference(record.id, record.kind, record.title, url, value, record.number, issuer,
                         record.author, abstract, note, tuple(record.aliases))
    if isinstance(record, Event):
        return Reference(record.id, "event", record.title, url, value, None, None, None,
                         record.text.strip() or None, note, tuple(record.places))
    raise TypeError(f"no reference form for a {record.kind}")


# RIS types: GOVDOC for Party and state documents, NEWS-like articles as GEN, events as GEN too.
_RIS_TYPES = {"document": "GOVDOC", "article": "GEN", "event": "GEN"}
_CSL_TYPES = {"document": "legislation", "article": "article", "event": "event"}


class _Writer(rispy.RisWriter):
    """RIS without rispy's "1." counter line before each entry, which Zotero's importer does not
    expect: an entry starts at its ``TY`` line."""

    def set_header(self, count: int) -> str:
        return ""


def to_ris(refs: list[Reference]) -> str:
    """References as RIS text (one entry each), written by ``rispy``.

    >>> print(to_ris([Reference("a", "document", "Nghị quyết 52-NQ/TW", "http://x/a",
    ...     DateValue.parse("2019-09-27"), "52-NQ/TW", "Bộ Chính trị")]).splitlines()[0])
    TY  - GOVDOC
    """
    entries = []
    for r in refs:
        e: dict = {"type_of_reference": _RIS_TYPES.get(r.kind, "GEN"), "title": r.title, "urls": [r.url],
                   "language": LANGUAGE, "id": r.id}
        if r.date is not None:
            parts = r.date_parts()
            e["year"] = str(parts[0])
            e["date"] = "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))
        if r.number:
            e["number"] = r.number
        if r.issuer:
            e["publisher"] = r.issuer
            e["authors"] = [r.issuer]
        elif r.author:
            e["authors"] = [r.author]
        if r.abstract:
            e["abstract"] = r.abstract
        if r.note:
            e["notes"] = [r.note]
        if r.keywords:
            e["keywords"] = list(r.keywords)
        entries.append(e)
    return rispy.dumps(entries, implementation=_Writer)


def to_csl(r: Reference) -> dict:
    """One reference as a CSL-JSON item (the format Zotero, Mendeley and citeproc read).

    >>> to_csl(Reference("a", "document", "A", "http://x/a", DateValue.parse("2019-09"), "52-NQ/TW"))["issued"]
    {'date-parts': [[2019, 9]]}
    """
    item: dict = {"id": r.id, "type": _CSL_TYPES.get(r.kind, "document"), "title": r.title, "URL": r.url,
                  "language": LANGUAGE}
    if r.date is not None:
        item["issued"] = {"date-parts": [r.date_parts()]}
    if r.number:
        item["number"] = r.number
    if r.issuer:
        item["authority"] = r.issuer
        item["author"] = [{"literal": r.issuer}]
        item["publisher"] = PUBLISHER
    elif r.author:
        item["author"] = [{"literal": r.author}]
    if r.abstract:
        item["abstract"] = r.abstract
    if r.note:
        item["note"] = r.note
    return item


def meta_tags(r: Reference) -> list[tuple[str, str]]:
    """(name, content) pairs for a page's ``<meta>`` tags: Highwire Press ``citation_*`` (what
    Zotero's connector reads on a page with no other metadata) and Dublin Core ``DC.*``.

    >>> dict(meta_tags(Reference("a", "document", "A", "http://x/a", DateValue.parse("2019-09-27"))))["citation_date"]
    '2019/09/27'
    """
    tags = [("citation_title", r.title), ("citation_language", LANGUAGE),
            ("citation_public_url", r.url), ("DC.title", r.title), ("DC.language", LANGUAGE),
            ("DC.identifier", r.url), ("DC.type", "Text" if r.kind != "event" else "Event")]
    if r.date is not None:
        parts = r.date_parts()
        tags += [("citation_date", "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))),
                 ("DC.date", "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts)))]
    if r.issuer:
        tags += [("citation_publisher", r.issuer), ("citation_author", r.issuer),
                 ("DC.publisher", r.issuer), ("DC.creator", r.issuer)]
    elif r.author:
        tags += [("citation_author", r.author), ("DC.creator", r.author)]
    if r.number:
        tags += [("citation_technical_report_number", r.number), ("DC.identifier", r.number)]
    if r.abstract:
        tags += [("DC.description", r.abstract[:500])]
    return tags
