"""Property tests for the parsers the site runs on user text, with the invariants of tests/support/fuzz.py.

Dates already have theirs in test_dates.py (any text: offsets, order, first ≤ last day) and the
citation finder one over fragments in test_citations_find.py; these add any text, NFD text and
domain fragments for citations and numbers, the analysis chain, and the query parser with search.
The 10,000-input runs are tests/support/fuzz.py and test_fuzz_slow.py (pytest -m slow).
"""
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.fuzz import check_analysis, check_citations, check_numbers, check_query
from tests.support.fuzz_inputs import FRAGMENTS, ODD

DOMAIN = st.lists(st.sampled_from(FRAGMENTS + ODD) | st.integers(0, 3000).map(str), max_size=25).map("".join)
ANY = st.text(max_size=200) | DOMAIN
NFD = DOMAIN.map(lambda s: unicodedata.normalize("NFD", s))
FAST = settings(max_examples=150, deadline=None)


@FAST
@given(ANY | NFD)
def test_citation_spans_are_the_text_they_report(text: str) -> None:
    check_citations(text)


@FAST
@given(ANY | NFD)
def test_number_spans_are_the_text_they_report(text: str) -> None:
    check_numbers(text)


@settings(max_examples=120, deadline=None)
@given(ANY | NFD)
def test_analysis_offsets_boundaries_and_nfc(text: str) -> None:
    check_analysis(text)


def test_analysis_known_cases() -> None:
    for text in ["TW\u036c hòa", "k\u1ef9\u0323 x", "\u0958x", "\u1100\u1161\u11a8 bình", "a_\u0301b", "_", "\ud800đ"]:
        check_analysis(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60) | DOMAIN.map(lambda s: s[:80]))
def test_any_query_gives_a_result_or_a_clear_error(tier_index, text: str) -> None:
    check_query(text, tier_index)


def test_over_long_and_empty_queries(tier_index) -> None:
    for text in ["", "   ", '"', "(((", "OR", "NOT", "-", "x" * 1001, "\x00", "\ud800"]:
        check_query(text, tier_index)


def test_a_stray_closing_parenthesis_keeps_the_words_after_it(tier_index) -> None:
    from indexer.search import search
    from kb.query import Words, parse_query

    assert parse_query("hòa bình ) kỹ thuật") == Words("hòa bình kỹ thuật")
    assert parse_query(") ) hòa bình") == Words("hòa bình")
    with_paren = search("hòa bình ) kỹ thuật", index_dir=tier_index)
    plain = search("hòa bình kỹ thuật", index_dir=tier_index)
    assert [h.id for h in with_paren.hits] == [h.id for h in plain.hits]
    assert with_paren.total == plain.total
