"""``kb eval``: relevance of the search on ALQAC 2023 legal questions (v1), with a plain BM25 baseline.

Every article of ``law.json`` becomes one document (id ``law#article``, its first line as the
title) in a throw-away index; each question's text is searched as typed and with its accents
removed, and a plain BM25 over one syllable field runs on the same index in the same run.
Gold articles missing from ``law.json`` (ALQAC's private test cites the Constitution) count as
misses and are reported. Search settings were tuned on ``train`` only.
"""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from kb import settings
from kbcli.output import print_json

ROOT = Path(__file__).resolve().parent.parent
SPLITS = ("train", "private_test")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="measure search relevance on ALQAC 2023 (R@k, MRR@10)",
                       description="Index ALQAC v1 law articles, search every question of a split "
                                   "with and without accents, and print recall@1/5/10/100 and "
                                   "MRR@10 next to a plain BM25 baseline.")
    p.add_argument("--split", choices=SPLITS, default="private_test", help="questions (default private_test)")
    p.add_argument("--data", help="shared data folder (default $KB_SHARED_DATA or ../shared/data)")
    p.add_argument("--alqac", help="the ALQAC v1 folder itself (law.json, train.json, ...)")
    p.add_argument("--limit", type=int, help="only the first N questions (a quick check)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_eval)


def alqac_dir(args: argparse.Namespace) -> Path:
    if args.alqac:
        return Path(args.alqac)
    data = Path(args.data or settings.get("SHARED_DATA") or ROOT.parent / "shared" / "data")
    return data / "alqac2023" / "v1"


def load_articles(path: Path):
    """One Document per article of ``law.json``: id ``law#article``, heading line as title."""
    from kb.clean import nfc
    from kb.models import Document, Source

    out = []
    for law in json.loads((path / "law.json").read_text(encoding="utf-8")):
        for art in law["articles"]:
            text = nfc(art["text"]).strip()
            heading = text.split("\n", 1)[0].strip() or f"Điều {art['id']}"
            out.append(Document(id=f"{law['id']}#{art['id']}", kind="document", title=heading, text=text,
                                sources=(Source("ALQAC 2023", f"{law['id']}, Điều {art['id']}"),)))
    return out


def load_questions(path: Path, split: str, limit: int | None):
    """The split's questions with their gold article ids."""
    from indexer.evaluate import Question
    from kb.clean import nfc

    raw = json.loads((path / f"{split}.json").read_text(encoding="utf-8"))[:limit]
    return [Question(q["question_id"], nfc(q["text"]),
                     frozenset(f"{r['law_id']}#{r['article_id']}" for r in q["relevant_articles"]))
            for q in raw]


def cmd_eval(args: argparse.Namespace) -> int:
    from indexer.build import build_index
    from indexer.evaluate import CUTOFFS, PlainBM25, score_run
    from indexer.search import search
    from indexer.store import open_index
    from kb.clean import fold
    from kb.errors import KBError

    path = alqac_dir(args)
    if not (path / "law.json").is_file():
        raise KBError(f"{path}: no law.json (pass --data or --alqac, or set KB_SHARED_DATA)")
    articles = load_articles(path)
    questions = load_questions(path, args.split, args.limit)
    ids = {a.id for a in articles}
    missing = [q.id for q in questions if q.relevant - ids]
    with tempfile.TemporaryDirectory(prefix="kb-eval-") as tmp:
        build_index(articles, Path(tmp) / "index")
        with open_index(Path(tmp) / "index").searcher() as s:
            def ours(text: str) -> list[str]:
                return [h.id for h in search(text, limit=100, searcher=s).hits]

            runs = {"kb search, accented": score_run(questions, ours),
                    "kb search, accents removed": score_run(questions, lambda t: ours(fold(t))),
                    "plain BM25, one syllable field": score_run(questions, PlainBM25(s))}
    accented, folded = runs["kb search, accented"].mrr10, runs["kb search, accents removed"].mrr10
    ratio = folded / accented if accented else 0.0
    if args.json:
        print_json({"split": args.split, "questions": len(questions), "missing_gold": missing,
                    "runs": {name: {"recall": {str(k): r.recall[k] for k in CUTOFFS}, "mrr@10": r.mrr10}
                             for name, r in runs.items()},
                    "accent_free_ratio": ratio})
        return 0
    print(f"ALQAC 2023 v1, {args.split}: {len(questions)} questions, {len(articles)} articles; "
          f"{len(missing)} questions cite articles missing from law.json (counted as misses)")
    print("| run | " + " | ".join(f"R@{k}" for k in CUTOFFS) + " | MRR@10 |")
    print("|---|" + "---|" * (len(CUTOFFS) + 1))
    for name, r in runs.items():
        print(f"| {name} | " + " | ".join(r.row()) + " |")
    print(f"accents removed ÷ accented (MRR@10): {ratio:.3f}")
    return 0
