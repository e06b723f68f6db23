"""The date and number finders open their patterns with a character, not a lookbehind (so the regex
engine can skip ahead); each rewritten opening matches exactly what the lookbehind form matches."""
import re

import pytest

from kb.citations.numbers import _num
from kb.clean import fold, nfc
from kb.date_forms import _first
from kb.date_forms import _NOT_BEFORE as NOT_BEFORE
from tests.conftest import CORPUS

# what a number, a day or a year must not follow; the cases the lookbehinds exist for
EDGES = ("số52-NQ/TW, so52, x52, 1.586 đại biểu, 97,5%, 15/2020/NĐ-CP, /7, (15), 2020-2025, 123456, "
         "năm2020, tnăm, Quý I, quý IV, tháng Tám, 3tháng, thángx, 1/2, 27.9.2019")


def _texts() -> list[str]:
    """Real Vietnamese text: the corpus records (documents, events, people), accented and folded."""
    out = [EDGES, fold(EDGES)]
    for path in sorted(CORPUS.rglob("*")):
        if path.is_file() and path.suffix in (".md", ".txt"):
            text = nfc(path.read_text(encoding="utf-8")).lower()
            out += [text, fold(text)]
    return out


TEXTS = _texts()


def _spans(pattern: str) -> list[list[tuple[int, int]]]:
    compiled = re.compile(pattern)
    return [[m.span() for m in compiled.finditer(t)] for t in TEXTS]


@pytest.mark.parametrize(("head", "behind", "tail"), [
    (r"\d", NOT_BEFORE, r"\d?"), ("[12]", NOT_BEFORE, r"\d{3}"),
    ("tháng", r"\w", ""), ("năm", r"\w", ""), ("qu", r"\w", ""), ("nam", r"\w", ""), ("thang", r"\w", ""),
])
def test_a_date_opening_matches_its_lookbehind_form(head, behind, tail):
    assert _spans(_first(head, behind, tail)) == _spans(f"(?<!{behind}){head}{tail}")


@pytest.mark.parametrize("digits", [4, 5])
def test_a_number_opening_matches_its_lookbehind_form(digits):
    found = _spans(_num(digits))
    assert found == _spans(rf"(?:(?<![\w/])|(?<=so))(?<!\d[.,])(?P<num>\d{{1,{digits}}})")
    assert sum(map(len, found)) > 1000  # the corpus is full of numbers: the comparison means something


@pytest.mark.parametrize("folded", [False, True])
def test_a_date_form_is_skipped_only_where_it_cannot_match(folded):
    """A form with a gate is not scanned in a text without the gate: every match, with the character
    its lookbehind reads, contains it."""
    from kb.date_forms import _COMPILED

    forms = [(kind, form, needs) for kind, form, needs in _COMPILED[folded][0] if needs is not None]
    assert {kind for kind, _, _ in forms} >= {"wordday", "part"}
    seen = 0
    for text in [*TEXTS, "ngày 2  tháng 9 năm 1945, 6 tháng đầu năm 2020, trung tuần 11/1953 (7-1961)"]:
        for _kind, form, needs in forms:
            for m in form.finditer(text):
                assert needs.search(text[max(0, m.start() - 1):m.end()]), (m.group(), needs.pattern)
                seen += 1
    assert seen >= 3
