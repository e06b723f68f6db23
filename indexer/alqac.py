"""ALQAC 2023 (v1) as an evaluation: its articles as documents, its judged questions, and one run
of our search against a plain BM25 baseline on a throw-away index (``kb eval`` prints it).

Every article of ``law.json`` becomes one document (id ``law#article``, its first line as the
title); each question's text is searched as typed and with its accents removed. Gold articles
missing from ``law.json`` (the private test cites the Constitution) count as misses and are
listed. The questions and labels are used for evaluation only and stay outside the project.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from indexer.backend import open_searcher, scratch_index
from indexer.build import build_index
from indexer.evaluate import PlainBM25, Question, Scores, score_run
from indexer.querying import Tuning
from indexer.search import search
from kb.clean import fold, nfc
from kb.errors import KBError
from kb.models import Document, Source

SPLITS = ("train", "private_test")


def load_articles(path: Path) -> list[Document]:
    """One Document per article of ``law.json``: id ``law#article``, heading line as title."""
    out = []
    for law in json.loads((path / "law.json").read_text(encoding="utf-8")):
        for art in law["articles"]:
            text = nfc(art["text"]).strip()
            heading = text.split("\n", 1)[0].strip() or f"Điều {art['id']}"
            out.append(Document(id=f"{law['id']}#{art['id']}", kind="document", title=heading, text=text,
                                sources=(Source("ALQAC 2023", f"{law['id']}, Điều {art['id']}"),)))
    return out


def load_questions(path: Path, split: str, limit: int | None = None) -> list[Question]:
    """The split's questions with their gold article ids."""
    raw = json.loads((path / f"{split}.json").read_text(encoding="utf-8"))[:limit]
    return [Question(q["question_id"], nfc(q["text"]),
                     frozenset(f"{r['law_id']}#{r['article_id']}" for r in q["relevant_articles"]))
            for q in raw]


@dataclass(frozen=True)
class Evaluation:
    """One evaluation: the split, sizes, the questions whose gold is missing, and every run."""

    split: str
    questions: int
    articles: int
    missing_gold: list[str]
    runs: dict[str, Scores]

    @property
    def accent_free_ratio(self) -> float:
        accented = self.runs["kb search, accented"].mrr10
        return self.runs["kb search, accents removed"].mrr10 / accented if accented else 0.0


def evaluate(path: Path, split: str = "private_test", limit: int | None = None,
             tuning: Tuning | None = None) -> Evaluation:
    """Index ALQAC's articles, search every question of ``split`` accented and accent-free
    (with ``tuning`` when given) and next to plain BM25; raises KBError when the data is missing."""
    if not (path / "law.json").is_file():
        raise KBError(f"{path}: no law.json (pass --data or --alqac, or set KB_SHARED_DATA)")
    articles = load_articles(path)
    questions = load_questions(path, split, limit)
    ids = {a.id for a in articles}
    missing = [q.id for q in questions if q.relevant - ids]
    with scratch_index() as where:  # a temporary folder, or a temporary alias on the cluster
        build_index(articles, where)
        with open_searcher(where) as s:
            def ours(text: str) -> list[str]:
                return [h.id for h in search(text, limit=100, tuning=tuning, searcher=s).hits]

            runs = {"kb search, accented": score_run(questions, ours),
                    "kb search, accents removed": score_run(questions, lambda t: ours(fold(t))),
                    "plain BM25, one syllable field": score_run(questions, PlainBM25(s))}
    return Evaluation(split, len(questions), len(articles), missing, runs)
