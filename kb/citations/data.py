"""Reference tables for citations, loaded once from ``kb/data/*.json`` (data, not code).

Every lookup is keyed by a folded form (no marks, đ→d, lowercase) so accent-free input works.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kb.clean import fold, nfc


@dataclass(frozen=True)
class Tables:
    """Lookups derived from ``doctypes.json``."""

    party_types: dict[str, str]  # folded abbreviation -> abbreviation ('qd' -> 'QĐ')
    state_types: dict[str, str]  # folded abbreviation -> abbreviation ('nd' -> 'NĐ')
    type_names: dict[str, tuple[str, ...]]  # abbreviation -> type words ('NQ' -> ('Nghị quyết',))
    word_types: dict[str, tuple[str, ...]]  # folded type word -> abbreviations ('quy dinh' -> ('QĐ', 'QĐi'))
    party_issuers: dict[str, str]  # folded abbreviation -> abbreviation ('thu' -> 'ThU')
    issuer_variants: dict[str, str]  # exact uppercase variant -> abbreviation ('TƯ' -> 'TW')
    issuer_names: dict[str, str]  # abbreviation -> name
    state_issuers: dict[str, str]  # folded abbreviation -> abbreviation
    state_type_names: dict[str, tuple[str, ...]]  # state abbreviation -> type words ('TT' -> ('Thông tư',))
    state_words: tuple[str, ...]  # state type words with no abbreviation in the number ('Luật')
    state_issuer_prefixes: tuple[str, ...]  # folded codes a longer issuer code starts with ('bcd')
    issuer_only: dict[str, tuple[str, str | None]]  # folded code numbered with no type -> (code, type): 'sl', 'cp'
    bodies: dict[str, tuple[str, str]]  # folded body name -> (name, issuer abbreviation)


def _read(name: str) -> dict:
    return json.loads(resources.files("kb").joinpath("data", name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def tables() -> Tables:
    """Build the lookup tables once.

    >>> t = tables()
    >>> t.party_types["qd"], t.word_types["quy dinh"], t.issuer_variants["TƯ"]
    ('QĐ', ('QĐ', 'QĐi'), 'TW')
    >>> t.state_types["cd"], t.state_type_names["TT"], t.state_issuers["ubtvqh"]
    ('CĐ', ('Thông tư',), 'UBTVQH')
    """
    raw = _read("doctypes.json")
    party_types: dict[str, str] = {}
    type_names: dict[str, tuple[str, ...]] = {}
    words: dict[str, list[str]] = {}
    for row in raw["party_types"]:
        abbr = nfc(row["abbr"])
        party_types[fold(abbr)] = abbr
        type_names[abbr] = tuple(nfc(n) for n in row["names"])
        for name in row["names"] if row.get("loose", True) else ():
            words.setdefault(" ".join(fold(name).split()), []).append(abbr)
    state_types = {fold(r["abbr"]): nfc(r["abbr"]) for r in raw["state_types"]}
    state_names = {nfc(r["abbr"]): tuple(nfc(n) for n in r["names"]) for r in raw["state_types"]}
    for abbr, row_names in state_names.items():
        type_names.setdefault(abbr, row_names)
    issuers, variants, names = {}, {}, {}
    for row in raw["party_issuers"]:
        abbr = nfc(row["abbr"])
        issuers[fold(abbr)] = abbr
        names[abbr] = row["name"]
        for v in row.get("variants", ()):
            variants[nfc(v).upper()] = abbr
    state_issuers = {fold(r["abbr"]): nfc(r["abbr"]) for r in raw["state_issuers"]}
    for row in raw["state_issuers"]:
        names.setdefault(nfc(row["abbr"]), row["name"])
    bodies = {fold(nfc(b["name"])): (nfc(b["name"]), nfc(b["issuer"])) for b in raw["bodies"]}
    return Tables(
        party_types, state_types, type_names, {k: tuple(v) for k, v in words.items()},
        issuers, variants, names, state_issuers, state_names,
        tuple(nfc(w["name"]) for w in raw["state_words"]),
        tuple(fold(nfc(p["abbr"])) for p in raw["state_issuer_prefixes"]),
        {fold(nfc(r["abbr"])): (nfc(r["abbr"]), r.get("type")) for r in raw["issuer_only_numbers"]}, bodies,
    )
