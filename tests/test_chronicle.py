"""Chronicle grouping and filters, conflicts and cross-checking, over small in-test records."""
from __future__ import annotations

import json
from datetime import date

import pytest

from kb.chronicle import filter_events, list_conflicts, timeline
from kb.conflicts import conflict_json
from kb.crosscheck import claim_to_json, crosscheck
from kb.models import Corpus, DateClaim, DateValue, Document, Event, Person, Source

A = Source("a", "Nguồn A", url="https://a.example/1")
B = Source("b", "Nguồn B", page="12")


def _claim(iso: str, *sources: str, note: str | None = None) -> DateClaim:
    return DateClaim(DateValue.parse(iso), sources or ("a",), note)


def _event(eid: str, title: str, *claims: DateClaim, aliases: tuple[str, ...] = ()) -> Event:
    return Event(eid, "event", title, (A, B), aliases=aliases, dates=claims)


XIII = _event("xiii", "Đại hội XIII", _claim("2021-01-25/2021-02-01"), aliases=("Đại hội lần thứ XIII",))
XII = _event("xii", "Đại hội XII", _claim("2016-01-20/2016-01-28"))
HANAM = _event("hanam-xx", "Đại hội Đảng bộ tỉnh Hà Nam lần thứ XX", _claim("2020-09-21/2020-09-22"))
LUNG = _event("lung-xuyen", "Hội nghị Lũng Xuyên", _claim("1931-01-22", "a"), _claim("1931-01-23", "b"))
YEAR_ONLY = _event("khoi-nghia-1941", "Một sự kiện chỉ biết năm", _claim("1941"))
MONTH_ONLY = _event("cmt8", "Cách mạng tháng Tám", _claim("1945-08"))
UNDATED = _event("undated", "Chưa rõ ngày")
EVENTS = (XIII, XII, HANAM, LUNG, YEAR_ONLY, MONTH_ONLY, UNDATED)

NQ52 = Document("nq-52", "document", "Nghị quyết 52-NQ/TW", (A,), number="52-NQ/TW",
                dates=(_claim("2019-09-27"),))
CT49 = Document("ct-49", "document", "Chỉ thị 49-CT/TW", (A, B), number="49-CT/TW",
                dates=(_claim("2005-02-21", "a", note="văn bản"), _claim("2005-12-21", "b", note="siêu dữ liệu")))
NQ06_XII = Document("nq-06-xii", "document", "Nghị quyết 06-NQ/TW (khóa XII)", (A,), number="06-NQ/TW",
                    term="XII", dates=(_claim("2016-11-05"),))
NQ06_XIII = Document("nq-06-xiii", "document", "Nghị quyết 06-NQ/TW (khóa XIII)", (A,), number="06-NQ/TW",
                     term="XIII", dates=(_claim("2022-01-24"),))
TIEN = Person("tien", "person", "Nguyễn Hữu Tiến", (A, B), birth=(_claim("1901-03-05", "a"), _claim("1901-03-03", "b")),
              death=(_claim("1941-08-28", "a"), _claim("1941-08-28", "b")))
CORPUS = Corpus(documents=(NQ52, CT49, NQ06_XII, NQ06_XIII), events=EVENTS, people=(TIEN,))


def test_timeline_groups_years_then_months_with_counts() -> None:
    years = timeline(EVENTS)
    assert [(y.year, y.count) for y in years] == [(1931, 1), (1941, 1), (1945, 1), (2016, 1), (2020, 1), (2021, 1)]
    y1941 = years[1]
    assert [(m.month, m.count) for m in y1941.months] == [(None, 1)]  # never placed in an invented month
    assert [(m.month, [e.id for e in m.events]) for m in years[5].months] == [(1, ["xiii"])]


def test_timeline_puts_the_year_only_bucket_last() -> None:
    later = _event("e2", "Tháng 3", _claim("1941-03-01"))
    [y] = timeline((YEAR_ONLY, later))
    assert [m.month for m in y.months] == [3, None]


@pytest.mark.parametrize("kwargs,ids", [
    ({"year": 2021}, ["xiii"]),
    ({"year": 2021, "month": 2}, ["xiii"]),  # 25/1–1/2 reaches February
    ({"year": 1941, "month": 8}, []),  # a year-only date is not "in August"
    ({"year": 1941}, ["khoi-nghia-1941"]),
    ({"month": 8}, ["cmt8"]),
    ({"start": date(2016, 1, 1), "end": date(2020, 12, 31)}, ["xii", "hanam-xx"]),
    ({"start": date(2021, 1, 31)}, ["xiii"]),
    ({"end": date(1935, 1, 1)}, ["lung-xuyen"]),
    ({"on_this_day": (1, 23)}, ["lung-xuyen", "xii"]),  # either side of a disputed date matches
    ({"on_this_day": (9, 22)}, ["hanam-xx"]),
    ({"on_this_day": (8, 15)}, []),  # month-only dates have no day
    ({"year": 2020, "on_this_day": (9, 21)}, ["hanam-xx"]),
], ids=str)
def test_filters(kwargs: dict, ids: list[str]) -> None:
    assert [e.id for e in filter_events(EVENTS, **kwargs)] == ids


