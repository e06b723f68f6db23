"""Legacy Vietnamese font encodings (TCVN3/ABC and VNI) to Unicode NFC, with detection.

Old documents were typed with .VnTime (TCVN3) or VNI-Times fonts: the file holds the font's
8-bit codes, and a program that reads them as Latin-1/CP1252 shows "Uû ban nh©n d©n" for
"Uỷ ban nhân dân". Such text arrives as raw bytes (a text file that is not UTF-8) or already
mis-decoded (DOCX, HTML and PDF text keep the font codes as U+0080–U+00FF). Both go through one
path: the text is seen as Latin-1 characters, one per font byte, and mapped with the tables below.

**Confidence.** A *suspect* word holds a character from U+0080–U+00FF that is a letter or a font
code. An encoding's confidence is the share of suspect words that become valid Vietnamese
syllables once converted. Text is converted when the best encoding reaches ``CONVERT_AT`` (0.85)
over at least ``MIN_SUSPECTS`` (3) words and beats the text as it stands; from ``REPORT_FROM``
(0.5) up to ``CONVERT_AT`` a :class:`LegacyEncodingError` reports it and nothing is guessed.
Text holding any letter only Unicode has (ơ, ư, đ, ạ…) is Unicode and never converted.

**Tables**, written for this module from the published character charts:

- TCVN3: TCVN 5712:1993 "Bộ mã chuẩn 8-bit kí tự Việt dùng trong trao đổi thông tin", table VN3
  (= VSCII-3), as printed in the standard and charted in the English Wikipedia article "VSCII".
  VN3 has no capitals with tone marks: headings used a capitals-only font (.VnTimeH), so a line
  whose ASCII letters are all capitals is upper-cased after conversion.
- VNI: the VNI-Windows chart of VNI Software Company, as given in the English Wikipedia article
  "VNI" (VNI Encoding) and the comparison chart "Bảng đối chiếu encoding các bộ chữ hiện hành với
  Unicode": a vowel is followed by one modifier byte (tone, circumflex or breve, or both).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kb.clean import nfc
from kb.ingest.errors import LegacyEncodingError

CONVERT_AT = 0.85
REPORT_FROM = 0.5
MIN_SUSPECTS = 3

GRAVE, HOOK, TILDE, ACUTE, DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
CIRCUMFLEX, BREVE = "\u0302", "\u0306"

# TCVN3 (VN3): vowel -> (code of the bare letter, None when ASCII; codes with grave, hook, tilde,
# acute, dot below), in the chart's order of tones.
_TCVN3_VOWELS = {
    "a": (None, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9), "ă": (0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB), "e": (None, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6), "i": (None, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (None, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4), "ô": (0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE), "u": (None, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9), "y": (None, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_OTHER = {0xA0: "\u00a0", 0xAE: "đ", 0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ",
                0xA6: "Ư", 0xA7: "Đ"}


def _tcvn3_table() -> dict[str, str]:
    table = {chr(code): ch for code, ch in _TCVN3_OTHER.items()}
    for vowel, (bare, *toned) in _TCVN3_VOWELS.items():
        if bare is not None:
            table[chr(bare)] = vowel
        for tone, code in zip((GRAVE, HOOK, TILDE, ACUTE, DOT), toned):
            table[chr(code)] = nfc(vowel + tone)
    return table


TCVN3 = _tcvn3_table()

# VNI: modifier byte (as its Latin-1 character, lower and upper case) -> marks it adds to the vowel
# before it; which vowels take it follows from the marks (circumflex: a e o; breve: a).
_VNI_MOD_ROWS = [
    ("ùÙ", ACUTE), ("øØ", GRAVE), ("ûÛ", HOOK), ("õÕ", TILDE), ("ïÏ", DOT),
    ("âÂ", CIRCUMFLEX), ("áÁ", CIRCUMFLEX + ACUTE), ("àÀ", CIRCUMFLEX + GRAVE),
    ("åÅ", CIRCUMFLEX + HOOK), ("ãÃ", CIRCUMFLEX + TILDE), ("äÄ", CIRCUMFLEX + DOT),
    ("êÊ", BREVE), ("éÉ", BREVE + ACUTE), ("èÈ", BREVE + GRAVE), ("úÚ", BREVE + HOOK),
    ("üÜ", BREVE + TILDE), ("ëË", BREVE + DOT),
]
VNI_MODS = {ch: marks for chars, marks in _VNI_MOD_ROWS for ch in chars}
# Letters VNI codes as one byte: ơ ư đ, and i/y with some tones (ì í keep their Latin-1 codes).
VNI_LETTERS = {"ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ", "æ": "ỉ", "Æ": "Ỉ",
               "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ",
               "ì": "ì", "Ì": "Ì", "í": "í", "Í": "Í"}
_TONE_TAKERS = set("aăâeêioôơuưy")

NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}
_VIET_ONLY = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
                        "\u1ea0-\u1ef9]")
_TOKEN = re.compile(r"[^\s!-@\[-`{-~]+")  # anything but spaces, digits and ASCII punctuation
# The vowel clusters Vietnamese writes, longest first (iêu, ươi, oa, ư…).
_NUCLEI = ("iêu yêu oai oay oeo uây uôi uya uyê uyu ươi ươu ai ao au ay âu ây eo êu ia iê iu oa oă "
           "oe oi ôi ơi ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê oo a ă â e ê i o ô ơ u ư y").split()
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
                       rf"(?:{'|'.join(_NUCLEI)})(?:ch|nh|ng|[cmnpt])?")
_C1 = {i: bytes([i]).decode("cp1252") for i in range(0x80, 0xA0) if i not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


@dataclass(frozen=True)
class Repair:
    """What :func:`repair` did: the text, the encoding converted from (None: left as it was)."""

    text: str
    encoding: str | None
    confidence: float
    unconverted: tuple[str, ...] = ()
    scores: dict[str, float] = field(default_factory=dict)


def bytes_as_latin(data: bytes) -> str:
    """One character per byte, CP1252 punctuation for 0x80–0x9F (as Windows shows legacy files).

    >>> bytes_as_latin(b"nh\\xa9n \\x93x\\x94")
    'nh©n “x”'
    """
    return data.decode("latin-1").translate({i: c for i, c in _C1.items()})


def is_syllable(word: str) -> bool:
    """True for a well-formed Vietnamese syllable (at most one tone mark), any case.

    >>> [is_syllable(w) for w in ("Uỷ", "nhân", "nghiệp", "người", "nh©n", "Vieọt", "café")]
    [True, True, True, True, False, False, False]
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(ch in (GRAVE, HOOK, TILDE, ACUTE, DOT) for ch in decomposed)
    bare = nfc("".join(ch for ch in decomposed if ch not in (GRAVE, HOOK, TILDE, ACUTE, DOT)))
    return tones <= 1 and _SYLLABLE.fullmatch(bare) is not None


