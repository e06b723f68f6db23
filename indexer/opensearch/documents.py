"""An index document for OpenSearch: the fields of :func:`indexer.schema.record_to_fields`, with
each analysed text field turned into the tokens our own analysis makes, joined by spaces.

The cluster splits these fields on whitespace only (no Vietnamese plugin to install or trust),
so the terms it indexes are exactly the terms Whoosh indexes: canon and accent-free syllables in
order (phrases keep working), then the protected keys of numbers and dates (52-nq/tw, 2019-09-27),
which Whoosh puts at their number's position and which no phrase of syllables can match.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from indexer.analysis import canon_form, compound_words, fold_form, pieces
from indexer.schema import FACET_FIELDS, TEXT_FIELDS, record_to_fields
from kb.models import Record

TOKENS = "kb_tokens"  # the analyzer: whitespace tokenizer, nothing else
KEYWORD_LISTS = {"numbers": " ", "cites": " ", "names": ","}  # Whoosh KEYWORD fields and their separators
INDEXED_ONLY = (*TEXT_FIELDS, "compound", *KEYWORD_LISTS)  # not kept in _source (Whoosh stores none of them)


@lru_cache(maxsize=4)
def tier_tokens(text: str) -> tuple[str, str]:
    """The canon and the accent-free token strings of ``text``.

    >>> tier_tokens("Nghị quyết 52-NQ/TW về Hòa bình")
    ('nghị quyết 52 nq tw về hoà bình 52-nq/tw 52-nq', 'nghi quyet 52 nq tw ve hoa binh 52-nq/tw 52-nq')
    """
    canon: list[str] = []
    folded: list[str] = []
    keys: list[str] = []
    for p in pieces(text):
        if p.keys:
            keys.extend(p.keys)
        else:
            canon.append(canon_form(p.text))
            folded.append(fold_form(p.text))
    return " ".join(canon + [canon_form(k) for k in keys]), " ".join(folded + [fold_form(k) for k in keys])


def to_source(fields: dict[str, Any]) -> dict[str, Any]:
    """The OpenSearch document of one record's Whoosh fields."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name in TEXT_FIELDS:
            out[name] = tier_tokens(value)[0 if name.endswith("_canon") else 1]
        elif name == "compound":
            out[name] = " ".join(compound_words(value))
        elif name in KEYWORD_LISTS:
            out[name] = [v for v in value.split(KEYWORD_LISTS[name]) if v]
        else:
            out[name] = value
    return out


def record_source(rec: Record) -> dict[str, Any]:
    """``to_source(record_to_fields(rec))``."""
    return to_source(record_to_fields(rec))


def index_body(shards: int, replicas: int) -> dict[str, Any]:
    """Settings and mappings of a new index. Fields not listed (title, text, date…) are kept in
    ``_source`` for display only (``dynamic: false``), as Whoosh's STORED fields."""
    text = {"type": "text", "analyzer": TOKENS, "similarity": "BM25"}
    props: dict[str, Any] = {name: dict(text) for name in TEXT_FIELDS}
    props["compound"] = {**text, "index_options": "freqs"}
    for name in ("id", *FACET_FIELDS, "monthday", *KEYWORD_LISTS):
        props[name] = {"type": "keyword"}
    for name in ("year_start", "year_end", "day_start", "day_end"):
        props[name] = {"type": "integer"}
    return {
        "settings": {"index": {"number_of_shards": shards, "number_of_replicas": replicas,
                               "refresh_interval": "-1", "max_result_window": 100_000},
                     "analysis": {"analyzer": {TOKENS: {"type": "custom", "tokenizer": "whitespace"}}}},
        "mappings": {"dynamic": False, "_source": {"excludes": list(INDEXED_ONLY)}, "properties": props},
    }
