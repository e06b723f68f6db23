"""People: name matching in any spelling, mentions without false links, the JSON shape."""
from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb.models import DateClaim, DateValue, Person, Role, Source
from kb.people import (FUZZY_MENTION_MIN, Mention, PersonMatch, find_mentions, match_people,
                       person_to_json, sort_people)

# The seed article as bundled in the corpus (the same file as ../shared/seed/).
SEED = Path(__file__).resolve().parent.parent / "corpus" / "documents" / "000_facbec4f888b1542.txt"

WIKI = Source("viwiki", "Nguyễn Hữu Tiến (nhà cách mạng)", url="https://vi.wikipedia.org/")
TOQUOC = Source("toquoc", "toquoc.vn, 2019-09-02")
TIEN = Person(
    id="nguyen-huu-tien", kind="person", title="Nguyễn Hữu Tiến", sources=(WIKI, TOQUOC),
    birth_name="Trương Xuân Trinh",
    birth=(DateClaim(DateValue.parse("1901-03-05"), ("viwiki",)),
           DateClaim(DateValue.parse("1901-03-03"), ("toquoc",))),
    death=(DateClaim(DateValue.parse("1941-08-28"), ("viwiki",)),),
    hometown="làng Lũng Xuyên, Duy Tiên, Hà Nam",
)
THUY = Person(id="le-thi-thuy", kind="person", title="Lê Thị Thủy",
              sources=(Source("tienphong", "tienphong.vn"),),
              roles=(Role("Bí thư Tỉnh ủy Hà Nam", "2020–2025", ("tienphong",)),))
LOC = Person(id="tran-xuan-loc", kind="person", title="Trần Xuân Lộc",
             sources=(Source("vnplus", "vietnamplus.vn/66326"),))
THUAN = Person(id="tran-duc-thuan", kind="person", title="Trần Đức Thuần",
               sources=(Source("seed", "Giao Tuyến, seed article"),))
PEOPLE = (TIEN, THUY, LOC, THUAN)
# Invented for the tests only: a one-syllable alias is what the cue rule is about.
TIEN_SHORT = dataclasses.replace(TIEN, aliases=("Tiến",))


def ids(matches: list[PersonMatch]) -> list[str]:
    return [m.person.id for m in matches]


# --- match_people ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "query,how",
    [("Nguyễn Hữu Tiến", "exact"), ("nguyen huu tien", "exact"), ("Nguyen Huu Tien", "exact"),
     ("NGUYỄN HỮU TIẾN", "exact"), (unicodedata.normalize("NFD", "Nguyễn Hữu Tiến"), "exact"),
     ("  Nguyễn   Hữu Tiến, ", "exact"), ("Trương Xuân Trinh", "alias"), ("truong xuan trinh", "alias"),
     ("Nguyễn Hửu Tiến", "folded"), ("Hữu Tiến", "partial"), ("huu tien", "partial"),
     ("Nguyễn Tiến", "partial"), ("Nguyen Huu Tein", "fuzzy"), ("Nguyễn Hữu Tiếnn", "fuzzy"),
     ("Tien Nguyen Huu", "fuzzy"), ("NguyenHuuTien", "fuzzy"), ("Truong Xuan Trin", "fuzzy")],
    ids=lambda v: v,
)
def test_any_spelling_of_nguyen_huu_tien_finds_him_first(query: str, how: str) -> None:
    found = match_people(query, PEOPLE)
    assert found[0].person is TIEN
    assert found[0].how == how
    assert 0 <= found[0].score <= 100


@pytest.mark.parametrize("query", ["Lê Thị Thủy", "Lê Thị Thuỷ", "le thi thuy", "LÊ THỊ THỦY"], ids=str)
def test_tone_variant_and_accent_free_forms_are_equal(query: str) -> None:
    [match] = match_people(query, PEOPLE)
    assert (match.person, match.score, match.how) == (THUY, 100.0, "exact")