def from_tcvn3(text: str) -> tuple[str, list[str]]:
    """Map TCVN3 codes (seen as Latin-1) to Unicode; returns the text and codes it does not know.

    >>> from_tcvn3("Uû ban nh©n d©n tØnh")[0]
    'Uỷ ban nhân dân tỉnh'
    >>> from_tcvn3("NGHÞ QUYÕT")[0], from_tcvn3("Sè 12-NQ/HU")[0]
    ('NGHỊ QUYẾT', 'Số 12-NQ/HU')
    """
    bad = [ch for ch in text if 0x80 <= ord(ch) <= 0xFF and ch not in TCVN3]
    lines = []
    for line in text.split("\n"):
        out = "".join(TCVN3.get(ch, ch) for ch in line)
        words = [w for w in line.split() if not any(ch.isdigit() or ch == "/" for ch in w)]
        letters = [ch for w in words for ch in w if ch.isascii() and ch.isalpha()]
        if len(letters) >= 4 and all(ch.isupper() for ch in letters) and out != line:
            out = out.upper()  # a .VnTimeH heading: lowercase codes drawn as capitals
        lines.append(out)
    return nfc("\n".join(lines)), bad


def from_vni(text: str) -> tuple[str, list[str]]:
    """Map VNI (seen as Latin-1) to Unicode; returns the text and codes that attach to nothing.

    >>> from_vni("Xin chaøo caùc baïn, ñöôïc Vieät Nam, HOÀ CHÍ MINH")[0]
    'Xin chào các bạn, được Việt Nam, HỒ CHÍ MINH'
    """
    out: list[str] = []
    bad: list[str] = []
    for ch in text:
        marks = VNI_MODS.get(ch)
        if marks is not None:
            prev = out[-1] if out else ""
            if _takes(prev, marks):
                out[-1] = nfc(prev + marks)
                continue
            bad.append(ch)
            out.append(ch)
        elif ch in VNI_LETTERS:
            out.append(VNI_LETTERS[ch])
        else:
            if 0x80 <= ord(ch) <= 0xFF and ch.isalpha():
                bad.append(ch)
            out.append(ch)
    return nfc("".join(out)), bad


