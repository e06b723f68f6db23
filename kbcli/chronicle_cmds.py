"""``kb chronicle`` (the timeline, filtered by date) and ``kb conflicts`` (every disagreement
between sources, each side with its sources): thin shells over :mod:`kb.chronicle`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb.chronicle import filter_events, timeline
from kb.export.chronicle_book import chronicle_docx, period_words
from kb.chronicle_json import MONTH_LABELS, event_summary, timeline_json
from kb.conflicts import FIELD_LABELS, CitedClaim, all_conflicts, conflict_json
from kb.corpus import load_corpus
from kb.date_filters import chronicle_filter
from kb.errors import KBError, QueryError
from kbcli.output import print_json

DEFAULT_CORPUS = "corpus"
KIND_LABELS = {"document": "văn bản", "article": "bài viết", "event": "sự kiện", "person": "nhân vật"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("chronicle", help="the chronicle of events by year and month, with date filters",
                       description="List the chronicle's events, years → months → events. A disputed date "
                                   "matches a filter when any of its sources' dates does.")
    p.add_argument("--year", type=int, help="events in this year")
    p.add_argument("--month", type=int, help="events known to this month (1-12), of --year or of any year")
    p.add_argument("--from", dest="date_from", metavar="D",
                   help="events ending on or after D (2019-09-27, 27/9/2019, tháng 8/1945, 2011…)")
    p.add_argument("--to", dest="date_to", metavar="D",
                   help="events starting on or before D (a year means its last day)")
    p.add_argument("--on", metavar="MM-DD", help="on this day in any year: 09-27 (or day/month: 27/9)")
    p.add_argument("--corpus", default=DEFAULT_CORPUS, help="corpus folder (default: corpus)")
    p.add_argument("--json", action="store_true", help='print {"filters", "total", "years": [...]}')
    p.add_argument("--docx", metavar="FILE",
                   help='write the selection as a Word "Biên niên sự kiện" book to FILE')
    p.set_defaults(func=cmd_chronicle)

    p = sub.add_parser("conflicts", help="list dates on which sources disagree, with every side's sources",
                       description="List records whose sources give different dates (documents, events, "
                                   "people's life dates), and citations in corpus texts whose written date "
                                   "differs from the cited record's. Nothing is settled: every side is shown.")
    p.add_argument("--corpus", default=DEFAULT_CORPUS, help="corpus folder (default: corpus)")
    p.add_argument("--json", action="store_true", help='print {"total", "conflicts": [...]}')
    p.set_defaults(func=cmd_conflicts)


def cmd_chronicle(args: argparse.Namespace) -> int:
    try:
        wanted = chronicle_filter(args.year, args.month, args.date_from, args.date_to, args.on)
    except QueryError as exc:  # name the option as typed: --from, not 'from'
        raise KBError(f"--{exc.param}: {exc.reason}") from None
    events = filter_events(load_corpus(args.corpus).events, **wanted.kwargs())
    years = timeline(events)
    if args.docx:
        period = wanted.describe() or period_words(events)
        try:
            Path(args.docx).write_bytes(chronicle_docx(years, period))
        except OSError as exc:
            raise KBError(f"--docx {args.docx}: {exc.strerror or exc}") from None
        print(f"{len(events)} sự kiện → {args.docx}", file=sys.stderr)
        if not args.json:
            return 0
    if args.json:
        print_json({"filters": wanted.to_json(), "total": len(events), "years": timeline_json(years)})
        return 0
    print(f"{len(events)} sự kiện")
    for y in years:
        print(f"\nNăm {y.year} ({y.count})")
        for m in y.months:
            print(f"  {MONTH_LABELS[m.month]} ({m.count})")
            for e in m.events:
                s = event_summary(e)
                flag = " [các nguồn ghi khác nhau]" if s["disputed"] else ""
                place = f" — {', '.join(s['places'])}" if s["places"] else ""
                print(f"    {s['display']}: {s['title']}{place}{flag}  ({e.id})")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    conflicts = all_conflicts(load_corpus(args.corpus))
    if args.json:
        print_json({"total": len(conflicts), "conflicts": [conflict_json(c) for c in conflicts]})
        return 0
    print(f"{len(conflicts)} chỗ các nguồn ghi ngày khác nhau")
    for c in conflicts:
        kind, field = KIND_LABELS.get(c.kind, c.kind), FIELD_LABELS.get(c.field, c.field)
        print(f"\n{c.title} ({kind} {c.record_id}) — {field}:")
        for side in c.claims:
            who = "dẫn trong" if isinstance(side, CitedClaim) else "theo"
            sources = "; ".join(s.title + (f" <{s.url}>" if s.url else "") + (f", {s.page}" if s.page else "")
                                for s in side.sources)
            print(f"  • {side.value.display()} — {who} {sources}")
            if side.note:
                print(f"    ({side.note})")
    return 0
