"""Frozen results of the citation pipeline: what was found, and what resolving it showed."""
from __future__ import annotations

from dataclasses import dataclass, field

from kb.models import DateValue, Document



@dataclass(frozen=True)
class Citation:
    """One reference found in a text, with the parts written around it.

    ``start``/``end`` cover the type word (when written) through the number or name; the parts
    after it (date, body, term, subject) keep their own written text. ``canonical`` is the number
    (``52-NQ/TW``, ``15/2020/NĐ-CP``) or, for a named reference, its name (``Chỉ thị 05``).
    """

    start: int
    end: int
    text: str
    family: str  # party, state or named
    canonical: str
    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    type_name: str | None = None  # the type word as data names it: 'Quy định', 'Nghị quyết'
    date: DateValue | None = None
    date_text: str | None = None
    body: str | None = None
    term: str | None = None  # written "khóa", roman numeral
    subject: str | None = None
    header: bool = False  # from a document header ("Số: 36-HD/VPTW")
    date_start: int | None = None  # where the attached date is written (it may precede the citation)
    date_end: int | None = None


@dataclass(frozen=True)
class Problem:
    """Why a citation is not simply ``found``.

    ``kind`` is ``mismatch`` (written and recorded disagree), ``dispute`` (the record's own
    sources disagree; not the writer's fault) or ``unchecked`` (nothing to compare).
    """

    kind: str
    part: str  # date, body, term or subject
    written: str | None = None
    recorded: str | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None

    def to_json(self) -> dict:
        return {"kind": self.kind, "part": self.part, "written": self.written, "recorded": self.recorded,
                "sources": list(self.sources), "note": self.note}


@dataclass(frozen=True)
class Resolution:
    """The outcome of matching one citation against the records."""

    status: str  # found, ambiguous, not_found or mismatch
    record: Document | None = None
    candidates: tuple[Document, ...] = ()
    problems: tuple[Problem, ...] = ()
    checked: tuple[str, ...] = field(default=())

    @property
    def unchecked(self) -> tuple[str, ...]:
        return tuple(p.part for p in self.problems if p.kind == "unchecked")
