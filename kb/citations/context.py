"""The parts written after a number or name: date, "của" body, "(khóa XII)" and subject.

Each part is one anchored, bounded regex on the folded view, tried in a short loop, so the
cost per citation is constant and finding stays linear in the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kb.citations.data import tables
from kb.citations.textview import TextView
from kb.models import DateValue

_SP = "[ \t\u00a0]"
_DASHES = "\\-\u2013\u2014"
# what may stand between a citation and its date: ", ngày ", " ban hành ", "("
# (an effective date, "có hiệu lực từ ngày …", is not the issue date and never leads)
_DATE_LEAD = re.compile(
    rf"{_SP}*[,;]?{_SP}*(?:\({_SP}*)?(?:(?:duoc|da){_SP}+)?(?:(?:ky{_SP}+)?ban{_SP}+hanh{_SP}+|ky{_SP}+|ki{_SP}+|thong{_SP}+qua{_SP}+)?"
    rf"(?:vao{_SP}+)?(?:ngay{_SP}*)?"
)
# "Quy định số 214-QĐ/TW 2020": a bare year straight after the number is its year
_BARE_YEAR = re.compile(rf"{_SP}+(?P<y>(?:19[4-9]|20\d)\d)(?![\w/:{_DASHES}]|[.,]\d|{_SP}*[{_DASHES}]{_SP}*\d)")
_TERM = re.compile(rf"{_SP}*,?{_SP}*(?:\({_SP}*)?khoa{_SP}+(?P<t>[ivxl]{{1,6}})(?!\w)(?:{_SP}*\))?")
_QUOTED = re.compile(rf"{_SP}*[,:]?{_SP}*(?:ve{_SP}+)?[“\"](?P<s>[^”\"\n]{{2,400}})[”\"]")
_PLAIN = re.compile(rf"{_SP}*[,:]?{_SP}*ve{_SP}+(?P<s>[^\n;(“”\".]{{2,300}})")
_LEAD_VE = re.compile(r"^\s*về\s+", re.IGNORECASE)
# a subject cut short by the next citation ends on the word that joined them: "đất đai và", "…, cùng"
_TRAILING_JOIN = re.compile(r"(?:[\s,;]+(?:và|cùng|cũng như|hoặc|với|và các|cùng với))+[\s,;]*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _body_re() -> re.Pattern[str]:
    names = "|".join(re.escape(n).replace(r"\ ", f"{_SP}+") for n in sorted(tables().bodies, key=len, reverse=True))
    # "của Bộ Chính trị"; else a capitalised name up to punctuation or a clause word (checked on NFC)
    return re.compile(
        rf"{_SP}*,?{_SP}*cua{_SP}+(?:(?P<known>{names})(?!\w)"
        rf"|(?P<other>[^\W\d_][^\n,;:()“”\".]{{1,60}}?)(?=[\n,;:()“”\".]|{_SP}(?:ve|ngay|va|khoa)(?!\w)|$))"
    )


@dataclass(frozen=True)
class Context:
    """Parts found after a citation head; ``end`` is the NFC position after the last part."""

    end: int
    date: DateValue | None = None
    date_text: str | None = None
    body: str | None = None
    term: str | None = None
    subject: str | None = None
    date_at: tuple[int, int] | None = None  # view span of the date


def body_name(v: TextView, m: re.Match[str]) -> str | None:
    """Canonical body name for a body match, or the written name when it looks like one."""
    if m["known"]:
        return tables().bodies[" ".join(m["known"].split())][0]
    written = v.nfc[m.start("other"):m.end("other")].strip()
    return written if written[:1].isupper() else None


# an unquoted subject ends where a new clause opens with a capitalised name: "…về khoa học và công
# nghệ, Ban Thường vụ Tỉnh ủy đã chỉ đạo…" (a subject's own commas are followed by lowercase words)
_NEW_CLAUSE = re.compile(r",\s+(?=[A-ZĐÀÁẢÃẠÂĂÈÉẺẼẸÊÌÍỈĨỊÒÓỎÕỌÔƠÙÚỦŨỤƯỲÝỶỸỴ])")


def subject_end(v: TextView, m: re.Match[str]) -> int:
    """Where an unquoted subject match really ends (see ``_NEW_CLAUSE``)."""
    cut = _NEW_CLAUSE.search(v.nfc, m.start("s"), m.end("s"))
    return cut.start() if cut else m.end("s")


def subject_of(v: TextView, m: re.Match[str], end: int | None = None) -> str:
    """The written subject without quotes, a leading "về" or a trailing joining word."""
    subject = _LEAD_VE.sub("", v.nfc[m.start("s"):end or m.end("s")]).strip(" ,\n")
    return _TRAILING_JOIN.sub("", subject).strip(" ,\n")


def parse_context(v: TextView, pos: int, limit: int | None = None) -> Context:
    """Read the parts that follow position ``pos`` of the NFC text, in any order, each once; a
    subject never runs past ``limit`` (where the next citation begins: a sentence listing several
    documents gives each its own subject).

    >>> from kb.citations.textview import view
    >>> t = "52-NQ/TW, ngày 27/9/2019 của Bộ Chính trị (khóa XII) về “Một số chủ trương”; tiếp"
    >>> c = parse_context(view(t), 8)
    >>> c.date.value, c.body, c.term, c.subject
    ('2019-09-27', 'Bộ Chính trị', 'XII', 'Một số chủ trương')
    >>> t = "29-NQ/TW về giáo dục và đào tạo và Nghị quyết số 33-NQ/TW về văn hóa"
    >>> parse_context(view(t), 8, limit=t.index("Nghị quyết")).subject
    'giáo dục và đào tạo'
    """
    f = v.folded
    date = date_text = body = term = subject = date_at = None
    for _ in range(4):
        lead = _DATE_LEAD.match(f, pos)  # matches the empty string at least
        if date is None and lead and (d := v.first_date(pos, lead.end())):
            date, date_text, pos, date_at = d.value, d.text, d.end, (d.start, d.end)
            continue
        if date is None and (m := _BARE_YEAR.match(f, pos)):
            date, date_text, pos, date_at = DateValue.of(int(m["y"])), m["y"], m.end(), m.span("y")
            continue
        if body is None and (m := _body_re().match(f, pos)) and (name := body_name(v, m)):
            body, pos = name, m.end()
            continue
        if term is None and (m := _TERM.match(f, pos)):
            term, pos = m["t"].upper(), m.end()
            continue
        end = len(f) if limit is None else max(pos, limit)
        if subject is None and (m := _QUOTED.match(f, pos, end)):
            subject, pos = subject_of(v, m), m.end()
        elif subject is None and (m := _PLAIN.match(f, pos, end)):
            stop = subject_end(v, m)
            subject, pos = subject_of(v, m, stop), stop
        break
    return Context(pos, date, date_text, body, term, subject, date_at)
