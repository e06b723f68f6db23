"""The standard way to cite a record: type word, "số", number, date, body, subject."""
from __future__ import annotations

from kb.citations.data import tables
from kb.clean import fold
from kb.models import Document


def type_name(doc: Document) -> str | None:
    """The type word for a record; for QĐ the title decides between Quyết định and Quy định."""
    names = tables().type_names.get(doc.doc_type or "", ())
    if len(names) > 1:
        title = fold(doc.title)
        return next((n for n in names if title.startswith(fold(n))), names[0])
    return names[0] if names else None


def date_text(doc: Document) -> str | None:
    """The record's date as cited; a disputed date shows every claim, never a chosen one."""
    claims = doc.date_claims
    if not claims:
        return None
    if doc.date is not None:
        shown = doc.date.display()
        return f"ngày {shown}" if doc.date.precision == "day" else shown
    values = list(dict.fromkeys(c.value.display() for c in claims))
    return f"ngày {values[0]} (nguồn khác ghi: {', '.join(values[1:])})"


def standard_citation(doc: Document) -> str:
    """Format a record the way documents cite it.

    >>> from kb.models import DateClaim, DateValue, Document, Source
    >>> d = Document("nq-52", "document", "Nghị quyết 52-NQ/TW", (Source("s", "seed"),),
    ...     number="52-NQ/TW", doc_type="NQ", body="Bộ Chính trị",
    ...     dates=(DateClaim(DateValue.of(2019, 9, 27), ("s",)),),
    ...     subject="một số chủ trương, chính sách chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư")
    >>> standard_citation(d)
    'Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị về một số chủ trương, chính sách chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư'
    """
    parts = []
    name = type_name(doc)
    if doc.number:
        parts.append(f"{name} số {doc.number}" if name else doc.number)
    else:
        parts.append(doc.title)
    if (when := date_text(doc)) is not None:
        parts.append(when)
    if doc.body:
        parts.append(f"của {doc.body}")
    if doc.subject:
        subject = _lower_first(doc.subject.strip())
        parts.append(subject if fold(subject).startswith("ve ") else f"về {subject}")
    return " ".join(parts)


def _lower_first(subject: str) -> str:
    """Subjects run on after "về", so a capital that only opened a title drops to lowercase;
    a proper name (two capitalised words, or an all-caps word) keeps its capitals.

    >>> _lower_first("Một số chủ trương"), _lower_first("Hồ Chí Minh"), _lower_first("ASEAN")
    ('một số chủ trương', 'Hồ Chí Minh', 'ASEAN')
    """
    words = subject.split()
    if not words or words[0].isupper() or (len(words) > 1 and words[1][:1].isupper()):
        return subject
    return subject[0].lower() + subject[1:]
