"""Cross-check a pasted text: each sentence that ties a document or an event to a date is compared
with the corpus record and reported as ``agrees``, ``differs`` (with the record's dates and their
sources) or ``unknown`` (no record, or a record with no date, or a date with no year).

A document's date is the one the citation engine attaches to its number (after it, across a line
break or a footnote mark, or opening a sentence that says the document was issued then; never an
effective date), so ``kb check`` and ``kb crosscheck`` follow one rule.

A written date agrees when it and one of the record's dates contain one another: "năm 2019" agrees
with 27/9/2019, and "26/1/2021" with the congress of 25/1–1/2/2021; otherwise it differs. A
disputed record agrees when any side does.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kb.chronicle import SourcedClaim, sourced, sourced_to_json
from kb.clean import fold, has_marks
from kb.dates import DateMention, find_dates, mention_to_json
from kb.models import Corpus, DateValue, Record

# the citation engine knows every variant of a number (52/NQ-TW, 52-nqtw…) and which date is its own
from kb.citations.find import find_citations as _find_citations
from kb.citations.numbers import find_numbers as _find_numbers

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


@dataclass(frozen=True)
class Claim:
    """A sentence's tie between a subject (document number or event name) and a date."""

    subject: str  # as written
    kind: str  # document | event
    date: DateMention
    sentence: str
    start: int  # offsets of the subject … date stretch in the checked text
    end: int
    verdict: str  # agrees | differs | unknown
    record_id: str | None = None
    record_title: str | None = None
    record_dates: tuple[SourcedClaim, ...] = ()
    candidates: tuple[str, ...] = ()  # other records the subject may mean (same number, other term)

    @property
    def disputed(self) -> bool:
        """True when the record's own sources disagree (the verdict then names the side it matches)."""
        return len({c.value for c in self.record_dates}) > 1


@dataclass(frozen=True)
class _Subject:
    start: int
    end: int
    text: str
    kind: str
    records: tuple[Record, ...]
    date_start: int | None = None  # where the citation engine says this document's date is written


def _numbers(text: str) -> list[tuple[int, int, str, str, int | None]]:
    """(start, end, written, canonical, date start) of every document number.

    The date is the one the citation engine attaches (after the number, across a line break or a
    footnote mark, or opening a sentence that says the document was issued then); an effective
    date ("có hiệu lực từ ngày …") is not attached.
    """
    dated = {c.end: c.date_start for c in _find_citations(text) if c.family != "named"}
    return [(n.start, n.end, n.text, n.canonical, dated.get(n.end)) for n in _find_numbers(text)]


def _event_pattern(corpus: Corpus, folded: bool) -> tuple[re.Pattern[str] | None, dict[str, list[Record]]]:
    """One pattern for every event name and alias, longest first, and the events each name means."""
    names: dict[str, list[Record]] = {}
    for event in corpus.events:
        for name in (event.title, *event.aliases):
            key = fold(name) if folded else name.lower()
            if len(key) >= 4 and event not in names.setdefault(key, []):
                names[key].append(event)
    if not names:
        return None, names
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)"), names


def _subjects(text: str, corpus: Corpus) -> list[_Subject]:
    by_number: dict[str, list[Record]] = {}
    for doc in corpus.documents:
        if doc.number:
            by_number.setdefault(doc.number, []).append(doc)
    out = [_Subject(s, e, w, "document", tuple(by_number.get(c, ())), d) for s, e, w, c, d in _numbers(text)]
    folded = not has_marks(text)
    key = fold(text) if folded else text.lower()
    pattern, names = _event_pattern(corpus, folded)
    if pattern is not None and len(key) == len(text):
        taken = [(s.start, s.end) for s in out]
        for m in pattern.finditer(key):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                out.append(_Subject(m.start(), m.end(), text[m.start():m.end()], "event", tuple(names[m.group()])))
    return sorted(out, key=lambda s: s.start)


def _contains(a: DateValue, b: DateValue) -> bool:
    return a.start_date <= b.start_date and b.end_date <= a.end_date


def _verdict(written: DateValue | None, records: tuple[Record, ...]) -> tuple[str, Record | None]:
    """The verdict and the record it concerns (the agreeing one when several could be meant)."""
    dated = [r for r in records if r.date_claims]
    if written is None or not dated:
        return "unknown", records[0] if records else None
    for record in dated:
        if any(_contains(written, c.value) or _contains(c.value, written) for c in record.date_claims):
            return "agrees", record
    return "differs", dated[0]


def _sentences(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return [(a, b) for a, b in bounds if b > a]


def _pair(subject: _Subject, following: _Subject | None, dates: list[DateMention], used: set[int],
          all_dates: list[DateMention]) -> DateMention | None:
    """The date a subject is tied to: the engine's date of a document, nearest to an event name."""
    if subject.kind == "document":
        return next((d for d in all_dates if d.start == subject.date_start and d.start not in used), None)
    free = [d for d in dates if d.start not in used]
    return min(free, key=lambda d: max(d.start - subject.end, subject.start - d.end), default=None)


def crosscheck(text: str, corpus: Corpus, default_year: int | None = None) -> list[Claim]:
    """Every document-or-event-to-date tie in ``text``, with its verdict against ``corpus``.

    Args:
        text: pasted text (any normalisation; offsets refer to it as given).
        corpus: the records to check against.
        default_year: passed to :func:`kb.dates.find_dates` for dates written without a year.

    Returns:
        Claims in text order; a subject with no date near it makes no claim.
    """
    all_dates = find_dates(text, default_year=default_year)
    subjects = _subjects(text, corpus)
    out: list[Claim] = []
    for lo, hi in _sentences(text):
        dates = [d for d in all_dates if lo <= d.start and d.end <= hi]
        here = [s for s in subjects if lo <= s.start and s.end <= hi]
        used: set[int] = set()
        for kind in ("document", "event"):  # citations claim their dates first
            for i, subject in enumerate(here):
                if subject.kind != kind:
                    continue
                date = _pair(subject, here[i + 1] if i + 1 < len(here) else None, dates, used, all_dates)
                if date is None:
                    continue
                used.add(date.start)
                verdict, record = _verdict(date.value, subject.records)
                others = tuple(r.id for r in subject.records if r is not record)
                out.append(Claim(
                    subject.text, kind, date, text[lo:hi], min(subject.start, date.start),
                    max(subject.end, date.end), verdict, record.id if record else None,
                    record.title if record else None,
                    tuple(sourced(record, c) for c in record.date_claims) if record else (), others))
    return sorted(out, key=lambda c: c.start)


def claim_to_json(claim: Claim) -> dict[str, Any]:
    """The JSON shape of ``kb crosscheck --json``."""
    return {
        "subject": claim.subject, "kind": claim.kind, "verdict": claim.verdict, "disputed": claim.disputed,
        "date": mention_to_json(claim.date), "sentence": claim.sentence, "start": claim.start,
        "end": claim.end, "record_id": claim.record_id, "record_title": claim.record_title,
        "record_dates": [sourced_to_json(c) for c in claim.record_dates],
        "candidates": list(claim.candidates),
    }

