"""Vietnamese normalisation on real spellings."""
import unicodedata

import pytest

from kb.clean import canon_syllable, canon_text, fold, nfc_with_offsets, variant_syllable


@pytest.mark.parametrize("a,b", [("hòa", "hoà"), ("thủy", "thuỷ"), ("hóa", "hoá"), ("khỏe", "khoẻ"),
                                 ("Hòa", "hoà"), ("tòa", "toà"), ("lõa", "loã"), ("quý", "qúy")])
def test_tone_placement_variants_are_one_canon(a, b):
    assert canon_syllable(a) == canon_syllable(b)


@pytest.mark.parametrize("a,b", [("hoàng", "hoáng"), ("đường", "dương"), ("hòa", "hỏa"), ("thủy", "thùy")])
def test_different_words_stay_different(a, b):
    assert canon_syllable(a) != canon_syllable(b)


@pytest.mark.parametrize("a,b", [("kỹ", "kĩ"), ("quý", "quí"), ("lý", "lí"), ("Mỹ", "mĩ")])
def test_i_y_spellings_share_a_variant_but_not_a_canon(a, b):
    assert variant_syllable(a) == variant_syllable(b)
    assert canon_syllable(a) != canon_syllable(b)


def test_fold_maps_d_stroke():
    assert fold("Đảng") == "dang"
    assert fold("QĐ") == "qd"
    assert fold("Nghị quyết") == "nghi quyet"


def test_nfd_input_maps_back_to_original_offsets():
    original = unicodedata.normalize("NFD", "Nguyễn Hữu Tiến")
    norm, offs = nfc_with_offsets(original)
    assert norm == "Nguyễn Hữu Tiến"
    start = norm.index("Hữu")
    assert unicodedata.normalize("NFC", original[offs[start]:offs[start + 3]]) == "Hữu"


def test_canon_text_keeps_punctuation():
    assert canon_text("Hòa bình – THỦY lợi!") == "hoà bình – thuỷ lợi!"
