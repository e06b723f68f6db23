"""The one Whoosh schema, and how a domain record becomes an index document.

Title-like text (title, aliases, number) and body text (summary, full text, description,
biography) are each indexed in two tiers (canon, fold) plus pyvi compounds; the variant tier
(kỹ = kĩ) is searched by expanding a word over its canon spellings, which saves a third of the
postings of the syllable fields.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, Schema

from indexer.fields import CompoundText, TierText
from indexer.terms import name_key
from kb.citations.numbers import find_numbers, full_key, index_keys, number_key
from kb.models import Document, Event, Person, Record, covering

TIER_NAMES = ("canon", "fold")
TEXT_FIELDS = tuple(f"{part}_{tier}" for part in ("title", "body") for tier in TIER_NAMES)
TITLE_FIELD_BOOST = 2.0  # title words weigh double at index time (the query's title weight comes on top)
FACET_FIELDS = ("kind", "doc_type", "issuer", "term", "year", "month")


def build_schema() -> Schema:
    """Declare every field once."""
    fields: dict[str, Any] = {
        "id": ID(stored=True, unique=True),
        "kind": ID(stored=True, sortable=True),
        "doc_type": ID(stored=True, sortable=True),
        "issuer": ID(stored=True, sortable=True),
        "term": ID(stored=True, sortable=True),
        "year": ID(stored=True, sortable=True),
        "month": ID(stored=True, sortable=True),  # "2020-09", for month facets (month or day precision)
        "monthday": ID(stored=True),  # "09-27", for "on this day" (day precision only)
        "numbers": KEYWORD(lowercase=True, commas=False, scorable=True),
        "names": KEYWORD(commas=True, scorable=True),
        "cites": KEYWORD(lowercase=True, commas=False, scorable=True),
        "year_start": NUMERIC(int, stored=True),
        "year_end": NUMERIC(int, stored=True),
        "day_start": NUMERIC(int, stored=True, sortable=True),
        "day_end": NUMERIC(int, stored=True),
        "title": STORED(),
        "number": STORED(),
        "date": STORED(),
        "date_display": STORED(),
        "text": STORED(),
        "summary": STORED(),
        "path": STORED(),
        "compound": CompoundText(),
    }
    for part in ("title", "body"):
        for tier in TIER_NAMES:
            fields[f"{part}_{tier}"] = TierText(tier, field_boost=TITLE_FIELD_BOOST if part == "title" else 1.0)
    return Schema(**fields)


@lru_cache(maxsize=1)
def expected_fields() -> frozenset[str]:
    """The field names this version indexes, to recognise an index built by another version."""
    return frozenset(build_schema().names())


def day_number(d: date) -> int:
    """A date as the sortable integer YYYYMMDD."""
    return d.year * 10000 + d.month * 100 + d.day


def record_title_text(rec: Record) -> str:
    """Title-like text: title, aliases and the number as written."""
    parts = [rec.title, *rec.aliases]
    if isinstance(rec, Document) and rec.number:
        parts.append(rec.number)
    if isinstance(rec, Person) and rec.birth_name:
        parts.append(rec.birth_name)
    return "\n".join(parts)


def record_body_text(rec: Record) -> str:
    """Body text: summary and full text of a document, description of an event, a biography."""
    parts = []
    if isinstance(rec, Document):
        parts += [rec.subject or "", rec.body or "", rec.summary]
    if isinstance(rec, Event):
        parts += list(rec.places)
    if isinstance(rec, Person):
        parts += [rec.hometown or "", *(r.title for r in rec.roles)]
    parts.append(rec.text)
    return "\n".join(p for p in parts if p)


def record_to_fields(rec: Record) -> dict[str, Any]:
    """The index document of one record (only plain values: no Whoosh objects leave here)."""
    title_text, body_text = record_title_text(rec), record_body_text(rec)
    numbers: list[str] = []
    if isinstance(rec, Document) and rec.number:
        for m in find_numbers(rec.number):
            numbers += [full_key(m.canonical).lower(), number_key(m.canonical).lower()]
    doc: dict[str, Any] = {
        "id": rec.id, "kind": rec.kind, "title": rec.title, "text": rec.text, "path": rec.path,
        "summary": getattr(rec, "summary", "") or "",
        "number": getattr(rec, "number", None) or "",
        "doc_type": getattr(rec, "doc_type", None) or "",
        "issuer": getattr(rec, "issuer", None) or "",
        "term": getattr(rec, "term", None) or "",
        "numbers": " ".join(dict.fromkeys(numbers)),
        "cites": " ".join(dict.fromkeys(k.replace(" ", "") for k in index_keys(body_text))),
        "names": ",".join(dict.fromkeys(k for k in map(name_key, title_text.split("\n")) if k)),
        "compound": f"{title_text}\n{body_text}",
    }
    for tier in TIER_NAMES:
        doc[f"title_{tier}"] = title_text
        doc[f"body_{tier}"] = body_text
    span = covering(rec.date_claims)
    if span:
        doc.update(year_start=span[0].year, year_end=span[1].year, year=str(span[0].year),
                   day_start=day_number(span[0]), day_end=day_number(span[1]))
        value = rec.date
        first = value.start if value is not None and value.start is not None else value
        if first is not None and first.precision in ("day", "month"):  # a range counts in its first month
            doc["month"] = first.start_date.strftime("%Y-%m")
        if value is not None and value.precision == "day":
            doc["monthday"] = value.start_date.strftime("%m-%d")
        doc["date"] = value.iso() if value else " | ".join(c.value.iso() for c in rec.date_claims)
        doc["date_display"] = (value.display() if value
                               else " hoặc ".join(c.value.display() for c in rec.date_claims))
    return {k: v for k, v in doc.items() if v != ""}
