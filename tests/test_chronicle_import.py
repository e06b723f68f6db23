"""``kb add --kind chronicle``: entries found by structure, dates and ranges as written, stable ids,
sources with locators, problems reported with their line, and conflicts between chronicles.

Small chronicles written here test each rule; the Party's own term chronicles in
../shared/data/tulieuvankien (read at run time, never copied into corpus/) test real material.
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from kb.chronicle_entries import split_entries
from kb.chronicle_import import read_chronicle
from kb.corpus import load_corpus
from kbcli.main import main
from tests.support.workspace import corpus_workspace

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "tulieuvankien"
TERMS = ("I", "II", "III", "V", "VI", "VII", "VIII", "XI", "XII")
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"{DATA} is absent (the shared chronicle data)")

# Read by hand from XI/"Niên biểu toàn khóa.txt", section II: plenum → its dates as the text writes
# them. Plenum 1 ("Trong khuôn khổ chương trình Đại hội …") gives no date of its own.
XI_PLENUMS = {
    2: "2011-07-04/2011-07-10",  # Từ ngày 4 đến ngày 10/7/2011
    3: "2011-10-06/2011-10-10",  # Từ ngày 06 đến ngày 10/10/2011
    4: "2011-12-26/2011-12-31",  # Từ ngày 26 đến ngày 31/12/2011
    5: "2012-05-07/2012-05-15",  # Từ ngày 07 đến 15/5/2012
    6: "2012-10-01/2012-10-15",  # Từ ngày 01/10 đến ngày 15/10/2012
    7: "2013-05-02/2013-05-11",  # Từ ngày 02/5 đến ngày 11/5/2013
    8: "2013-09-30/2013-10-09",  # Từ ngày 30/9 đến ngày 9/10/2013
    9: "2014-05-08/2014-05-14",  # Từ ngày 08/5 đến ngày 14/5/2014
    10: "2015-01-05/2015-01-12",  # Từ ngày 05 đến ngày 12/01/2015
    11: "2015-05-04/2015-05-07",  # Từ ngày 04 đến ngày 07/5/2015
    12: "2015-10-05/2015-10-11",  # Từ ngày 5 đến ngày 11/10/2015
    13: "2015-12-14/2015-12-21",  # Từ ngày 14 đến ngày 21/12/2015
    14: "2016-01-11/2016-01-13",  # Từ ngày 11 đến ngày 13/01/2016
}
# XII, section II: the chronicle stops after plenum 12 ("Đang tiếp tục cập nhật...").
XII_PLENUMS = {
    2: "2016-03-10/2016-03-12", 3: "2016-07-04/2016-07-07", 4: "2016-10-09/2016-10-14",
    5: "2017-05-05/2017-05-10", 6: "2017-10-04/2017-10-11", 7: "2018-05-07/2018-05-12",
    8: "2018-10-02/2018-10-06", 9: "2018-12-25/2018-12-26", 10: "2019-05-16/2019-05-18",
    11: "2019-10-07/2019-10-12", 12: "2020-05-11/2020-05-14",
}
# II (an older term: narrative prose, plenums inline), read by hand: "họp tháng 3/1951", "họp từ
# ngày 27/9 đến ngày 5/10/1951", "trung tuần 11/1953", "(11/1958)", "(4/1959)" …
II_PLENUMS = {
    1: "1951-03", 2: "1951-09-27/1951-10-05", 3: "1952-04-22/1952-04-28", 4: "1953-01-25/1953-01-30",
    5: "1953-11", 6: "1954-07-15/1954-07-17", 7: "1955-03-03/1955-03-12", 8: "1955-08", 9: "1956-06",
    10: "1956-08", 11: "1956-12", 12: "1957-03", 13: "1957-12", 14: "1958-11", 15: "1959-01",
    16: "1959-04", 17: "1959-12", 18: "1960-07",
}

# A small chronicle in the recent terms' layout, written for these tests (real dates; item 3 carries
# the typo the parser must report, "đến này").
SMALL = """I. Đại hội đại biểu toàn quốc lần thứ XI của Đảng
Đại hội đại biểu toàn quốc lần thứ XI của Đảng họp từ ngày 12 đến 19/1/2011 tại Thủ đô Hà Nội.
II. Các Hội nghị Ban Chấp hành Trung ương
1. Trong khuôn khổ Đại hội, Hội nghị lần thứ nhất Ban Chấp hành Trung ương khóa XI đã họp để bầu Bộ Chính trị.
2. Từ ngày 4 đến ngày 10/7/2011, tại Thủ đô Hà Nội, Ban Chấp hành Trung ương Đảng khóa XI đã họp Hội nghị lần thứ hai.
Hội nghị đã thảo luận quy chế làm việc.
3. Từ ngày 06 đến này 10/10/2011, Ban Chấp hành Trung ương Đảng khóa XI đã họp Hội nghị lần thứ ba.
Năm 2016
Ngày 10/3, Hội nghị lần thứ hai Ban Chấp hành Trung ương khóa XII khai mạc tại Thủ đô Hà Nội.
Ngày 15/5, Bộ Chính trị ban hành Chỉ thị 05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.
"""


def term_file(term: str) -> Path:
    """A term's chronicle: "Niên biểu toàn khoá.txt" or "… khóa.txt" (the spelling varies)."""
    return next(p for p in (DATA / term).iterdir() if unicodedata.normalize("NFC", p.name).startswith("Niên biểu"))


