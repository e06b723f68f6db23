"""Shared fixtures: the real corpus, one session-scoped index of it, and a small tier-test index."""
from __future__ import annotations

from pathlib import Path

import pytest

from kb.corpus import load_corpus
from kb.models import Document, Source

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED = CORPUS / "documents" / "000_facbec4f888b1542.txt"


@pytest.fixture(scope="session")
def corpus():
    return load_corpus(CORPUS)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory, corpus):
    from indexer.build import build_index

    path = tmp_path_factory.mktemp("idx") / "index"
    build_index(corpus.records(), path)
    return path


def doc(id_: str, title: str, text: str, **kw) -> Document:
    """A small test document with a source naming this test file."""
    return Document(id=id_, kind=kw.pop("kind", "article"), title=title, text=text,
                    sources=(Source("test", "tests/conftest.py"),), **kw)


TIER_DOCS = [
    doc("t-hoa-cu", "Giữ gìn hòa bình", "Nhân dân ta yêu hòa bình, độc lập và tự do."),
    doc("t-hoa-moi", "Bảo vệ hoà bình khu vực", "Hợp tác vì hoà bình và phát triển bền vững, hoà bình lâu dài."),
    doc("t-duong", "Đường lối đổi mới", "Đường lối đổi mới của Đảng được khẳng định tại Đại hội VI."),
    doc("t-duong2", "Dương lịch và âm lịch", "Lịch dương và lịch âm; ngày dương lịch được ghi bên cạnh."),
    doc("t-cmcn", "Cách mạng công nghiệp", "Chủ động tham gia cuộc cách mạng công nghiệp lần thứ tư."),
    doc("t-cncm", "Công nghiệp và cách mạng", "Ngành công nghiệp cách mạng hóa sản xuất nông thôn."),
    doc("t-ky", "Kỹ thuật số", "Đào tạo kỹ thuật viên cho chuyển đổi số."),
    doc("t-ki", "Kĩ năng tuyên truyền", "Bồi dưỡng kĩ năng cho báo cáo viên."),
]


@pytest.fixture(scope="session")
def tier_index(tmp_path_factory):
    from indexer.build import build_index

    path = tmp_path_factory.mktemp("tiers") / "index"
    build_index(TIER_DOCS, path)
    return path
