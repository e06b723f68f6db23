"""Lexical number finder: every variant of DOMAIN.md §1, state numbers, and no false positives."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, strategies as st

from kb.citations.numbers import find_numbers, full_key, index_keys, loose_keys, number_key

VARIANTS = [
    ("52-NQ/TW", "52-NQ/TW"),
    ("52-NQ/TƯ", "52-NQ/TW"),
    ("52/NQ-TW", "52-NQ/TW"),
    ("52 - NQ/TW", "52-NQ/TW"),
    ("52–NQ/TW", "52-NQ/TW"),
    ("52-nq/tw", "52-NQ/TW"),
    ("52-NQTW", "52-NQ/TW"),
    ("57-nqtw", "57-NQ/TW"),
    ("https://x.vn/nghi-quyet-52-nq-tw-2019.html", "52-NQ/TW"),
    ("285-QD/TW", "285-QĐ/TW"),
    ("Quyết định số 244-QĐ/TU của Ban Thường vụ", "244-QĐ/TU"),
    ("Báo cáo số 610-BC/BTGTU", "610-BC/BTGTU"),
    ("Số: 36-HD/VPTW", "36-HD/VPTW"),
    ("Quyết định của Bộ Chính trị số31-QĐ/TW", "31-QĐ/TW"),
    ("Kế hoạch số 150-KH/TU", "150-KH/TU"),
    ("Chỉ thị số 05-CT/TW", "05-CT/TW"),
    ("Quy định số 08-QĐi/TW", "08-QĐi/TW"),
    ("Thông báo số 12-TB/ThU", "12-TB/ThU"),
    ("Nghị quyết 03-NQ/ĐU", "03-NQ/ĐU"),
]

STATE = [
    ("15/2020/NĐ-CP", "15/2020/NĐ-CP", "NĐ", "CP"),
    ("1152/QĐ-UBND", "1152/QĐ-UBND", "QĐ", "UBND"),
    ("59/2020/QH14", "59/2020/QH14", None, "QH14"),
    ("52/NQ-CP", "52/NQ-CP", "NQ", "CP"),
    ("Quyết định 949/QĐ-BTP", "949/QĐ-BTP", "QĐ", "BTP"),
    ("123/QĐ-TTg", "123/QĐ-TTg", "QĐ", "TTg"),
]

NEGATIVES = [
    "ngày 27/9/2019", "27-9-2019", "27.9.2019", "1.586 đại biểu", "9.300 cuốn", "đạt tỉ lệ 97,5%",
    "dịch Covid-19", "Kỷ yếu (1997-2020)", "quý I/2020", "(3/2/1930 – 3/2/2020)", "nhiệm kỳ 2020 – 2025",
    "2 - hd/tuần", "trên 47.668 đảng viên", "Ban Chỉ đạo 35 tỉnh", "17 giải A, 2 giải B",
]


@pytest.mark.parametrize("text,canonical", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_party_variants(text: str, canonical: str) -> None:
    found = find_numbers(text)
    assert [n.canonical for n in found] == [canonical]
    assert found[0].family == "party"
    assert text[found[0].start:found[0].end] == found[0].text


@pytest.mark.parametrize("text,canonical,doc_type,issuer", STATE, ids=[s[0] for s in STATE])
def test_state_numbers(text: str, canonical: str, doc_type: str | None, issuer: str) -> None:
    (n,) = find_numbers(text)
    assert (n.canonical, n.family, n.doc_type, n.issuer) == (canonical, "state", doc_type, issuer)


@pytest.mark.parametrize("text", NEGATIVES)
def test_no_false_positives(text: str) -> None:
    assert find_numbers(text) == []


def test_list_and_parts() -> None:
    found = find_numbers("các Nghị quyết 52-NQ/TW, 55-NQ/TW và 57-NQ/TW")
    assert [n.canonical for n in found] == ["52-NQ/TW", "55-NQ/TW", "57-NQ/TW"]
    (n,) = find_numbers("Chỉ thị 05-CT/TW")
    assert (n.number, n.doc_type, n.issuer) == ("05", "CT", "TW")


def test_nfd_offsets_point_into_the_given_text() -> None:
    text = unicodedata.normalize("NFD", "Nghị quyết số 52-NQ/TƯ của Bộ Chính trị")
    (n,) = find_numbers(text)
    assert n.text == text[n.start:n.end]
    assert unicodedata.normalize("NFC", n.text) == "52-NQ/TƯ"


@pytest.mark.parametrize("written", [v[0] for v in VARIANTS[:8]])
def test_every_variant_has_one_key(written: str) -> None:
    assert full_key(find_numbers(written)[0].canonical) == "52-NQ/TW" or written.startswith("57")


def test_keys() -> None:
    assert full_key("05-CT/TW") == "5-CT/TW"
    assert number_key("05-CT/TW") == "5-CT"
    assert number_key("15/2020/NĐ-CP") == "15/2020/NĐ-CP"
    with pytest.raises(ValueError):
        full_key("không phải số hiệu")


@pytest.mark.parametrize(
    "query,keys",
    [
        ("NQ 52", ["52-NQ"]), ("Nghị quyết 52", ["52-NQ"]), ("Nghị quyết số 52", ["52-NQ"]),
        ("nghi quyet so 52", ["52-NQ"]), ("nghị quyết số: 52", ["52-NQ"]), ("Chỉ thị 05", ["5-CT"]),
        ("CT 05", ["5-CT"]), ("chi thi 5", ["5-CT"]), ("qd 285", ["285-QĐ"]), ("QĐ 285", ["285-QĐ"]),
        ("Quyết định 285", ["285-QĐ"]), ("quy dinh 285", ["285-QĐ", "285-QĐI"]),
        ("Kết luận 14", ["14-KL"]), ("thong bao ket luan 26", ["26-TB"]), ("52/NQ-TW", ["52-NQ/TW"]),
        ("Nghị quyết 52-NQ/TW", ["52-NQ/TW"]), ("57-nqtw", ["57-NQ/TW"]),
        ("nghị quyết ngày 27/9/2019", []), ("Nghị quyết 52/2019", []), ("tháng 52", []),
    ],
)
def test_loose_keys(query: str, keys: list[str]) -> None:
    assert loose_keys(query) == keys


def test_index_keys_cover_query_keys() -> None:
    indexed = set(index_keys("Hội nghị quán triệt Nghị quyết số 52-NQ/TW, ngày 27/9/2019"))
    for query in ("NQ 52", "nghi quyet 52", "52/NQ-TƯ", "52-nqtw"):
        assert set(loose_keys(query)) <= indexed


@given(st.text(alphabet="0123456789 ./,-:%", max_size=40))
def test_digits_and_punctuation_alone_are_never_numbers(text: str) -> None:
    assert find_numbers(text) == []
