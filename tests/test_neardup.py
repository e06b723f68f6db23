"""The near-duplicate index gives the verdicts of the full scan it replaced, on real pages.

Real near-duplicates from ../shared/data/viweb2025 (read at run time, never copied into the
project), one family each: Wikipedia year pages made from one template (every third word a year,
so they share few word runs yet score above 90), thuvienphapluat Q&A pages written from one
template for two provinces, two land-price pages, short Wikipedia template pages, and mirrored
copies of long articles (cut at ``COMPARE_CHARS``). Around them, unrelated pages from the same
collection. For every page, the index built over the others must answer exactly what the old
``process.extractOne`` scan over the same pages answers.
"""
from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from rapidfuzz import fuzz, process

from kb.ingest.neardup import NearDuplicateIndex, length_window, shingles
from kb.ingest.plan import NEAR_DUPLICATE, normalise

ROOT = Path(__file__).resolve().parent.parent
TARBALL = ROOT.parent / "shared" / "data" / "viweb2025" / "pages.tar.gz"
needs_data = pytest.mark.skipif(not TARBALL.is_file(), reason=f"{TARBALL} is absent (viweb2025)")

FAMILIES = {
    "year pages 1465, 1475, 1275": ("c986f67d58413b45", "4cc048dae2b1a02c", "9f21f1395e355f0f"),
    "tuyển sinh lớp 10, Bình Định and Sóc Trăng": ("4cbd3261853bb990", "861f7c27628bd50e"),
    "bảng giá đất quận Hai Bà Trưng": ("131b54aee63a5a98", "f0e2b7ad352fc3ff"),
    "short template pages": ("5da10053d617e83d", "bca0a47c8685c27a"),
    "mirrored: danh sách tỷ phú": ("47f767dc9a78d77b", "6b65f3e49d397579"),
    "mirrored: Trịnh–Nguyễn phân tranh": ("bdaf92b3d1098a27", "c45b7927e7060ebe"),
}
OTHERS = 30  # unrelated pages: the first ones of the tarball not in a family


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    """Normalised texts (the comparison form kb add uses) of the family pages and some others."""
    wanted = {rid for fam in FAMILIES.values() for rid in fam}
    out: dict[str, str] = {}
    others = 0
    with tarfile.open(TARBALL, "r|gz") as tar:
        for member in tar:
            rid = Path(member.name).stem
            if not member.name.endswith(".md"):
                continue
            if rid in wanted or others < OTHERS:
                others += rid not in wanted
                out[rid] = normalise(tar.extractfile(member).read().decode("utf-8"))
    assert wanted <= set(out)
    return out


def scan(text: str, stored: dict[str, str]) -> tuple[str, float] | None:
    """The check as it was: every stored text scored."""
    hit = process.extractOne(text, stored, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE)
    return (str(hit[2]), float(hit[1])) if hit else None


@needs_data
def test_every_verdict_is_the_full_scans(pages):
    verdicts = {}
    for rid, text in pages.items():
        others = {k: v for k, v in pages.items() if k != rid}
        index = NearDuplicateIndex(NEAR_DUPLICATE)
        index.add_all(others.items())
        verdicts[rid] = index.best(text)
        assert verdicts[rid] == scan(text, others), rid
    for name, family in FAMILIES.items():  # each family is found, not only agreed on
        for rid in family:
            assert verdicts[rid] is not None and verdicts[rid][0] in family, (name, rid, verdicts[rid])
    assert sum(v is None for v in verdicts.values()) >= OTHERS // 2  # and most pages are not duplicates


@needs_data
def test_template_pages_share_few_word_runs_until_digits_are_masked(pages):
    """Why the runs mask digits: the year pages score above 90 but share under a fifth of their
    word runs as written, which an index of runs would miss."""
    a, b = pages["4cc048dae2b1a02c"], pages["9f21f1395e355f0f"]
    assert fuzz.ratio(a, b) >= NEAR_DUPLICATE

    def runs(text: str) -> set[str]:
        words = text.split()
        return {" ".join(words[i:i + 3]) for i in range(len(words) - 2)}

    def jaccard(x: set, y: set) -> float:
        return len(x & y) / len(x | y)

    assert jaccard(runs(a), runs(b)) < 0.25
    assert jaccard(shingles(a), shingles(b)) > 0.6


@needs_data
def test_a_batch_finds_a_page_added_earlier_in_it_and_forgets_a_removed_one(pages):
    index = NearDuplicateIndex(NEAR_DUPLICATE)
    first, copy = FAMILIES["mirrored: danh sách tỷ phú"]
    assert index.best(pages[copy]) is None
    index.add(first, pages[first])
    assert index.best(pages[copy]) == (first, pytest.approx(fuzz.ratio(pages[first], pages[copy])))
    index.discard(first)
    assert index.best(pages[copy]) is None and len(index) == 0


def test_texts_outside_the_length_window_cannot_reach_the_cut_off():
    text = "nghi quyet ve cong tac xay dung dang " * 30
    low, high = length_window(len(text), NEAR_DUPLICATE)  # rounded outwards, so ±1 inside
    assert fuzz.ratio(text, text[:low - 1]) < NEAR_DUPLICATE <= fuzz.ratio(text, text[:low + 1])
    pad = lambda n: text + "x" * (n - len(text))  # noqa: E731
    assert fuzz.ratio(text, pad(high - 1)) >= NEAR_DUPLICATE > fuzz.ratio(text, pad(high + 1))


def test_a_short_text_with_one_word_changed_is_found():
    """Short texts have few word runs, so one changed word moves their MinHash a lot: the length
    list catches them."""
    index = NearDuplicateIndex(NEAR_DUPLICATE)
    index.add("thong-bao", normalise("Thông báo kết luận của Ban Thường vụ Tỉnh ủy Hà Nam về công tác cán bộ"))
    index.add("khac", normalise("Báo cáo tổng kết công tác tuyên giáo năm 2020 của Huyện ủy Kim Bảng"))
    found = index.best(normalise("Thông báo kết luận của Ban Thường vụ Tỉnh ủy Hà Nam về công tác tổ chức"))
    assert found is not None and found[0] == "thong-bao"


def test_ties_go_to_the_text_added_first_as_in_the_scan():
    text = normalise("Nghị quyết về công tác xây dựng Đảng và hệ thống chính trị của Tỉnh ủy Hà Nam " * 8)
    index = NearDuplicateIndex(NEAR_DUPLICATE)
    for rid in ("z-ban-goc", "a-ban-sao", "m-ban-sao"):
        index.add(rid, text)
    assert index.best(text) == ("z-ban-goc", 100.0) == scan(text, dict.fromkeys(("z-ban-goc", "a-ban-sao"), text))
    index.add("z-ban-goc", text)  # re-adding keeps its place, as assigning a dict key does
    assert index.best(text)[0] == "z-ban-goc"
