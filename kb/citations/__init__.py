"""Citation engine for Party and state documents, in eyecite's shape: clean → find → resolve → format.

- :func:`find_numbers`, :func:`loose_keys`, :func:`full_key`, :func:`number_key`: lexical numbers and keys;
- :func:`find_citations`: numbers with their written context, lists, headers and named references;
- :func:`resolve`: one citation against injected records; :func:`check_text` and :func:`cite` for editors;
- :func:`standard_citation`: the standard way to cite a record.
"""
from kb.citations.check import CheckedCitation, check_text, cite
from kb.citations.find import find_citations
from kb.citations.format import standard_citation
from kb.citations.model import Citation, Problem, Resolution
from kb.citations.numbers import NumberMatch, find_numbers, full_key, index_keys, loose_keys, number_key
from kb.citations.resolve import RecordIndex, resolve
from kb.citations.terms import term_for, terms_for

__all__ = [
    "CheckedCitation", "Citation", "NumberMatch", "Problem", "RecordIndex", "Resolution", "check_text", "cite",
    "find_citations", "find_numbers", "full_key", "index_keys", "loose_keys", "number_key", "resolve",
    "standard_citation", "term_for", "terms_for",
]
