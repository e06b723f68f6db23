"""Inputs for the fuzz runs: random text, and real texts (the seed article, corpus files) mutated.

Random text draws from the code points that break text code: Vietnamese letters precomposed and
decomposed, stray combining marks, digits and the separators of numbers and dates, quotes, controls,
lone surrogates, characters outside the BMP, and characters whose NFC form has another length.
"""
from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from tests.support.scratch import CORPUS

FRAGMENTS = ["Nghị quyết", " số ", "52", "-NQ/TW", "/NQ-TW", "TƯ", " ngày ", "27/9/2019", "27-9-2019",
             "tháng 8/1945", "năm ", "quý II", "6 tháng đầu năm", "từ 25/1 đến 1/2/2021", "(1901 – 1941)",
             "15/2020/NĐ-CP", "Chỉ thị 05", "khóa XII", "Bộ Chính trị", "“", "”", '"', "(", ")", " OR ",
             " NOT ", "-", "?", "*", ":", "97,5%", "9.300", "hòa bình", "hoà bình", "đường", "kỹ", "kĩ",
             "Nguyễn Hữu Tiến", "\n", "\t", "  ", "mùng 2", "âm lịch", "nhiệm kỳ 2020 – 2025", "<b>", "&"]
ODD = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0331", "\u200b", "\ufeff", "\x00", "\x1b",
       "\ud800", "\udfff", "\U0001f600", "\u0958", "\u1100\u1161", "\u2126", "\ufb01", "\u00ad", "ǅ",
       "İ", "ß", "\u2028", "０１２", "٣", "Ⅻ", "\u202e"]
RANGES = [(0x20, 0x7e), (0xa0, 0x24f), (0x300, 0x36f), (0x1ea0, 0x1ef9), (0x2000, 0x206f),
          (0xd800, 0xdfff), (0x4e00, 0x4e40), (0x1f300, 0x1f64f), (0x0, 0x1f), (0xac00, 0xac40)]


def real_texts() -> list[str]:
    """The seed article and every corpus file, as read (front matter included)."""
    out = []
    for path in sorted(Path(CORPUS).rglob("*")):
        if path.is_file() and path.suffix in (".md", ".txt", ".yaml"):
            out.append(path.read_text(encoding="utf-8"))
    return out


def random_text(rnd: random.Random, max_len: int = 200) -> str:
    """Characters and fragments in random order."""
    parts = []
    for _ in range(rnd.randint(0, max_len // 4)):
        r = rnd.random()
        if r < 0.4:
            parts.append(rnd.choice(FRAGMENTS))
        elif r < 0.55:
            parts.append(rnd.choice(ODD))
        elif r < 0.7:
            parts.append(str(rnd.randint(0, 10**rnd.randint(1, 6))))
        else:
            lo, hi = rnd.choice(RANGES)
            parts.append(chr(rnd.randint(lo, hi)))
    return "".join(parts)[:max_len * 2]


def mutate(rnd: random.Random, texts: list[str], max_len: int = 1200) -> str:
    """A slice of a real text with a few random edits (insert, delete, repeat, case, NFD, splice)."""
    text = rnd.choice(texts)
    start = rnd.randrange(max(1, len(text)))
    text = text[start:start + rnd.randint(0, max_len)]
    for _ in range(rnd.randint(1, 8)):
        i = rnd.randint(0, len(text))
        j = min(len(text), i + rnd.randint(0, 40))
        op = rnd.randrange(7)
        if op == 0:
            text = text[:i] + rnd.choice(FRAGMENTS + ODD) + text[i:]
        elif op == 1:
            text = text[:i] + text[j:]
        elif op == 2:
            text = text[:i] + text[i:j] * rnd.randint(2, 20) + text[j:]
        elif op == 3:
            text = text[:i] + text[i:j].swapcase() + text[j:]
        elif op == 4:
            text = text[:i] + unicodedata.normalize("NFD", text[i:j]) + text[j:]
        elif op == 5:
            other = rnd.choice(texts)
            k = rnd.randrange(max(1, len(other)))
            text = text[:i] + other[k:k + rnd.randint(0, 200)] + text[j:]
        else:
            text = text[:i] + "".join(rnd.choice("0123456789/-.") for _ in range(j - i)) + text[j:]
    return text


def inputs(n: int, seed: int = 0) -> Iterator[str]:
    """``n`` inputs: alternately random text and a mutated real text."""
    rnd = random.Random(seed)
    texts = real_texts()
    for k in range(n):
        yield random_text(rnd) if k % 2 else mutate(rnd, texts)
