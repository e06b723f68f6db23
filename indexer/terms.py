"""A query's words as search units: each syllable in its three tiers, each protected token by its keys."""
from __future__ import annotations

from dataclasses import dataclass

from indexer.analysis import canon_form, compounds, fold, fold_form, pieces, variant_form
from kb.citations.numbers import loose_keys
from kb.clean import has_marks


@dataclass(frozen=True)
class Unit:
    """One thing the user asked for: a syllable (three forms) or a number/date (its keys)."""

    surface: str
    canon: str = ""
    variant: str = ""
    fold: str = ""
    keys: tuple[str, ...] = ()

    @property
    def accented(self) -> bool:
        return has_marks(self.surface)


def units(text: str, keep_keys: bool = True) -> list[Unit]:
    """The search units of a query text, in order.

    With ``keep_keys`` a protected token is one unit (its parts are skipped); without, only its
    syllables are kept, which is what a phrase needs.

    >>> [u.keys or u.canon for u in units("NQ 52-nq/tư hòa")]
    ['nq', ('52-nq/tw', '52-nq'), 'hoà']
    """
    out: list[Unit] = []
    covered_until = -1
    for p in pieces(text):
        if p.keys:
            if keep_keys:
                out.append(Unit(p.text, keys=p.keys))
                covered_until = p.end
            continue
        if p.start < covered_until:
            continue
        out.append(Unit(p.text, canon_form(p.text), variant_form(p.text), fold(p.text)))
    return out


def compound_terms(text: str) -> list[str]:
    """pyvi compounds of an accented query, for a ranking bonus (none for accent-free text)."""
    return [w for _, _, w in compounds(text)] if has_marks(text) else []


def reference_keys(text: str) -> list[str]:
    """Issuer-free keys for references like 'NQ 52' or 'nghi quyet so 52' ('52-nq')."""
    return [k.lower() for k in loose_keys(text)]


def name_key(text: str) -> str:
    """A whole title or name folded to its syllables, for exact-name bonuses.

    >>> name_key("Nguyễn Hữu Tiến") == name_key("nguyen  huu-tien")
    True
    """
    # the fold of each syllable, protected tokens left out: what units(text, keep_keys=False)
    # folds, without a Unit per syllable (record_to_fields asks this of every indexed title)
    return " ".join(fold_form(p.text) for p in pieces(text) if not p.keys)


I_Y = dict(zip("iíìỉĩịyýỳỷỹỵ", "yýỳỷỹỵiíìỉĩị"))  # a final i and its y spelling, tone kept


def spellings(u: Unit) -> list[str]:
    """The canon forms that share ``u``'s variant spelling, ``u.canon`` first (kĩ → kĩ, kỹ).

    >>> spellings(units("kĩ")[0]), spellings(units("tai")[0])
    (['kĩ', 'kỹ'], ['tai'])
    """
    out = [u.canon]
    if u.canon and u.canon[-1] in I_Y:
        other = u.canon[:-1] + I_Y[u.canon[-1]]
        if variant_form(other) == u.variant:
            out.append(other)
    return out
