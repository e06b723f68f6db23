"""The analysis chain: offsets into the original text, protected tokens, tiers."""
import unicodedata

import pytest

from indexer.analysis import canon_form, compound_analyzer, pieces, tier_analyzer

SENTENCE = "Hội nghị quán triệt Nghị quyết số 52-NQ/TW, ngày 27/9/2019 của Bộ Chính trị về hòa bình."


def tokens(analyzer, text):
    return [(t.text, t.pos, t.startchar, t.endchar)
            for t in analyzer(text, positions=True, chars=True)]


@pytest.mark.parametrize("text", [SENTENCE, unicodedata.normalize("NFD", SENTENCE)])
def test_offsets_point_into_the_original_text(text):
    toks = tokens(tier_analyzer("canon"), text)
    assert len(toks) > 20
    for word, _pos, a, b in toks:
        original = unicodedata.normalize("NFC", text[a:b])
        if word in ("52-nq/tw", "52-nq", "2019-09-27"):
            assert original in ("52-NQ/TW", "27/9/2019")
        else:
            assert canon_form(original) == word


def test_protected_tokens_are_whole_and_also_split():
    toks = tokens(tier_analyzer("canon"), SENTENCE)
    words = [t[0] for t in toks]
    assert "52-nq/tw" in words and "52-nq" in words and "2019-09-27" in words
    assert {"52", "nq", "tw", "27", "9", "2019"} <= set(words)
    key = next(t for t in toks if t[0] == "52-nq/tw")
    first_part = next(t for t in toks if t[0] == "52")
    assert key[1] == first_part[1]  # same position: phrases over the parts still work
    assert SENTENCE[key[2]:key[3]] == "52-NQ/TW"


@pytest.mark.parametrize("variant", ["52-NQ/TW", "52/NQ-TW", "52 - NQ/TƯ", "52–NQ/TW", "52-nq/tw", "52-NQTW"])
def test_every_number_variant_has_the_same_key(variant):
    assert "52-nq/tw" in [t[0] for t in tokens(tier_analyzer("canon"), f"theo {variant} của")]


def test_tiers():
    text = "Hòa bình Kỹ thuật Đảng"
    assert [t[0] for t in tokens(tier_analyzer("canon"), text)] == ["hoà", "bình", "kỹ", "thuật", "đảng"]
    assert [t[0] for t in tokens(tier_analyzer("variant"), text)] == ["hoà", "bình", "kĩ", "thuật", "đảng"]
    assert [t[0] for t in tokens(tier_analyzer("fold"), text)] == ["hoa", "binh", "ky", "thuat", "dang"]


def test_compounds_have_offsets_in_the_original():
    text = "Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị"
    toks = tokens(compound_analyzer(), text)
    assert ("tuyên_giáo", 0, 4, 14) in toks
    for word, _p, a, b in toks:
        assert text[a:b].lower().replace(" ", "_") == word.replace("uỷ", "ủy")


def test_plain_numbers_and_percentages_are_not_protected():
    assert not any(p.keys for p in pieces("đạt tỉ lệ 97,5% với 1.586 đại biểu và 9.300 cuốn"))
