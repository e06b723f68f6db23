"""indexer.segment gives exactly pyvi's segmentation (it reads pyvi's own model), only faster."""
import pytest

from indexer.segment import pyvi_tokenize, segmenter, tokenize
from tests.conftest import CORPUS

TRICKY = [
    "", "   ", "\n\n", "...", "Đ.", "TP.HCM", "Tp. Hồ Chí Minh", "ThS. Nguyễn Văn A ==> B -> C >> D",
    "email: a.b@c.vn, web http://vnexpress.net/x?y=1", "1.250.000 đồng, 3,5% và 2_000",
    "Ban Tuyên giáo Tỉnh ủy\nHà Nam", "ĐẢNG CỘNG SẢN VIỆT NAM", "hoà bình hòa bình", "XH_NLD_ (3672)",
]


def test_the_fast_segmenter_is_in_use():
    assert segmenter() is not None


@pytest.mark.parametrize("text", TRICKY)
def test_same_as_pyvi_on_tricky_text(text):
    assert tokenize(text) == pyvi_tokenize(text)


def test_same_as_pyvi_on_every_corpus_text():
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.rglob("*")) if p.suffix in (".md", ".txt")]
    assert texts
    for text in texts:
        assert tokenize(text) == pyvi_tokenize(text)
