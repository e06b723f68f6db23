"""Lexical finder for document numbers: Party ``52-NQ/TW`` and state ``15/2020/NĐ-CP``.

Every written variant of a Party number (TƯ, swapped ``/`` and ``-``, dashes, spaces, lowercase,
URL slugs, QD for QĐ) yields one canonical number; keys give the forms search matches on.
All patterns are anchored on a digit run with bounded repeats, so finding is linear in the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kb.citations.data import tables
from kb.citations.textview import Spans, TextView, view

DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"
_SP = "[ \u00a0]{0,2}"


@dataclass(frozen=True)
class NumberMatch:
    """One document number as written, with its canonical form and parts."""

    start: int
    end: int
    text: str
    canonical: str
    family: str  # 'party' or 'state'
    number: str  # digits as written, leading zeros kept ('05')
    doc_type: str | None
    issuer: str | None


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _num(digits: int) -> str:
    """The number of a citation, 1 to ``digits`` digits: it starts after a non-word, or straight
    after "số" (seen: "số31-QĐ/TW"), never inside 1.586 or 2,5.

    Written as ``(?:(?<![\\w/])|(?<=so))(?<!\\d[.,])\\d{1,digits}`` the lookbehinds would be tried
    at every position of a long text; here they come after the first digit (each widened by that
    digit), which matches the same, and a pattern that opens with a digit lets the regex engine
    skip to the next digit (numbers are looked for in every indexed document).

    >>> import re  # on the folded view, where "số52" reads "so52"
    >>> [m["num"] for m in re.finditer(_num(5), "so52 x52 1.586 2,5 /7 (15 123456")]
    ['52', '1', '2', '15', '12345']
    """
    return rf"(?P<num>\d(?:(?<![\w/]\d)|(?<=so\d))(?<!\d[.,]\d)\d{{0,{digits - 1}}})"


# one part of an issuer code: letters, "&" inside (CTTN&BĐG), a legislature number after (QH15)
_ISS_PART = r"[^\W\d_](?:[^\W\d_]|&(?=[^\W\d_])){0,15}\d{0,2}"


@dataclass(frozen=True)
class _Patterns:
    short: re.Pattern[str]
    dated: re.Pattern[str]
    loose: re.Pattern[str]
    decree: re.Pattern[str]  # 036/SL, 178-CP: a code with no type
    office: re.Pattern[str]  # 8935/BNV-CTTN&BĐG: a công văn, issuer then unit
    spaced: re.Pattern[str]  # 212 KL TW


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    t = tables()
    types = _alt([*t.party_types, *t.state_types])
    issuers = _alt(list(t.party_issuers))
    # 52-NQ/TW · 52/NQ-TW · 52 - NQ/TW · 52-nq-tw · 52-NQTW · 1152/QĐ-UBND · 92CT/TW (glued, old)
    short = re.compile(
        rf"{_num(5)}(?:{_SP}(?P<s1>[/{DASHES}]){_SP}|(?P<glued> ?))(?P<type>{types})"
        rf"(?:{_SP}(?P<s2>[/{DASHES}]){_SP}(?P<iss>{_ISS_PART}(?:[{DASHES}]{_ISS_PART}){{0,3}})"
        rf"|(?P<slug>{issuers}))(?!\w)"
    )
    # 15/2020/NĐ-CP · 59/2020/QH14 · 01/2016/TTLT-BTC-BTP
    dated = re.compile(
        rf"{_num(5)}/(?P<year>(?:19|20)\d\d)/"
        rf"(?P<tail>{_ISS_PART}(?:[{DASHES}] ?{_ISS_PART}){{0,3}})(?!\w)"
    )
    words = _alt([w.replace(" ", "\0") for w in t.word_types] + list(t.party_types)).replace("\0", r"\s{1,3}")
    # Nghị quyết 52 · nghi quyet so 52 · NQ 52 · Quyết định số: 285 (never the head of 52-NQ/TW or a date)
    loose = re.compile(
        rf"(?<!\w)(?P<word>{words})(?:\s{{0,3}}so\s{{0,2}}:?)?\s{{0,3}}(?P<num>\d{{1,4}})"
        rf"(?![\w.,/{DASHES}]|\s{{1,2}}[/{DASHES}])"
    )
    decree = re.compile(
        rf"{_num(4)}{_SP}[/{DASHES}]{_SP}(?P<type>{_alt(list(t.issuer_only))})(?![\w/{DASHES}])"
    )
    offices = _alt([*t.state_issuers, *t.state_issuer_prefixes])
    office = re.compile(
        rf"{_num(5)}/(?P<iss>(?:{offices})(?:[^\W\d_]{{0,12}}\d{{0,2}}))"
        rf"(?P<unit>(?:[{DASHES}]{_ISS_PART}){{1,2}})(?!\w)"
    )
    spaced = re.compile(
        rf"{_num(5)}[ \u00a0]{{1,2}}(?P<type>{_alt(list(t.party_types))})"
        rf"[ \u00a0]{{1,2}}(?P<iss>{issuers}|tu)(?![\w/{DASHES}])"
    )
    return _Patterns(short, dated, loose, decree, office, spaced)


def _written(v: TextView, start: int, end: int) -> str:
    return v.nfc[start:end]


def _party_issuer(written: str) -> tuple[str, bool]:
    """Canonical Party issuer and whether it is a known one ('TƯ' -> ('TW', True))."""
    t = tables()
    up = written.upper()
    if up in t.issuer_variants:
        return t.issuer_variants[up], True
    key = up.lower().translate(_FOLD)
    if key in t.party_issuers:
        return t.party_issuers[key], True
    return up, False


def _state_issuer(written: str) -> str:
    """Each hyphen part: known abbreviation (a legislature number kept: QH15), else as written
    (TTg), uppercased if all lowercase.

    >>> _state_issuer("ubtvqh15"), _state_issuer("BCA-BXD-BTC"), _state_issuer("cp")
    ('UBTVQH15', 'BCA-BXD-BTC', 'CP')
    """
    t = tables()
    out = []
    for p in re.split(f"[{DASHES}]", written):
        letters = p.rstrip("0123456789")
        key = letters.lower().translate(_FOLD)
        known = t.state_issuers.get(key)
        out.append(known + p[len(letters):] if known else (p.upper() if p == p.lower() else p))
    return "-".join(out)


_FOLD = str.maketrans("đ", "d")


def _short(v: TextView, m: re.Match[str]) -> NumberMatch | None:
    t = tables()
    ftype = m["type"]
    written_type = _written(v, *m.span("type"))
    lowercase = written_type == written_type.lower()
    iss_written = _written(v, *(m.span("iss") if m["iss"] else m.span("slug")))
    issuer, known = _party_issuer(iss_written)
    s1, s2 = m["s1"], m["s2"]
    if m["glued"] is not None:  # 92CT/TW: old writing, trusted only in full capitals with a known issuer
        if s2 != "/" or not known or written_type != written_type.upper() or ftype not in t.party_types:
            return None
        return _make(v, m, f"{m['num']}-{t.party_types[ftype]}/{issuer}", "party", t.party_types[ftype], issuer)
    if s1 == "/" and not known:  # 1152/QĐ-UBND, 52/NQ-CP: the state form
        if s2 is None or s2 == "/":
            return None
        doc_type = t.state_types.get(ftype) or t.party_types[ftype]
        issuer = _state_issuer(iss_written)
        if lowercase and issuer not in t.state_issuers.values():
            return None
        return _make(v, m, f"{m['num']}/{doc_type}-{issuer}", "state", doc_type, issuer)
    if ftype not in t.party_types or (s2 not in (None, "/") and not known):
        return None
    if (lowercase or s2 is None) and not known:
        return None
    if s2 == "/" and s1 == "/" and not known:
        return None
    if m["iss"] and re.search(f"[{DASHES}]", m["iss"]) and (lowercase or s1 == "/" or iss_written != iss_written.upper()):
        return None  # joint Party issuers (4707-KH/HĐĐTWBĐVN-HTVN) only in capitals
    doc_type = t.party_types[ftype]
    return _make(v, m, f"{m['num']}-{doc_type}/{issuer}", "party", doc_type, issuer)


def _decree(v: TextView, m: re.Match[str]) -> NumberMatch | None:
    """036/SL, 56-SL, 178-CP, 143/HĐBT: older state numbers, a code and no type (as written in capitals)."""
    code, doc_type = tables().issuer_only[m["type"]]
    if _written(v, *m.span("type")).upper() != code.upper() or _written(v, *m.span("type")) not in (code, code.upper()):
        return None
    return _make(v, m, f"{m['num']}/{code}", "state", doc_type, None if doc_type else code)


def _office(v: TextView, m: re.Match[str]) -> NumberMatch | None:
    """8935/BNV-CTTN&BĐG: a công văn numbered by issuer and drafting unit, written in capitals."""
    issuer = _state_issuer(_written(v, *m.span("iss")))
    unit = _written(v, m.start("unit") + 1, m.end("unit"))
    if issuer != issuer.upper() and issuer not in tables().state_issuers.values():
        return None
    if unit == unit.lower():
        return None
    unit = "-".join(re.split(f"[{DASHES}]", unit))
    return _make(v, m, f"{m['num']}/{issuer}-{unit}", "state", "CV", issuer)


def _spaced(v: TextView, m: re.Match[str]) -> NumberMatch | None:
    """212 KL TW: a Party number with spaces for separators, trusted only in capitals."""
    t = tables()
    written_type, written_iss = _written(v, *m.span("type")), _written(v, *m.span("iss"))
    if written_type != written_type.upper() or written_iss != written_iss.upper():
        return None
    issuer, known = _party_issuer(written_iss)
    if not known:
        return None
    doc_type = t.party_types[m["type"]]
    return _make(v, m, f"{m['num']}-{doc_type}/{issuer}", "party", doc_type, issuer)


def _dated(v: TextView, m: re.Match[str]) -> NumberMatch | None:
    t = tables()
    tail = _written(v, *m.span("tail"))
    parts = re.split(f"[{DASHES}]", tail, maxsplit=1)
    head = parts[0].rstrip("0123456789").lower().translate(_FOLD)
    if parts[0] != parts[0].upper() and not (head in t.state_types or head in t.party_types or head in t.state_issuers):
        return None  # "51/2005/Bộ Chính trị": a word, not a code
    if len(parts) == 1:  # 59/2020/QH14: a law, issuer and legislature number only
        doc_type, issuer = None, tail.upper()
        canonical = f"{m['num']}/{m['year']}/{issuer}"
    else:
        ftype = parts[0].lower().translate(_FOLD)
        doc_type = t.state_types.get(ftype) or t.party_types.get(ftype) or parts[0].upper()
        issuer = _state_issuer(parts[1].replace(" ", ""))
        canonical = f"{m['num']}/{m['year']}/{doc_type}-{issuer}"
    return _make(v, m, canonical, "state", doc_type, issuer)


def _make(v: TextView, m: re.Match[str], canonical: str, family: str,
          doc_type: str | None, issuer: str | None) -> NumberMatch:
    start, end = v.span(*m.span())
    return NumberMatch(start, end, v.original[start:end], canonical, family, m["num"], doc_type, issuer)


def find_in_view(v: TextView) -> list[NumberMatch]:
    """Numbers in an already built view (shared with the context finder)."""
    p = _patterns()
    found = [n for m in p.dated.finditer(v.folded) if (n := _dated(v, m))]
    for pattern, make in ((p.short, _short), (p.office, _office), (p.decree, _decree), (p.spaced, _spaced)):
        taken = Spans([(n.start, n.end) for n in found])
        for m in pattern.finditer(v.folded):
            n = make(v, m)
            if n and not taken.overlaps(n.start, n.end):
                found.append(n)
    return sorted(found, key=lambda n: n.start)


def find_numbers(text: str) -> list[NumberMatch]:
    """Every document number in ``text``, in order; offsets are into ``text`` as given.

    Args:
        text: any text, NFC or NFD, accented or not.
    Returns:
        one :class:`NumberMatch` per number; plain numbers, dates and percentages yield nothing.

    >>> [n.canonical for n in find_numbers("Nghị quyết 52/NQ-TƯ, 57-nqtw và 15/2020/NĐ-CP; 27/9/2019")]
    ['52-NQ/TW', '57-NQ/TW', '15/2020/NĐ-CP']
    >>> find_numbers("1.586 đại biểu, 97,5%, 9.300 cuốn")
    []
    """
    return list(_numbers_in(text)[1])


@lru_cache(maxsize=4)
def _numbers_in(text: str) -> tuple[TextView, tuple[NumberMatch, ...]]:
    """The view and numbers of a text, kept for the few latest texts: indexing a document asks
    for them twice (its citation keys, then its protected tokens)."""
    v = view(text)
    return v, tuple(find_in_view(v))


def _strip_zeros(num: str) -> str:
    return num.lstrip("0") or "0"


def _parse(canonical: str) -> NumberMatch:
    found = find_numbers(canonical)
    if len(found) != 1:
        raise ValueError(f"'{canonical}' is not one document number")
    return found[0]


def full_key(canonical: str) -> str:
    """Lookup key of a whole number: no leading zeros, uppercase, TƯ→TW.

    >>> full_key("05-CT/TW"), full_key("52/NQ-TƯ"), full_key("015/2020/NĐ-CP")
    ('5-CT/TW', '52-NQ/TW', '15/2020/NĐ-CP')
    """
    n = _parse(canonical)
    head, sep, rest = n.canonical.partition("-" if n.family == "party" else "/")
    return f"{_strip_zeros(head)}{sep}{rest}".upper()


def number_key(canonical: str) -> str:
    """Issuer-free key of a Party number ('05-CT/TW' -> '5-CT'); state numbers keep their full key.

    >>> number_key("52-NQ/TW"), number_key("05-CT/TU"), number_key("1152/QĐ-UBND")
    ('52-NQ', '5-CT', '1152/QĐ-UBND')
    """
    n = _parse(canonical)
    if n.family != "party":
        return full_key(canonical)
    return f"{_strip_zeros(n.number)}-{n.doc_type}".upper()


def loose_keys(text: str) -> list[str]:
    """Lookup keys of every reference in a query: full numbers give :func:`full_key`, and
    issuer-free references ("NQ 52", "nghi quyet so 52", "Chỉ thị 05") give ``<n>-<TYPE>``.

    "Quy định" gives both QĐ and QĐi keys, since both abbreviations are used for it.

    >>> loose_keys("Nghị quyết số 52"), loose_keys("qd 285"), loose_keys("Chỉ thị 05")
    (['52-NQ'], ['285-QĐ'], ['5-CT'])
    >>> loose_keys("quy dinh 285"), loose_keys("Nghị quyết 52/NQ-TW ngày 27.9.2019")
    (['285-QĐ', '285-QĐI'], ['52-NQ/TW'])
    """
    v = view(text)
    return _loose_keys(v, find_in_view(v))


def _loose_keys(v: TextView, numbers: list[NumberMatch] | tuple[NumberMatch, ...]) -> list[str]:
    found: list[tuple[int, str]] = [(n.start, full_key(n.canonical)) for n in numbers]
    taken = Spans([(n.start, n.end) for n in numbers])
    t = tables()
    for m in _patterns().loose.finditer(v.folded):
        start, end = v.span(*m.span())
        if taken.overlaps(start, end):
            continue
        word = " ".join(m["word"].split())
        abbrs = t.word_types.get(word) or (t.party_types[word],)
        found.extend((start, f"{_strip_zeros(m['num'])}-{a}".upper()) for a in abbrs)
    out: list[str] = []
    for _, key in sorted(found, key=lambda p: p[0]):
        if key not in out:
            out.append(key)
    return out


def index_keys(text: str) -> list[str]:
    """Keys to index a text under: full and issuer-free keys of every number, plus loose keys.

    >>> index_keys("theo Nghị quyết 52-NQ/TW và Chỉ thị 05")
    ['52-NQ/TW', '52-NQ', '5-CT']
    """
    out: list[str] = []
    v, numbers = _numbers_in(text)  # one view and one pass for both kinds of key
    for n in numbers:
        for key in (full_key(n.canonical), number_key(n.canonical)):
            if key not in out:
                out.append(key)
    for key in _loose_keys(v, numbers):
        if key not in out:
            out.append(key)
    return out
