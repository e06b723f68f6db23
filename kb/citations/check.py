"""The editor's tools: check every citation in a text, or look one up from any written form."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kb.citations.data import tables
from kb.citations.find import find_citations
from kb.citations.format import standard_citation
from kb.citations.model import Citation, Resolution
from kb.citations.numbers import loose_keys
from kb.citations.resolve import RecordIndex, record_term, resolve
from kb.citations.terms import term_for
from kb.models import Document


@dataclass(frozen=True)
class CheckedCitation:
    """A citation and what resolving it showed."""

    citation: Citation
    resolution: Resolution

    @property
    def status(self) -> str:
        return self.resolution.status

    @property
    def standard(self) -> str | None:
        """The standard citation of the matched record, when there is one."""
        r = self.resolution.record
        return standard_citation(r) if r else None

    def to_json(self) -> dict:
        """Plain dict for ``--json`` and ``/api/check``; ``date`` is ISO at the precision written.

        ``term`` is the term as written, else the one the written date settles, else null.
        """
        c, r = self.citation, self.resolution
        term = c.term or (term_for(c.date) if c.date and c.family != "state" else None)
        return {
            "text": c.text, "start": c.start, "end": c.end, "family": c.family, "canonical": c.canonical,
            "type": c.doc_type, "type_name": c.type_name, "number": c.number, "issuer": c.issuer,
            "date": c.date.iso() if c.date else None, "body": c.body, "term": term, "subject": c.subject,
            "status": r.status, "record_id": r.record.id if r.record else None,
            "candidates": [_candidate(d) for d in r.candidates if d is not r.record],
            "problems": [p.to_json() for p in r.problems], "standard": self.standard,
        }


def _candidate(d: Document) -> dict:
    return {"record_id": d.id, "number": d.number, "term": record_term(d),
            "date": d.date.iso() if d.date else None, "standard": standard_citation(d)}


def check_text(text: str, records: Iterable[Document] | RecordIndex) -> list[CheckedCitation]:
    """Find and resolve every citation in ``text``.

    Args:
        text: a draft or any document text.
        records: the documents to resolve against (or a prebuilt :class:`RecordIndex`).
    Returns:
        one :class:`CheckedCitation` per citation, in text order.
    """
    idx = records if isinstance(records, RecordIndex) else RecordIndex(records)
    return [CheckedCitation(c, resolve(c, idx)) for c in find_citations(text)]


def _from_key(query: str, key: str) -> Citation:
    """A named citation built from an issuer-free query key ('52-NQ' from "NQ 52")."""
    number, _, abbr = key.partition("-")
    names = tables().type_names.get(next((a for a in tables().type_names if a.upper() == abbr), abbr), ())
    name = names[0] if names else abbr
    if "quy dinh" in query.lower() or "quy định" in query.lower():
        name = "Quy định"
    return Citation(0, len(query), query, "named", f"{name} {number}", number, abbr, None, name)


def cite(query: str, records: Iterable[Document] | RecordIndex) -> CheckedCitation | None:
    """Look up one citation from any written form ("NQ 52", "52/NQ-TW", "Nghị quyết số 52").

    Returns:
        the first citation of the query resolved, or None when the query names no document.
    """
    idx = records if isinstance(records, RecordIndex) else RecordIndex(records)
    found = find_citations(query)
    if found:
        return CheckedCitation(found[0], resolve(found[0], idx))
    keys = [k for k in loose_keys(query) if "/" not in k]
    if not keys:
        return None
    c = _from_key(query, keys[0])
    return CheckedCitation(c, resolve(c, idx))
