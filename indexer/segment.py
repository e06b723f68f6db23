"""pyvi's word segmentation, same model and same output, about 5× faster and without sklearn.

pyvi builds a Python dict of string features for every syllable and hands them to crfsuite,
which spends most of its time turning strings back into attribute ids. The features depend only
on a syllable, its neighbours and bigram/trigram membership, so here each syllable's weights are
looked up once (memoised), neighbour and n-gram weights are added, and the two-label Viterbi
runs on one number per syllable. The weights are read from the crfsuite model inside pyvi's own
pickle, without unpickling it as sklearn objects (importing sklearn alone takes about a second
of every ``kb`` command). The model and word list must be the ones pyvi 0.1.1 ships (checked by
hash); otherwise pyvi itself is used. tests/test_segment.py compares the output with pyvi's.
"""
from __future__ import annotations

import codecs
import hashlib
import importlib.util
import pickle
import re
import string
import struct
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np

from indexer.fastpath import reference_only, step_aside

MODEL_SHA256 = "4716a0e60bbb16135917cce8440351f9790309879dd8f069c773070da9a3e0c1"  # pyvi 0.1.1 pyvi3.pkl's CRF
WORDS_SHA256 = "517743d27e71d43343e4b8e9e89015cdc68d84ebe1d48106449e501d918ece4a"  # pyvi 0.1.1 words.txt

# The syllabelizer's alternatives, in pyvi's order (first match wins): abbreviations, specials,
# URLs, e-mails, numbers with separators, one punctuation character, a word.
_TOKEN_RE = re.compile("(" + "|".join([
    r"[A-ZĐ]+\.", r"Tp\.", r"Mr\.", r"Mrs\.", r"Ms\.", r"Dr\.", r"ThS\.",
    "==>", "->", r"\.\.\.", ">>", "\n",
    r"\w+://[^\s]+", r"([a-zA-Z0-9_.+-]+@([a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+)",
    r"\d+([\.,_]\d+)+", r"[^\w\s]", r"\w+",
]) + ")", re.UNICODE)
_SPACED_TOKEN_RE = re.compile(r"([^\S\n]*)" + _TOKEN_RE.pattern, re.UNICODE)  # spaces before each token
_PUNCT = string.punctuation
def _cqdb(data: bytes, off: int) -> dict[int, str]:
    """Id → string of a crfsuite CQDB chunk (attribute or label names)."""
    _magic, _size, _flag, _order, count, bwd = struct.unpack_from("<4sIIIII", data, off)
    out = {}
    for i in range(count):
        (rec,) = struct.unpack_from("<I", data, off + bwd + 4 * i)
        if rec:
            vid, klen = struct.unpack_from("<iI", data, off + rec)
            out[vid] = data[off + rec + 8: off + rec + 7 + klen].decode("utf-8")
    return out


class _Stub:
    """Stands for any class in pyvi's pickle: keeps the state, needs no import."""

    def __init__(self, *args: object) -> None:
        self.args = args

    def __setstate__(self, state: object) -> None:
        if isinstance(state, dict):
            self.__dict__.update(state)


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) == ("_codecs", "encode"):  # how protocol 2 stores bytes
            return codecs.encode
        return type(name, (_Stub,), {})


def _pyvi_files() -> tuple[bytes, str]:
    """The crfsuite model bytes inside pyvi's ``models/pyvi3.pkl`` and its ``models/words.txt``."""
    spec = importlib.util.find_spec("pyvi")
    if spec is None or not spec.submodule_search_locations:
        raise OSError("pyvi is not installed")
    models = Path(spec.submodule_search_locations[0]) / "models"
    with open(models / "pyvi3.pkl", "rb") as fh:
        crf = _ModelUnpickler(fh).load()
    data = crf.modelfile.__dict__["__FILE_RESOURCE_DATA__"]
    words = (models / "words.txt").read_bytes()
    if hashlib.sha256(data).hexdigest() != MODEL_SHA256 or hashlib.sha256(words).hexdigest() != WORDS_SHA256:
        raise ValueError("not the pyvi model this module reads")
    return data, words.decode("utf-8")


def _ngrams(words: str) -> tuple[set[str], set[str]]:
    """pyvi's dictionary of two- and three-syllable words, one per line."""
    bi, tri = set(), set()
    for line in words.split("\n"):
        n = len(line.split(" "))
        if n == 2:
            bi.add(line)
        elif n == 3:
            tri.add(line)
    return bi, tri


