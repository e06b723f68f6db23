"""Dates as Vietnamese Party texts write them: a table of real forms, the seed article, properties."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.dates import DateMention, find_dates, mention_to_json, parse_date

SEED = Path("/work/shared/seed/000_facbec4f888b1542.txt")
if not SEED.exists():
    SEED = Path(__file__).resolve().parents[1] / "corpus" / "documents" / SEED.name

# (text, mention text, precision, value, start_date, end_date); value None for ranges.
CASES = [
    # days
    ("ngày 27/9/2019", "27/9/2019", "day", "2019-09-27", "2019-09-27", "2019-09-27"),
    ("27-9-2019", "27-9-2019", "day", "2019-09-27", "2019-09-27", "2019-09-27"),
    ("27.9.2019", "27.9.2019", "day", "2019-09-27", "2019-09-27", "2019-09-27"),
    ("27-9- 2019", "27-9- 2019", "day", "2019-09-27", "2019-09-27", "2019-09-27"),
    ("ngày 03 tháng 02 năm 1930", "ngày 03 tháng 02 năm 1930", "day", "1930-02-03", "1930-02-03", "1930-02-03"),
    ("Hà Nội, ngày 27 tháng 9 năm 2019", "ngày 27 tháng 9 năm 2019", "day", "2019-09-27", "2019-09-27", "2019-09-27"),
    ("mùng 2 tháng 9 năm 1945", "mùng 2 tháng 9 năm 1945", "day", "1945-09-02", "1945-09-02", "1945-09-02"),
    ("Nghị quyết số 52-NQ/TW, ngày 27/9/2019 của Bộ Chính trị", "27/9/2019", "day", "2019-09-27", "2019-09-27", "2019-09-27"),
    ("Báo cáo số 610-BC/BTGTU, ngày 07/01/2020", "07/01/2020", "day", "2020-01-07", "2020-01-07", "2020-01-07"),
    ("ngày 11/02/2020", "11/02/2020", "day", "2020-02-11", "2020-02-11", "2020-02-11"),
    ("ngày 21 tháng 02 năm 2005", "ngày 21 tháng 02 năm 2005", "day", "2005-02-21", "2005-02-21", "2005-02-21"),
    ("ngày 29/2/2020", "29/2/2020", "day", "2020-02-29", "2020-02-29", "2020-02-29"),
    ("khởi nghĩa ngày 23/11/1940 ở Nam Kỳ", "23/11/1940", "day", "1940-11-23", "1940-11-23", "1940-11-23"),
    ("bị xử bắn ngày 28-8-1941", "28-8-1941", "day", "1941-08-28", "1941-08-28", "1941-08-28"),
    ("27 tháng 9 năm 2019", "27 tháng 9 năm 2019", "day", "2019-09-27", "2019-09-27", "2019-09-27"),
    ("ngày 17 tháng 10, năm 2010", "ngày 17 tháng 10, năm 2010", "day", "2010-10-17", "2010-10-17", "2010-10-17"),
    ("NGÀY 20 THÁNG 8 NĂM 2025", "NGÀY 20 THÁNG 8 NĂM 2025", "day", "2025-08-20", "2025-08-20", "2025-08-20"),
    ("ngay 27 thang 9 nam 2019", "ngay 27 thang 9 nam 2019", "day", "2019-09-27", "2019-09-27", "2019-09-27"),
    ("năm 2020, sáng 19/1 khai mạc", "19/1", "day", "2020-01-19", "2020-01-19", "2020-01-19"),
    # months
    ("tháng 8/1945", "tháng 8/1945", "month", "1945-08", "1945-08-01", "1945-08-31"),
    ("tháng 8 năm 1945", "tháng 8 năm 1945", "month", "1945-08", "1945-08-01", "1945-08-31"),
    ("Cách mạng tháng 8-1945", "tháng 8-1945", "month", "1945-08", "1945-08-01", "1945-08-31"),
    ("Cách mạng tháng Tám năm 1945", "tháng Tám năm 1945", "month", "1945-08", "1945-08-01", "1945-08-31"),
    ("tháng 02/2020", "tháng 02/2020", "month", "2020-02", "2020-02-01", "2020-02-29"),
    ("tháng Giêng năm 1951", "tháng Giêng năm 1951", "month", "1951-01", "1951-01-01", "1951-01-31"),
    ("thang 8 nam 1945", "thang 8 nam 1945", "month", "1945-08", "1945-08-01", "1945-08-31"),
    ("tháng Năm năm 1890", "tháng Năm năm 1890", "month", "1890-05", "1890-05-01", "1890-05-31"),
    # years
    ("năm 1941", "năm 1941", "year", "1941", "1941-01-01", "1941-12-31"),
    ("thành tích xuất sắc năm 2019", "năm 2019", "year", "2019", "2019-01-01", "2019-12-31"),
    ("đến năm 2030, tầm nhìn đến năm 2045", "năm 2030", "year", "2030", "2030-01-01", "2030-12-31"),
    ("Năm 1954", "Năm 1954", "year", "1954", "1954-01-01", "1954-12-31"),
    ("nam 1941", "nam 1941", "year", "1941", "1941-01-01", "1941-12-31"),
    # quarters and halves
    ("quý I/2020", "quý I/2020", "quarter", "2020-Q1", "2020-01-01", "2020-03-31"),
    ("quý II năm 2020", "quý II năm 2020", "quarter", "2020-Q2", "2020-04-01", "2020-06-30"),
    ("Trong quý II/2020, công tác", "quý II/2020", "quarter", "2020-Q2", "2020-04-01", "2020-06-30"),
    ("quý IV/2019", "quý IV/2019", "quarter", "2019-Q4", "2019-10-01", "2019-12-31"),
    ("quý 3 năm 2021", "quý 3 năm 2021", "quarter", "2021-Q3", "2021-07-01", "2021-09-30"),
    ("quy I/2020", "quy I/2020", "quarter", "2020-Q1", "2020-01-01", "2020-03-31"),
    ("quí III/2018", "quí III/2018", "quarter", "2018-Q3", "2018-07-01", "2018-09-30"),
    ("6 tháng đầu năm 2020", "6 tháng đầu năm 2020", "half", "2020-H1", "2020-01-01", "2020-06-30"),
    ("6 tháng cuối năm 2020", "6 tháng cuối năm 2020", "half", "2020-H2", "2020-07-01", "2020-12-31"),
    ("sáu tháng đầu năm 2021", "sáu tháng đầu năm 2021", "half", "2021-H1", "2021-01-01", "2021-06-30"),
    ("nửa đầu năm 2020", "nửa đầu năm 2020", "half", "2020-H1", "2020-01-01", "2020-06-30"),
    ("6 thang dau nam 2020", "6 thang dau nam 2020", "half", "2020-H1", "2020-01-01", "2020-06-30"),
    ("3 tháng đầu năm 2020", "3 tháng đầu năm 2020", "quarter", "2020-Q1", "2020-01-01", "2020-03-31"),
    # ranges
    ("bốn tháng đầu năm 2020", "bốn tháng đầu năm 2020", "range", None, "2020-01-01", "2020-04-30"),
    ("9 tháng đầu năm 2020", "9 tháng đầu năm 2020", "range", None, "2020-01-01", "2020-09-30"),
    ("hai tháng cuối năm 2019", "hai tháng cuối năm 2019", "range", None, "2019-11-01", "2019-12-31"),
    ("nhiệm kỳ 2020 – 2025", "2020 – 2025", "range", None, "2020-01-01", "2025-12-31"),
    ("nhiệm kỳ 2015-2020", "2015-2020", "range", None, "2015-01-01", "2020-12-31"),
    ("giai đoạn 2011 – 2020", "2011 – 2020", "range", None, "2011-01-01", "2020-12-31"),
    ("giai đoạn (2011 – 2020)", "2011 – 2020", "range", None, "2011-01-01", "2020-12-31"),
    ("giai đoạn 2018 - 2020", "2018 - 2020", "range", None, "2018-01-01", "2020-12-31"),
    ("Nguyễn Hữu Tiến (1901 – 1941)", "1901 – 1941", "range", None, "1901-01-01", "1941-12-31"),
    ("Kỷ yếu (1997-2020)", "1997-2020", "range", None, "1997-01-01", "2020-12-31"),
    ("(3/2/1930 – 3/2/2020)", "3/2/1930 – 3/2/2020", "range", None, "1930-02-03", "2020-02-03"),
    ("(3/2/1930 - 3/2/2020)", "3/2/1930 - 3/2/2020", "range", None, "1930-02-03", "2020-02-03"),
    ("từ ngày 19 đến 23/1/2026", "từ ngày 19 đến 23/1/2026", "range", None, "2026-01-19", "2026-01-23"),
    ("từ 25/1 đến 1/2/2021", "từ 25/1 đến 1/2/2021", "range", None, "2021-01-25", "2021-02-01"),
    ("từ ngày 25/1 đến ngày 1/2/2021", "từ ngày 25/1 đến ngày 1/2/2021", "range", None, "2021-01-25", "2021-02-01"),
    ("tu 25/1 den 1/2/2021", "tu 25/1 den 1/2/2021", "range", None, "2021-01-25", "2021-02-01"),
    ("21–22/9/2020", "21–22/9/2020", "range", None, "2020-09-21", "2020-09-22"),
    ("21-22/9/2020", "21-22/9/2020", "range", None, "2020-09-21", "2020-09-22"),
    ("27–31/3/1935", "27–31/3/1935", "range", None, "1935-03-27", "1935-03-31"),
    ("28/6–1/7/1996", "28/6–1/7/1996", "range", None, "1996-06-28", "1996-07-01"),
    ("từ 28/12 đến 2/1/2021", "từ 28/12 đến 2/1/2021", "range", None, "2020-12-28", "2021-01-02"),
    ("từ năm 2011 đến năm 2020", "từ năm 2011 đến năm 2020", "range", None, "2011-01-01", "2020-12-31"),
    ("từ 2011 đến 2020", "từ 2011 đến 2020", "range", None, "2011-01-01", "2020-12-31"),
    ("từ tháng 1 đến tháng 4 năm 2020", "từ tháng 1 đến tháng 4 năm 2020", "range", None, "2020-01-01", "2020-04-30"),
    ("các năm 2016 – 2020", "năm 2016 – 2020", "range", None, "2016-01-01", "2020-12-31"),
    ("nhiem ky 2020 - 2025", "2020 - 2025", "range", None, "2020-01-01", "2025-12-31"),
    ("từ 25/12/2020 đến 2/1", "từ 25/12/2020 đến 2/1", "range", None, "2020-12-25", "2021-01-02"),
    ("từ ngày 27/9/2019 đến ngày 11/2/2020", "từ ngày 27/9/2019 đến ngày 11/2/2020", "range", None, "2019-09-27", "2020-02-11"),
]


@pytest.mark.parametrize("text,span,precision,value,start,end", CASES, ids=[c[0] for c in CASES])
def test_real_forms(text: str, span: str, precision: str, value: str | None, start: str, end: str) -> None:
    found = {m.text: m for m in find_dates(text)}
    assert span in found, list(found)
    m = found[span]
    assert (m.precision, m.partial) == (precision, False)
    assert text[m.start:m.end] == m.text
    j = mention_to_json(m)
    assert (j["value"], j["start_date"], j["end_date"]) == (value, start, end)


NOT_DATES = [
    "Nghị quyết số 52-NQ/TW", "Nghị định 15/2020/NĐ-CP", "đạt tỉ lệ 97,5%", "trên 9.300 cuốn",
    "1.586 người", "trên 47.668 đảng viên", "Quyết định 1152/QĐ-UBND", "Nghị quyết 59/2020/QH14",
    "2/3 số đại biểu", "ngày 31/2/2020", "ngày 29/2/2021", "chuyên đề 2020", "Việt Nam 2045",
    "mỗi tháng 2 lần", "trong 6 tháng qua", "90 năm Ngày thành lập", "năm học 2019-2020",
    "Quy định 285-QĐ/TW", "covid -19", "Ban Chỉ đạo 35", "ngày 32/1/2020", "tháng 13/2020",
    "quý V/2020", "1.033 đại biểu", "50,604 đảng viên", "Hà Nam 2020", "1/3 - 2/3",
]


@pytest.mark.parametrize("text", NOT_DATES, ids=NOT_DATES)
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_the_issue_example_gives_one_range() -> None:
    [m] = find_dates("Đại hội XIII diễn ra từ 25/1 đến 1/2/2021")
    j = mention_to_json(m)
    assert (j["value"], j["precision"], j["start_date"], j["end_date"]) == (None, "range", "2021-01-25", "2021-02-01")
    assert set(j) >= {"text", "start", "end", "value", "precision", "start_date", "end_date"}


@pytest.mark.parametrize("text,texts", [
    ("Điều 5 - 27/9/2019", ["27/9/2019"]),  # an article number, not the 5th
    ("tháng 12/2020 - 3/2021", ["tháng 12/2020"]),
    ("ngày 5 và 20/1/2026", ["20/1/2026"]),  # two days apart: no range is made of them
    ("từ ngày 27/9/2019 đến nay", ["27/9/2019"]),
    ("giai đoạn 2020 – 2011", []),  # backwards
])
def test_what_does_not_join(text: str, texts: list[str]) -> None:
    assert [m.text for m in find_dates(text)] == texts


@pytest.mark.parametrize("text,iso", [
    ("ngày 19 và 20/1/2026", "2026-01-19/2026-01-20"),  # consecutive days listed: the meeting's span
    ("Ngày 6, 7, 8/11/1939, Hội nghị", "1939-11-06/1939-11-08"),
    ("từ ngày 17-22 tháng 6-1991", "1991-06-17/1991-06-22"),
    ("Từ 5 đến 10-9-1960", "1960-09-05/1960-09-10"),
    ("từ 28-6 đến 1-7-1996", "1996-06-28/1996-07-01"),
    ("năm 1959 -1960", "1959/1960"),
    ("họp vào trung tuần 11/1953", "1953-11"),
    ("Hội nghị lần thứ mười bảy (12/1959)", "1959-12"),
])
def test_chronicle_forms(text: str, iso: str) -> None:
    [m] = find_dates(text)
    assert m.value.iso() == iso


def test_year_from_context_else_partial() -> None:
    [m] = find_dates("sáng 19/1")
    assert (m.partial, m.value, m.day_month, mention_to_json(m)["value"]) == (True, None, (19, 1), "--01-19")
    [m] = find_dates("sáng 19/1", default_year=2026)
    assert (m.value.value, m.year_inferred) == ("2026-01-19", True)
    *_, m = find_dates("Đại hội XIV năm 2026. Sáng 19/1, đại hội khai mạc.", default_year=1999)
    assert m.value.value == "2026-01-19"  # the text's year wins over the caller's default


def test_nearest_year_wins_and_year_ranges_lend_none() -> None:
    text = "Năm 2019 là mốc. Trong quý II và 6 tháng đầu năm 2020"
    quarter = next(m for m in find_dates(text) if m.text == "quý II")
    assert (quarter.value.value, quarter.year_inferred) == ("2020-Q2", True)
    [life, q] = find_dates("Nguyễn Hữu Tiến (1901 – 1941). Hội nghị giao ban quý I")
    assert q.partial and q.precision == "quarter"


def test_29_february_with_an_inferred_non_leap_year_stays_partial() -> None:
    m = find_dates("năm 2021, ngày 29/2")[-1]
    assert m.partial and m.day_month == (29, 2)


def test_lunar_dates_are_flagged_not_converted() -> None:
    [m] = find_dates("ngày 15 tháng 7 âm lịch năm nay")
    assert m.lunar and m.partial and m.day_month == (15, 7)
    [m] = find_dates("ngày 10/3 (âm lịch) năm Canh Tý, tức năm 2020")[:1]
    assert m.lunar and not m.year_inferred


def test_nfd_input_keeps_offsets_into_the_original() -> None:
    text = unicodedata.normalize("NFD", "Hà Nội, ngày 27 tháng 9 năm 2019")
    [m] = find_dates(text)
    assert text[m.start:m.end] == m.text and m.value.value == "2019-09-27"


def test_accented_text_does_not_read_nam_as_nam() -> None:
    assert [m.text for m in find_dates("Việt Nam 2045 và năm 2045")] == ["năm 2045"]


def _seed_expected() -> list[tuple[str, str]]:
    years = [("năm 2019", "2019"), ("năm 2020", "2020")]
    y19, y20 = years
    return [
        ("bốn tháng đầu năm 2020", "2020-01/2020-04"), y19,
        ("3/2/1930 – 3/2/2020", "1930-02-03/2020-02-03"), ("27/9/2019", "2019-09-27"), y19, y20,
        ("2020 – 2025", "2020/2025"), ("3/2/1930 - 3/2/2020", "1930-02-03/2020-02-03"), y19, y20,
        y20, y19, y20, y19, y20, y20, y20, ("07/01/2020", "2020-01-07"), ("2018 - 2020", "2018/2020"),
        ("quý I", "2020-Q1"), ("1997-2020", "1997/2020"), ("quý I/2020", "2020-Q1"),
        ("quý I năm 2020", "2020-Q1"), ("25/4/2015", "2015-04-25"), ("1901 – 1941", "1901/1941"),
        ("2011 – 2020", "2011/2020"), y20, y20, ("bốn tháng đầu năm 2020", "2020-01/2020-04"),
        ("quý II/2020", "2020-Q2"), ("11/02/2020", "2020-02-11"), ("năm 2030", "2030"),
        ("năm 2045", "2045"), ("16/3/2020", "2020-03-16"), ("21/02/2005", "2005-02-21"),
        ("9/5/2011", "2011-05-09"), ("12/7/2010", "2010-07-12"), y20, ("1901-1941", "1901/1941"),
        ("2020 – 2025", "2020/2025"), ("quý II", "2020-Q2"), ("6 tháng đầu năm 2020", "2020-H1"),
        y20, y20, y20, ("2011 – 2020", "2011/2020"), ("1901 - 1941", "1901/1941"),
        ("quý I", "2020-Q1"), ("6 tháng đầu năm 2020", "2020-H1"),
    ]


def test_every_date_in_the_seed_article() -> None:
    text = SEED.read_text(encoding="utf-8")
    found = find_dates(text)
    assert [(m.text, m.value.iso()) for m in found] == _seed_expected()
    assert all(text[m.start:m.end] == m.text for m in found)
    inferred = [m.text for m in found if m.year_inferred]
    assert inferred == ["quý I", "quý II", "quý I"]


PARSE = [
    ("27/9/2019", "2019-09-27"), ("ngày 27/9/2019", "2019-09-27"), ("(1901 – 1941)", "1901/1941"),
    ("nhiệm kỳ 2020 – 2025", "2020/2025"), ("quý II năm 2020", "2020-Q2"), ("1941", "1941"),
    ("2011-2020", "2011/2020"), ("8/1945", "1945-08"), ("2019-09-27", "2019-09-27"), ("2020-H1", "2020-H1"),
    ("  tháng 8 năm 1945 ", "1945-08"), ("từ 25/1 đến 1/2/2021", "2021-01-25/2021-02-01"),
]


@pytest.mark.parametrize("text,iso", PARSE, ids=[p[0] for p in PARSE])
def test_parse_date_whole_string(text: str, iso: str) -> None:
    value = parse_date(text)
    assert value is not None and value.iso() == iso


@pytest.mark.parametrize("text", ["", "52-NQ/TW", "31/2/2020", "sáng 19/1", "27/9/2019 và 11/2/2020",
                                  "Hà Nội", "13/2020", "năm 2019 là năm bản lề", "2020-13"])
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


# Text that looks like the domain: digits, separators, cue words, Vietnamese letters.
_PIECES = st.sampled_from(["ngày ", "tháng ", "năm ", "quý ", "I", "từ ", " đến ", "–", "-", "/", ".", ",",
                           "(", ")", " ", "sáng ", "âm lịch", "6 tháng đầu năm ", "nhiệm kỳ ", "đ", "ă"])
_DOMAIN_TEXT = st.lists(st.one_of(_PIECES, st.integers(0, 2100).map(str)), max_size=40).map("".join)


def _check(text: str, mentions: list[DateMention]) -> None:
    last_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text
        assert m.start >= last_end
        last_end = m.end
        if m.value is not None:
            assert m.value.start_date <= m.value.end_date
        else:
            assert m.partial


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), _DOMAIN_TEXT))
def test_never_raises_and_offsets_hold(text: str) -> None:
    _check(text, find_dates(text))
    parse_date(text)


@settings(max_examples=100, deadline=None)
@given(_DOMAIN_TEXT, st.integers(1000, 2999))
def test_default_year_only_fills(text: str, year: int) -> None:
    plain, filled = find_dates(text), find_dates(text, default_year=year)
    assert [(m.start, m.end) for m in plain] == [(m.start, m.end) for m in filled]
    _check(text, filled)


def test_long_hostile_input_is_linear() -> None:
    text = ("tháng 8" + " " * 5000 + "năm ") * 20 + "1/" * 20000 + "ngày 1 tháng" * 3000
    assert isinstance(find_dates(text), list)
