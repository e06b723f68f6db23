"""``kb search``: the index's query API from the shell."""
from __future__ import annotations

import argparse

from kbcli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="search documents, events and people",
                       description="Search with or without accents; \"quoted phrases\", OR, NOT and "
                                   "-word are understood.")
    p.add_argument("query", help="what to look for, e.g. \"nghi quyet 52\"")
    p.add_argument("--kind", choices=["document", "article", "event", "person"], help="only this kind")
    p.add_argument("--type", dest="doc_type", help="document type abbreviation, e.g. NQ")
    p.add_argument("--issuer", help="issuer abbreviation, e.g. TW")
    p.add_argument("--year-from", type=int, help="first year")
    p.add_argument("--year-to", type=int, help="last year")
    p.add_argument("--limit", type=int, default=10, help="hits to show (1-100, default 10)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--index-dir", help="index location (default: $KB_INDEX_DIR or instance/index)")
    p.set_defaults(func=cmd_search)


def cmd_search(args: argparse.Namespace) -> int:
    from indexer.search import Filters, search

    filters = Filters(kind=args.kind, doc_type=args.doc_type, issuer=args.issuer,
                      year_from=args.year_from, year_to=args.year_to)
    result = search(args.query, filters=filters, limit=args.limit, index_dir=args.index_dir)
    if args.json:
        print_json({"query": result.query, "total": result.total,
                    "hits": [{k: h.to_json()[k] for k in ("id", "kind", "title", "score", "snippet", "date")}
                             for h in result.hits]})
        return 0
    print(f"{result.total} kết quả cho «{result.query}»")
    for i, h in enumerate(result.hits, 1):
        snippet = h.snippet.replace("<mark>", "[").replace("</mark>", "]")
        print(f"{i:>3}. [{h.kind}] {h.title}" + (f" ({h.date_display})" if h.date_display else ""))
        print(f"     {snippet}")
    return 0
