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
from whoosh.scoring import BM25F

from indexer.schema import FACET_FIELDS, TEXT_FIELDS, TITLE_FIELD_BOOST, record_to_fields
from kb.models import Record

TOKENS = "kb_tokens"  # the analyzer: whitespace tokenizer, nothing else
NAMES = "kb_names"  # names: one token per comma-separated name key, as Whoosh's KEYWORD(commas=True)
LOWERCASED = ("numbers", "cites")  # KEYWORD(lowercase=True) in indexer.schema; names stay as they are
INDEXED_ONLY = (*TEXT_FIELDS, "compound", "numbers", "cites", "names")  # not kept in _source (Whoosh stores none of them)


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
        elif name in LOWERCASED:
            out[name] = value.lower()
        else:
            out[name] = value
    return out


def record_source(rec: Record) -> dict[str, Any]:
    """``to_source(record_to_fields(rec))``."""
    return to_source(record_to_fields(rec))


def similarity(tf_factor: float) -> dict[str, Any]:
    """Whoosh's BM25F as a scripted similarity, so a term scores on the cluster as it does in
    Whoosh: idf = log(N / (df + 1)) + 1 (common words keep a floor of 1, which Lucene's BM25
    does not give them), tf times the field's index-time boost (titles count double), and Whoosh's
    B and K1. N is the number of documents that have the field (Whoosh counts all documents; the
    two differ only for numbers, citations and names, which most records lack)."""
    w = BM25F()
    return {
        "type": "scripted",
        "weight_script": {"source": "double n = field.docCount;"
                                    " return query.boost * (Math.log(n / (term.docFreq + 1.0)) + 1.0);"},
        "script": {"source": f"double tf = doc.freq * {tf_factor};"
                             " double avg = field.sumTotalTermFreq / Math.max(1.0, (double) field.docCount);"
                             f" double norm = (1.0 - {w.B}) + {w.B} * doc.length / Math.max(avg, 1.0);"
                             f" return weight * tf * ({w.K1} + 1.0) / (tf + {w.K1} * norm);"},
    }


def index_body(shards: int, replicas: int) -> dict[str, Any]:
    """Settings and mappings of a new index. Fields not listed (title, text, date…) are kept in
    ``_source`` for display only (``dynamic: false``), as Whoosh's STORED fields."""
    def text(analyzer: str = TOKENS, sim: str = "kb_bm25f", **more) -> dict[str, Any]:
        return {"type": "text", "analyzer": analyzer, "similarity": sim, **more}

    props: dict[str, Any] = {name: text(sim="kb_bm25f_title" if name.startswith("title_") else "kb_bm25f")
                             for name in TEXT_FIELDS}
    props["compound"] = text(index_options="freqs")
    props["numbers"] = props["cites"] = text(index_options="freqs")
    props["names"] = text(NAMES, index_options="freqs")
    for name in ("id", *FACET_FIELDS, "monthday"):
        props[name] = {"type": "keyword"}
    for name in ("year_start", "year_end", "day_start", "day_end"):
        props[name] = {"type": "integer"}
    return {
        "settings": {"index": {"number_of_shards": shards, "number_of_replicas": replicas,
                               "refresh_interval": "-1", "max_result_window": 100_000,
                               "similarity": {"kb_bm25f": similarity(1.0),
                                              "kb_bm25f_title": similarity(TITLE_FIELD_BOOST)}},
                     "analysis": {"tokenizer": {"kb_commas": {"type": "pattern", "pattern": ","}},
                                  "analyzer": {TOKENS: {"type": "custom", "tokenizer": "whitespace"},
                                               NAMES: {"type": "custom", "tokenizer": "kb_commas"}}}},
        "mappings": {"dynamic": False, "_source": {"excludes": list(INDEXED_ONLY)}, "properties": props},
    }