def test_exact_name_beats_alias_beats_folded_beats_partial_and_fuzzy() -> None:
    score = {q: match_people(q, PEOPLE)[0].score for q in
             ("Nguyễn Hữu Tiến", "Trương Xuân Trinh", "Nguyễn Hửu Tiến", "Hữu Tiến", "Nguyen Huu Tein")}
    exact, alias, folded, partial, fuzzy = score.values()
    assert exact > alias > folded > max(partial, fuzzy)
    assert fuzzy > partial  # a whole name with a typo says more than two syllables of it


def test_an_accented_query_ranks_exact_accents_first() -> None:
    exact = match_people("Lê Thị Thủy", PEOPLE)[0]
    other_tone = match_people("Lê Thị Thúy", PEOPLE)[0]  # another name, if it were someone's
    assert other_tone.person is THUY and other_tone.how == "folded"
    assert other_tone.score < exact.score


@pytest.mark.parametrize(
    "query,expected",
    [
        ("Trần", ["tran-xuan-loc", "tran-duc-thuan"]),  # tie: index order, Lộc before Thuần
        ("tran", ["tran-xuan-loc", "tran-duc-thuan"]),
        ("Nguyễn", ["nguyen-huu-tien"]),
        ("Tiến", ["nguyen-huu-tien"]),
        ("Xuân", ["tran-xuan-loc", "nguyen-huu-tien"]),  # a main name before a birth name
        ("Thủy", ["le-thi-thuy"]),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_a_surname_or_given_name_alone_lists_candidates_ranked(query: str, expected: list[str]) -> None:
    found = match_people(query, PEOPLE)
    assert ids(found) == expected
    assert all(m.how == "partial" for m in found)


def test_the_given_name_weighs_more_than_the_family_name() -> None:
    assert match_people("Tiến", PEOPLE)[0].score > match_people("Nguyễn", PEOPLE)[0].score


@pytest.mark.parametrize("query", ["Hồ Chí Minh", "Võ Nguyên Giáp", "tiến hành", "xyz", "", "  ", "52-NQ/TW"],
                         ids=repr)
def test_no_one_is_found_for_other_names_or_blank(query: str) -> None:
    assert match_people(query, PEOPLE) == []


def test_limit() -> None:
    assert len(match_people("Trần", PEOPLE, limit=1)) == 1
    assert len(match_people("Trần", PEOPLE, limit=None)) == 2
    with pytest.raises(ValueError, match="limit"):
        match_people("Trần", PEOPLE, limit=0)


def test_matched_name_says_which_name_matched() -> None:
    assert match_people("Trương Xuân Trinh", PEOPLE)[0].matched_name == "Trương Xuân Trinh"
    assert match_people("Hữu Tiến", PEOPLE)[0].matched_name == "Nguyễn Hữu Tiến"


def test_sort_people_in_vietnamese_index_order() -> None:
    assert [p.title for p in sort_people(PEOPLE)] == [
        "Trần Xuân Lộc", "Trần Đức Thuần", "Lê Thị Thủy", "Nguyễn Hữu Tiến"]
    assert [p.title for p in sort_people(PEOPLE, by="family")] == [
        "Lê Thị Thủy", "Nguyễn Hữu Tiến", "Trần Đức Thuần", "Trần Xuân Lộc"]


@given(st.text(max_size=40))
def test_match_people_never_raises_and_scores_stay_in_range(query: str) -> None:
    for m in match_people(query, (*PEOPLE, TIEN_SHORT), limit=None):
        assert 50 <= m.score <= 100


# --- find_mentions --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


def test_seed_links_the_three_mentions_of_nguyen_huu_tien_and_one_of_tran_duc_thuan(seed: str) -> None:
    found = find_mentions(seed, PEOPLE)
    assert [(m.person_id, m.text, m.how) for m in found] == [
        ("tran-duc-thuan", "Trần Đức Thuần", "exact")] + [("nguyen-huu-tien", "Nguyễn Hữu Tiến", "exact")] * 3
    for m in found:
        assert seed[m.start:m.end] == m.text
    assert [seed[m.end:m.end + 6] for m in found[1:]] == [" (1901"] * 3


@pytest.mark.parametrize("people", [PEOPLE, (TIEN_SHORT, THUY, LOC, THUAN)], ids=["names", "one-syllable alias"])
def test_seed_never_links_tien_hanh_or_tien_toi(seed: str, people: tuple[Person, ...]) -> None:
    common = [m.start() for m in re.finditer("tiến hành|tiến tới|Tiến hành", seed)]
    assert len(common) >= 4
    for m in find_mentions(seed, people):
        assert not any(m.start <= i < m.end for i in common)
        assert m.text != "Tiến"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("đồng chí Tiến chủ trì", ("Tiến", "cue")), ("Đồng chí Tiến chủ trì", ("Tiến", "cue")),
        ("Khi ấy ông Tiến về làng", ("Tiến", "cue")), ("anh Tiến", ("Tiến", "cue")),
        ("Vợ chồng anh   Tiến", ("Tiến", "cue")), ("tiến hành sơ kết", None), ("Tiến hành sơ kết", None),
        ("đại hội Đảng các cấp tiến tới Đại hội XIII", None),
        ("đồng chí tiến lên", None),  # not capitalised
        ("Tiến về Duy Tiên", None),  # no cue
        ("ông Tiếng", None),  # a different syllable, and no fuzzy for one syllable
        ("đồng chí, Tiến", None),  # the cue must come right before
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_one_syllable_alias_only_after_a_title_cue(text: str, expected: tuple[str, str] | None) -> None:
    found = [(m.text, m.how) for m in find_mentions(text, [TIEN_SHORT])]
    assert found == ([expected] if expected else [])


@pytest.mark.parametrize(
    "text,person_id,how",
    [
        ("Đồng chí Nguyễn Hữu Tiến (1901 – 1941)", TIEN.id, "exact"),
        ("KỶ NIỆM NGÀY SINH NGUYỄN HỮU TIẾN", TIEN.id, "exact"),
        ("tên khai sinh là Trương Xuân Trinh.", TIEN.id, "alias"),
        ("Dong chi Nguyen Huu Tien (1901 - 1941)", TIEN.id, "folded"),
        ("đồng chí Nguyễn Hữu\nTiến", TIEN.id, "exact"),  # one line break inside a name
        ("đồng chí Nguyễn Hửu Tiến", TIEN.id, "fuzzy"), ("NGUYỄN HỬU TIẾN", TIEN.id, "fuzzy"),
        ("Bí thư Tỉnh ủy Lê Thị Thuỷ phát biểu", THUY.id, "exact"),
        ("Bí thư Tỉnh ủy Lê Thị Thủy phát biểu", THUY.id, "exact"),
        ("đồng chí Trần Xuân Lộc được bầu", LOC.id, "exact"),
        ("Trần Đức Thuần - Ủy viên Ban Thường vụ", THUAN.id, "exact"),
    ],
    ids=lambda v: v,
)
def test_names_are_linked(text: str, person_id: str, how: str) -> None:
    [m] = find_mentions(text, PEOPLE)
    assert (m.person_id, m.how) == (person_id, how)
    assert text[m.start:m.end] == m.text
    if how == "fuzzy":
        assert m.score < 90 and m.score >= FUZZY_MENTION_MIN * 0.9


@pytest.mark.parametrize(
    "text",
    ["nguyễn hữu tiến", "trương xuân trinh",  # not capitalised as a proper name
     "Nguyễn Hữu\n\nTiến", "Nguyễn, Hữu Tiến",  # a blank line or a comma ends a name
     "Nguyễn Hữu", "Hữu Tiến", "Lê Thị",  # part of a name is not a mention
     "Nguyễn Hửu Tiến Dũng",  # a fuzzy match must not run on into a longer name
     "Trần Văn Thuần",  # similarity 79 < threshold
     "Lê Thị Thúy", "Trần Đức Thuận", "Nguyễn Hữu Tuấn",  # given name off: another person
     "Nguyên Hữu Tiến",  # the family name must match
     "làng Lũng Xuyên, Duy Tiên, Hà Nam"],
    ids=repr,
)
def test_false_links_are_refused(text: str) -> None:
    assert find_mentions(text, PEOPLE) == []


@pytest.mark.parametrize("text,found", [("thầy giáo Hoài dạy học", ["giáo Hoài"]), ("Giáo Hoài", ["Giáo Hoài"]),
                                        ("giáo hoài", []), ("thầy giáo dạy học", [])], ids=repr)
def test_an_alias_is_capitalised_where_written(text: str, found: list[str]) -> None:
    nickname = dataclasses.replace(TIEN, aliases=("giáo Hoài", "thầy giáo"))  # test only
    assert [m.text for m in find_mentions(text, [nickname])] == found


def test_longest_match_wins_and_same_name_people_are_both_reported() -> None:
    with_alias = dataclasses.replace(TIEN, aliases=("Hữu Tiến",))  # invented alias, test only
    assert [m.text for m in find_mentions("đồng chí Nguyễn Hữu Tiến", [with_alias])] == ["Nguyễn Hữu Tiến"]
    namesake = dataclasses.replace(TIEN, id="namesake", birth_name=None)
    found = find_mentions("đồng chí Nguyễn Hữu Tiến", [TIEN, namesake])
    assert sorted(m.person_id for m in found) == ["namesake", "nguyen-huu-tien"]
    assert len({(m.start, m.end) for m in found}) == 1


def test_nfd_input_offsets_point_into_the_original(seed: str) -> None:
    nfd = unicodedata.normalize("NFD", seed)
    found = find_mentions(nfd, PEOPLE)
    assert len(found) == 4
    for m in found:
        assert nfd[m.start:m.end] == m.text
        assert unicodedata.normalize("NFC", m.text) in ("Nguyễn Hữu Tiến", "Trần Đức Thuần")


def test_mention_fields() -> None:
    [m] = find_mentions("Ông Nguyễn Hữu Tiến", PEOPLE)
    assert m == Mention("nguyen-huu-tien", 4, 19, "Nguyễn Hữu Tiến", 100.0, "exact")


WORDS = ["Nguyễn", "Hữu", "Tiến", "tiến", "hành", "tới", "đồng", "chí", "Ông", "ông", "Trương",
         "Xuân", "Trinh", "Lê", "Thị", "Thuỷ", "Trần", "Đức", "Thuần", "Nguyen", "Huu", "Tien"]
SEPS = [" ", "  ", "\n", "\n\n", ", ", "-", " (", "\u00a0", "\u0301", ""]


@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPS)), max_size=20), st.booleans())
def test_find_mentions_never_raises_and_offsets_stay_in_text(parts: list[tuple[str, str]], nfd: bool) -> None:
    text = "".join(w + s for w, s in parts)
    if nfd:
        text = unicodedata.normalize("NFD", text)
    for m in find_mentions(text, (*PEOPLE, TIEN_SHORT)):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert 0 < m.score <= 100


