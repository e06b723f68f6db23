"""``kb dates`` (every date in a text, with precision) and ``kb crosscheck`` (a text's dated claims
against the corpus): thin shells over :mod:`kb.dates` and :mod:`kb.crosscheck`."""
from __future__ import annotations

import argparse

from kb.corpus import load_corpus
from kb.crosscheck import claim_to_json, crosscheck
from kb.dates import find_dates, mention_to_json
from kb.errors import KBError
from kbcli.output import print_json, read_input

DEFAULT_CORPUS = "corpus"
PRECISION_LABELS = {"day": "ngày", "month": "tháng", "quarter": "quý", "half": "nửa năm", "year": "năm",
                    "range": "khoảng"}
VERDICT_LABELS = {"agrees": "KHỚP", "differs": "KHÁC", "unknown": "CHƯA RÕ"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("dates", help="list the dates written in a text, with their precision",
                       description="Find every Vietnamese date expression (27/9/2019, tháng 8/1945, quý I/2020, "
                                   "từ 25/1 đến 1/2/2021…) with its value, precision, first and last day.")
    p.add_argument("file", nargs="?", default="-", metavar="FILE", help="text file ('-' or nothing: standard input)")
    p.add_argument("--year", type=int, help="year for dates written without one when the text gives none")
    p.add_argument("--json", action="store_true",
                   help='print {"dates": [{"text", "start", "end", "value", "precision", "start_date", "end_date"}]}')
    p.set_defaults(func=cmd_dates)

    p = sub.add_parser("crosscheck", help="check the dates a text gives documents and events against the corpus",
                       description="For each claim tying a document number or an event to a date, report "
                                   "agrees, differs (with the record's dates and sources) or unknown.")
    p.add_argument("file", nargs="?", default="-", metavar="FILE", help="text file ('-' or nothing: standard input)")
    p.add_argument("--year", type=int, help="year for dates written without one when the text gives none")
    p.add_argument("--corpus", default=DEFAULT_CORPUS, help="corpus folder (default: corpus)")
    p.add_argument("--json", action="store_true", help='print {"claims": [...], "counts": {...}}')
    p.set_defaults(func=cmd_crosscheck)


def read_text(path: str) -> str:
    """The input text; a missing or undecodable file is one KBError line, not a traceback."""
    try:
        return read_input(path)
    except FileNotFoundError:
        raise KBError(f"{path}: no such file") from None
    except (UnicodeDecodeError, IsADirectoryError, PermissionError) as exc:
        raise KBError(f"{path}: cannot read as UTF-8 text ({exc.__class__.__name__})") from None


def cmd_dates(args: argparse.Namespace) -> int:
    found = find_dates(read_text(args.file), default_year=args.year)
    if args.json:
        print_json({"dates": [mention_to_json(m) for m in found]})
        return 0
    print(f"{len(found)} mốc thời gian")
    for m in found:
        shown = m.value.display() if m.value else "chưa rõ năm"
        extra = "".join(f"; {flag}" for flag, on in (("năm suy từ văn bản", m.year_inferred),
                                                      ("âm lịch", m.lunar)) if on)
        span = ""
        if m.value and m.value.start_date != m.value.end_date:
            span = f" ({m.value.start_date:%d/%m/%Y} – {m.value.end_date:%d/%m/%Y})"
        print(f"  «{m.text}» → {shown} [{PRECISION_LABELS[m.precision]}{extra}]{span}")
    return 0


def cmd_crosscheck(args: argparse.Namespace) -> int:
    text = read_text(args.file)
    claims = crosscheck(text, load_corpus(args.corpus), default_year=args.year)
    counts = {v: sum(c.verdict == v for c in claims) for v in VERDICT_LABELS}
    if args.json:
        print_json({"claims": [claim_to_json(c) for c in claims], "counts": counts})
        return 0
    if not claims:
        print("Không thấy câu nào gắn một văn bản hay sự kiện với một ngày.")
        return 0
    print(f"{len(claims)} nhận định: {counts['agrees']} khớp, {counts['differs']} khác, "
          f"{counts['unknown']} chưa rõ")
    for c in claims:
        print(f"[{VERDICT_LABELS[c.verdict]}] {c.subject} — ghi «{c.date.text}»")
        if c.record_id:
            print(f"    hồ sơ: {c.record_title} ({c.record_id})")
        for side in c.record_dates:  # the record's dates, each with its sources
            sources = "; ".join(s.title + (f" <{s.url}>" if s.url else "") for s in side.sources)
            print(f"    {side.value.display()} — {sources}")
        if c.disputed:
            side = "khớp với một bên" if c.verdict == "agrees" else "khác mọi bên"
            print(f"    (các nguồn của hồ sơ ghi khác nhau; ngày được ghi {side})")
        if c.candidates:
            print(f"    có thể là: {', '.join(c.candidates)}")
    return 0

