"""``kb index`` (full, atomic rebuild from corpus/) and ``kb import`` (JSON lines, incremental)."""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from kb.corpus import load_corpus
from kb.errors import KBError
from kb.models import DateClaim, DateValue, Document, Source
from kbcli.output import fail, progress_bar
from kbcli.recovery import clean_up

DEFAULT_CORPUS = "corpus"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("index", help="rebuild the index from the corpus folder",
                       description="Validate and index every record of the corpus into a new index "
                                   "generation, then swap it in atomically (a failed build keeps the old one).")
    p.add_argument("--corpus", default=DEFAULT_CORPUS, help="corpus folder (default: corpus)")
    p.add_argument("--index-dir", help="index location (default: $KB_INDEX_DIR or instance/index)")
    p.add_argument("--if-missing", action="store_true", help="do nothing when an index already exists")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("import", help="add JSON-lines records to the index",
                       description="Add one record per line: a JSON object with id, title, text and "
                                   "optional kind, date (ISO at any precision), number. Bad lines are "
                                   "reported with their line number and skipped.")
    p.add_argument("file", metavar="FILE.jsonl", help="JSON lines file ('-' for standard input)")
    p.add_argument("--index-dir", help="index location (default: $KB_INDEX_DIR or instance/index)")
    p.set_defaults(func=cmd_import)


def cmd_index(args: argparse.Namespace) -> int:
    from indexer.backend import open_searcher
    from indexer.build import build_index
    from kb.errors import IndexMissingError

    if args.if_missing:
        try:
            open_searcher(args.index_dir).close()
            print("the index already exists; nothing to do")
            return 0
        except IndexMissingError as exc:
            print(f"building the index: {exc}")
    clean_up(args.index_dir, args.corpus)
    start = time.perf_counter()
    corpus = load_corpus(args.corpus)
    records = corpus.records()
    with progress_bar(len(records), "Lập chỉ mục") as bar:
        summary = build_index(records, args.index_dir, progress=bar.update)
    print(f"indexed {summary.indexed} records ({len(corpus.documents)} documents, "
          f"{len(corpus.events)} events, {len(corpus.people)} people) into {summary.path} "
          f"in {time.perf_counter() - start:.1f}s")
    return 0


def record_from_json(obj: object, where: str) -> Document:
    """Validate one imported object; KBError names the line and the field."""
    if not isinstance(obj, dict):
        raise KBError(f"{where}: must be a JSON object")
    for key in ("id", "title", "text"):
        if not isinstance(obj.get(key), str) or not obj[key].strip():
            raise KBError(f"{where}: field '{key}': is required and must be non-empty text")
    kind = obj.get("kind") or "article"
    if kind not in ("document", "article"):
        raise KBError(f"{where}: field 'kind': must be 'document' or 'article'")
    dates = ()
    if obj.get("date"):
        try:
            dates = (DateClaim(DateValue.parse(str(obj["date"])), ("import",)),)
        except ValueError as exc:
            raise KBError(f"{where}: field 'date': {exc}") from None
    number = obj.get("number")
    if number is not None and not isinstance(number, str):
        raise KBError(f"{where}: field 'number': must be text")
    from kb.clean import nfc

    return Document(id=obj["id"], kind=kind, title=nfc(obj["title"]), text=nfc(obj["text"]),
                    sources=(Source("import", f"imported from {where}"),), path=where,
                    number=number, dates=dates)


def read_jsonl(path: str):
    """Yield (record or None, error or None) per non-blank line."""
    fh = sys.stdin if path == "-" else open(path, encoding="utf-8")
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                yield record_from_json(json.loads(line), where), None
            except json.JSONDecodeError as exc:
                yield None, f"{where}: invalid JSON: {exc.msg}"
            except KBError as exc:
                yield None, str(exc)


def cmd_import(args: argparse.Namespace) -> int:
    from indexer.build import add_records

    if args.file != "-" and not Path(args.file).is_file():
        return fail(f"{args.file}: no such file")
    clean_up(args.index_dir)
    errors: list[str] = []

    def good():
        for rec, err in read_jsonl(args.file):
            if err:
                errors.append(err)
                sys.stderr.write(f"kb: skipped {err}\n")
            else:
                yield rec

    with progress_bar(None, "Nhập") as bar:
        summary = add_records(good(), args.index_dir, progress=bar.update)
    print(f"imported {summary.indexed} records, skipped {len(errors)} bad lines, into {summary.path}")
    if summary.memory:
        print(summary.memory)
    return 1 if errors else 0