def kb(ws: dict, capsys, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--corpus", str(ws["corpus"]), "--index-dir", str(ws["idx"])])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def ws(tmp_path, capsys):
    """A copy of the corpus with its index; tests never write into the working corpus/."""
    (tmp_path / "in").mkdir()
    return {**corpus_workspace(tmp_path, capsys), "in": tmp_path / "in"}


def events_of(ws: dict, folder: str | None = None) -> dict[str, object]:
    """Imported events by key (or id when keyless), optionally of one import folder."""
    out = {}
    for e in load_corpus(ws["corpus"]).events:
        if "/events/added/" in e.path and (folder is None or f"/events/added/{folder}/" in e.path):
            out[e.key or e.id] = e
    return out


def covers(a, b) -> bool:
    """``a`` covers ``b``: the same date, or a coarser one around it (a month around its days)."""
    return a.start_date <= b.start_date and b.end_date <= a.end_date


def chronicle_json(ws: dict, capsys, *args: str) -> list[dict]:
    assert main(["chronicle", "--json", *args, "--corpus", str(ws["corpus"])]) == 0
    data = json.loads(capsys.readouterr().out)
    return [e for y in data["years"] for m in y["months"] for e in m["events"]]


# --- the rules, on a small chronicle ------------------------------------------------------------

def test_entries_by_structure_with_locators_and_heading_context():
    read = read_chronicle(SMALL, source_title="Biên niên thử", file_name="bien-nien.txt")
    by_title = {d.meta["title"]: d for d in read.drafts}
    assert read.term == "XI"
    congress = by_title["Đại hội đại biểu toàn quốc lần thứ XI của Đảng"]
    assert (congress.meta["date"], congress.meta["key"], congress.meta["places"]) == \
        ("2011-01-12/2011-01-19", "dai-hoi-xi", ["Thủ đô Hà Nội"])
    second = by_title["Hội nghị lần thứ hai Ban Chấp hành Trung ương khóa XI"]
    assert second.meta["date"] == "2011-07-04/2011-07-10" and second.meta["key"] == "hoi-nghi-tw-2-khoa-xi"
    assert second.meta["sources"][0]["page"] == "mục II, số 2"
    assert "Hội nghị đã thảo luận quy chế làm việc." in second.text  # the paragraph continues the item
    # the heading "Năm 2016" gives the year the entries under it leave out
    dated = {d.meta["date"] if isinstance(d.meta["date"], str) else d.meta["date"][0]["value"]: d
             for d in read.drafts}
    assert dated["2016-03-10"].meta["key"] == "hoi-nghi-tw-2-khoa-xii"  # its own "khóa XII" wins
    assert dated["2016-03-10"].meta["sources"][0]["page"] == "mục «Năm 2016», đoạn 6"
    assert dated["2016-05-15"].meta["title"].startswith("Bộ Chính trị ban hành Chỉ thị 05-CT/TW")


def test_unreadable_dates_are_reported_with_their_line_and_marked_not_guessed():
    read = read_chronicle(SMALL, source_title="Biên niên thử", file_name="bien-nien.txt")
    problems = {p.line: p.message for p in read.problems}
    assert "no date" in problems[4]  # plenum 1: no date of its own, reported, not invented
    assert "Từ ngày 06 đến này 10/10/2011" in problems[7]
    third = next(d for d in read.drafts if d.meta.get("key") == "hoi-nghi-tw-3-khoa-xi")
    [claim] = third.meta["date"]
    assert claim["value"] == "2011-10-10" and "Từ ngày 06 đến này" in claim["note"]  # kept what it read, marked
    no_year = read_chronicle("Ngày 12/3, Bộ Chính trị họp.", source_title="t")
    assert no_year.drafts == [] and "not written" in no_year.problems[0].message


def test_a_paragraph_without_a_date_continues_and_a_sentence_with_one_starts():
    text = ("Ngày 2/9/1945, tại Hà Nội, Chủ tịch Hồ Chí Minh đọc Tuyên ngôn độc lập.\n"
            "Cả nước vui mừng. Tháng 12/1946, toàn quốc kháng chiến bắt đầu.\n")
    entries, _ = split_entries(text)
    assert [(e.locator, e.date.value.iso()) for e in entries] == [("đoạn 1", "1945-09-02"),
                                                                    ("đoạn 2, câu 2", "1946-12")]
    assert entries[0].text.endswith("Cả nước vui mừng.")


def test_a_full_stop_between_a_date_and_its_meeting_still_dates_it():
    entries, _ = split_entries("Sau khi chuẩn bị, từ ngày 2 đến 5-4-1950. Hội nghị lần thứ ba Ban Chấp hành "
                               "Trung ương khóa I đã họp tại Việt Bắc.")
    [e] = entries
    assert (e.meeting.key(), e.date.value.iso()) == ("hoi-nghi-tw-3-khoa-i", "1950-04-02/1950-04-05")


# --- kb add --kind chronicle, on a small chronicle ---------------------------------------------

def test_add_is_stable_replaces_an_edited_file_and_removes_what_left(ws, capsys):
    src = ws["in"] / "bien-nien.txt"
    src.write_text(SMALL, encoding="utf-8")
    (ws["in"] / "bien-nien.yaml").write_text("title: Biên niên khóa XI (bản thử)\nurl: https://example.org/bn\n",
                                             encoding="utf-8")
    code, out, err = kb(ws, capsys, "add", "--kind", "chronicle", str(src))
    assert code == 0 and out.startswith("added 1, replaced 0, unchanged 0, failed 0; events 5")
    assert f"kb: note: {src}:7: mục II, số 3: could not read all of «Từ ngày 06 đến này 10/10/2011»" in err
    folder = ws["corpus"] / "events" / "added" / "bien-nien"
    first = {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
    ev = events_of(ws)["hoi-nghi-tw-2-khoa-xi"]
    assert ev.id == "bien-nien--hoi-nghi-tw-2-khoa-xi"
    directive = next(e for e in events_of(ws).values() if e.date.iso() == "2016-05-15")
    assert directive.documents == ("ct-05-tw-2016",)  # the document it cites, linked
    assert (ev.sources[0].title, ev.sources[0].url, ev.sources[0].page) == \
        ("Biên niên khóa XI (bản thử)", "https://example.org/bn", "mục II, số 2")
    # twice: nothing changes
    code, out, _ = kb(ws, capsys, "add", "--kind", "chronicle", str(src))
    assert out.startswith("added 0, replaced 0, unchanged 1, failed 0")
    assert {p.name: p.read_bytes() for p in sorted(folder.iterdir())} == first
    # edited: a date changed, an entry removed
    src.write_text(SMALL.replace("Từ ngày 4 đến ngày 10/7/2011", "Từ ngày 5 đến ngày 10/7/2011")
                   .replace(SMALL.splitlines()[-1] + "\n", ""), encoding="utf-8")
    code, out, _ = kb(ws, capsys, "add", "--kind", "chronicle", str(src))
    assert out.startswith("added 0, replaced 1, unchanged 0, failed 0; events 4 (written 4, removed 1)")
    assert events_of(ws)["hoi-nghi-tw-2-khoa-xi"].date.iso() == "2011-07-05/2011-07-10"
    assert not any(e.date and e.date.iso() == "2016-05-15" for e in events_of(ws).values())
    assert main(["search", "--json", "Bộ Chính trị ban hành Chỉ thị", "--index-dir", str(ws["idx"])]) == 0
    assert not [h for h in json.loads(capsys.readouterr().out)["hits"] if h["id"].startswith("bien-nien--")]
    # kb remove: one event, then the whole chronicle
    assert kb(ws, capsys, "remove", "bien-nien--hoi-nghi-tw-2-khoa-xi")[0] == 0
    assert "hoi-nghi-tw-2-khoa-xi" not in events_of(ws)
    code, out, _ = kb(ws, capsys, "remove", "bien-nien")
    assert code == 0 and "removed chronicle 'bien-nien'" in out and events_of(ws) == {}


def test_two_chronicles_dating_one_meeting_differently_make_one_conflict(ws, capsys):
    (ws["in"] / "a.txt").write_text(SMALL, encoding="utf-8")
    (ws["in"] / "b.md").write_text(
        "# Khóa XI\n\nHội nghị lần thứ hai Ban Chấp hành Trung ương khóa XI họp từ ngày 5 đến ngày 10/7/2011 "
        "tại Hà Nội.\n", encoding="utf-8")
    code, out, _ = kb(ws, capsys, "add", "--kind", "chronicle", str(ws["in"]))
    assert code == 0 and out.startswith("added 2,")
    assert main(["conflicts", "--json", "--corpus", str(ws["corpus"])]) == 0
    conflicts = json.loads(capsys.readouterr().out)["conflicts"]
    [c] = [c for c in conflicts if c["title"] == "Hội nghị lần thứ hai Ban Chấp hành Trung ương khóa XI"]
    sides = {s["value"]: [(src["title"], src["page"]) for src in s["sources"]] for s in c["claims"]}
    assert sides == {"2011-07-04/2011-07-10": [("in/a.txt", "mục II, số 2")],
                     "2011-07-05/2011-07-10": [("in/b.md", "mục «Khóa XI», đoạn 1")]}
    from web import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": str(ws["idx"]), "CORPUS_DIR": str(ws["corpus"])}).test_client()
    html = client.get("/conflicts").get_data(as_text=True)
    assert "Hội nghị lần thứ hai Ban Chấp hành Trung ương khóa XI" in html and "mục II, số 2" in html
    page = client.get("/events/a--hoi-nghi-tw-2-khoa-xi").get_data(as_text=True)
    assert "in/a.txt" in page and "mục II, số 2" in page and "Thủ đô Hà Nội" in page
    assert "a--hoi-nghi-tw-2-khoa-xi" in client.get("/chronicle?year=2011").get_data(as_text=True)


# --- the Party's term chronicles ----------------------------------------------------------------

@needs_data
def test_every_term_chronicle_one_event_per_dated_entry(ws, capsys):
    files = [term_file(t) for t in TERMS]
    code, out, err = kb(ws, capsys, "add", "--kind", "chronicle", *map(str, files))
    assert code == 0 and out.startswith("added 9, replaced 0, unchanged 0, failed 0")
    corpus = load_corpus(ws["corpus"])
    imported = [e for e in corpus.events if "/events/added/" in e.path]
    for path in files:
        entries, _ = split_entries(path.read_text(encoding="utf-8"))
        mine = [e for e in imported if e.sources[0].title == f"{path.parent.name}/{path.name}"]
        lines = {s.note for e in mine for s in e.sources}
        for entry in entries:  # every dated entry is in an event, at its line, with the date it writes
            if entry.date is None or entry.date.value is None:
                assert f"{path}:{entry.line}: " in err, (path, entry.line)
                continue
            holder = [e for e in mine if f"dòng {entry.line} của tệp {path.name}" in {s.note for s in e.sources}
                      and any(covers(c.value, entry.date.value) or covers(entry.date.value, c.value)
                              for c in e.dates)]
            assert holder, (path.parent.name, entry.line, entry.opening[:60])
        assert len(lines) >= len(mine)


@needs_data
@pytest.mark.parametrize("term,table", [("XI", XI_PLENUMS), ("XII", XII_PLENUMS), ("II", II_PLENUMS)])
def test_every_plenum_of_a_term_with_the_dates_the_text_gives(ws, capsys, term, table):
    path = term_file(term)
    assert kb(ws, capsys, "add", "--kind", "chronicle", str(path))[0] == 0
    plenums = {e.key: e for e in events_of(ws).values() if e.key and e.key.startswith("hoi-nghi-tw-")}
    found = {int(k.split("-")[3]): e.date.iso() for k, e in plenums.items() if k.endswith(f"-khoa-{term.lower()}")}
    assert found == table


@needs_data
def test_chronicle_json_lists_the_plenums_of_xi_and_xii_and_rebuilds_from_the_corpus(ws, capsys):
    files = [term_file(t) for t in ("XI", "XII")]
    assert kb(ws, capsys, "add", "--kind", "chronicle", *map(str, files))[0] == 0
    listed = chronicle_json(ws, capsys, "--from", "2011-01-01", "--to", "2020-12-31")
    dates = {(e["title"], e["dates"][0]["value"]) for e in listed}
    for term, table in (("XI", XI_PLENUMS), ("XII", XII_PLENUMS)):
        for n, iso in table.items():
            assert any(t.endswith(f"Ban Chấp hành Trung ương khóa {term}") and v == iso for t, v in dates), (term, n)
    assert kb(ws, capsys, "index")[0] == 0  # the store is the corpus's own format
    assert chronicle_json(ws, capsys, "--from", "2011-01-01", "--to", "2020-12-31") == listed
    code, out, _ = kb(ws, capsys, "add", "--kind", "chronicle", *map(str, files))
    assert out.startswith("added 0, replaced 0, unchanged 2, failed 0")


@needs_data
def test_an_edited_copy_replaces_its_events(ws, capsys):
    copy = ws["in"] / "XI" / "Niên biểu toàn khóa.txt"
    copy.parent.mkdir()
    text = term_file("XI").read_text(encoding="utf-8")
    copy.write_text(text, encoding="utf-8")
    assert kb(ws, capsys, "add", "--kind", "chronicle", str(copy))[0] == 0
    before = events_of(ws)
    edited = text.replace("Từ ngày 06 đến ngày 10/10/2011", "Từ ngày 07 đến ngày 10/10/2011")
    edited = edited[:edited.index("14. Từ ngày 11")]  # the last plenum removed
    assert edited != text
    copy.write_text(edited, encoding="utf-8")
    code, out, _ = kb(ws, capsys, "add", "--kind", "chronicle", str(copy))
    assert out.startswith("added 0, replaced 1, unchanged 0, failed 0")
    after = events_of(ws)
    assert after["hoi-nghi-tw-3-khoa-xi"].date.iso() == "2011-10-07/2011-10-10"
    assert "hoi-nghi-tw-14-khoa-xi" in before and "hoi-nghi-tw-14-khoa-xi" not in after
    assert after["hoi-nghi-tw-3-khoa-xi"].id == before["hoi-nghi-tw-3-khoa-xi"].id  # ids are stable


@needs_data
def test_two_real_chronicles_dating_the_first_congress_differently_make_one_conflict(ws, capsys):
    """I: the term chronicle dates the congress "từ 27 đến 31/3/1935", the congress overview "từ ngày
    28 đến 31-3-1935" (SOURCE.md lists the disagreement)."""
    overview = next(p for p in (DATA / "I").iterdir() if p != term_file("I"))
    assert kb(ws, capsys, "add", "--kind", "chronicle", str(term_file("I")), str(overview))[0] == 0
    assert main(["conflicts", "--json", "--corpus", str(ws["corpus"])]) == 0
    conflicts = json.loads(capsys.readouterr().out)["conflicts"]
    [c] = [c for c in conflicts if c["title"] == "Đại hội đại biểu toàn quốc lần thứ I của Đảng"]
    sides = {s["value"]: {src["title"] for src in s["sources"]} for s in c["claims"]}
    assert set(sides) == {"1935-03-27/1935-03-31", "1935-03-28/1935-03-31"}
    assert f"I/{overview.name}" in sides["1935-03-28/1935-03-31"]
    assert f"I/{term_file('I').name}" in sides["1935-03-27/1935-03-31"]


@needs_data
def test_a_term_chronicle_disagreeing_with_itself_is_one_conflict(ws, capsys):
    """III: the header writes the congress "Từ 5 đến 10-9-1960", the prose "từ ngày 5 đến 12-9-1960"."""
    path = term_file("III")
    assert kb(ws, capsys, "add", "--kind", "chronicle", str(path))[0] == 0
    assert main(["conflicts", "--json", "--corpus", str(ws["corpus"])]) == 0
    conflicts = json.loads(capsys.readouterr().out)["conflicts"]
    [c] = [c for c in conflicts if c["title"] == "Đại hội đại biểu toàn quốc lần thứ III của Đảng"]
    assert {s["value"] for s in c["claims"]} == {"1960-09-05/1960-09-10", "1960-09-05/1960-09-12"}


@pytest.mark.parametrize("suffix", ["docx", "html"])
def test_a_chronicle_in_word_or_html_reads_the_same(ws, capsys, suffix):
    lines = [ln for ln in SMALL.splitlines() if ln]
    path = ws["in"] / f"bien-nien.{suffix}"
    if suffix == "docx":
        import docx

        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        document.save(str(path))
    else:
        body = "".join(f"<p>{ln}</p>" for ln in lines)
        path.write_text(f"<html><head><title>Biên niên thử</title></head><body><article>{body}</article></body></html>",
                        encoding="utf-8")
    code, out, _ = kb(ws, capsys, "add", "--kind", "chronicle", str(path))
    assert code == 0 and out.startswith("added 1,")
    second = events_of(ws)["hoi-nghi-tw-2-khoa-xi"]
    assert second.date.iso() == "2011-07-04/2011-07-10" and second.sources[0].page == "mục II, số 2"
