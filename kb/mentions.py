"""Mentions: where people are named in running text, without linking common words or places.

Stricter than :func:`kb.people.match_people`, because a false link puts a stranger on a person's
page. :func:`find_mentions` finds the names; :func:`records_mentioning` gathers, for a person's
page, the documents and events that name them.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

from kb.clean import fold, has_marks, nfc, nfc_with_offsets
from kb.collation import collation_key
from kb.models import Corpus, Event, Person, Record, covering
from kb.names import SYLLABLE_RE, name_key, same_syllable, syllables

FUZZY_MENTION_MIN = 90.0
"""Least similarity (0–100, on tone-canonical text) for a fuzzy mention in running text.

Only the middle names may be off: the family and given names must match, since one tone makes
another person ("Lê Thị Thúy" is not "Lê Thị Thủy", "Trần Đức Thuận" not "Trần Đức Thuần").
At 90 a three-syllable name survives one wrong letter or tone mark in the middle ("Nguyễn Hửu
Tiến" is 93). The words must be capitalised and not run on into a further capitalised syllable;
the mention has ``how="fuzzy"`` so pages can mark it "possible"."""

TITLE_CUES: tuple[str, ...] = ("đồng chí", "ông", "bà", "anh", "chị")
"""Words that, right before it, make a capitalised one-syllable alias a mention: "đồng chí Tô"."""

NAME_CUES: tuple[str, ...] = ("bí danh", "biệt danh", "tức")
"""Words that introduce another name ("bí danh Quế Lâm", "(tức Hải Đông)"); cues like the titles."""

_GAP_RE = re.compile(r"[^\S\n]+|[^\S\n]*\n[^\S\n]*")  # one line break at most inside a name

_Entry = tuple[Person, list[str], bool, bool]  # person, name's syllables, main name?, needs a cue?


@dataclass(frozen=True)
class Mention:
    """A person named in a text; ``start``/``end`` index the text as given (NFC or NFD).

    ``how`` is exact, alias, folded (text without accents), fuzzy or cue (a cue of
    :data:`TITLE_CUES` or :data:`NAME_CUES` before a one-syllable name or an alias that needs one);
    ``score`` is 100, 95, 90/86, below 90 and 80 respectively."""

    person_id: str
    start: int
    end: int
    text: str
    score: float
    how: str


def _name_table(people: Iterable[Person]) -> dict[str, list[_Entry]]:
    """Each name's syllables, keyed by the folded first syllable for a quick look-up."""
    table: dict[str, list[_Entry]] = {}
    for person in people:
        flagged = {nfc(a) for a in person.aliases_needing_cue}
        for i, name in enumerate(dict.fromkeys(person.names)):
            syl = syllables(name)
            if any(s[:1].isupper() for s in syl):  # an all-lowercase name would link common words
                needs_cue = len(syl) == 1 or (i > 0 and nfc(name) in flagged)
                table.setdefault(fold(syl[0]), []).append((person, syl, i == 0, needs_cue))
    return table


def _compare_mention(words: list[str], name: list[str], main: bool) -> tuple[float, str]:
    """(score, how) of capitalised words in a text against a name; (0, '') when not a mention."""
    if all(same_syllable(w, s) for w, s in zip(words, name)):
        if not any(has_marks(w) for w in words) and any(has_marks(s) for s in name):
            return (90.0, "folded") if main else (86.0, "folded")  # text written without accents
        return (100.0, "exact") if main else (95.0, "alias")
    if len(name) < 3 or not (same_syllable(words[0], name[0]) and same_syllable(words[-1], name[-1])):
        return 0.0, ""
    sim = fuzz.ratio(name_key(words, True), name_key(name, True))
    return (round(sim * 0.9, 1), "fuzzy") if sim >= FUZZY_MENTION_MIN else (0.0, "")


def find_mentions(text: str, people: Iterable[Person]) -> list[Mention]:
    """Find where people are named in ``text``, without linking common words.

    Rules, each against a false link:

    - a name is matched on whole syllables, capitalised wherever the name is ("Nguyễn Hữu Tiến",
      "NGUYỄN HỮU TIẾN", "thầy giáo Hoài"), tone placement free; text without accents matches
      too ("Nguyen Huu Tien", ``how="folded"``); spaces or one line break may split a name;
    - a name with no capital letter is never linked; a one-syllable name, and an alias the
      corpus flags in ``aliases_needing_cue`` because it also reads as a place ("Quế Lâm"),
      count only when written right after a cue of :data:`TITLE_CUES` or :data:`NAME_CUES`
      ("đồng chí Tô", "bí danh Quế Lâm"); so "Tiến" in "tiến hành", "tiến tới", or
      "Tiến hành" is never a mention, nor is the city in "thành phố Quế Lâm";
    - fuzzy matches need :data:`FUZZY_MENTION_MIN` (see there for the other conditions);
    - overlapping candidates keep the longest, then the best scored; people sharing a name at
      the same place are all reported, since the text cannot tell them apart.

    Returns:
        Mentions in text order; offsets and ``text`` refer to the input as given, NFD included.
    """
    norm, offsets = nfc_with_offsets(text)
    toks = [(m.start(), m.end(), m.group()) for m in SYLLABLE_RE.finditer(norm)]
    joined = [bool(_GAP_RE.fullmatch(norm[a[1] : b[0]])) for a, b in zip(toks, toks[1:])]
    table = _name_table(people)
    cues = [syllables(c) for c in (*TITLE_CUES, *NAME_CUES)]
    found: list[tuple[int, int, float, str, str]] = []  # first and last token, score, id, how
    for i, (_, _, word) in enumerate(toks):
        for person, name, main, needs_cue in table.get(fold(word), ()):
            last = i + len(name) - 1
            if last >= len(toks) or not all(joined[i:last]):
                continue
            words = [t[2] for t in toks[i : last + 1]]
            if not all(w[:1].isupper() for w, s in zip(words, name) if s[:1].isupper()):
                continue
            if needs_cue:
                if not (all(same_syllable(w, s) for w, s in zip(words, name))
                        and _after_cue(toks, joined, i, cues)):
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
    """True when a cue ends right before token ``i`` ("ông", "đồng chí", "bí danh")."""
    for cue in cues:
        j = i - len(cue)
        if j >= 0 and all(joined[j:i]) and all(same_syllable(t[2], c) for t, c in zip(toks[j:i], cue)):
            return True
    return False


@dataclass(frozen=True)
class Mentioning:
    """A document or event that names a person (``mentions``) or lists them (``listed``)."""

    record: Record
    mentions: tuple[Mention, ...]
    listed: bool = False  # an event whose ``people`` field names the person


def records_mentioning(person_id: str, corpus: Corpus) -> list[Mentioning]:
    """The documents and events that name a person or, for events, list them; oldest first.

    Every person is looked for at once, so a longer name of someone else wins over a shorter one
    of this person where they overlap; only this person's mentions are kept. Undated records come
    last; ties go in Vietnamese title order.
    """
    out = []
    for rec in (*corpus.documents, *corpus.events):
        mine = tuple(m for m in find_mentions(rec.text, corpus.people) if m.person_id == person_id)
        listed = isinstance(rec, Event) and person_id in rec.people
        if mine or listed:
            out.append(Mentioning(rec, mine, listed))
    out.sort(key=lambda r: ((covering(r.record.date_claims) or (date.max,))[0],
                            collation_key(r.record.title), r.record.id))
    return out


def context_window(text: str, start: int, end: int, width: int = 70) -> tuple[int, int]:
    """Bounds of a short excerpt around ``text[start:end]``, cut at spaces so no word is split.

    >>> t = "tham mưu kỷ niệm ngày sinh đồng chí Nguyễn Hữu Tiến (1901 – 1941) năm 2021"
    >>> a, b = context_window(t, 36, 51, width=20); t[a:b]
    'ngày sinh đồng chí Nguyễn Hữu Tiến (1901 – 1941) năm'
    """
    a, b = max(0, start - width), min(len(text), end + width)
    if a > 0 and not text[a - 1].isspace():  # a word cut in two: start after it
        space = text.find(" ", a, start)
        a = space + 1 if space != -1 else a
    if b < len(text) and not text[b].isspace():
        space = text.rfind(" ", end, b)
        b = space if space != -1 else b
    return a, b
