"""Legacy encodings: tables checked on samples from outside this code, detection and its thresholds."""
from __future__ import annotations

import unicodedata

import pytest

from ingest_fixtures import TCVN3_TEXT, VNI_TEXT, to_tcvn3, to_vni
from kb.clean import canon_text
from kb.ingest.errors import LegacyEncodingError, UndecodableError
from kb.ingest.legacy import CONVERT_AT, REPORT_FROM, from_tcvn3, from_vni, repair
from kb.ingest.text import decode

# Written forms met outside this code (DOMAIN.md §4 for the first; the others are the usual
# converter examples for place names and greetings), with what they say.
TCVN3_SAMPLES = [
    ("Uû ban nh©n d©n", "Uỷ ban nhân dân"),
    ("B¶o Th¾ng", "Bảo Thắng"),
    ("B¸t X¸t", "Bát Xát"),
    ("Ninh B×nh", "Ninh Bình"),
    ("§¶ng Céng s¶n ViÖt Nam", "Đảng Cộng sản Việt Nam"),
    ("M\xadêng Kh\xad¬ng", "Mường Khương"),
]
VNI_SAMPLES = [
    ("Xin chaøo caùc baïn", "Xin chào các bạn"),
    ("Ñaûng Coäng saûn Vieät Nam", "Đảng Cộng sản Việt Nam"),
    ("ñöôïc", "được"),
    ("Chuû tòch Hoà Chí Minh", "Chủ tịch Hồ Chí Minh"),
    ("thaønh phoá Hoà Chí Minh", "thành phố Hồ Chí Minh"),
    ("ÑAÛNG BOÄ", "ĐẢNG BỘ"),
]


@pytest.mark.parametrize("written, meant", TCVN3_SAMPLES, ids=[s[0] for s in TCVN3_SAMPLES])
def test_tcvn3_samples(written, meant):
    assert from_tcvn3(written) == (meant, [])


@pytest.mark.parametrize("written, meant", VNI_SAMPLES, ids=[s[0] for s in VNI_SAMPLES])
def test_vni_samples(written, meant):
    assert from_vni(written) == (meant, [])


def test_domain_example_is_the_same_word_as_uy_ban():
    """'Uû' is the old tone placement Uỷ: converted as written, it matches Ủy ban in search."""
    fixed = repair("Uû ban nh©n d©n tØnh Hµ Nam")
    assert fixed.encoding == "tcvn3" and fixed.text == "Uỷ ban nhân dân tỉnh Hà Nam"
    assert canon_text(fixed.text) == canon_text("Ủy ban nhân dân tỉnh Hà Nam")


@pytest.mark.parametrize("text, encode, name", [(TCVN3_TEXT, to_tcvn3, "tcvn3"), (VNI_TEXT, to_vni, "vni")],
                         ids=["tcvn3", "vni"])
def test_raw_bytes_and_text_already_misdecoded(text, encode, name):
    raw = encode(text)
    assert decode(raw, "x.txt").text == text and decode(raw, "x.txt").encoding == name
    misread = raw.decode("cp1252", errors="replace").encode("utf-8")  # a DOCX or web page keeps this
    again = decode(misread, "x.txt")
    assert again.text == text and again.encoding == f"{name} (read as utf-8)"


def test_unicode_text_is_never_converted():
    for text in ("Ủy ban nhân dân tỉnh Hà Nam", "Chào bà, chào cô, café ở phố", TCVN3_TEXT, VNI_TEXT):
        assert repair(text).encoding is None and repair(text).text == text


def test_few_accented_words_are_left_alone():
    assert repair("Report © 2020 – café").encoding is None


def test_unconvertible_codes_are_reported():
    fixed = repair("Uû ban nh©n d©n tØnh Hµ Nam ¿")
    assert fixed.encoding == "tcvn3" and fixed.unconverted == ("¿",)
    assert fixed.text.endswith("Hà Nam ¿")


def test_between_thresholds_it_reports_instead_of_guessing():
    assert REPORT_FROM < CONVERT_AT
    # 3 of 5 suspect words are good TCVN3, 2 are noise: 60% is below CONVERT_AT and above REPORT_FROM
    with pytest.raises(LegacyEncodingError) as exc:
        repair("nh©n d©n tØnh ÆÆÆ ÀÀÀ", path="cu.txt")
    message = str(exc.value)
    assert message.startswith("cu.txt: looks like TCVN3 (ABC) but only 60% of 5 accented words")
    assert "--encoding tcvn3" in message


def test_forced_encoding_converts_without_detection():
    assert decode("nh©n".encode("latin-1"), "x.txt", "tcvn3").text == "nhân"
    assert decode("ñöôïc".encode("latin-1"), "x.txt", "vni").text == "được"
    with pytest.raises(UndecodableError, match="not valid UTF-8 at byte 2"):
        decode("nh©n".encode("latin-1"), "x.txt", "utf-8")


def _cp1258(text: str) -> bytes:
    """Windows-1258 keeps the vowel with its hat or horn precomposed and writes the tone after it."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFD", ch)
            tones = "".join(m for m in base if m in "\u0300\u0301\u0303\u0309\u0323")
            rest = unicodedata.normalize("NFC", "".join(m for m in base if m not in tones))
            out += rest.encode("cp1258") + tones.encode("cp1258")
    return out


def test_windows_1258_is_read():
    text = "Đảng bộ tỉnh Hà Nam tổ chức hội nghị tổng kết công tác năm"
    assert decode(_cp1258(text), "x.txt").encoding == "cp1258"
    assert decode(_cp1258(text), "x.txt").text == text
