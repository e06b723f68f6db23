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
:func:`find_mentions` is stricter, because a false link puts a stranger on a person's page.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from kb.clean import fold, has_marks, nfc, nfc_with_offsets, variant_syllable
from kb.collation import name_sort_key
from kb.models import DateClaim, Person

FUZZY_QUERY_MIN = 80.0
"""Least rapidfuzz similarity (0–100) for a query to match a name fuzzily.

80 lets a wrong or swapped letter through ("Nguyen Huu Tein" is 93) but not another given name
("Tiến" against "Tuấn" is 50); a name typed without spaces ("NguyenHuuTien") is compared whole."""

FUZZY_MENTION_MIN = 90.0
"""Least similarity (0–100, on tone-canonical text) for a fuzzy mention in running text.

Only the middle names may be off: the family and given names must match, since one tone makes
another person ("Lê Thị Thúy" is not "Lê Thị Thủy", "Trần Đức Thuận" not "Trần Đức Thuần").
At 90 a three-syllable name survives one wrong letter or tone mark in the middle ("Nguyễn Hửu
Tiến" is 93). The words must be capitalised and not run on into a further capitalised syllable;
the mention has ``how="fuzzy"`` so pages can mark it "possible"."""

MIN_QUERY_SCORE = 50.0
"""Matches scoring below this are not listed: they are noise, not candidates."""

TITLE_CUES: tuple[str, ...] = ("đồng chí", "ông", "bà", "anh", "chị")
"""Words that, right before it, make a capitalised one-syllable alias a mention: "đồng chí Tô"."""

_SYLLABLE_RE = re.compile(r"[^\W\d_]+")
_GAP_RE = re.compile(r"[^\S\n]+|[^\S\n]*\n[^\S\n]*")  # one line break at most inside a name


@dataclass(frozen=True)
class PersonMatch:
    """A person found for a query, with the name that matched and how (see the module table)."""

    person: Person
    score: float
    matched_name: str
    how: str


@dataclass(frozen=True)
class Mention:
    """A person named in a text; ``start``/``end`` index the text as given (NFC or NFD).

    ``how`` is exact, alias, folded (text without accents), fuzzy or cue (a title cue before a
    one-syllable name); ``score`` is 100, 95, 90/86, below 90 and 80 respectively."""

    person_id: str
    start: int
    end: int
    text: str
    score: float
    how: str


def _syllables(text: str) -> list[str]:
    return _SYLLABLE_RE.findall(nfc(text))


def _same(typed: str, name: str) -> bool:
    """A typed syllable equals a name's: accents must agree only when the user typed some."""
    if has_marks(typed):
        return variant_syllable(typed) == variant_syllable(name)
    return fold(typed) == fold(name)


def _key(syllables: Sequence[str], accents: bool) -> str:
    return " ".join(variant_syllable(s) if accents else fold(s) for s in syllables)


def _subsequence(query: list[str], name: list[str]) -> list[int] | None:
    """Positions of the query's syllables in the name, in order, or None."""
    found, j = [], 0
    for q in query:
        while j < len(name) and not _same(q, name[j]):
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
    if k == n and all(_same(q, s) for q, s in zip(query, name)):
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
    q_key, q_fold = _key(query, accents), _key(query, False)
    whole = max(_whole_ratio(q_key, _key(name, accents)),
                _whole_ratio(q_fold, _key(name, False)) - (4 if accents else 0))
    if whole >= FUZZY_QUERY_MIN:
        best = 88 * whole / 100
    for i in range(n - k + 1) if k < n else ():
        window = name[i : i + k]
        sim = max(fuzz.ratio(q_key, _key(window, accents)),
                  fuzz.ratio(q_fold, _key(window, False)) - (4 if accents else 0))
        if sim >= FUZZY_QUERY_MIN:
            best = max(best, _coverage_score(k, n, i + k == n) * sim / 100)
    return (best - other, "fuzzy") if best else (0.0, "")


def match_people(query: str, people: Iterable[Person], limit: int | None = 10) -> list[PersonMatch]:
    """Rank the people a query may name, best first; see the module table for scores.

    Args:
        query: a name or part of one, in any spelling; a blank query matches no one.
        people: the people to search.
        limit: the most matches to return (None for all); raises ValueError when below 1.

    Returns:
        One :class:`PersonMatch` per person, by score, then in Vietnamese index order.
    """
    if limit is not None and limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    typed = _syllables(query)
    if not typed:
        return []
    found = []
    for person in people:
        best = (0.0, "", "")
        for i, name in enumerate(person.names):
            score, how = _score_name(typed, _syllables(name), main=i == 0)
            if score > best[0]:
                best = (score, how, name)
        if best[0] >= MIN_QUERY_SCORE:
            found.append(PersonMatch(person, round(best[0], 1), best[2], best[1]))
    found.sort(key=lambda m: (-m.score, name_sort_key(m.person.title), m.person.id))
    return found[:limit]


def sort_people(people: Iterable[Person], by: str = "given") -> list[Person]:
    """People in Vietnamese index order: by given name, or ``by="family"`` in written order."""
    return sorted(people, key=lambda p: (name_sort_key(p.title, by=by), p.id))


def _name_table(people: Iterable[Person]) -> dict[str, list[tuple[Person, list[str], bool]]]:
    """Each name's syllables, keyed by the folded first syllable for a quick look-up."""
    table: dict[str, list[tuple[Person, list[str], bool]]] = {}
    for person in people:
        for i, name in enumerate(dict.fromkeys(person.names)):
            syl = _syllables(name)
            if any(s[:1].isupper() for s in syl):  # an all-lowercase name would link common words
                table.setdefault(fold(syl[0]), []).append((person, syl, i == 0))
    return table