def _takes(prev: str, marks: str) -> bool:
    """Whether the letter before a VNI modifier can carry its marks."""
    low = prev.lower()
    if marks[0] == CIRCUMFLEX:
        return low in ("a", "e", "o")
    if marks[0] == BREVE:
        return low == "a"
    return low in _TONE_TAKERS


CONVERTERS = {"tcvn3": from_tcvn3, "vni": from_vni}
_CODES = set(TCVN3) | set(VNI_MODS) | set(VNI_LETTERS)


def _suspects(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text)
            if any(0x80 <= ord(ch) <= 0xFF and (ch.isalpha() or ch in _CODES) for ch in t)]


def share_valid(words: list[str]) -> float:
    """The share of ``words`` (punctuation around them ignored) that are Vietnamese syllables."""
    if not words:
        return 0.0
    good = sum(is_syllable(re.sub(r"^\W+|\W+$", "", w)) for w in words)
    return good / len(words)


def scores(text: str) -> tuple[int, dict[str, float]]:
    """How many suspect words ``text`` has, and each reading's share of valid syllables.

    >>> scores("Uû ban nh©n d©n tØnh Hµ Nam")[1]["tcvn3"]
    1.0
    """
    words = _suspects(text)
    result = {"as-is": share_valid(words)}
    for name, convert in CONVERTERS.items():
        result[name] = share_valid([convert(w)[0] for w in words])
    return len(words), result


def repair(text: str, path: str = "<text>", force: str | None = None) -> Repair:
    """Detect TCVN3 or VNI in ``text`` and convert it to NFC; leave Unicode text as it is.

    Args:
        text: decoded text, possibly legacy codes seen as Latin-1.
        path: the file, for the error message.
        force: 'tcvn3' or 'vni' to convert without detection.
    Returns:
        a :class:`Repair`; raises LegacyEncodingError when the evidence is between the thresholds.

    >>> r = repair("Uû ban nh©n d©n tØnh Hµ Nam")
    >>> r.text, r.encoding
    ('Uỷ ban nhân dân tỉnh Hà Nam', 'tcvn3')
    >>> repair("Ủy ban nhân dân tỉnh").encoding is None
    True
    """
    if force in CONVERTERS:
        converted, bad = CONVERTERS[force](text)
        return Repair(converted, force, 1.0, tuple(sorted(set(bad))))
    if _VIET_ONLY.search(text):
        return Repair(nfc(text), None, 1.0)
    n, found = scores(text)
    if n < MIN_SUSPECTS:
        return Repair(nfc(text), None, 1.0, scores=found)
    best = max(CONVERTERS, key=lambda k: found[k])
    conf = found[best]
    if conf >= CONVERT_AT and conf > found["as-is"]:
        converted, bad = CONVERTERS[best](text)
        return Repair(converted, best, conf, tuple(sorted(set(bad))), found)
    if conf >= REPORT_FROM and conf > found["as-is"]:
        raise LegacyEncodingError(
            path, f"looks like {NAMES[best]} but only {conf:.0%} of {n} accented words convert to "
                  f"Vietnamese (needs {CONVERT_AT:.0%}); not converted: give --encoding {best} to force")
    return Repair(nfc(text), None, found["as-is"], scores=found)
