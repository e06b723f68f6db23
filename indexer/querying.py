"""The user's parsed query as a Whoosh query: tiers, fields, bonuses, and the weights behind them.

A syllable is searched in its canon form (weight 3 + 2: canon and variant tier), its other i/y
spellings (2) and accent-free (1), in the title and the body. Bonuses never decide whether a
document matches, only its rank: pyvi compounds of the query, document numbers, an exact title,
and adjacent query words that stand next to each other in the text (a bigram phrase in the
accent-free field: it tells "ma tuy" = ma túy from the many words that fold to "ma" or "tuy",
which is most of what an accent-free query loses). A query of many syllables reads as a
question: any of its words may match and titles weigh less. The weights were chosen on ALQAC's
``train`` questions only (``kb eval``).
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from itertools import islice, product

from whoosh import query as Q

from indexer.terms import Unit, compound_terms, name_key, reference_keys, spellings, units
from kb.clean import has_marks
from kb.query import Node, Not, Or, Phrase, Words

MAX_SPELLINGS = 8  # phrase spellings tried in the variant tier (2 per word with kỹ/kĩ)


@dataclass(frozen=True)
class Tuning:
    """Every ranking weight, in one place (see the module docstring); ``TUNING`` is the one in use.

    ``kb eval --set NAME=VALUE`` runs the evaluation with any of them changed, so a new weight is
    chosen on ALQAC's ``train`` split and reported on ``private_test``.
    """

    # tiers: a syllable spelled as the document spells it (canon, tone placement unified) scores
    # canon + variant, another i/y spelling (kỹ/kĩ) variant, and accent-free fold
    canon: float = 3.0
    variant: float = 2.0
    fold: float = 1.0
    title: float = 2.0  # title fields against body, for short queries
    title_long: float = 0.5  # ... and for questions (a long question's words are mostly not its topic)
    long_from: int = 6  # syllables from which a query is a question
    long_any: bool = True  # a question matches documents with any of its words
    compound: float = 1.5  # a pyvi compound of the query found whole in the document
    bigram: float = 2.0  # adjacent query words adjacent in the text (accent-free field)
    bigram_accent_free: float = 5.0  # the same when the query has no accents at all
    # document numbers: a record whose own number is the query's must come first (52-NQ/TW is
    # the resolution itself, then the texts that cite it), so these outweigh every text match
    number_own: float = 8.0  # a number query (only a number) against the record's own number
    number_cites: float = 2.0  # ... against the numbers a text cites
    number_bonus: float = 10.0  # a number inside a longer query, against the record's own number
    name_exact: float = 15.0  # per query unit: the query is exactly a title or an alias


TUNING = Tuning()


def tuned(changes: list[str]) -> Tuning:
    """``TUNING`` with ``NAME=VALUE`` changes, each checked against the field's type.

    >>> tuned(["bigram=3", "long_any=false"]).bigram, tuned(["long_any=false"]).long_any
    (3.0, False)
    >>> tuned(["bigrams=3"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: no ranking weight 'bigrams' (one of: canon, variant, fold, ..., name_exact)
    """
    known = {f.name: f.type for f in fields(Tuning)}
    values: dict[str, object] = {}
    for change in changes:
        name, _, raw = change.partition("=")
        name = name.strip()
        if name not in known:
            raise ValueError(f"no ranking weight {name!r} (one of: {', '.join(known)})")
        kind = known[name]
        try:
            values[name] = (raw.strip().lower() in ("1", "true", "yes")) if kind == "bool" else \
                int(raw) if kind == "int" else float(raw)
        except ValueError:
            raise ValueError(f"ranking weight {name}: {raw!r} is not a {kind}") from None
    return replace(TUNING, **values)


def is_question(text: str, t: Tuning | None = None) -> bool:
    """True when ``text`` has enough syllables to be read as a question."""
    t = t or TUNING
    return sum(1 for u in units(text) if not u.keys) >= t.long_from


def _tiers(u: Unit, part: str, boost: float, t: Tuning) -> list[Q.Query]:
    subs = [Q.Term(f"{part}_canon", c, boost=(t.canon + t.variant if c == u.canon else t.variant) * boost)
            for c in spellings(u)]
    subs.append(Q.Term(f"{part}_fold", u.fold, boost=t.fold * boost))
    return subs


def _unit_query(u: Unit, parts: dict[str, float], t: Tuning) -> Q.Query:
    if u.keys:
        subs = [Q.Term("numbers", k, boost=t.number_own) for k in u.keys]
        subs += [Q.Term("cites", k, boost=t.number_cites) for k in u.keys]
        subs += [Q.Term(f"{part}_canon", k, boost=t.canon * pb) for part, pb in parts.items() for k in u.keys]
        return Q.Or(subs)
    return Q.Or([q for part, pb in parts.items() for q in _tiers(u, part, pb, t)])


def _phrase_query(text: str, t: Tuning) -> Q.Query | None:
    us = units(text, keep_keys=False)
    parts = {"title": t.title, "body": 1.0}
    if not us:
        return None
    if len(us) == 1:
        return _unit_query(us[0], parts, t)
    forms = list(islice(product(*(spellings(u) for u in us)), MAX_SPELLINGS))
    exact = tuple(u.canon for u in us)
    subs = []
    for part, pb in parts.items():
        subs += [Q.Phrase(f"{part}_canon", list(f), boost=(t.canon + t.variant if f == exact else t.variant) * pb)
                 for f in forms]
        subs.append(Q.Phrase(f"{part}_fold", [u.fold for u in us], boost=t.fold * pb))
    return Q.Or(subs)


def _words_query(text: str, mode: str, t: Tuning) -> Q.Query | None:
    us = units(text)
    if not us:
        return None
    syllables = [u for u in us if not u.keys]
    question = len(syllables) >= t.long_from
    parts = {"title": t.title_long if question else t.title, "body": 1.0}
    required = [_unit_query(u, parts, t) for u in us]
    any_word = mode == "any" or (question and t.long_any)
    core = required[0] if len(required) == 1 else (Q.Or(required) if any_word else Q.And(required))
    bonus = [Q.Term("compound", w, boost=t.compound) for w in compound_terms(text)]
    refs = reference_keys(text)
    bonus += [Q.Term("numbers", k, boost=t.number_bonus) for k in refs]
    bonus += [Q.Term("cites", k, boost=t.number_cites) for k in refs]
    bonus.append(Q.Term("names", name_key(text), boost=t.name_exact * len(us)))
    pair_boost = t.bigram if has_marks(text) else t.bigram_accent_free
    if pair_boost:
        pairs = dict.fromkeys((a.fold, b.fold) for a, b in zip(syllables, syllables[1:]))
        bonus += [Q.Phrase("body_fold", list(pair), boost=pair_boost) for pair in pairs]
    return Q.AndMaybe(core, Q.Or(bonus)) if bonus else core


def to_whoosh(node: Node | None, mode: str = "all", tuning: Tuning | None = None) -> Q.Query | None:
    """Translate the parsed user query into a Whoosh query."""
    t = tuning or TUNING
    if node is None:
        return None
    if isinstance(node, Words):
        return _words_query(node.text, mode, t)
    if isinstance(node, Phrase):
        return _phrase_query(node.text, t)
    if isinstance(node, Not):
        inner = to_whoosh(node.node, mode, t)
        return Q.Not(inner) if inner is not None else None
    subs = [q for q in (to_whoosh(n, mode, t) for n in node.nodes) if q is not None]
    if not subs:
        return None
    if isinstance(node, Or):
        return Q.Or(subs)
    positive = [q for q in subs if not isinstance(q, Q.Not)]
    negative = [q for q in subs if isinstance(q, Q.Not)]
    if not positive:
        positive = [Q.Every()]
    core = positive[0] if len(positive) == 1 else (Q.And(positive) if mode == "all" else Q.Or(positive))
    return Q.And([core, *negative]) if negative else core
