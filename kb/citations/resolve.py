"""Resolve citations against records: identity is (type, number, issuer, term), then each written
part (date, body, term, subject) is compared with the record, and anything not compared is said.

Records are passed in (a list or a :class:`RecordIndex`), so callers choose the store.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from kb.citations.data import tables
from kb.citations.model import Citation, Problem, Resolution
from kb.citations.numbers import full_key, number_key
from kb.citations.terms import term_for, terms_for
from kb.clean import fold
from kb.models import DateValue, Document

_FILLER = re.compile(r"\b(?:hoi nghi|lan thu|cua dang|dang toan quoc|dai bieu toan quoc|ban chap hanh)\b")
_STOP = {"ve", "viec", "va", "cua", "cac", "mot", "so"}


def name_key(name: str) -> str:
    """Key of a document name: folded, no punctuation or filler words, no leading zeros.

    >>> name_key("Nghị quyết Hội nghị Trung ương 4 (khóa XII)"), name_key("Chỉ thị 05")
    ('nghi quyet trung uong 4 khoa xii', 'chi thi 5')
    """
    s = re.sub(r"[^\w]+", " ", fold(name))
    s = _FILLER.sub(" ", s)
    s = re.sub(r"\b0+(\d)", r"\1", s)
    return " ".join(s.split())


def _base(key: str) -> str:
    return re.sub(r" khoa [ivxl]+$", "", key)


def _safe(fn, value: str | None) -> str | None:
    try:
        return fn(value) if value else None
    except ValueError:
        return None


class RecordIndex:
    """Documents indexed by full number key, issuer-free key and alias name key."""

    def __init__(self, records: Iterable[object]) -> None:
        self.records = tuple(r for r in records if isinstance(r, Document))
        self.by_full: dict[str, list[Document]] = {}
        self.by_number: dict[str, list[Document]] = {}
        self.by_alias: dict[str, list[Document]] = {}
        for r in self.records:
            for table, key in ((self.by_full, _safe(full_key, r.number)), (self.by_number, _safe(number_key, r.number))):
                if key:
                    table.setdefault(key, []).append(r)
            keys = {name_key(a) for a in r.aliases} | {_base(name_key(a)) for a in r.aliases}
            for key in keys:
                self.by_alias.setdefault(key, []).append(r)


def record_term(r: Document) -> str | None:
    """The record's term as recorded, else the one its agreed date falls in."""
    return r.term or (term_for(r.date) if r.date else None)


def _candidates(c: Citation, idx: RecordIndex) -> list[Document]:
    if c.family != "named":
        return list(idx.by_full.get(full_key(c.canonical), ()))
    found: list[Document] = []
    if c.number:
        for abbr in tables().word_types.get(fold(c.type_name or ""), ()) or (c.doc_type,):
            found += idx.by_number.get(f"{c.number.lstrip('0') or '0'}-{abbr}".upper(), [])
    key = name_key(c.canonical)
    found += idx.by_alias.get(f"{key} khoa {c.term.lower()}" if c.term else key, [])
    unique = list(dict.fromkeys(id(r) for r in found))
    return [next(r for r in found if id(r) == i) for i in unique]


def _consistent(written: DateValue, recorded: DateValue) -> bool:
    """One date lies within the other (a written month agrees with a recorded day in it)."""
    w0, w1, r0, r1 = written.start_date, written.end_date, recorded.start_date, recorded.end_date
    return (w0 <= r0 and r1 <= w1) or (r0 <= w0 and w1 <= r1)


def _same_body(written: str, recorded: str) -> bool:
    a, b = name_key(written), name_key(recorded)
    return a in b or b in a


def _same_subject(written: str, recorded: str) -> bool:
    a = set(name_key(written).split()) - _STOP
    b = set(name_key(recorded).split()) - _STOP
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= 0.8


def _narrow(c: Citation, cands: list[Document]) -> list[Document]:
    """Keep the candidates the written body, term or date allow, while any remain."""
    steps = []
    if c.body and (known := tables().bodies.get(fold(c.body))):
        steps.append(lambda r: r.issuer in (None, known[1]) or c.family == "state")
    if c.term:
        steps.append(lambda r: record_term(r) in (None, c.term))
    if (written := c.date) is not None:
        possible = terms_for(written)
        steps.append(lambda r: record_term(r) in (None, *possible))
        steps.append(lambda r: any(_consistent(written, cl.value) for cl in r.date_claims))
    for keep in steps:
        if len(cands) > 1 and (kept := [r for r in cands if keep(r)]):
            cands = kept
    return cands


def _compare(c: Citation, r: Document) -> tuple[list[Problem], list[str]]:
    ids = tuple(s.id for s in r.sources)
    problems: list[Problem] = []
    checked: list[str] = []
    claims = r.date_claims
    shown = " | ".join(cl.value.display() for cl in claims) or None
    claim_ids = tuple(dict.fromkeys(i for cl in claims for i in cl.sources)) or ids
    if r.disputed:
        problems.append(Problem("dispute", "date", c.date.iso() if c.date else None, shown, claim_ids,
                                "các nguồn của hồ sơ ghi ngày khác nhau"))
    if c.date and claims:
        checked.append("date")
        if not any(_consistent(c.date, cl.value) for cl in claims):
            problems.append(Problem("mismatch", "date", c.date.iso(), shown, claim_ids))
    else:
        problems.append(Problem("unchecked", "date", None, shown, (), "trích dẫn không ghi ngày" if claims else "hồ sơ chưa có ngày"))
    pairs: list[tuple[str, str | None, str | None, Callable[[str, str], bool]]] = [
        ("body", c.body, r.body, _same_body), ("subject", c.subject, r.subject, _same_subject)]
    if c.family != "state":
        pairs.insert(1, ("term", c.term, record_term(r), lambda a, b: a == b))
    for part, written, recorded, same in pairs:
        if written and recorded:
            checked.append(part)
            if not same(written, recorded):
                problems.append(Problem("mismatch", part, written, recorded, ids))
        else:
            problems.append(Problem("unchecked", part, written, recorded, (),
                                    "trích dẫn không ghi" if not written else "hồ sơ không ghi"))
    return problems, checked


def resolve(c: Citation, records: Iterable[Document] | RecordIndex) -> Resolution:
    """Match one citation against the records.

    Args:
        c: a found citation.
        records: documents, or a prebuilt :class:`RecordIndex`.
    Returns:
        a :class:`Resolution`: ``found``, ``ambiguous`` (with candidates), ``not_found`` or
        ``mismatch``; problems name every part that disagreed, is disputed, or was not checked.
    """
    idx = records if isinstance(records, RecordIndex) else RecordIndex(records)
    cands = _narrow(c, _candidates(c, idx))
    if not cands:
        return Resolution("not_found")
    if len(cands) > 1:
        return Resolution("ambiguous", candidates=tuple(cands))
    record = cands[0]
    problems, checked = _compare(c, record)
    status = "mismatch" if any(p.kind == "mismatch" for p in problems) else "found"
    return Resolution(status, record, (record,), tuple(problems), tuple(checked))