def _read_model(data: bytes) -> tuple[dict[str, tuple[float, float]], list[list[float]]]:
    """State weights per attribute name (for labels B_W, I_W) and the 2×2 transition weights."""
    fields = struct.unpack_from("<4sI4sIIIIIIIIII", data, 0)
    if fields[0] != b"lCRF" or fields[5] != 2:
        raise ValueError("not a two-label crfsuite model")
    off_features, off_labels, off_attrs = fields[7], fields[8], fields[9]
    labels = _cqdb(data, off_labels)
    attrs = _cqdb(data, off_attrs)
    flip = labels[0] != "B_W"  # keep B_W as label 0
    _chunk, _size, count = struct.unpack_from("<4sII", data, off_features)
    state: dict[str, list[float]] = {}
    trans = [[0.0, 0.0], [0.0, 0.0]]
    for k in range(count):
        kind, src, dst, weight = struct.unpack_from("<iiid", data, off_features + 12 + 20 * k)
        if kind == 0:
            state.setdefault(attrs[src], [0.0, 0.0])[dst ^ flip] += weight
        else:
            trans[src ^ flip][dst ^ flip] = weight
    return {a: (w[0], w[1]) for a, w in state.items()}, trans


class Segmenter:
    """Label each syllable B_W (begins a word) or I_W (continues one) with pyvi's CRF.

    With two labels only the difference of their scores matters, so every weight is kept as
    (I_W − B_W) and Viterbi runs on one number per syllable.
    """

    def __init__(self, model: bytes, words: str) -> None:
        weights, trans = _read_model(model)
        (t_bb, t_bi), (t_ib, t_ii) = trans  # trans[from][to], 0 = B_W, 1 = I_W
        self.w = {a: wi - wb for a, (wb, wi) in weights.items()}
        self.bi, self.tri = _ngrams(words)
        get = self.w.get
        self.bias = get("bias", 0.0)
        self.bi_prev, self.bi_next = get("-1:word.bi_gram()", 0.0), get("+1:word.bi_gram()", 0.0)
        self.tri_prev, self.tri_next = get("-2:word.tri_gram()", 0.0), get("+2:word.tri_gram()", 0.0)
        # Relative to B_W at the previous syllable: B_W is reached from B_W iff d <= c_b, I_W iff d <= c_i.
        self.t_bb, self.t_bi, self.t_ib, self.t_ii = t_bb, t_bi, t_ib, t_ii
        self.c_b, self.c_i = t_bb - t_ib, t_bi - t_ii
        self._cache: dict[str, tuple[str, float, float, float]] = {}

    def _entry(self, tok: str) -> tuple[str, float, float, float]:
        """(lowercase, own score, score given to the next syllable, to the previous one)."""
        get = self.w.get
        low, up, title = tok.lower(), tok.isupper(), tok.istitle()
        own = (self.bias + get("word.lower():" + low, 0.0) + (get("word.isupper()", 0.0) if up else 0.0)
               + (get("word.istitle()", 0.0) if title else 0.0)
               + (get("word.isdigit()", 0.0) if tok.isdigit() else 0.0))
        as_prev = (get("-1:word.lower():" + low, 0.0) + (get("-1:word.istitle()", 0.0) if title else 0.0)
                   + (get("-1:word.isupper()", 0.0) if up else 0.0))
        as_next = (get("+1:word.lower():" + low, 0.0) + (get("+1:word.istitle()", 0.0) if title else 0.0)
                   + (get("+1:word.isupper()", 0.0) if up else 0.0))
        entry = (low, own, as_prev, as_next)
        if len(self._cache) < 500_000:
            self._cache[tok] = entry
        return entry

    def scores(self, toks: list[str]) -> list[float]:
        """I_W − B_W state score of each syllable: its own, its neighbours' and n-gram features."""
        cache, entry = self._cache, self._entry
        ents = [cache.get(t) or entry(t) for t in toks]
        low = [e[0] for e in ents]
        score = np.array([e[1] for e in ents])
        if len(toks) > 1:
            score[1:] += np.array([e[2] for e in ents[:-1]])
            score[:-1] += np.array([e[3] for e in ents[1:]])
            bi = self.bi
            pairs = [a + " " + b for a, b in zip(low, low[1:])]
            flags = np.array([p in bi for p in pairs], dtype=float)
            score[1:] += flags * self.bi_prev
            score[:-1] += flags * self.bi_next
            if len(toks) > 2:
                tri = self.tri
                flags = np.array([a + " " + p in tri for a, p in zip(low, pairs[1:])], dtype=float)
                score[2:] += flags * self.tri_prev
                score[:-2] += flags * self.tri_next
        return score.tolist()

    def labels(self, toks: list[str]) -> list[int]:
        """0 (B_W) or 1 (I_W) per syllable: crfsuite's Viterbi, ties to the lower label."""
        e = self.scores(toks)
        t_bb, t_bi, t_ib, t_ii, c_b, c_i = self.t_bb, self.t_bi, self.t_ib, self.t_ii, self.c_b, self.c_i
        d = e[0]  # best score ending in I_W minus best ending in B_W
        ds = []
        for x in e[1:]:
            ds.append(d)
            d = (t_bi if d <= c_i else d + t_ii) + x - (t_bb if d <= c_b else d + t_ib)
        out = [0] * len(e)
        cur = 0 if d <= 0 else 1
        for i in range(len(e) - 1, 0, -1):
            out[i] = cur
            prev = ds[i - 1]
            cur = 0 if prev <= (c_i if cur else c_b) else 1
        out[0] = cur
        return out

    def joins(self, toks: list[str]) -> list[bool]:
        """Whether each syllable is joined to the one before it ('_' in pyvi's output)."""
        out = [False] * len(toks)
        for i in [i for i, lab in enumerate(self.labels(toks)) if lab and i]:
            cur, prev = toks[i], toks[i - 1]
            out[i] = (cur not in _PUNCT and prev not in _PUNCT and not cur[0].isdigit()
                      and not prev[0].isdigit() and not (cur[0].istitle() and not prev[0].istitle()))
        return out

    def tokenize(self, text: str) -> str:
        """The same string as ``pyvi.ViTokenizer.tokenize(text)``: words joined by '_'."""
        norm = unicodedata.normalize("NFC", text)
        toks = [m[0] for m in _TOKEN_RE.findall(norm)]
        if not toks:
            return text
        seps = ["_" if j else " " for j in self.joins(toks)]
        seps[0] = ""
        return "".join([x for pair in zip(seps, toks) for x in pair])

    def compound_groups(self, norm: str) -> list[list[str]] | None:
        """The syllables of each multi-syllable word of NFC ``norm`` whose syllables are at most 3
        spaces apart (what :func:`indexer.analysis.compounds` keeps), without offsets; None when
        a token has a '_' in it (the caller then aligns on the text)."""
        found = _SPACED_TOKEN_RE.findall(norm)
        if not found:
            return []
        toks = [f[1] for f in found]
        if any("_" in t for t in toks):
            return None
        joined = [i for i, j in enumerate(self.joins(toks)) if j]  # tokens joined to the one before
        out: list[list[str]] = []
        k = 0
        while k < len(joined):
            first = last = joined[k]
            while k + 1 < len(joined) and joined[k + 1] == last + 1:
                k += 1
                last = joined[k]
            if all(len(found[i][0]) <= 3 for i in range(first, last + 1)):
                out.append(toks[first - 1: last + 1])
            k += 1
        return out

    def words(self, norm: str) -> list[tuple[int, str]]:
        """(offset, word as pyvi writes it) of every word of NFC ``norm`` that has a '_' in it."""
        matches = list(_TOKEN_RE.finditer(norm))
        toks = [m.group() for m in matches]
        if not toks:
            return []
        joined = self.joins(toks)
        joined.append(False)
        out = []
        i, n = 0, len(toks)
        while i < n:
            j = i + 1
            while joined[j]:
                j += 1
            if j - i > 1 or "_" in toks[i]:
                out.append((matches[i].start(), "_".join(toks[i:j])))
            i = j
        return out


@lru_cache(maxsize=1)
def segmenter() -> Segmenter | None:
    """The fast segmenter, or None (said once at WARNING) when pyvi's model is not the one this
    code reads: pyvi then segments, correctly and about five times slower."""
    try:
        return Segmenter(*_pyvi_files())
    except (AttributeError, KeyError, OSError, ValueError, struct.error, pickle.UnpicklingError) as exc:
        step_aside("segmenter", f"pyvi's model could not be read ({type(exc).__name__}: {exc})")
        return None


def tokenize(text: str) -> str:
    """Segment ``text`` into words joined by '_' exactly as pyvi does.

    >>> tokenize("Ban Tuyên giáo Tỉnh ủy")
    'Ban Tuyên_giáo Tỉnh_ủy'
    """
    seg = None if reference_only() else segmenter()
    return seg.tokenize(text) if seg else pyvi_tokenize(text)


def pyvi_tokenize(text: str) -> str:
    """pyvi itself (imported on first use), for comparison, benchmarks and as the fallback."""
    from pyvi import ViTokenizer

    return ViTokenizer.ViTokenizer.tokenize(text)
