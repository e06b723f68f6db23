"""The search tiers, number variants, phrases and highlights on real Vietnamese text."""
from pathlib import Path

import pytest

from indexer.highlight import match_spans
from indexer.search import Filters, search
from indexer.terms import units
from kb.clean import fold
from kb.errors import QueryError

SEED = Path(__file__).resolve().parent.parent / "corpus" / "documents" / "000_facbec4f888b1542.txt"


@pytest.fixture(autouse=True, params=["fast", "whoosh"])
def engine(request, monkeypatch):
    """The whole suite runs twice: on the fast paths, and on the reference paths (pyvi, Whoosh's
    collector, no result cache) that ``KB_ENGINE=whoosh`` forces."""
    monkeypatch.setenv("KB_ENGINE", request.param)
    return request.param


def number_id(corpus, number):
    return next(d.id for d in corpus.documents if d.number == number)


@pytest.mark.parametrize("q", ["Nghị quyết 52", "nghi quyet 52", "52-NQ/TW", "52/NQ-TW", "52-nq/tư",
                               "NQ 52", "Nghị quyết số 52", "52–NQ/TW", "52-nqtw"])
def test_every_written_form_finds_nq52_first(corpus, corpus_index, q):
    res = search(q, index_dir=corpus_index)
    assert res.hits, q
    assert res.hits[0].id == number_id(corpus, "52-NQ/TW")


def test_a_number_also_finds_documents_that_cite_it(corpus, corpus_index):
    ids = [h.id for h in search("52/NQ-TW", index_dir=corpus_index, limit=50).hits]
    assert "000_facbec4f888b1542" in ids


def test_tone_placement_styles_give_identical_results(tier_index):
    a = search("hoà bình", index_dir=tier_index)
    b = search("hòa bình", index_dir=tier_index)
    assert [h.id for h in a.hits] == [h.id for h in b.hits]
    assert {"t-hoa-cu", "t-hoa-moi"} <= {h.id for h in a.hits}
    assert [h.score for h in a.hits] == pytest.approx([h.score for h in b.hits])


def test_accented_and_accent_free_dang(corpus_index):
    articles = Filters(kind="article")  # a slice small enough to compare whole
    accented = {h.id for h in search("Đảng", filters=articles, index_dir=corpus_index, limit=100).hits}
    plain = {h.id for h in search("dang", filters=articles, index_dir=corpus_index, limit=100).hits}
    assert "000_facbec4f888b1542" in accented
    assert accented <= plain
    assert search("Đảng", index_dir=corpus_index).total <= search("dang", index_dir=corpus_index).total
    assert "accent_free" in search("dang", index_dir=corpus_index).notes


def test_exact_accents_rank_above_accent_free_only_matches(tier_index):
    hits = [h.id for h in search("đường", index_dir=tier_index).hits]
    assert hits.index("t-duong") < hits.index("t-duong2")
    hits = [h.id for h in search("dương lịch", index_dir=tier_index).hits]
    assert hits[0] == "t-duong2"


def test_spelling_variant_ranks_between_exact_and_accent_free(tier_index):
    hits = [h.id for h in search("kĩ", index_dir=tier_index).hits]
    assert hits[:2] == ["t-ki", "t-ky"]


def test_phrase_respects_word_order(tier_index):
    ids = [h.id for h in search('"cách mạng công nghiệp"', index_dir=tier_index).hits]
    assert ids == ["t-cmcn"]
    both = {h.id for h in search("cách mạng công nghiệp", index_dir=tier_index).hits}
    assert both == {"t-cmcn", "t-cncm"}


def test_accent_free_phrase(tier_index):
    assert [h.id for h in search('"cach mang cong nghiep"', index_dir=tier_index).hits] == ["t-cmcn"]


def test_boolean_operators(tier_index):
    ids = {h.id for h in search("hòa bình -độc", index_dir=tier_index).hits}
    assert ids == {"t-hoa-moi"}
    ids = {h.id for h in search("kỹ OR kĩ", index_dir=tier_index).hits}
    assert ids == {"t-ky", "t-ki"}
    ids = {h.id for h in search('hòa bình NOT "phát triển"', index_dir=tier_index).hits}
    assert ids == {"t-hoa-cu"}


def test_filters_and_facets(corpus, corpus_index):
    res = search("Nghị quyết", index_dir=corpus_index, filters=Filters(kind="document", year_from=2019, year_to=2020))
    assert res.hits
    for h in res.hits:
        assert h.kind == "document"
        assert h.date and 2019 <= int(h.date[:4]) <= 2020
    kinds = dict(search("Đảng", index_dir=corpus_index).facets["kind"])
    assert kinds.get("article", 0) >= 1


def test_person_by_any_accent(corpus_index):
    for q in ("Nguyễn Hữu Tiến", "nguyen huu tien", "Trương Xuân Trinh"):
        res = search(q, index_dir=corpus_index)
        assert res.hits[0].kind == "person", q
        assert res.hits[0].title == "Nguyễn Hữu Tiến"


def test_highlights_sit_on_the_seed_article_words():
    text = SEED.read_text(encoding="utf-8")
    wanted = units("tuyen giao Nghị quyết 52-NQ/TW hoà")
    spans = match_spans(text, wanted)
    assert len(spans) > 10
    words = {u.fold for u in wanted if not u.keys}
    for a, b in spans:
        piece = text[a:b]
        assert fold(piece) in words or "NQ" in piece, piece
        assert (a == 0 or not text[a - 1].isalnum()) and (b == len(text) or not text[b].isalnum())


def test_snippets_are_escaped_and_marked(corpus_index):
    hit = next(h for h in search("tuyên giáo", index_dir=corpus_index).hits if h.id == "000_facbec4f888b1542")
    assert "<mark>" in hit.snippet
    assert "<script" not in hit.snippet


@pytest.mark.parametrize("kw", [{"page": 0}, {"limit": 1000}, {"sort": "x"}, {"mode": "some"}])
def test_bad_parameters_are_named(corpus_index, kw):
    with pytest.raises(QueryError):
        search("Đảng", index_dir=corpus_index, **kw)


def test_long_query_is_refused(corpus_index):
    with pytest.raises(QueryError, match="'q'"):
        search("a" * 5000, index_dir=corpus_index)


@pytest.mark.parametrize("q", ["là gì?", "tiêu chí: năm 2020", "(((", '"', "*", "NOT", "-", "AND OR"])
def test_natural_language_never_breaks_the_parser(corpus_index, q):
    search(q, index_dir=corpus_index)


@pytest.mark.parametrize("q", ["05-CT/TW", "Chỉ thị 05", "CT 05", "chi thi so 05"])
def test_a_short_reference_in_text_is_found_by_any_form(corpus_index, q):
    """The seed writes only "Chỉ thị 05"; every form of 05-CT/TW finds it (after the record)."""
    ids = [h.id for h in search(q, index_dir=corpus_index, limit=50, mode="any").hits]
    assert ids[0] == "ct-05-tw-2016"
    assert "000_facbec4f888b1542" in ids
