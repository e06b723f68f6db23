"""Draw the viweb2025 paragraphs that tests/fixtures/real_citations.tsv annotates by hand.

Run: python bench/sample_real_citations.py [seed]   (prints "@@ kind page first-last" and the paragraph).

The drawing never runs the citation finder, so the sample cannot lean towards what it finds: pages
are shuffled, classed by kind (Wikipedia, legal text, legal Q&A, portal), and one paragraph of
80–700 characters is drawn per page, two times in three among paragraphs where a citation is
likely (a number like 12/QĐ or a type word and a number), else among those with any type word.
"""
from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the repository importable
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import random
import re
import sys

from tests.support.viweb import pages

WANT = {"wiki": 28, "legal": 24, "qa": 24, "portal": 24}
LIKELY = re.compile(
    r"\d{1,5} ?[-/] ?[A-ZĐ]{2}|(?i:nghị quyết|quyết định|chỉ thị|thông tư|nghị định|kết luận|công điện|kế hoạch"
    r"|sắc lệnh|công văn|quy định|luật) (?:số )?\d"
)
TYPE = re.compile(
    r"(?i)nghị quyết|quyết định|chỉ thị|thông tư|nghị định|luật số|kết luận|công điện|kế hoạch|sắc lệnh|công văn"
    r"|quy định số|hướng dẫn số|thông báo số|văn bản số|phương án|\d[-/][A-ZĐ]{2}"
)
_BREAK = re.compile(r"\n[ \t]*\n")
# a Party number in any spelling: the second draw's stratum (few pages cite Party documents)
PARTY = re.compile(r"\d{1,4} ?[-/ ]? ?(?:NQ|QĐ|QĐi|QĐNS|CT|KL|TB|HD|KH|BC|CTr|TTr|QC|ĐA|TT)[ /-] ?(?:TW|TƯ|TU|ThU|HU|ĐU|VPTW|BTCTW|BTGTW|UBKTTW)\b")
PARTY_WANT = 20


def kind(text: str) -> str:
    """wiki, legal (a legal text), qa (a legal question page) or portal."""
    if "sửa mã nguồn" in text:
        return "wiki"
    if "THƯ VIỆN PHÁP LUẬT" in text or re.search(r"(?m)^\**Căn cứ ", text):
        return "legal"
    if text.startswith("# ") and text.split("\n", 1)[0].rstrip().endswith("?"):
        return "qa"
    return "portal"


def paragraphs(text: str) -> list[tuple[int, int, str]]:
    """(first line, last line, text) of every blank-line separated paragraph, lines 1-based."""
    out, pos = [], 0
    for m in [*_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        out.append((text.count("\n", 0, pos) + 1, text.count("\n", 0, end) + 1, text[pos:end]))
        pos = m.end() if m else pos
    return out


def draw(all_pages: dict[str, str], seed: int = 2025) -> list[tuple[str, str, int, int, str]]:
    """(kind, page id, first line, last line, paragraph) for the sample."""
    rnd = random.Random(seed)
    names = sorted(all_pages)
    rnd.shuffle(names)
    got: dict[str, list] = {k: [] for k in WANT}
    for name in names:
        text = all_pages[name]
        k = kind(text)
        if len(got[k]) >= WANT[k]:
            continue
        pattern = TYPE if rnd.random() < 1 / 3 else LIKELY
        ps = [(a, b, p) for a, b, p in paragraphs(text) if 80 <= len(p) <= 700 and pattern.search(p)]
        if not ps:
            continue
        a, b, p = rnd.choice(ps)
        got[k].append((k, name, a, b, p))
        if all(len(got[x]) >= WANT[x] for x in WANT):
            break
    return [row for k in WANT for row in got[k]]


def draw_party(all_pages: dict[str, str], seed: int = 2025, skip: set[str] = frozenset()) -> list[tuple[str, str, int, int, str]]:
    """A second stratum: one paragraph holding a Party number from each of PARTY_WANT pages that
    cite one (pages of the first draw left out), so Party citations are measured too."""
    rnd = random.Random(seed + 1)
    names = sorted(n for n, t in all_pages.items() if n not in skip and PARTY.search(t))
    rnd.shuffle(names)
    out = []
    for name in names:
        ps = [(a, b, p) for a, b, p in paragraphs(all_pages[name]) if 80 <= len(p) <= 700 and PARTY.search(p)]
        if ps:
            a, b, p = rnd.choice(ps)
            out.append((kind(all_pages[name]), name, a, b, p))
        if len(out) == PARTY_WANT:
            break
    return out


def main() -> None:
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 2025
    texts = pages()
    first = draw(texts, seed)
    for k, name, a, b, p in first:
        print(f"@@ {k} {name} {a}-{b}\n{p}\n")
    for k, name, a, b, p in draw_party(texts, seed, {row[1] for row in first}):
        print(f"@@ party:{k} {name} {a}-{b}\n{p}\n")


if __name__ == "__main__":
    main()
