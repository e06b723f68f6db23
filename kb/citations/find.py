"""Find every document reference in a text: numbers with their context, lists, headers, names.

One pass per pattern over the folded view (see :mod:`kb.citations.textview`), then a constant
amount of anchored work per hit, so the finder is linear in the text.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from functools import lru_cache

from kb.citations.context import Context, parse_context
from kb.citations.data import tables
from kb.citations.model import Citation
from kb.citations.named import find_named
from kb.citations.numbers import NumberMatch, find_in_view
from kb.citations.textview import Spans, TextView, fold_same_length, view
from kb.clean import fold
from kb.dates import DateMention

_SP = "[ \t\u00a0]"
# between a type word and its number: " số ", " số: ", " của Bộ Chính trị số"
_GAP = re.compile(rf"{_SP}*(?:cua{_SP}+(?P<body>[^\n,;()“”\"]{{2,60}}?){_SP}+)?(?:so{_SP}*:?{_SP}*)?")
_LIST_GAP = re.compile(rf"{_SP}*[,;]?{_SP}*(?:(?:va|hoac){_SP}+)?")
_HEADER_PRE = re.compile(rf"(?:(?:\n|\t| {{2}}){_SP}*so{_SP}*:?|so{_SP}*:){_SP}*\Z")


@lru_cache(maxsize=1)
def type_words() -> tuple[re.Pattern[str], dict[str, str]]:
    """Regex of every type word (folded) and the map folded word -> display name."""
    t = tables()
    every = [*(n for ns in t.type_names.values() for n in ns), *(n for ns in t.state_type_names.values() for n in ns),
             *t.state_words]
    names = {fold(n): n for n in every}
    alt = "|".join(re.escape(w).replace(r"\ ", f"{_SP}+") for w in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)"), names


def _word_key(folded_word: str) -> str:
    return " ".join(folded_word.split())


def _abbrs(name: str) -> tuple[str, ...]:
    t = tables()
    return (t.word_types.get(fold(name), ()) + tuple(a for a, ns in t.type_names.items() if name in ns)
            + tuple(a for a, ns in t.state_type_names.items() if name in ns))


def _header_date(v: TextView, s: int, e: int) -> DateMention | None:
    """Nearest "<place>, ngày D tháng M năm YYYY" (a day after a comma) within a few lines of a header."""
    starts, mentions = v.dates
    best = None
    for m in mentions[bisect_left(starts, max(0, s - 300)):bisect_right(starts, e + 300)]:
        dist = abs(m.start - e)
        after_comma = v.nfc[max(0, m.start - 4):m.start].rstrip().endswith(",")
        if m.value is not None and m.value.precision == "day" and after_comma and (best is None or dist < best[0]):
            best = (dist, m)
    return best[1] if best else None


def _dated_context(ctx: Context, d: DateMention) -> Context:
    return replace(ctx, date=d.value, date_text=d.text, date_at=(d.start, d.end))


def _cite(v: TextView, n: NumberMatch, head: int, type_name: str | None, body: str | None,
          ctx: Context, header: bool = False) -> Citation:
    start, end = v.span(head, v.to_nfc(n.end))
    ds, de = v.span(*ctx.date_at) if ctx.date_at else (None, None)
    return Citation(
        start, end, v.original[start:end], n.family, n.canonical, n.number, n.doc_type, n.issuer,
        type_name, ctx.date, ctx.date_text, ctx.body or body, ctx.term, ctx.subject, header, ds, de,
    )


def _number_citations(v: TextView) -> list[Citation]:
    words_re, names = type_words()
    words = list(words_re.finditer(v.folded))
    ends = [w.end() for w in words]
    out: list[Citation] = []
    prev_end, prev_type = -1, None
    numbers = find_in_view(v)
    # where each citation's head (its type word, else its number) begins: a subject stops at the next
    heads = []
    for n in numbers:
        s = v.to_nfc(n.start)
        i = bisect_right(ends, s) - 1
        near = i >= 0 and s - ends[i] <= 80 and _GAP.fullmatch(v.folded, ends[i], s) is not None
        heads.append(words[i].start() if near else s)
    for k, n in enumerate(numbers):
        s, e = v.to_nfc(n.start), v.to_nfc(n.end)
        head, type_name, body = s, None, None
        i = bisect_right(ends, s) - 1
        if i >= 0 and s - ends[i] <= 80 and (g := _GAP.fullmatch(v.folded, ends[i], s)):
            name = names[_word_key(words[i].group())]
            if n.doc_type in _abbrs(name) or n.family == "state":
                head, type_name = words[i].start(), name
            if g["body"]:
                known = tables().bodies.get(_word_key(g["body"]))
                body = known[0] if known else v.nfc[g.start("body"):g.end("body")]
        elif prev_type and _LIST_GAP.fullmatch(v.folded, prev_end, s) and n.doc_type in _abbrs(prev_type):
            type_name = prev_type  # "các Nghị quyết 52-NQ/TW, 55-NQ/TW và 57-NQ/TW"
        ctx = parse_context(v, e, heads[k + 1] if k + 1 < len(heads) else None)
        header = type_name is None and _HEADER_PRE.search(fold_same_length(v.nfc[max(0, s - 12):s])) is not None
        if header and ctx.date is None and (d := _header_date(v, s, e)):
            ctx = _dated_context(ctx, d)
        out.append(_cite(v, n, head, type_name, body, ctx, header))
        prev_end, prev_type = ctx.end, type_name
    return out


def find_citations(text: str) -> list[Citation]:
    """Every citation in ``text`` in order: Party and state numbers, and named references.

    Args:
        text: any text (NFC or NFD); offsets in the result point into it as given.
    Returns:
        :class:`~kb.citations.model.Citation` objects sorted by start.

    >>> [(c.canonical, c.type_name, c.date.value) for c in find_citations(
    ...     "Nghị quyết số 52-NQ/TW, ngày 27/9/2019 của Bộ Chính trị")]
    [('52-NQ/TW', 'Nghị quyết', '2019-09-27')]
    >>> [(c.canonical, c.family, c.term) for c in find_citations("thực hiện Nghị quyết Trung ương 4 (khóa XII)")]
    [('Nghị quyết Trung ương 4', 'named', 'XII')]
    """
    v = view(text)
    found = _number_citations(v)
    taken = Spans([(c.start, c.end) for c in found])
    for c in find_named(v):
        if not taken.overlaps(c.start, c.end):
            found.append(c)
    return [_opening_date(v, c) for c in sorted(found, key=lambda c: c.start)]


# "Ngày 27/9/2019, Bộ Chính trị ban hành Nghị quyết …": a date that opens the sentence, then who
# acted (no comma but after "thay mặt …": a comma would start another clause, "Ngày 23/1/2026 khép
# lại khóa XIII, khóa đã ban hành …"), then the verb that issues, signs or adopts, then the citation
_SENTENCE_OPEN = re.compile(
    rf"(?:\A|[.!?;:\n\]\"“(]|^[ \t]*[-+*>|•])[ \t\u00a0*_]*(?:theo{_SP}+do{_SP}*,?{_SP}*)?"
    rf"(?:(?:vao|sang|chieu|toi|trua|cung|den|dau|cuoi){_SP}+)?"
    rf"(?:ngay{_SP}*)?\Z", re.MULTILINE
)
_ISSUED_BY = re.compile(
    rf"{_SP}*,{_SP}*(?:tai|bang|(?P<theo>theo)){_SP}+"  # "Ngày 08/4/2021, tại Quyết định số 45-QĐNS/TW, …"
    rf"|{_SP}*,?{_SP}*(?:thay{_SP}+mat{_SP}+[^.;:!?\n“”\",]{{1,60}},{_SP}*)?(?:[^.;:!?\n“”\",]{{0,120}}?{_SP})?"
    rf"(?:(?:da|vua|chinh{_SP}+thuc|lan{_SP}+luot){_SP}+)?(?:(?:ky|ra){_SP}+)?"
    rf"(?:ban{_SP}+hanh|ky|thong{_SP}+qua|ra|cong{_SP}+bo)(?:{_SP}+(?:cac|van{_SP}+ban))?{_SP}+"
)


def _opening_date(v: TextView, c: Citation) -> Citation:
    """Attach the sentence's opening date to the first citation after an issuing verb, or the
    instrument of what the sentence says happened that day ("tại", "bằng"; "theo" for a decision).

    >>> [(c.canonical, c.date.iso()) for c in find_citations(
    ...     "Ngày 27/9/2019, Bộ Chính trị ban hành Nghị quyết số 52-NQ/TW về cách mạng công nghiệp.")]
    [('52-NQ/TW', '2019-09-27')]
    """
    if c.date is not None or c.header:
        return c
    head = v.to_nfc(c.start)
    starts, mentions = v.dates
    i = bisect_right(starts, head) - 1
    while i >= 0 and mentions[i].end > head:
        i -= 1
    if i < 0 or head - mentions[i].end > 200:
        return c
    d = mentions[i]
    opens = _SENTENCE_OPEN.search(v.folded, max(0, d.start - 30), d.start)
    issued = _ISSUED_BY.fullmatch(v.folded, d.end, head) if opens else None
    if issued is None or (issued["theo"] and c.type_name != "Quyết định"):
        return c  # "Ngày …, theo Kế hoạch …" dates what follows the plan; a decision applies on its day
    a, b = v.span(d.start, d.end)
    return replace(c, date=d.value, date_text=d.text, date_start=a, date_end=b)