@given(st.text(max_size=60))
def test_find_mentions_on_any_text(text: str) -> None:
    for m in find_mentions(text, PEOPLE):
        assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text


# --- person_to_json -------------------------------------------------------------------------

def test_person_json_keeps_both_birth_dates_with_their_sources() -> None:
    data = person_to_json(TIEN, score=99.96)
    assert set(data) == {"id", "name", "aliases", "birth", "death", "score"}
    assert data["name"] == "Nguyễn Hữu Tiến" and data["aliases"] == ["Trương Xuân Trinh"]
    assert [(c["value"], c["display"], [s["id"] for s in c["sources"]]) for c in data["birth"]] == [
        ("1901-03-05", "5/3/1901", ["viwiki"]), ("1901-03-03", "3/3/1901", ["toquoc"])]
    assert data["birth"][0]["sources"][0]["title"] == "Nguyễn Hữu Tiến (nhà cách mạng)"
    (death,) = data["death"]
    assert (death["value"], death["display"], death["precision"]) == ("1941-08-28", "28/8/1941", "day")
    assert [(s["id"], s["title"], s["url"]) for s in death["sources"]] == [("viwiki", WIKI.title, WIKI.url)]
    assert data["score"] == 100.0
    json.dumps(data, ensure_ascii=False)


def test_person_json_without_dates_or_score() -> None:
    data = person_to_json(THUY)
    assert (data["birth"], data["death"], data["score"], data["aliases"]) == ([], [], None, [])


def test_person_json_for_a_match() -> None:
    m = match_people("nguyen huu tien", PEOPLE)[0]
    assert person_to_json(m.person, m.score)["score"] == 100.0
