"""People: find a person by any name they go by, and find people mentioned in running text.

Historians type names with or without accents, with the tone mark in either place, with typos, or
only in part. :func:`match_people` ranks people for such a query on one 0–100 scale:

- ``exact`` 100: the main name; tone placement, case and, for a syllable typed without accents,
  accents are ignored ("nguyen huu tien", "Lê Thị Thuỷ");
- ``alias`` 95: the birth name or an alias, the same way ("Trương Xuân Trinh");
- ``folded`` 90 (main name) or 86: equal once accents are dropped, typed with other accents
  ("Nguyễn Hửu Tiến");
- ``partial`` 50–85: the query's syllables appear in order in a name ("Hữu Tiến", "Nguyễn",
  "Tiến"); covering more of the name, and the given name, rank higher;
- ``fuzzy`` below 90: rapidfuzz similarity of at least :data:`FUZZY_QUERY_MIN`.

Ties are broken in Vietnamese index order (:func:`kb.collation.name_sort_key`).
:func:`find_mentions` (in :mod:`kb.mentions`, re-exported here) is stricter, because a false link
puts a stranger on a person's page.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from kb.claims import claims_json
from kb.clean import fold, has_marks
from kb.collation import name_sort_key
# Mentions live in kb.mentions; they are re-exported so ``kb.people`` stays the one import for people.
from kb.mentions import FUZZY_MENTION_MIN, NAME_CUES, TITLE_CUES, Mention, find_mentions
from kb.models import Person
from kb.names import name_key, same_syllable, syllables

__all__ = ["FUZZY_MENTION_MIN", "FUZZY_QUERY_MIN", "MIN_QUERY_SCORE", "NAME_CUES", "TITLE_CUES",
           "Mention", "PersonMatch", "find_mentions", "match_people", "person_to_json", "sort_people"]

FUZZY_QUERY_MIN = 80.0
"""Least rapidfuzz similarity (0–100) for a query to match a name fuzzily.

80 lets a wrong or swapped letter through ("Nguyen Huu Tein" is 93) but not another given name
("Tiến" against "Tuấn" is 50); a name typed without spaces ("NguyenHuuTien") is compared whole."""

MIN_QUERY_SCORE = 50.0
"""Matches scoring below this are not listed: they are noise, not candidates."""


@dataclass(frozen=True)
class PersonMatch:
    """A person found for a query, with the name that matched and how (see the module table)."""

    person: Person
    score: float
    matched_name: str
    how: str


def _subsequence(query: list[str], name: list[str]) -> list[int] | None:
    """Positions of the query's syllables in the name, in order, or None."""
    found, j = [], 0
    for q in query:
        while j < len(name) and not same_syllable(q, name[j]):
            j += 1
        if j == len(name):
            return None
        found.append(j)
        j += 1
    return found


def _coverage_score(k: int, n: int, given: bool) -> float:
    """50–85 for ``k`` of ``n`` syllables matched; the given name (last syllable) adds 5."""
    return 50 + 35 * k / n + (5 if given else 0)


def _whole_ratio(a: str, b: str) -> float:
    """Similarity of whole names, forgiving word order ("Tien Nguyen Huu") and lost spaces."""
    return max(fuzz.token_sort_ratio(a, b), fuzz.ratio(a.replace(" ", ""), b.replace(" ", "")))


def _score_name(query: list[str], name: list[str], main: bool) -> tuple[float, str]:
    """Best (score, how) of a query against one of a person's names; (0, '') when nothing fits."""
    k, n = len(query), len(name)
    if k == n and all(same_syllable(q, s) for q, s in zip(query, name)):
        return (100.0, "exact") if main else (95.0, "alias")
    if k == n and all(fold(q) == fold(s) for q, s in zip(query, name)):
        return (90.0, "folded") if main else (86.0, "folded")
    other = 0 if main else 5
    pos = _subsequence(query, name) if k < n else None
    if pos is not None:
        gaps = 3 if pos[-1] - pos[0] + 1 != k else 0
        return _coverage_score(k, n, pos[-1] == n - 1) - gaps - other, "partial"
    accents = any(has_marks(q) for q in query)
    best = 0.0
    q_key, q_fold = name_key(query, accents), name_key(query, False)
    whole = max(_whole_ratio(q_key, name_key(name, accents)),
                _whole_ratio(q_fold, name_key(name, False)) - (4 if accents else 0))
    if whole >= FUZZY_QUERY_MIN:
        best = 88 * whole / 100
    for i in range(n - k + 1) if k < n else ():
        window = name[i : i + k]
        sim = max(fuzz.ratio(q_key, name_key(window, accents)),
                  fuzz.ratio(q_fold, name_key(window, False)) - (4 if accents else 0))
        if sim >= FUZZY_QUERY_MIN:
            best = max(best, _coverage_score(k, n, i + k == n) * sim / 100)
    return (best - other, "fuzzy") if best else (0.0, "")


def match_people(query: str, people: Iterable[Person], limit: int | None = 10,
                 by: str = "given") -> list[PersonMatch]:
    """Rank the people a query may name, best first; see the module table for scores.

    Args:
        query: a name or part of one, in any spelling; a blank query matches no one.
        people: the people to search.
        limit: the most matches to return (None for all); raises ValueError when below 1.
        by: the index order that breaks ties: ``"given"`` name or ``"family"`` name.

    Returns:
        One :class:`PersonMatch` per person, by score, then in Vietnamese index order.
    """
    if limit is not None and limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    if by not in ("given", "family"):
        raise ValueError(f"by must be 'given' or 'family', not {by!r}")
    typed = syllables(query)
    if not typed:
        return []
    found = []
    for person in people:
        best = (0.0, "", "")
        for i, name in enumerate(person.names):
            score, how = _score_name(typed, syllables(name), main=i == 0)
            if score > best[0]:
                best = (score, how, name)
        if best[0] >= MIN_QUERY_SCORE:
            found.append(PersonMatch(person, round(best[0], 1), best[2], best[1]))
    found.sort(key=lambda m: (-m.score, name_sort_key(m.person.title, by=by), m.person.id))
    return found[:limit]


def sort_people(people: Iterable[Person], by: str = "given") -> list[Person]:
    """People in Vietnamese index order: by given name, or ``by="family"`` in written order."""
    return sorted(people, key=lambda p: (name_sort_key(p.title, by=by), p.id))


def person_to_json(person: Person, score: float | None = None) -> dict:
    """The JSON shape of a person in ``kb people --json`` and the web's JSON twins.

    ``aliases`` lists every other name (birth name first); ``birth``/``death`` are lists of claims
    in the one shape of :func:`kb.claims.claim_json`, more than one when sources disagree, empty
    when unknown.
    """
    return {
        "id": person.id,
        "name": person.title,
        "aliases": list(dict.fromkeys(person.names[1:])),
        "birth": claims_json(person, person.birth),
        "death": claims_json(person, person.death),
        "score": None if score is None else round(float(score), 1),
    }
