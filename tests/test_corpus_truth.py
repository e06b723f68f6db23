"""The bundled knowledge stays checkable: every fact has a source a reader can open, every date
sits in its term, every plenum is dated, and every document a corpus text cites has a record.

These run on the real ``corpus/`` (the ``corpus`` fixture loads it), so a record added without a
source, or with a source that backs nothing, fails here with its path.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.citations import RecordIndex, check_text, terms_for
from kb.citations.terms import congresses
from kb.models import Document, Event, Person, Record

ROOT = Path(__file__).resolve().parent.parent
INTERNAL = re.compile(r"DOMAIN\.md|DESIGN\.md|chưa kiểm|TODO|FIXME", re.IGNORECASE)
ROMAN = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
         "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "mười ba": 13, "mười bốn": 14,
         "mười lăm": 15}


def _claim_source_ids(rec: Record) -> set[str]:
    ids = {i for c in rec.date_claims for i in c.sources}
    if isinstance(rec, Person):
        ids |= {i for c in rec.birth + rec.death for i in c.sources}
        ids |= {i for r in rec.roles for i in r.sources}
    return ids


def _all_claims(rec: Record) -> tuple:
    return rec.date_claims + ((rec.birth + rec.death) if isinstance(rec, Person) else ())


def test_every_source_can_be_opened_and_says_its_kind(corpus):
    bad = []
    for rec in corpus.records():
        for s in rec.sources:
            if not (s.url or s.page):
                bad.append(f"{rec.path}: source {s.id!r} has neither a url nor a book page")
            elif s.url and not s.url.startswith(("http://", "https://")):
                bad.append(f"{rec.path}: source {s.id!r} url {s.url!r} is not a web address")
            elif not s.url and s.page.startswith("corpus/") and not (ROOT / s.page).exists():
                bad.append(f"{rec.path}: source {s.id!r} names a corpus file that does not exist")
            if s.kind is None:
                bad.append(f"{rec.path}: source {s.id!r} does not say whether it is primary or secondary")
    assert not bad, "\n".join(bad)


def test_no_record_shows_an_internal_note(corpus):
    bad = []
    for path in sorted((ROOT / "corpus").rglob("*")):
        if path.is_file() and path.name != "README.md" and path.suffix in (".md", ".yaml"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if INTERNAL.search(line):
                    bad.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()[:100]}")
    assert not bad, "\n".join(bad)


def test_every_source_backs_some_claim(corpus):
    """Every source backs something a reader can see: a date claim or a role that cites it, or,
    for one that backs the summary or the description, a note saying what it was read for. (A
    record with a single date lets all its sources back it.)"""
    bad = []
    for rec in corpus.records():
        if not _all_claims(rec):
            continue
        used = _claim_source_ids(rec)
        bad += [f"{rec.path}: source {s.id!r} backs no claim and says nothing of what it supports"
                for s in rec.sources if s.id not in used and not (s.note or "").strip()]
    assert not bad, "\n".join(bad)


def _opened(term: str):
    return next((c.opened for c in congresses() if c.name == term), None)


def test_dates_fall_in_the_records_term(corpus):
    """A central document's date lies in its khóa of the Central Committee; a plenum's too, except
    that the first plenum meets during the congress that elects the committee (a provincial
    document's term is the provincial committee's and is not checked here)."""
    bad = []
    for rec in corpus.records():
        term = getattr(rec, "term", None)
        if not term or not (isinstance(rec, Document) and rec.issuer == "TW" or isinstance(rec, Event)):
            continue
        for claim in rec.date_claims:
            possible = terms_for(claim.value)
            during_congress = isinstance(rec, Event) and _opened(term) and claim.value.start_date >= _opened(term)
            if possible and term not in possible and not during_congress:
                bad.append(f"{rec.path}: {claim.value.iso()} is in khóa {'/'.join(possible)}, not {term}")
    assert not bad, "\n".join(bad)


def _plenum_number(title: str) -> int | None:
    m = re.search(r"Hội nghị (?:lần thứ )?([\w ]+?) Ban Chấp hành Trung ương", title)
    if not m:
        return None
    word = m.group(1).strip().lower()
    return int(word) if word.isdigit() else ROMAN.get(word)


@pytest.mark.parametrize("term", ["XI", "XII"])
def test_every_plenum_of_the_term_is_recorded_and_dated(corpus, term):
    plenums = [e for e in corpus.events if e.category == "plenum" and e.term == term]
    numbers = sorted(n for n in (_plenum_number(e.title) for e in plenums) if n)
    assert numbers and numbers == list(range(1, max(numbers) + 1)), (term, numbers)
    assert len(numbers) == len(plenums), [e.title for e in plenums]
    for e in plenums:
        assert e.date_claims and all(c.value.precision != "year" for c in e.date_claims), e.path


def test_plenums_and_congresses_name_their_term_or_are_national(corpus):
    for e in corpus.events:
        if e.category == "plenum":
            assert e.term, f"{e.path}: a plenum needs its term"


def test_every_linked_record_exists(corpus):
    ids = {r.id for r in corpus.records()}
    bad = []
    for e in corpus.events:
        bad += [f"{e.path}: documents: {d!r}" for d in e.documents if d not in ids]
        bad += [f"{e.path}: people: {p!r}" for p in e.people if p not in ids]
    for d in corpus.documents:
        for field, value in (("superseded_by", d.superseded_by), ("adopted_at", d.adopted_at)):
            if value and value not in ids:
                bad.append(f"{d.path}: {field}: {value!r}")
        bad += [f"{d.path}: replaces: {r!r}" for r in d.replaces if r not in ids]
    assert not bad, "\n".join(bad)


def test_every_party_document_a_corpus_text_cites_has_a_record(corpus):
    """Every Party document a corpus text (a record's body: the seed article, a description) cites
    resolves to a record, so its link works and its date can be checked."""
    index = RecordIndex(corpus.documents)
    bad = []
    for rec in corpus.records():
        for c in check_text(rec.text, index) if rec.text else []:
            if c.citation.family == "party" and c.status == "not_found":
                bad.append(f"{rec.path}: {c.citation.text!r}")
    assert not bad, "\n".join(bad)
