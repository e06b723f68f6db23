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

from kb.chronicle import Conflict, SourcedClaim, fineness, list_conflicts, merged_sides, sourced, sourced_to_json
from kb.chronicle_meetings import event_key
from kb.crosscheck import Claim, crosscheck
from kb.models import Corpus, DateValue, Event, Record, Source


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
    out: list[tuple[Record, Claim]] = []
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
            texts = list({r.id: r for r, _ in found}.values())
            sources = tuple(Source(r.id, r.title, page=r.path or None) for r in texts)
            note = "; ".join(f"{r.title}: «{r.text[c.start:c.end]}»" for r, c in found)
            sides.append(CitedClaim(value, sources, note, tuple(r.id for r in texts)))
        out.append(Conflict(record.id, record.kind, record.title, "citation", tuple(sides)))
    return out


def _agrees(coarse: DateValue, fine: DateValue) -> bool:
    """A date written coarser that covers a finer one ("tháng 12-1997", 22–29/12/1997) agrees with it."""
    return fineness(coarse) > fineness(fine) and coarse.start_date <= fine.start_date and fine.end_date <= coarse.end_date


def _imported_last(event: Event) -> bool:
    return "/events/added/" in event.path.replace("\\", "/")


def keyed_groups(corpus: Corpus) -> dict[str, list[Event]]:
    """Events that are one meeting (same key, see :func:`kb.chronicle_meetings.event_key`), two or more."""
    groups: dict[str, list[Event]] = {}
    for event in corpus.events:
        key = event_key(event.title, event.key)
        if key:
            groups.setdefault(key, []).append(event)
    return {k: sorted(v, key=_imported_last) for k, v in groups.items() if len(v) >= 2}


def keyed_conflicts(corpus: Corpus) -> list[Conflict]:
    """One conflict per meeting whose records (from different chronicles or hand-written) disagree.

    Every record's claims are sides, equal values merged with their sources joined; a coarser date
    that covers a finer one is no disagreement. The conflict is named after the first record
    (a hand-written one before imported ones); each side's sources say which chronicle and where.
    """
    out = []
    for events in keyed_groups(corpus).values():
        claims = [(e, c) for e in events for c in e.dates]
        values = {c.value for _, c in claims}
        disagree = [v for v in values if not any(_agrees(v, w) for w in values if w != v)]
        if len(disagree) < 2:
            continue
        sides: dict[DateValue, tuple[list[Source], list[str]]] = {}
        for event, claim in claims:
            side = sourced(event, claim)
            srcs, notes = sides.setdefault(claim.value, ([], []))
            srcs += [s for s in side.sources if s not in srcs]
            if claim.note:
                notes.append(claim.note)
        first = events[0]
        out.append(Conflict(first.id, first.kind, first.title, "date", tuple(
            SourcedClaim(v, tuple(srcs), "; ".join(notes) or None) for v, (srcs, notes) in sides.items())))
    return out


def all_conflicts(corpus: Corpus) -> list[Conflict]:
    """The records' own disagreements first (one per meeting when several records are one meeting),
    then the citation ones."""
    keyed = keyed_conflicts(corpus)
    grouped = {e.id for events in keyed_groups(corpus).values() for e in events}
    shown = {c.record_id for c in keyed}
    own = [c for c in list_conflicts(corpus) if c.record_id not in grouped
           or (c.record_id in grouped and not _in_shown_group(c.record_id, corpus, shown))]
    return own + keyed + cited_conflicts(corpus)


def _in_shown_group(record_id: str, corpus: Corpus, shown: set[str]) -> bool:
    """True when the record's meeting already has a conflict listing all its records' dates."""
    for events in keyed_groups(corpus).values():
        ids = {e.id for e in events}
        if record_id in ids:
            return bool(ids & shown)
    return False


def side_to_json(claim: SourcedClaim) -> dict[str, Any]:
    """One side as JSON: :func:`kb.chronicle.sourced_to_json` plus, for a citation side, the ids of
    the texts that write it."""
    out = sourced_to_json(claim)
    out["cited_in"] = list(claim.cited_in) if isinstance(claim, CitedClaim) else []
    return out


FIELD_LABELS = {"date": "ngày", "birth": "ngày sinh", "death": "ngày mất", "citation": "ngày ghi khi dẫn"}


def conflict_json(conflict: Conflict) -> dict[str, Any]:
    """The JSON shape of ``kb conflicts --json`` and ``/conflicts.json``.

    >>> from kb.models import DateClaim, DateValue, Document, Source
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
