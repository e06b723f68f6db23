"""Fuzz every parser: 10,000 random and mutated real inputs each, and report crashes.

A crash is any exception other than the one a parser documents (a query may raise KBError, with a
message for the user), or a broken invariant: an offset outside the text, a span whose text is not
what was reported, output that is not NFC, or a different answer for the same text in NFD.
The same checks back the hypothesis tests in tests/test_fuzz_parsers.py.

Run: python tests/support/fuzz.py [--n 10000] [--seed 0] [--only NAME ...]   (names: see --help)
"""
from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the repository importable
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import argparse
import tempfile
import time
import traceback
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.fuzz_inputs import inputs
from tests.support.fuzz_web import run_web
from tests.support.scratch import CORPUS
from indexer.analysis import compound_analyzer, pieces, tier_analyzer
from indexer.build import build_index
from indexer.search import search
from kb.citations import find_citations
from kb.citations.numbers import find_numbers
from kb.corpus import load_corpus
from kb.dates import find_dates, parse_date
from kb.errors import KBError
from kb.query import parse_query


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _span(text: str, start: int, end: int, said: str) -> None:
    assert 0 <= start < end <= len(text), f"span {start}:{end} outside a text of {len(text)}"
    assert text[start:end] == said, f"span {start}:{end} is {text[start:end]!r}, reported {said!r}"


def check_citations(text: str) -> None:
    """find_citations: spans in order, each the text it reports."""
    found = find_citations(text)
    assert [c.start for c in found] == sorted(c.start for c in found), "citations out of order"
    for c in found:
        _span(text, c.start, c.end, c.text)


def check_numbers(text: str) -> None:
    """find_numbers: spans are the text reported; canonical forms are non-empty."""
    for m in find_numbers(text):
        _span(text, m.start, m.end, m.text)
        assert m.canonical and m.family in ("party", "state"), m


def check_dates(text: str) -> None:
    """find_dates: spans in order and not overlapping, first day ≤ last; parse_date: a value or None."""
    last = 0
    for m in find_dates(text):
        _span(text, m.start, m.end, m.text)
        assert m.start >= last, "overlapping dates"
        last = m.end
        assert m.partial if m.value is None else m.value.start_date <= m.value.end_date, m
    value = parse_date(text)
    assert value is None or value.start_date <= value.end_date, value


def check_analysis(text: str) -> None:
    """pieces and the Whoosh analyzers: offsets inside the text, on the boundaries of what NFC
    composes (the span normalises to the piece), NFC out, and NFD input cut exactly like NFC input."""
    cut = pieces(text)
    for p in cut:
        assert 0 <= p.start < p.end <= len(text), f"piece {p} outside a text of {len(text)}"
        span = _nfc(text[p.start:p.end])  # whole characters: NFC may add a mark NFC split off (क़)
        assert span.startswith(p.text) and all(unicodedata.combining(c) or unicodedata.category(c) == "Mn"
                                               for c in span[len(p.text):]), \
            f"piece {p.text!r} but its span is {text[p.start:p.end]!r}"
        assert unicodedata.is_normalized("NFC", p.text), f"piece {p.text!r} is not NFC"
    nfd = unicodedata.normalize("NFD", text)
    assert [(p.text, p.keys) for p in pieces(nfd)] == [(p.text, p.keys) for p in pieces(_nfc(text))], \
        "NFD text cut differently from NFC text"
    for analyzer in (tier_analyzer("canon"), tier_analyzer("variant"), tier_analyzer("fold"), compound_analyzer()):
        for t in analyzer(text, positions=True, chars=True):
            assert 0 <= t.startchar < t.endchar <= len(text), f"token {t.text!r} at {t.startchar}:{t.endchar}"
            assert t.text and unicodedata.is_normalized("NFC", t.text), f"token {t.text!r} is not NFC"


def check_query(text: str, index: Path) -> None:
    """parse_query and search on a small index: a result, or a KBError with a message."""
    try:
        parse_query(text)
        res = search(text, index_dir=index, limit=10)
    except KBError as exc:
        assert str(exc), "a KBError without a message"
        return
    assert len(res.hits) <= 10 and res.total >= len(res.hits), "more hits than the total"
    assert len({h.id for h in res.hits}) == len(res.hits), "a record twice in one page"


@dataclass
class Outcome:
    """One target's run: inputs tried, crashes (input, error) and seconds taken."""

    name: str
    tried: int = 0
    crashes: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


QUERY_CHARS = 120  # queries are short; a whole mutated page per query took 0.2–1 s (did-you-mean)


def _targets(index: Path) -> dict[str, Callable[[str], None]]:
    return {"citations": check_citations, "numbers": check_numbers, "dates": check_dates,
            "analysis": check_analysis, "query+search": lambda t: check_query(t[:QUERY_CHARS], index)}


NAMES = ("citations", "numbers", "dates", "analysis", "query+search", "web")


def run(n: int = 10_000, seed: int = 0, only: tuple[str, ...] = NAMES) -> list[Outcome]:
    """Run every chosen target on ``n`` inputs (the same inputs for each parser)."""
    out = []
    with tempfile.TemporaryDirectory(prefix="kb-fuzz-") as tmp:
        index = Path(tmp) / "index"
        build_index(load_corpus(CORPUS).records(), index)
        for name, check in _targets(index).items():
            if name not in only:
                continue
            o = Outcome(name)
            start = time.perf_counter()
            for text in inputs(n, seed):
                o.tried += 1
                try:
                    check(text)
                except Exception as exc:  # noqa: BLE001 — every exception is a finding here
                    detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
                    o.crashes.append((text, detail))
            o.seconds = time.perf_counter() - start
            out.append(o)
        if "web" in only:
            o = Outcome("web")
            start = time.perf_counter()
            o.tried, o.crashes = run_web(n, seed, index, CORPUS)
            o.seconds = time.perf_counter() - start
            out.append(o)
    return out


def report(outcomes: list[Outcome]) -> str:
    rows = ["| target | inputs | crashes | seconds |", "|---|---|---|---|"]
    rows += [f"| {o.name} | {o.tried} | {len(o.crashes)} | {o.seconds:.0f} |" for o in outcomes]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=10_000, help="inputs per target (default 10000)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--only", nargs="+", choices=NAMES, default=list(NAMES), help="targets to run")
    a = p.parse_args(argv)
    outcomes = run(a.n, a.seed, tuple(a.only))
    print(report(outcomes))
    for o in outcomes:
        for text, detail in o.crashes[:3]:
            print(f"\n{o.name}: {detail}\n  input: {text[:300]!r}")
    return 1 if any(o.crashes for o in outcomes) else 0


if __name__ == "__main__":
    raise SystemExit(main())
