"""``kb eval``: relevance of the search on ALQAC 2023 legal questions (v1), with a plain BM25 baseline.

Every article of ``law.json`` becomes one document (id ``law#article``, its first line as the
title) in a throw-away index; each question's text is searched as typed and with its accents
removed, and a plain BM25 over one syllable field runs on the same index in the same run.
Gold articles missing from ``law.json`` (ALQAC's private test cites the Constitution) count as
misses and are reported. Search settings were tuned on ``train`` only.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from kb import settings
from kb.errors import KBError
from kbcli.output import print_json

SPLITS = ("train", "private_test")  # as indexer.alqac.SPLITS, without importing the indexer for --help


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="measure search relevance on ALQAC 2023 (R@k, MRR@10)",
                       description="Index ALQAC v1 law articles, search every question of a split "
                                   "with and without accents, and print recall@1/5/10/100 and "
                                   "MRR@10 next to a plain BM25 baseline.")
    p.add_argument("--split", choices=SPLITS, default="private_test", help="questions (default private_test)")
    p.add_argument("--data", help="shared data folder (default $KB_SHARED_DATA or ../shared/data)")
    p.add_argument("--alqac", help="the ALQAC v1 folder itself (law.json, train.json, ...)")
    p.add_argument("--limit", type=int, help="only the first N questions (a quick check)")
    p.add_argument("--set", action="append", metavar="NAME=VALUE",
                   help="run with one ranking weight changed (repeatable), e.g. --set bigram=3; "
                        "the names are the fields of indexer.querying.Tuning")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_eval)


def alqac_dir(args: argparse.Namespace) -> Path:
    if args.alqac:
        return Path(args.alqac)
    data = Path(args.data) if args.data else settings.shared_data_dir()
    return data / "alqac2023" / "v1"


def cmd_eval(args: argparse.Namespace) -> int:
    from indexer.alqac import evaluate
    from indexer.evaluate import CUTOFFS
    from indexer.querying import tuned

    try:
        tuning = tuned(args.set) if args.set else None
    except ValueError as exc:
        raise KBError(f"--set: {exc}") from None
    ev = evaluate(alqac_dir(args), args.split, args.limit, tuning)
    if args.json:
        print_json({"split": ev.split, "questions": ev.questions, "missing_gold": ev.missing_gold,
                    "tuning": args.set or [],
                    "runs": {name: {"recall": {str(k): r.recall[k] for k in CUTOFFS}, "mrr@10": r.mrr10}
                             for name, r in ev.runs.items()},
                    "accent_free_ratio": ev.accent_free_ratio})
        return 0
    print(f"ALQAC 2023 v1, {ev.split}: {ev.questions} questions, {ev.articles} articles; "
          f"{len(ev.missing_gold)} questions cite articles missing from law.json (counted as misses)")
    if args.set:
        print("weights changed: " + ", ".join(args.set))
    print("| run | " + " | ".join(f"R@{k}" for k in CUTOFFS) + " | MRR@10 |")
    print("|---|" + "---|" * (len(CUTOFFS) + 1))
    for name, r in ev.runs.items():
        print(f"| {name} | " + " | ".join(r.row()) + " |")
    print(f"accents removed ÷ accented (MRR@10): {ev.accent_free_ratio:.3f}")
    return 0
