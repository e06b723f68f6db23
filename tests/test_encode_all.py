"""indexer.fields.encode_all writes, for every posting at once, the bytes encode_positions (Whoosh's
Positions.encode, one pickle.dumps per posting) writes."""
from __future__ import annotations

import pickle
import pickletools
import random
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.formats import Positions

from indexer.analysis import tier_positions
from indexer import fields
from indexer.fields import encode_all, encode_positions, encode_values, values_of

EDGE_COUNTS = [1, 2, 999, 1000, 1001, 1002, 2000, 2001, 3500]
EDGE_DELTAS = [0, 1, 255, 256, 65535, 65536, 2**24 - 1]
TOP = 2**24  # positions stay below this


def _check(postings: list[list[int]]) -> None:
    """encode_all and encode_values over ``postings`` laid end to end equal encode_positions of each."""
    flat = np.array([p for posting in postings for p in posting], dtype=np.uint32)
    counts = np.array([len(posting) for posting in postings], dtype=np.int64)
    raw, ends = encode_all(flat, counts)
    expected = [encode_positions(posting) for posting in postings]
    assert ends.tolist() == np.cumsum([len(e) for e in expected]).tolist()
    assert values_of(raw, ends) == expected
    assert encode_values(flat, counts) == expected


def _ascending(deltas: list[int]) -> list[int]:
    return np.cumsum(deltas).tolist()


def test_encode_positions_is_whooshs_encoding_on_the_edge_postings():
    # the reference the rest compares with, itself checked against Whoosh (C pickler) once
    for count in EDGE_COUNTS:
        for delta in EDGE_DELTAS:
            posting = _ascending([delta] * count) if delta * count < TOP else [delta] * count
            assert encode_positions(posting) == Positions().encode(posting)


def test_the_c_pickler_closes_a_last_batch_of_one_with_appends() -> None:
    # what encode_all reproduces: pickle.dumps (C) of 1001 items is MARK 1000 APPENDS MARK 1 APPENDS;
    # the pure-Python pickler writes the last item with APPEND instead
    ops = [op.name for op, _, _ in pickletools.genops(pickle.dumps([7] * 1001, 2))]
    assert ops.count("MARK") == ops.count("APPENDS") == 2 and "APPEND" not in ops
    assert pickle.dumps([7] * 1001, 2) != pickle._dumps([7] * 1001, 2)  # type: ignore[attr-defined]
    ops = [op.name for op, _, _ in pickletools.genops(pickle.dumps([7], 2))]
    assert ops == ["PROTO", "EMPTY_LIST", "BINPUT", "BININT1", "APPEND", "STOP"]


@pytest.mark.parametrize("count", EDGE_COUNTS)
def test_batch_edges_with_each_int_size(count):
    postings = []
    for delta in EDGE_DELTAS:
        postings.append([delta] * count)  # equal positions: deltas 0 after the first
        if delta * count < TOP:
            postings.append(_ascending([delta] * count))
    # every int size inside one posting, across a batch boundary
    mixed = [EDGE_DELTAS[i % len(EDGE_DELTAS)] % 300 for i in range(count)]
    postings.append(_ascending(mixed))
    _check(postings)


def test_single_positions_at_each_int_size_between_longer_postings():
    postings = [[p] for p in [0, 255, 256, 65535, 65536, TOP - 1]]
    postings = [x for pair in zip(postings, [[1, 2]] * len(postings)) for x in pair]
    _check(postings + [[TOP - 1]] + [list(range(1001))] + [[0]])


def test_postings_either_side_of_255_bytes():
    # encode_values frames a posting as SHORT_BINBYTES up to 255 bytes, BINBYTES beyond
    postings = [list(range(121)), [0, *range(256, 376)], list(range(122)), list(range(123))]
    assert [len(encode_positions(p)) for p in postings] == [254, 255, 256, 258]
    _check(postings * 2)


def test_no_postings():
    raw, ends = encode_all(np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.int64))
    assert raw == b"" and ends.size == 0 and values_of(raw, ends) == []
    assert encode_values(np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.int64)) == []


@pytest.mark.parametrize("positions, counts, named", [
    ([3, 2], [2], "not ascending"),
    ([1, 2, 3], [2], "add up to 2"),
    ([1, 2], [2, 0], "counts[1]"),
    ([0, 2**31], [2], "positions[1] is outside"),
    ([2**32 - 1, 0], [2], "positions[0] is outside"),
    ([1, 2, 2, 1, 0], [3, 2], "posting 1's positions are not ascending"),
])
def test_bad_input_is_refused_naming_what(positions, counts, named):
    for encode in (encode_all, encode_values):
        with pytest.raises(ValueError, match=re.escape(named)):
            encode(np.array(positions, dtype=np.uint32), np.array(counts))


def test_a_refusal_names_the_posting_in_a_later_run(monkeypatch):
    monkeypatch.setattr(fields, "_CHUNK", 2)  # one posting a run
    with pytest.raises(ValueError, match=re.escape("posting 2's positions are not ascending")):
        encode_values(np.array([1, 2, 3, 4, 5, 4]), np.array([2, 2, 2]))


def test_negative_positions_are_refused():
    with pytest.raises(ValueError, match=re.escape("positions[1] is outside")):
        encode_all(np.array([3, -1, 4]), np.array([1, 2]))


def _tier_postings(text: str) -> list[list[int]]:
    canon, folded = tier_positions(text)
    return [*canon.values(), *folded.values()]


def test_every_corpus_text_in_both_tiers(corpus):
    postings: list[list[int]] = []
    for rec in corpus.records():
        postings += _tier_postings(rec.title) + _tier_postings(rec.text)
    assert len(postings) > 10_000
    _check(postings)


def test_the_corpus_as_one_long_text(corpus):
    # six copies of every text in one: common syllables fill several batches, rare ones sit far apart
    postings = _tier_postings("\n".join([rec.text for rec in corpus.records()] * 6))
    assert max(map(len, postings)) > 2000
    assert max(max(np.diff(p, prepend=0)) for p in postings) > 255
    _check(postings)


@pytest.mark.parametrize("chunk", [None, 1000])
def test_seeded_random_postings_of_mixed_lengths(chunk, monkeypatch):
    if chunk:  # encoded a run of postings at a time, some longer than a run
        monkeypatch.setattr(fields, "_CHUNK", chunk)
    rng = random.Random(20261130)
    postings = []
    for _ in range(3000):
        count = rng.choice([1, 1, 1, 2, 3, rng.randint(1, 50), rng.randint(990, 2010)])
        limit = rng.choice([3, 300, 70_000, TOP // count])
        postings.append(sorted(rng.randrange(min(limit * count, TOP)) for _ in range(count)))
    rng.shuffle(postings)
    _check(postings)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, TOP - 1), min_size=1, max_size=1100).map(sorted), max_size=12))
def test_any_ascending_postings(postings):
    _check(postings)
