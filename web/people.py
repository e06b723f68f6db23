"""People: the index in Vietnamese order with name search, and one page per person; JSON twins."""
from __future__ import annotations

import re

from flask import Blueprint, abort, current_app

from kb.claims import alternatives, claims_json, source_json
from kb.collation import index_letter
from kb.mentions import Mentioning, context_window, find_mentions, records_mentioning
from kb.models import Corpus, DateClaim, Person, Role
from kb.people import match_people, person_to_json, sort_people
from web.annotate import Span, annotate, link, paragraphs
from web.params import choice_param, int_param, text_param
from web.records import corpus
from web.render import render
from web.views_common import record_url

bp = Blueprint("people", __name__)

ORDERS = ("given", "family")
_BOLD_RE = re.compile(r"\*\*(.+?)\*\*")  # the biographies' only Markdown: "**Tên gọi.**"
_SOFT_BREAK_RE = re.compile(r"(?<!\n)\n(?!\n)")  # a wrapped line inside a Markdown paragraph


def _life(claims: tuple[DateClaim, ...]) -> str:
    """Every claimed value, none chosen: "5/3/1901 hoặc 3/3/1901"."""
    return alternatives(claims, "")


def _entry(person: Person, by: str, score: float | None = None, matched: str | None = None,
           how: str | None = None) -> dict:
    """One row of the index: the CLI's JSON shape plus what the page needs."""
    return {**person_to_json(person, score), "url": record_url("person", person.id),
            "letter": index_letter(person.title, by=by), "birth_display": _life(person.birth),
            "death_display": _life(person.death), "matched_name": matched, "how": how}


def people_index_data(people: tuple[Person, ...]) -> dict:
    """The index, or the matches for ``?q=`` best first; ``?by=`` orders the index and breaks ties."""
    q = text_param("q")
    by = choice_param("by", ORDERS, "given")
    limit = int_param("limit", None, lo=1, hi=current_app.config["MAX_PAGE_SIZE"])
    if q:
        found = match_people(q, people, limit=limit, by=by)
        rows = [_entry(m.person, by, m.score, m.matched_name, m.how) for m in found]
    else:
        rows = [_entry(p, by) for p in sort_people(people, by=by)[:limit]]
    return {"query": q, "by": by, "total": len(rows), "people": rows}


@bp.get("/people")
@bp.get("/people.json")
@bp.get("/api/people")
def people_index():
    return render("people.html", people_index_data(corpus().people))


def _snippet(text: str, start: int, end: int) -> str:
    """A short escaped excerpt on one line with the mention marked."""
    a, b = context_window(text, start, end)
    flat = text[a:b].replace("\n", " ")
    body = annotate(flat, [Span(start - a, end - a, "mark")])
    return ("… " if a > 0 else "") + body + (" …" if b < len(text) else "")


def _mentioning_json(item: Mentioning) -> dict:
    """One document or event naming the person, with a snippet around its first mention."""
    rec, first = item.record, (item.mentions[0] if item.mentions else None)
    # Only listed in the event's people field: the description's opening, nothing marked.
    snippet = _snippet(rec.text, first.start, first.end) if first else _snippet(rec.text, 0, 0)
    return {"id": rec.id, "kind": rec.kind, "title": rec.title, "url": record_url(rec.kind, rec.id),
            "date": alternatives(rec.date_claims, "") or None,
            "mentions": len(item.mentions), "listed": item.listed, "snippet": snippet,
            "possible": bool(item.mentions) and all(m.how == "fuzzy" for m in item.mentions)}


def _role_json(person: Person, role: Role) -> dict:
    return {"title": role.title, "period": role.period,
            "sources": [source_json(s) for s in (person.source(i) for i in role.sources) if s]}


def _biography(person: Person, people: tuple[Person, ...]) -> list[dict]:
    """The biography as Markdown paragraphs: **bold** kept, other people of the corpus linked."""
    body = _SOFT_BREAK_RE.sub(" ", person.text)
    plain, spans, cursor = [], [], 0
    for m in _BOLD_RE.finditer(body):
        plain.append(body[cursor:m.start()])
        at = sum(map(len, plain))
        spans.append(Span(at, at + len(m.group(1)), "strong", priority=2))
        plain.append(m.group(1))
        cursor = m.end()
    text = "".join(plain) + body[cursor:]
    names = {p.id: p.title for p in people}
    spans += [link(m.start, m.end, record_url("person", m.person_id), "person", names[m.person_id])
              for m in find_mentions(text, people) if m.person_id != person.id]
    return paragraphs(text, spans)


def person_data(person: Person, data: Corpus) -> dict:
    """Everything the person page shows, as plain data: every date claim with its sources."""
    found = [_mentioning_json(m) for m in records_mentioning(person.id, data)]
    return {
        "id": person.id, "name": person.title, "birth_name": person.birth_name,
        "aliases": list(dict.fromkeys(person.names[1:])),
        "aliases_needing_cue": list(person.aliases_needing_cue),
        "birth": claims_json(person, person.birth), "birth_disputed": len({c.value for c in person.birth}) > 1,
        "death": claims_json(person, person.death), "death_disputed": len({c.value for c in person.death}) > 1,
        "hometown": person.hometown, "roles": [_role_json(person, r) for r in person.roles],
        "biography": person.text, "sources": [source_json(s) for s in person.sources],
        "documents": [f for f in found if f["kind"] in ("document", "article")],
        "events": [f for f in found if f["kind"] == "event"],
    }


@bp.get("/people/<person_id>")
@bp.get("/people/<person_id>.json")
def person_page(person_id: str):
    data = corpus()
    rec = data.get(person_id.removesuffix(".json"))
    if not isinstance(rec, Person):
        abort(404, description=f"Không có nhân vật mang mã «{person_id[:80]}».")
    return render("person.html", person_data(rec, data), biography=_biography(rec, data.people))
