"""Vietnamese collation: dictionary order of letters and tones, names sorted by given name."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb.collation import ALPHABET, collation_key, name_sort_key, syllable_key

# Each row is already in dictionary order (vietlex.com, Vũ Xuân Lương; CLDR vi).
ORDERED = [
    ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m", "n",
     "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y"],
    ["a", "à", "ả", "ã", "á", "ạ"],
    ["ê", "ề", "ể", "ễ", "ế", "ệ"],
    ["ư", "ừ", "ử", "ữ", "ứ", "ự"],
    ["ma", "mà", "mả", "mã", "má", "mạ", "mai", "mái"],
    ["ang", "áng", "anh", "ảnh"],  # letters decide before tones
    ["ác", "ách"],
    ["Dũng", "dương", "Đảng", "đường"],
    ["cha", "chan"],
    ["ma", "ma trận", "mà", "má"],  # syllable by syllable: every "ma …" before "mà"
    ["Quy định 285-QĐ/TW", "Quyết định 1152/QĐ-UBND"],
    ["Chỉ thị 05-CT/TW", "Chỉ thị 17-CT/TU", "Chỉ thị 49-CT/TW"],
    ["Nghị quyết 18-NQ/TW", "Nghị quyết 52-NQ/TW", "Nghị quyết 55-NQ/TW"],
]


@pytest.mark.parametrize("row", ORDERED, ids=lambda r: " < ".join(r)[:60])
def test_dictionary_order(row: list[str]) -> None:
    assert sorted(reversed(row), key=collation_key) == row


@pytest.mark.parametrize(
    "a,b",
    [("hòa", "hoà"), ("thủy", "thuỷ"), ("hóa", "hoá"), ("khỏe", "khoẻ"), ("Hòa Bình", "Hoà Bình"),
     ("Lê Thị Thủy", "Lê Thị Thuỷ"), ("Đảng", unicodedata.normalize("NFD", "Đảng"))],
    ids=lambda s: s,
)
def test_tone_placement_and_nfd_sort_identically(a: str, b: str) -> None:
    assert collation_key(a) == collation_key(b)
    assert name_sort_key(a) == name_sort_key(b)


def test_tones_are_secondary_so_one_syllable_family_stays_together() -> None:
    words = ["mai", "má", "mạ", "mà", "ma", "mãi", "mả", "mã"]
    assert sorted(words, key=collation_key) == ["ma", "mà", "mả", "mã", "má", "mạ", "mai", "mãi"]


def test_lowercase_only_breaks_ties() -> None:
    assert sorted(["A", "a", "à"], key=collation_key) == ["a", "A", "à"]


def test_numbers_sort_by_value_before_words() -> None:
    assert sorted(["Khóa XII", "Khóa 12", "Khóa 9"], key=collation_key) == ["Khóa 9", "Khóa 12", "Khóa XII"]


def test_foreign_letters_keep_latin_place() -> None:
    assert sorted(["zê", "wa", "fa", "ja", "ea", "ia"], key=collation_key) == ["ea", "fa", "ia", "ja", "wa", "zê"]
    assert syllable_key("ç")[1] == syllable_key("c")[1]


PEOPLE = ["Nguyễn Hữu Tiến", "Lê Thị Thủy", "Trần Xuân Lộc", "Trần Đức Thuần", "Trương Xuân Trinh"]


def test_names_sort_by_given_then_middle_then_family() -> None:
    assert sorted(PEOPLE + ["Nguyễn Lộc", "Lê Lộc"], key=name_sort_key) == [
        "Lê Lộc", "Nguyễn Lộc", "Trần Xuân Lộc", "Trần Đức Thuần", "Lê Thị Thủy",
        "Nguyễn Hữu Tiến", "Trương Xuân Trinh",
    ]


def test_names_in_family_order() -> None:
    assert sorted(PEOPLE, key=lambda n: name_sort_key(n, by="family")) == [
        "Lê Thị Thủy", "Nguyễn Hữu Tiến", "Trần Đức Thuần", "Trần Xuân Lộc", "Trương Xuân Trinh",
    ]


def test_name_qualifier_in_parentheses_is_ignored() -> None:
    assert name_sort_key("Nguyễn Hữu Tiến (nhà cách mạng)") == name_sort_key("Nguyễn Hữu Tiến")


@pytest.mark.parametrize("name", ["", "Tiến", "Hữu Tiến", "Nguyễn Thị Minh Khai"])
def test_name_key_of_any_length(name: str) -> None:
    assert isinstance(name_sort_key(name), tuple)
    assert isinstance(name_sort_key(name, by="family"), tuple)


def test_unknown_order_is_misuse() -> None:
    with pytest.raises(ValueError, match="given"):
        name_sort_key("Nguyễn Hữu Tiến", by="middle")


def test_alphabet_constant_is_the_vietnamese_alphabet_plus_foreign_letters() -> None:
    assert ALPHABET.translate(str.maketrans("", "", "fjwz")) == "".join(ORDERED[0])


@given(st.lists(st.text(), max_size=8))
def test_any_text_sorts_and_keys_are_total(texts: list[str]) -> None:
    sorted(texts, key=collation_key)
    sorted(texts, key=name_sort_key)


@given(st.text(alphabet="aăâeêioôơuyhnmgtcđ hòàảãáạ"))
def test_key_ignores_normalisation_form(text: str) -> None:
    assert collation_key(text) == collation_key(unicodedata.normalize("NFD", text))