def test_conflicts_list_every_side_with_source_objects() -> None:
    found = {(c.record_id, c.field): c for c in list_conflicts(CORPUS)}
    assert set(found) == {("ct-49", "date"), ("lung-xuyen", "date"), ("tien", "birth")}  # same death twice is no conflict
    ct49 = found[("ct-49", "date")]
    assert [(c.value.iso(), [s.title for s in c.sources], c.note) for c in ct49.claims] == [
        ("2005-02-21", ["Nguồn A"], "văn bản"), ("2005-12-21", ["Nguồn B"], "siêu dữ liệu")]
    j = conflict_json(found[("tien", "birth")])
    assert j["claims"][1]["sources"][0] == {"id": "b", "title": "Nguồn B", "url": None, "page": "12", "note": None, "kind": None}
    json.dumps(j)


def test_conflicts_merge_claims_that_agree() -> None:
    doc = Document("d", "document", "D", (A, B), dates=(_claim("2020-01-01", "a"), _claim("2020-01-01", "b"),
                                                         _claim("2020-01-02", "b")))
    [c] = list_conflicts(Corpus(documents=(doc,)))
    assert [[s.id for s in side.sources] for side in c.claims] == [["a", "b"], ["b"]]


def test_crosscheck_flags_a_wrong_date() -> None:
    text = "Nghị quyết số 52-NQ/TW, ngày 27/10/2019 của Bộ Chính trị về cách mạng công nghiệp lần thứ tư."
    [claim] = crosscheck(text, CORPUS)
    assert (claim.verdict, claim.record_id, claim.date.text) == ("differs", "nq-52", "27/10/2019")
    assert [(c.value.iso(), [s.url for s in c.sources]) for c in claim.record_dates] == [("2019-09-27", ["https://a.example/1"])]
    assert text[claim.start:claim.end] == "52-NQ/TW, ngày 27/10/2019"


@pytest.mark.parametrize("text,verdicts", [
    ("Nghị quyết 52-NQ/TW ngày 27/9/2019.", [("52-NQ/TW", "agrees", "nq-52")]),
    ("Nghị quyết 52/NQ-TW năm 2019.", [("52/NQ-TW", "agrees", "nq-52")]),  # coarser but consistent
    ("Nghị quyết 99-NQ/TW ngày 1/1/2020.", [("99-NQ/TW", "unknown", None)]),
    ("Nghị quyết 52-NQ/TW là văn bản quan trọng.", []),  # no date, no claim
    ("Đại hội XIII diễn ra từ 25/1 đến 1/2/2021.", [("Đại hội XIII", "agrees", "xiii")]),
    ("Sáng 26/1/2021, Đại hội lần thứ XIII khai mạc.", [("Đại hội lần thứ XIII", "agrees", "xiii")]),
    ("Đại hội XIII khai mạc ngày 26/1/2020.", [("Đại hội XIII", "differs", "xiii")]),
    ("Đại hội XIII khai mạc sáng 26/1.", [("Đại hội XIII", "unknown", "xiii")]),  # no year known
    ("Hội nghị Lũng Xuyên họp ngày 23/1/1931.", [("Hội nghị Lũng Xuyên", "agrees", "lung-xuyen")]),
    ("dai hoi xiii dien ra tu 25/1 den 1/2/2021", [("dai hoi xiii", "agrees", "xiii")]),
    ("Chỉ thị số 49-CT/TW, ngày 21/02/2005 và Nghị quyết 52-NQ/TW, ngày 27/9/2019.",
     [("49-CT/TW", "agrees", "ct-49"), ("52-NQ/TW", "agrees", "nq-52")]),
], ids=lambda v: v if isinstance(v, str) else None)
def test_crosscheck_verdicts(text: str, verdicts: list[tuple[str, str, str | None]]) -> None:
    assert [(c.subject, c.verdict, c.record_id) for c in crosscheck(text, CORPUS)] == verdicts


def test_crosscheck_a_number_reused_across_terms_picks_the_matching_one() -> None:
    [claim] = crosscheck("Nghị quyết 06-NQ/TW ngày 24/01/2022 của Bộ Chính trị.", CORPUS)
    assert (claim.verdict, claim.record_id, claim.candidates) == ("agrees", "nq-06-xiii", ("nq-06-xii",))


def test_crosscheck_disputed_record_and_json() -> None:
    [claim] = crosscheck("Chỉ thị 49-CT/TW ngày 21/12/2005.", CORPUS)
    assert claim.verdict == "agrees" and claim.disputed
    j = claim_to_json(claim)
    assert j["date"]["value"] == "2005-12-21" and len(j["record_dates"]) == 2
    json.dumps(j)


def test_crosscheck_on_the_real_corpus_if_loadable() -> None:
    from pathlib import Path

    from kb.corpus import load_corpus

    root = Path(__file__).resolve().parents[1] / "corpus"
    if not (root / "documents").is_dir():
        pytest.skip("no bundled corpus")
    corpus = load_corpus(root)
    conflicts = {(c.record_id, c.field) for c in list_conflicts(corpus)}
    assert ("nguyen-huu-tien", "birth") in conflicts and ("ct-49-tw-2005", "date") in conflicts
    claims = crosscheck("Nghị quyết 52-NQ/TW ngày 27/10/2019.", corpus)
    assert [c.verdict for c in claims] == ["differs"]
