"""``kb people``: look-ups in any spelling, the JSON shape, the index order, clear errors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kbcli.main import main

CORPUS = str(Path(__file__).resolve().parent.parent / "corpus")
INDEX_ORDER = ["mai-tien-dung", "nguyen-dinh-khang", "tran-xuan-loc", "luong-khanh-thien", "tran-duc-thuan",
               "le-thi-thuy", "nguyen-huu-tien"]  # Dũng, Khang, Lộc, Thiện, Thuần, Thủy, Tiến


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["people", "--json", "--corpus", CORPUS, *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("query", ["nguyen huu tien", "Nguyễn Hửu Tiến", "Trương Xuân Trinh", "Hữu Tiến",
                                   "Quế Lâm"], ids=str)
def test_any_spelling_lists_nguyen_huu_tien_first(capsys, query: str) -> None:
    people = run_json(capsys, query)["people"]
    assert people[0]["id"] == "nguyen-huu-tien" and people[0]["name"] == "Nguyễn Hữu Tiến"
    assert set(people[0]) == {"id", "name", "aliases", "birth", "death", "score"}
    assert 50 <= people[0]["score"] <= 100


def test_json_keeps_both_birth_dates_with_sources(capsys) -> None:
    [tien] = run_json(capsys, "nguyen huu tien")["people"]
    assert tien["score"] == 100.0 and "Trương Xuân Trinh" in tien["aliases"]
    births = {c["value"]: {s["id"] for s in c["sources"]} for c in tien["birth"]}
    assert births.keys() == {"1901-03-05", "1901-03-03"}
    assert "wikipedia" in births["1901-03-05"] and "toquoc" in births["1901-03-03"]
    assert [c["value"] for c in tien["death"]] == ["1941-08-28"]


def test_without_query_everyone_in_vietnamese_order(capsys) -> None:
    people = run_json(capsys)["people"]
    assert [p["id"] for p in people] == INDEX_ORDER
    assert all(p["score"] is None for p in people)
    by_family = run_json(capsys, "--by", "family")["people"]
    assert [p["name"] for p in by_family] == [
        "Lê Thị Thủy", "Lương Khánh Thiện", "Mai Tiến Dũng", "Nguyễn Đình Khang", "Nguyễn Hữu Tiến",
        "Trần Đức Thuần", "Trần Xuân Lộc"]


def test_a_family_name_lists_candidates_and_by_breaks_ties(capsys) -> None:
    assert [p["id"] for p in run_json(capsys, "tran")["people"]] == ["tran-xuan-loc", "tran-duc-thuan"]
    assert [p["id"] for p in run_json(capsys, "tran", "--by", "family")["people"]] == [
        "tran-duc-thuan", "tran-xuan-loc"]
    assert [p["id"] for p in run_json(capsys, "tran", "--limit", "1")["people"]] == ["tran-xuan-loc"]


def test_no_match_is_an_empty_list(capsys) -> None:
    assert run_json(capsys, "tiến hành")["people"] == []


def test_text_output_shows_every_claimed_date(capsys) -> None:
    assert main(["people", "--corpus", CORPUS, "Nguyễn Hửu Tiến"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "1 người khớp với «Nguyễn Hửu Tiến»"
    assert "Nguyễn Hữu Tiến (5/3/1901 hoặc 3/3/1901 – 28/8/1941)" in out
    assert main(["people", "--corpus", CORPUS]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(". ", 1)[1].split(" (")[0] for line in lines] == [
        "Mai Tiến Dũng", "Nguyễn Đình Khang", "Trần Xuân Lộc", "Lương Khánh Thiện", "Trần Đức Thuần",
        "Lê Thị Thủy", "Nguyễn Hữu Tiến"]
    assert "Lê Thị Thủy (sinh năm 1964)" in lines[5]


def test_missing_corpus_is_one_clear_line(tmp_path, capsys) -> None:
    assert main(["people", "--corpus", str(tmp_path / "none"), "x"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not a directory" in err


@pytest.mark.parametrize("args", [["--limit", "0", "x"], ["--limit", "abc", "x"], ["--by", "middle"]], ids=str)
def test_bad_options_are_usage_errors(capsys, args: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["people", "--corpus", CORPUS, *args])
    assert exit_.value.code == 2 and "kb people: error" in capsys.readouterr().err


def test_cli_and_web_give_a_persons_dates_in_the_same_json(capsys, corpus_index) -> None:
    """One shape per concept: ``kb people --json`` and ``/people/<id>.json`` write each birth and
    death claim identically, sources and all."""
    from web import create_app

    web = create_app({"TESTING": True, "INDEX_DIR": str(corpus_index)}).test_client()
    for person in run_json(capsys, "people", "--json")["people"]:
        page = web.get(f"/people/{person['id']}.json").get_json()
        assert person["birth"] == page["birth"] and person["death"] == page["death"], person["id"]
        assert person["birth"] or person["death"] or person["id"]
