"""``kb people``: look a person up by any name they go by, or list everyone in index order."""
from __future__ import annotations

import argparse

from kb.corpus import load_corpus
from kb.models import DateClaim, Person
from kb.people import match_people, person_to_json, sort_people
from kbcli.output import print_json

DEFAULT_CORPUS = "corpus"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("people", help="find people by any name, or list them all",
                       description="With a query, people whose names match it in any spelling "
                                   "(with or without accents, with typos, in part), best first. "
                                   "Without one, everyone in Vietnamese index order.")
    p.add_argument("query", nargs="?", default="", help="a name or part of one, e.g. \"nguyen huu tien\"")
    p.add_argument("--json", action="store_true",
                   help='print {"people": [{"id", "name", "aliases", "birth", "death", "score"}]}')
    p.add_argument("--by", choices=["given", "family"], default="given",
                   help="list order without a query: by given name (default, as Vietnamese indexes "
                        "do) or by family name; with a query it only breaks ties")
    p.add_argument("--limit", type=_positive, default=10, help="most matches for a query (default 10)")
    p.add_argument("--corpus", default=DEFAULT_CORPUS, help="corpus folder (default: corpus)")
    p.set_defaults(func=cmd_people)


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1 (a usage error otherwise)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _claims(values: tuple[DateClaim, ...]) -> str:
    """Every claimed value, none chosen: "5/3/1901 hoặc 3/3/1901"."""
    return " hoặc ".join(dict.fromkeys(c.value.display() for c in values))


def _life(person: Person) -> str:
    """" (5/3/1901 hoặc 3/3/1901 – 28/8/1941)", " (sinh năm 1964)", or nothing."""
    if person.birth and person.death:
        return f" ({_claims(person.birth)} – {_claims(person.death)})"
    if person.birth:
        return f" (sinh {_claims(person.birth)})"
    return f" (mất {_claims(person.death)})" if person.death else ""


def cmd_people(args: argparse.Namespace) -> int:
    people = load_corpus(args.corpus).people
    if args.query.strip():
        found = match_people(args.query, people, limit=args.limit, by=args.by)
        rows = [(m.person, m.score, m.matched_name) for m in found]
    else:
        rows = [(p, None, None) for p in sort_people(people, by=args.by)]
    if args.json:
        print_json({"people": [person_to_json(p, score) for p, score, _ in rows]})
        return 0
    if args.query.strip():
        print(f"{len(rows)} người khớp với «{args.query.strip()}»")
    for i, (person, score, matched) in enumerate(rows, 1):
        line = f"{i:>3}. {person.title}{_life(person)}"
        if matched and matched != person.title:
            line += f" — tên khớp: {matched}"
        if score is not None:
            line += f" [{score:g}]"
        print(line)
    return 0
