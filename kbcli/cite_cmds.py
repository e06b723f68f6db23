"""``kb cite`` (any written form → the record and its standard citation) and ``kb check`` (a draft)."""
from __future__ import annotations

import argparse

from kb.citations import RecordIndex, check_text, cite
from kb.corpus import load_corpus
from kbcli.output import print_json, read_input

STATUS_VI = {"found": "đúng", "ambiguous": "chưa xác định (nhiều văn bản cùng số)",
             "not_found": "không có trong kho", "mismatch": "sai lệch"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("cite", help="look a document up by any written form of its number",
                       description="Resolve 'NQ 52', '52/NQ-TW', 'Nghị quyết số 52'… to one record and "
                                   "print its standard citation, or the candidates when it is ambiguous.")
    p.add_argument("query", help="a number or reference as written, e.g. \"Nghị quyết số 52\"")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--corpus", default="corpus", help="corpus folder (default: corpus)")
    p.set_defaults(func=cmd_cite)

    p = sub.add_parser("check", help="check every citation in a text",
                       description="Find every document reference in a draft and report each one as "
                                   "found, ambiguous, not_found or mismatch, with reasons.")
    p.add_argument("file", nargs="?", default="-", help="text file, or '-' for standard input (default)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--corpus", default="corpus", help="corpus folder (default: corpus)")
    p.set_defaults(func=cmd_check)


def _index(corpus_dir: str) -> RecordIndex:
    return RecordIndex(load_corpus(corpus_dir).documents)


def cmd_cite(args: argparse.Namespace) -> int:
    checked = cite(args.query, _index(args.corpus))
    if checked is None:
        if args.json:
            print_json({"query": args.query, "status": "not_a_citation", "citation": None})
        else:
            print(f"«{args.query}» không phải là số hiệu hay tên văn bản nào.")
        return 1
    data = checked.to_json()
    if args.json:
        print_json({"query": args.query, "status": data["status"], "citation": data})
        return 0 if data["status"] == "found" else 1
    print(f"{args.query} → {STATUS_VI.get(data['status'], data['status'])}")
    if data["standard"]:
        print(data["standard"])
    for cand in data["candidates"]:
        print(f"  - {cand['standard']} (khóa {cand['term'] or '?'}; mã {cand['record_id']})")
    for prob in data["problems"]:
        print(f"  ! {_problem_line(prob)}")
    return 0 if data["status"] == "found" else 1


def _problem_line(p: dict) -> str:
    parts = [p.get("kind", ""), p.get("part", "")]
    if p.get("written"):
        parts.append(f"viết: {p['written']}")
    if p.get("recorded"):
        parts.append(f"hồ sơ: {p['recorded']}")
    if p.get("sources"):
        parts.append("nguồn: " + ", ".join(p["sources"]))
    if p.get("note"):
        parts.append(p["note"])
    return " · ".join(x for x in parts if x)


def cmd_check(args: argparse.Namespace) -> int:
    text = read_input(args.file)
    results = [c.to_json() for c in check_text(text, _index(args.corpus))]
    if args.json:
        print_json({"citations": results})
        return 0
    if not results:
        print("Không tìm thấy trích dẫn văn bản nào.")
    for c in results:
        print(f"[{c['start']}–{c['end']}] {c['text']} → {c['canonical']}: "
              f"{STATUS_VI.get(c['status'], c['status'])}" + (f" ({c['date']})" if c["date"] else ""))
        for prob in c["problems"]:
            print(f"    ! {_problem_line(prob)}")
    return 0
