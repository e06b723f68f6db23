"""Is the citation finder linear? Time it on 0.5 MB and 5 MB of adversarial near-citations.

Run: python bench/bench_citations.py   (prints sizes, times, citations found and the ratio;
a linear finder gives a ratio near 10).
"""
from __future__ import annotations

import random
import time

from kb.citations.find import find_citations

# Fragments that start a citation and then fail late, plus real ones, so every pattern works hard.
NEAR = [
    "Nghị quyết số 52-NQ/", "52 - NQ", "Nghị quyết số 52-", "12/2020/", "1.586 đại biểu", "27/9/2019",
    "52-NQTX", "Số: ", "của của của Bộ", "về “Một số chủ trương chưa đóng ngoặc ", "Nghị quyết Trung ương ",
    "Nghị quyết Đại hội lần thứ ", "Chỉ thị 0", "ngày 27-9- ", "(khóa ", "1111111111111111", "/////",
    "--------", "nghi quyet so", "Quyết định của Bộ Chính trị số", "Hà Nội, ngày 03 tháng 4 năm ",
    "Báo cáo 6 tháng", "97,5%", "9.300 cuốn", "52/NQ-", "15/2020/NĐ-", "các Nghị quyết 52-NQ/TW, 55-NQ/TW và ",
    "Chỉ thị số 49-CT/TW, ngày 21/02/2005 của Ban Bí thư (khóa IX) về “xây dựng gia đình”. ",
    # real-document noise and forms (issue 19)
    "Ngày 27/9/2019, Bộ Chính trị ban hành ", "Ngày 8/4/2021, tại ", "[23] ", "¹", "(1)", "ngày ngày ", "**",
    "\n", "\u00ad", "92CT/", "212 KL ", "036/", "178-", "Nghị quyết 59 70 71 ", "Kế hoạch ", "8935/BNV-",
    "22/2003/QH", "721/NQ-UBTVQH", "130/KH-BCĐ", "214-QĐ/TW 20",
]


def adversarial(size: int, seed: int = 7) -> str:
    """Random near-citation fragments joined by spaces, commas and newlines, ``size`` characters."""
    rnd = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        piece = rnd.choice(NEAR) + rnd.choice([" ", ", ", "\n", "", " và "])
        parts.append(piece)
        total += len(piece)
    return "".join(parts)[:size]


def timed(text: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    n = len(find_citations(text))
    return time.perf_counter() - t0, n


def main() -> None:
    small, large = adversarial(500_000), adversarial(5_000_000)
    timed(small[:10_000])  # warm the caches (tables, compiled patterns)
    t_small, n_small = timed(small)
    t_large, n_large = timed(large)
    print(f"0.5 MB: {t_small:.2f}s, {n_small} citations")
    print(f"5 MB:   {t_large:.2f}s, {n_large} citations")
    print(f"ratio 5 MB / 0.5 MB: {t_large / t_small:.1f} (linear ≈ 10)")


if __name__ == "__main__":
    main()