def _compare_mention(words: list[str], name: list[str], main: bool) -> tuple[float, str]:
    """(score, how) of capitalised words in a text against a name; (0, '') when not a mention."""
    if all(_same(w, s) for w, s in zip(words, name)):
        if not any(has_marks(w) for w in words) and any(has_marks(s) for s in name):
            return (90.0, "folded") if main else (86.0, "folded")  # text written without accents
        return (100.0, "exact") if main else (95.0, "alias")
    if len(name) < 3 or not (_same(words[0], name[0]) and _same(words[-1], name[-1])):
        return 0.0, ""
    sim = fuzz.ratio(_key(words, True), _key(name, True))
    return (round(sim * 0.9, 1), "fuzzy") if sim >= FUZZY_MENTION_MIN else (0.0, "")


def find_mentions(text: str, people: Iterable[Person]) -> list[Mention]:
    """Find where people are named in ``text``, without linking common words.

    Rules, each against a false link:

    - a name is matched on whole syllables, capitalised wherever the name is ("Nguyễn Hữu Tiến",
      "NGUYỄN HỮU TIẾN", "thầy giáo Hoài"), tone placement free; text without accents matches
      too ("Nguyen Huu Tien", ``how="folded"``); spaces or one line break may split a name;
    - a name with no capital letter is never linked; a one-syllable name counts only when
      capitalised right after a cue of :data:`TITLE_CUES`
      ("đồng chí Tô"); so "Tiến" in "tiến hành", "tiến tới", or "Tiến hành" is never a mention;
    - fuzzy matches need :data:`FUZZY_MENTION_MIN` (see there for the other conditions);
    - overlapping candidates keep the longest, then the best scored; people sharing a name at
      the same place are all reported, since the text cannot tell them apart.

    Returns:
        Mentions in text order; offsets and ``text`` refer to the input as given, NFD included.
    """
    norm, offsets = nfc_with_offsets(text)
    toks = [(m.start(), m.end(), m.group()) for m in _SYLLABLE_RE.finditer(norm)]
    joined = [bool(_GAP_RE.fullmatch(norm[a[1] : b[0]])) for a, b in zip(toks, toks[1:])]
    table = _name_table(people)
    cues = [_syllables(c) for c in TITLE_CUES]
    found: list[tuple[int, int, float, str, str]] = []  # first and last token, score, id, how
    for i, (_, _, word) in enumerate(toks):
        for person, name, main in table.get(fold(word), ()):
            last = i + len(name) - 1
            if last >= len(toks) or not all(joined[i:last]):
                continue
            words = [t[2] for t in toks[i : last + 1]]
            if not all(w[:1].isupper() for w, s in zip(words, name) if s[:1].isupper()):
                continue
            if len(name) == 1:
                if not (_same(word, name[0]) and _after_cue(toks, joined, i, cues)):
                    continue
                score, how = 80.0, "cue"
            else:
                score, how = _compare_mention(words, name, main)
                runs_on = last + 1 < len(toks) and joined[last] and toks[last + 1][2][:1].isupper()
                if not score or (how == "fuzzy" and runs_on):
                    continue
            found.append((i, last, score, person.id, how))
    found.sort(key=lambda c: (c[0] - c[1], -c[2], c[0]))
    kept: list[tuple[int, int, float, str, str]] = []
    for cand in found:
        clash = [k for k in kept if k[0] <= cand[1] and cand[0] <= k[1]]
        if all(k[:3] == cand[:3] and k[3] != cand[3] for k in clash):
            kept.append(cand)
    out = []
    for first, last, score, pid, how in sorted(kept, key=lambda c: (c[0], c[3])):
        start, end = offsets[toks[first][0]], offsets[toks[last][1]]
        out.append(Mention(pid, start, end, text[start:end], score, how))
    return out


def _after_cue(toks: list[tuple[int, int, str]], joined: list[bool], i: int,
               cues: list[list[str]]) -> bool:
    """True when a title cue ends right before token ``i`` ("ông", "đồng chí")."""
    for cue in cues:
        j = i - len(cue)
        if j >= 0 and all(joined[j:i]) and all(_same(t[2], c) for t, c in zip(toks[j:i], cue)):
            return True
    return False


def _claims_json(person: Person, claims: tuple[DateClaim, ...]) -> list[dict] | None:
    """Every claim with its sources spelled out, so a disputed date shows who says what."""
    if not claims:
        return None
    out = []
    for claim in claims:
        sources = []
        for sid in claim.sources:
            src = person.source(sid)
            sources.append({"id": sid, "title": src.title if src else None, "url": src.url if src else None})
        out.append({"value": claim.value.iso(), "display": claim.value.display(), "sources": sources})
    return out


def person_to_json(person: Person, score: float | None = None) -> dict:
    """The JSON shape of a person in ``kb people --json`` and the web's JSON twins.

    ``aliases`` lists every other name (birth name first); ``birth``/``death`` are lists of
    ``{value, display, sources}`` claims, more than one when sources disagree, or null.
    """
    return {
        "id": person.id,
        "name": person.title,
        "aliases": list(dict.fromkeys(person.names[1:])),
        "birth": _claims_json(person, person.birth),
        "death": _claims_json(person, person.death),
        "score": None if score is None else round(float(score), 1),
    }
