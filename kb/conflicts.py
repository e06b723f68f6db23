"""Every date conflict the corpus holds: between a record's own sources, and between a record and
the date another corpus text writes next to a citation of it.

The second kind is found by running :func:`kb.crosscheck.crosscheck` over each record's text: a
citation ("Chỉ thị 49-CT/TW, ngày 21/3/2005") whose written date contains none of the cited record's
claims, and is contained by none, becomes a conflict of field ``citation``: the record's sides, then
one side per written value with the citing texts as its sources. Decisions:

- A written date that agrees with any side of an already disputed record adds nothing: that
  disagreement is listed once, from the record's own claims.
- Only citations (document numbers) count. An event name near a date in running prose is too loose
  a tie to accuse a source of a wrong date; :mod:`kb.crosscheck` still reports it for pasted text.
- A date whose year was not written (taken from context), a lunar date, or a partial one is never
  held against a record: the product does not build a conflict out of a year it guessed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kb.chronicle import Conflict, SourcedClaim, list_conflicts, merged_sides, sourced_to_json
from kb.crosscheck import Claim, crosscheck
from kb.models import Corpus, DateClaim, DateValue, Record, Source


@dataclass(frozen=True)
class CitedClaim(SourcedClaim):
    """A side made of corpus texts that write this date beside a citation: ``cited_in`` are their ids."""

    cited_in: tuple[str, ...] = ()


def _counts(claim: Claim) -> bool:
    """A citation with a date written in full, found to differ from the cited record."""
    d = claim.date
    return (claim.kind == "document" and claim.verdict == "differs" and claim.record_id is not None
            and d.value is not None and not d.year_inferred and not d.lunar and not d.partial)


def cited_dates(corpus: Corpus) -> list[tuple[Record, Claim]]:
    """(citing record, claim) for every citation in a corpus text whose date differs from the record."""
    out = []
    for record in corpus.records():
        if record.text:
            out.extend((record, c) for c in crosscheck(record.text, corpus) if _counts(c))
    return out


def cited_conflicts(corpus: Corpus) -> list[Conflict]:
    """One ``citation`` conflict per cited record whose date some corpus text writes differently.

    Returns:
        Conflicts in the order the cited records first appear; each written value is one side,
        its sources the citing records (title, and path as the page), its note the words written.
    """
    written: dict[str, dict[DateValue, list[tuple[Record, Claim]]]] = {}
    for citing, claim in cited_dates(corpus):
        assert claim.record_id is not None and claim.date.value is not None
        written.setdefault(claim.record_id, {}).setdefault(claim.date.value, []).append((citing, claim))
    out = []
    for record_id, by_value in written.items():
        record = corpus.get(record_id)
        assert record is not None
        sides: list[SourcedClaim] = list(merged_sides(record, record.date_claims))
        for value, found in by_value.items():
            citing = list({r.id: r for r, _ in found}.values())
            sources = tuple(Source(r.id, r.title, page=r.path or None) for r in citing)
            note = "; ".join(f"{r.title}: «{r.text[c.start:c.end]}»" for r, c in found)
            sides.append(CitedClaim(value, sources, note, tuple(r.id for r in citing)))
        out.append(Conflict(record.id, record.kind, record.title, "citation", tuple(sides)))
    return out


def all_conflicts(corpus: Corpus) -> list[Conflict]:
    """The records' own disagreements first, then the citation ones."""
    return list_conflicts(corpus) + cited_conflicts(corpus)


def side_to_json(claim: SourcedClaim) -> dict[str, Any]:
    """One side as JSON: :func:`kb.chronicle.sourced_to_json` plus, for a citation side, the ids of
    the texts that write it."""
    out = sourced_to_json(claim)
    out["cited_in"] = list(claim.cited_in) if isinstance(claim, CitedClaim) else []
    return out


FIELD_LABELS = {"date": "ngày", "birth": "ngày sinh", "death": "ngày mất", "citation": "ngày ghi khi dẫn"}


def conflict_json(conflict: Conflict) -> dict[str, Any]:
    """The JSON shape of ``kb conflicts --json`` and ``/conflicts.json``.

    >>> from kb.models import Document
    >>> doc = Document("d", "document", "D", (Source("a", "A"), Source("b", "B")), dates=(
    ...     DateClaim(DateValue.parse("2005-02-21"), ("a",)), DateClaim(DateValue.parse("2005-12-21"), ("b",))))
    >>> j = conflict_json(list_conflicts(Corpus(documents=(doc,)))[0])
    >>> j["field_label"], [c["display"] for c in j["claims"]]
    ('ngày', ['21/2/2005', '21/12/2005'])
    """
    return {
        "record_id": conflict.record_id, "kind": conflict.kind, "title": conflict.title,
        "field": conflict.field, "field_label": FIELD_LABELS.get(conflict.field, conflict.field),
        "claims": [side_to_json(c) for c in conflict.claims],
    }
