"""``kb add`` (files and folders into the corpus store and the index) and ``kb remove``.

The pipeline is the library's (:mod:`indexer.ingest`, shared with the web's upload page): this
module parses the flags, calls it once, and prints its notes on stderr and its summary line.
"""
from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext

from indexer.ingest import add_files, remove_record
from indexer.ingest_results import AddOptions, Author, Note
from kb.errors import KBError
from kb.ingest.extract import iter_inputs
from kb.ingest.plan import NEAR_DUPLICATE
from kb.ingest.text import DEFAULT_MAX_MB, ENCODINGS
from kbcli.index_cmds import DEFAULT_CORPUS
from kbcli.output import fail, progress_bar
from kbcli.recovery import clean_up

HANDFUL = 5  # more files than this get a progress bar
BAR = {"chronicle": "Nhập biên niên", "register": "Danh mục"}
BAR_UNIT = "tệp"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "add", help="add HTML, text, Markdown, DOCX or PDF files to the corpus and the index",
        description="Extract each file's text (legacy TCVN3/VNI text is converted) and metadata "
                    "(number, type, issuer, date, title from the header; a NAME.yaml beside the file "
                    "and the flags override them), store it under CORPUS/documents/added and index "
                    "it. Re-adding a file replaces its record; an identical file changes nothing.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, or folders to add every file under")
    p.add_argument("--kind", choices=["document", "article", "chronicle", "register"],
                   help="record kind (default: document when a number is found, else article); "
                        "chronicle: each dated entry becomes an event under CORPUS/events/added; "
                        "register: each row of a CSV/XLSX register becomes a document record")
    p.add_argument("--title", help="title (one file only)")
    p.add_argument("--number", help="document number, e.g. 52-NQ/TW (one file only)")
    p.add_argument("--date", help="date, e.g. 2019-09-27 or 27/9/2019 (one file only)")
    p.add_argument("--id", dest="record_id", help="record id (one file only; default: from the file name)")
    p.add_argument("--encoding", choices=ENCODINGS, default="auto",
                   help="text encoding (default: auto-detect UTF-8, TCVN3, VNI, Windows-1258)")
    p.add_argument("--max-mb", type=float, default=DEFAULT_MAX_MB,
                   help=f"skip files larger than this many megabytes (default {DEFAULT_MAX_MB:g})")
    p.add_argument("--keep-duplicates", action="store_true",
                   help=f"add near-duplicates (similarity >= {NEAR_DUPLICATE:g}) instead of skipping them")
    p.add_argument("--corpus", default=DEFAULT_CORPUS, help="corpus folder (default: corpus)")
    p.add_argument("--index-dir", help="index location (default: $KB_INDEX_DIR or instance/index)")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("remove", help="remove a record added with kb add",
                       description="Delete a record added with 'kb add' from the corpus store and the "
                                   "index. Hand-written corpus records are edited in corpus/ instead.")
    p.add_argument("record_id", metavar="ID", help="the record id")
    p.add_argument("--corpus", default=DEFAULT_CORPUS, help="corpus folder (default: corpus)")
    p.add_argument("--index-dir", help="index location (default: $KB_INDEX_DIR or instance/index)")
    p.set_defaults(func=cmd_remove)


def _say(note: Note) -> None:
    from tqdm import tqdm

    tqdm.write(note.line(), file=sys.stderr)


def _single_flags(args: argparse.Namespace) -> list[str]:
    return [flag for flag, value in (("--title", args.title), ("--number", args.number), ("--date", args.date),
                                     ("--id", args.record_id)) if value]


def cmd_add(args: argparse.Namespace) -> int:
    files = list(iter_inputs(args.paths))
    single = _single_flags(args)
    if args.kind == "register" and single:
        return fail(f"{', '.join(single)} describe one document; a register's rows carry their own")
    if single and len(files) != 1:
        return fail(f"{', '.join(single)} apply to one file, and {len(files)} were given")
    if args.max_mb <= 0:
        return fail("--max-mb must be positive")
    if args.kind == "chronicle" and single:
        return fail(f"{', '.join(single)} do not apply to --kind chronicle (use a sidecar NAME.yaml)")
    clean_up(args.index_dir, args.corpus)
    opts = AddOptions(args.kind, args.title, args.number, args.date, args.record_id, args.encoding,
                      args.max_mb, args.keep_duplicates)
    bar = progress_bar(len(files), BAR.get(args.kind or "", "Thêm"), unit=BAR_UNIT) \
        if len(files) > HANDFUL else nullcontext()
    with bar as progress:
        tick = (lambda: progress.update(1)) if progress is not None else None
        result = add_files(args.corpus, args.index_dir, files, opts, Author.local("kb add"), _say, tick)
    print(result.summary)
    return 1 if result.failed else 0


def cmd_remove(args: argparse.Namespace) -> int:
    clean_up(args.index_dir, args.corpus)
    try:
        print(remove_record(args.corpus, args.index_dir, args.record_id, Author.local("kb remove")))
    except KBError as exc:
        return fail(str(exc))
    return 0
