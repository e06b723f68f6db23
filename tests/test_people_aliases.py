"""Aliases that also read as places link only after a cue; the corpus flag, its checks, its use."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kb.collation import index_letter
from kb.corpus import load_corpus
from kb.errors import CorpusError
from kb.mentions import context_window, find_mentions, records_mentioning
from kb.models import Corpus, Document, Event, Person, Source
from kb.people import match_people

SRC = (Source("s", "tests/test_people_aliases.py"),)
TIEN = Person(id="nguyen-huu-tien", kind="person", title="Nguyễn Hữu Tiến", sources=SRC,
              aliases=("Hải Đông", "Hai Bắc Kỳ", "Quế Lâm"), aliases_needing_cue=("Quế Lâm", "Hải Đông"))


@pytest.mark.parametrize(
    "text,found",
    [
        ("hoạt động ở Hậu Giang với bí danh Quế Lâm", ["Quế Lâm"]),
        ("Nguyễn Hữu Tiến (tức Quế Lâm) về Nam Kỳ", ["Nguyễn Hữu Tiến", "Quế Lâm"]),
        ("đồng chí Hải Đông chủ trì", ["Hải Đông"]), ("Ông Hải Đông", ["Hải Đông"]),
        ("biệt danh Hai Bắc Kỳ", ["Hai Bắc Kỳ"]),  # an unflagged alias needs no cue
        ("thành phố Quế Lâm, tỉnh Quảng Tây", []), ("Quế Lâm là thủ phủ", []),  # the place
        ("huyện Hải Đông", []), ("bí danh quế lâm", []),  # the place; not capitalised
        ("ông, Quế Lâm", []),  # the cue must come right before
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_place_like_aliases_need_a_cue(text: str, found: list[str]) -> None:
    mentions = find_mentions(text, [TIEN])
    assert [m.text for m in mentions] == found
    assert all(m.how == "cue" and m.score == 80.0 for m in mentions if m.text in ("Quế Lâm", "Hải Đông"))


def test_without_the_flag_the_place_would_link() -> None:
    unflagged = dataclasses.replace(TIEN, aliases_needing_cue=())
    assert [m.text for m in find_mentions("thành phố Quế Lâm", [unflagged])] == ["Quế Lâm"]


def test_flagged_aliases_still_find_the_person_in_a_search() -> None:
    [m] = match_people("que lam", [TIEN])
    assert (m.person.id, m.matched_name, m.how) == ("nguyen-huu-tien", "Quế Lâm", "alias")


def test_the_corpus_flags_que_lam_and_hai_dong(corpus: Corpus) -> None:
    tien = next(p for p in corpus.people if p.id == "nguyen-huu-tien")
    assert set(tien.aliases_needing_cue) == {"Quế Lâm", "Hải Đông"}
    assert set(tien.aliases_needing_cue) <= set(tien.aliases)
    assert find_mentions("Đoàn công tác đến thành phố Quế Lâm và huyện Hải Đông.", corpus.people) == []


def test_a_flag_that_is_not_an_alias_stops_the_load(tmp_path: Path) -> None:
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "x.md").write_text(
        '---\nname: "Nguyễn Văn A"\naliases: ["Quế Lâm"]\naliases_needing_cue: ["Hải Đông"]\n'
        "sources: [{id: s, title: t}]\n---\nTiểu sử.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="aliases_needing_cue.*'Hải Đông' is not one of the aliases"):
        load_corpus(tmp_path)


def test_records_mentioning_joins_text_mentions_and_the_people_field() -> None:
    doc = Document(id="d", kind="article", title="Bài", sources=SRC, text="Kỷ niệm đồng chí Nguyễn Hữu Tiến.")
    listed = Event(id="e", kind="event", title="Sự kiện", sources=SRC, text="Không nêu tên.",
                   people=("nguyen-huu-tien",))
    other = Document(id="o", kind="article", title="Khác", sources=SRC,
                     text="Tiến hành sơ kết; thành phố Quế Lâm.")
    found = records_mentioning("nguyen-huu-tien", Corpus((doc, other), (listed,), (TIEN,)))
    assert [(f.record.id, len(f.mentions), f.listed) for f in found] == [("d", 1, False), ("e", 0, True)]


def test_context_window_cuts_at_spaces() -> None:
    text = "một hai ba bốn năm Nguyễn Hữu Tiến sáu bảy tám chín"
    a, b = context_window(text, 19, 34, width=8)
    assert text[a:b] == "bốn năm Nguyễn Hữu Tiến sáu bảy"
    assert context_window("Tiến", 0, 4) == (0, 4)


@pytest.mark.parametrize("name,by,letter", [("Nguyễn Hữu Tiến", "given", "T"), ("Lê Thị Thủy", "family", "L"),
                                            ("Trần Đức Ấn", "given", "Â"), ("Đỗ Mười", "family", "Đ")],
                         ids=str)
def test_index_letter(name: str, by: str, letter: str) -> None:
    assert index_letter(name, by=by) == letter


def test_match_people_by_family_breaks_ties_and_rejects_other_orders() -> None:
    loc = Person(id="loc", kind="person", title="Trần Xuân Lộc", sources=SRC)
    thuan = Person(id="thuan", kind="person", title="Trần Đức Thuần", sources=SRC)
    assert [m.person.id for m in match_people("Trần", [loc, thuan])] == ["loc", "thuan"]
    assert [m.person.id for m in match_people("Trần", [loc, thuan], by="family")] == ["thuan", "loc"]
    with pytest.raises(ValueError, match="by"):
        match_people("Trần", [loc], by="middle")
