"""The numpy engine ranks, counts and facets exactly as Whoosh's own collector does."""
import pytest

from indexer.search import Filters, filter_query, rank, to_whoosh, whoosh_rank
from indexer.store import open_index
from kb.query import parse_query

QUERIES = ["Đảng", "dang", "hòa bình", "hoà bình", "kĩ", "kỹ OR kĩ", "đường", "dương lịch", "Nghị quyết 52",
           "52-NQ/TW", "nghi quyet so 52", '"cách mạng công nghiệp"', '"cach mang cong nghiep"',
           "hòa bình -độc", 'hòa bình NOT "phát triển"', "cách mạng công nghiệp", "Nguyễn Hữu Tiến",
           "tuyên giáo Hà Nam", "Chỉ thị 05", "không có từ này xyzw"]
FILTERS = [Filters(), Filters(kind="document"), Filters(kind="article", year_from=2019, year_to=2021),
           Filters(month="2020-09")]


def _same(searcher, q, fq, page=1, limit=10):
    a = rank(searcher, q, fq, page, limit, "relevance")
    b = whoosh_rank(searcher, q, fq, page, limit, "relevance")
    assert a.total == b.total
    assert [d for d, _ in a.hits] == [d for d, _ in b.hits]
    assert [s for _, s in a.hits] == pytest.approx([s for _, s in b.hits], rel=1e-6)
    assert a.facets == b.facets


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("mode", ["all", "any"])
def test_engine_matches_whoosh_on_the_corpus(corpus_index, query, mode):
    with open_index(corpus_index).searcher() as s:
        for f in FILTERS:
            q = to_whoosh(parse_query(query), mode)
            if q is not None:
                _same(s, q, filter_query(f))


@pytest.mark.parametrize("query", QUERIES[:10])
def test_engine_matches_whoosh_on_tier_docs_and_pages(tier_index, query):
    with open_index(tier_index).searcher() as s:
        q = to_whoosh(parse_query(query))
        if q is not None:
            for page in (1, 2, 3):
                _same(s, q, None, page=page, limit=2)


def test_an_empty_index_is_searchable(tmp_path):
    from indexer.build import build_index
    from indexer.search import search

    build_index([], tmp_path / "index")
    with open_index(tmp_path / "index").searcher() as s:
        assert search("Đảng", searcher=s).total == 0
