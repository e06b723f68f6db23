"""Cut a chronicle text into its entries by structure, not by one site's layout.

A chronicle ("biên niên", "niên biểu") is a run of dated entries. What starts an entry:

- a numbered item ("2. Từ ngày 4 đến ngày 10/7/2011, tại …") that opens with a date or names a
  meeting; once a section has such items, its other paragraphs continue the item above;
- elsewhere, a paragraph or a sentence that opens with a date ("Ngày 12/3/2015, …", "Tháng 8/1945:
  …", "Năm 1930 —", "9 giờ 47 phút ngày 2-9-1969 …"), or one whose subject is a dated meeting
  ("Hội nghị lần thứ hai … họp từ ngày 27/9 đến ngày 5/10/1951");
- a key/value header ("Thời gian: …", "Địa điểm: …") at the top, as the older term files have.

Headings ("II. Các Hội nghị Ban Chấp hành Trung ương", "# Năm 2015", a line that is only a date) are
not entries: they give context, their year and term apply to the entries under them. A paragraph
that starts nothing continues the entry above it. Every entry keeps its line and a locator (section
and item number, or paragraph and sentence) so a reader can find it in the original.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.chronicle import fineness
from kb.chronicle_meetings import Meeting, find_meetings, heading_term
from kb.clean import fold
from kb.dates import DateMention, find_dates

_ROMAN_HEADING = re.compile(r"(?P<num>[IVXL]{1,6})[.)]\s+(?P<text>\S.{1,150})")
_MD_HEADING = re.compile(r"#{1,6}\s+(?P<text>\S.*)")
_ITEM = re.compile(r"(?P<num>\d{1,3})\s?[.)](?!\d)\s*(?P<text>\S.*)")
_KEY_VALUE = re.compile(r"(?P<key>[^:\d][^:]{1,58}):\s*(?P<value>\S.*)")
# A sentence ends at . ! ? … before a capital, a digit or a quote (not inside "v.v.." or "8.000").
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”']?\s+(?=[\"“]?[A-ZĐÐÀ-Ỹ0-9])")
# What may come before the date of a sentence that "opens with a date", folded.
_LEAD = re.compile(
    r"[\s\"“(\-–—]*(?:(?:vao|tu|ngay|dem|sang|chieu|toi|trua|giua|dau|cuoi|hom|luc|khoang|mua (?:xuan|he|ha|thu|dong)"
    r"|\d{1,2} gio(?: \d{1,2} phut)?)[\s,]*)*")
# "họp" must keep its accent: folded, it is also "hợp" (phù hợp, thông qua … hợp pháp)
_MEETING_VERB = re.compile(r"(?<!\w)(?:họp|được tổ chức|diễn ra|khai mạc)(?!\w)")
_MEETING_NOUN = re.compile(r"[\s\"“]*(?:cac )?(?:hoi nghi|dai hoi)(?!\w)")
NEAR = 50  # how close after a meeting's name its date must be written, when no verb says it met
# A part of a meeting, not the meeting: "họp nội bộ từ ngày 22 …", "phiên trù bị", "bế mạc Hội nghị"
_PART_BEFORE = re.compile(r"(?:nội bộ|trù bị)\s{0,3}(?:từ\s{1,3})?(?:ngày\s{1,3})?$")
_SPEECH_BEFORE = re.compile(r"(?:bế|khai) mạc\s{1,3}$")
_SINCE = re.compile(r"\s{0,3}(?:đến nay|tới nay|trở đi|trở lại đây)(?!\w)")  # "Từ năm 1930 đến nay": a period


@dataclass(frozen=True)
class Heading:
    """A section heading: its number as written (II), its text, and the context it gives."""

    line: int
    number: str | None
    text: str
    year: int | None = None
    term: str | None = None

    @property
    def label(self) -> str:
        return f"mục {self.number}" if self.number else f"mục «{self.text[:60]}»"


@dataclass
class Entry:
    """One entry: where it starts, how a reader finds it, and its whole text.

    ``opening`` is the sentence that started it; ``meeting`` the congress or plenum it is about,
    when its opening names one; ``header`` marks the key/value block of an older term file.
    """

    line: int
    locator: str
    opening: str
    heading: Heading | None
    number: int | None = None
    header: bool = False
    meeting: Meeting | None = None
    date: DateMention | None = None
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.parts).strip()


def folded(text: str) -> str:
    """Accent-free lowercase text, the look-alike "Ð" (U+00D0) read as "Đ".

    >>> folded("Ðảng khoá XI")
    'dang khoa xi'
    """
    return fold(text).replace("ð", "d")


def sentences(paragraph: str) -> list[str]:
    """The paragraph's sentences, whitespace kept inside each.

    >>> sentences("Có 13 đại biểu. Tháng 7/1936 đồng chí Lê Hồng Phong chủ trì Hội nghị, v.v.. Hết")
    ['Có 13 đại biểu.', 'Tháng 7/1936 đồng chí Lê Hồng Phong chủ trì Hội nghị, v.v..', 'Hết']
    """
    return [s for s in _SENTENCE_END.split(paragraph.strip()) if s.strip()]


def opening_date(sentence: str) -> DateMention | None:
    """The date a sentence opens with, after lead words such as "Ngày", "Từ", "Đêm", "9 giờ".

    >>> opening_date("Ngày 29 và 30/3/1938, Ban Chấp hành Trung ương Đảng họp").text
    '29 và 30/3/1938'
    >>> opening_date("Đến năm 2020, GDP bình quân đầu người khoảng 3.200 USD") is None
    True
    """
    found = find_dates(sentence)
    if not found:
        return None
    first = found[0]
    if _SINCE.match(sentence.lower(), first.end):
        return None
    return first if _LEAD.fullmatch(folded(sentence[:first.start])) else None


def meeting_date(sentence: str) -> tuple[Meeting | None, DateMention | None]:
    """The meeting a sentence is about and the date it met, when the sentence says both.

    The sentence must say the meeting met ("họp", "được tổ chức", "diễn ra") or write the date
    right after its name ("Hội nghị lần thứ năm (7-1961)"); of several meetings named, the one
    nearest the date is meant ("Sau … Đại hội lần thứ nhất, Đại hội … lần thứ II họp từ …").

    >>> m, d = meeting_date("Hội nghị lần thứ hai của Ban Chấp hành Trung ương Đảng họp từ ngày 27/9 "
    ...                     "đến ngày 5/10/1951, đã ra nghị quyết")
    >>> m.key("II"), d.value.iso()
    ('hoi-nghi-tw-2-khoa-ii', '1951-09-27/1951-10-05')
    >>> m, d = meeting_date("Đại hội đại biểu toàn quốc lần thứ VIII của Đảng đã họp nội bộ từ ngày 22 đến "
    ...                     "26-6-1996 và họp công khai từ ngày 28-6 đến 1-7-1996 tại Hà Nội.")
    >>> d.value.iso()
    '1996-06-28/1996-07-01'
    """
    # a meeting is dated to the month at least: "(2011 - 2015)" after "Đại hội XI" is its term
    low = sentence.lower()
    dates = [d for d in find_dates(sentence) if ((d.value is not None and fineness(d.value) <= 1)
             or (d.partial and d.precision in ("day", "month", "range")))
             and not _PART_BEFORE.search(low, max(0, d.start - 30), d.start)]
    if not dates:
        return None, None
    key = folded(sentence)
    meetings = find_meetings(sentence)
    if meetings:
        def distance(m: Meeting) -> int:
            d = dates[0]
            return max(m.start - d.end, d.start - m.end, 0)

        best = min(meetings, key=distance)
        if _SPEECH_BEFORE.search(low, max(0, best.start - 20), best.start):
            return None, None  # the day of a speech at the meeting, not the meeting's own dates
        date = min(dates, key=lambda d: max(best.start - d.end, d.start - best.end, 0))
        near = 0 <= date.start - best.end <= NEAR
        if near or _MEETING_VERB.search(sentence.lower()):
            return best, date
        return None, None
    if _MEETING_NOUN.match(key) and _MEETING_VERB.search(sentence.lower()):  # "Hội nghị đại biểu toàn quốc … họp"
        return None, dates[0]
    return None, None


def _heading(line_no: int, line: str) -> Heading | None:
    """The line as a heading ("II. Các Hội nghị …", "# Năm 2015", "Tháng 3/2015"), else None.

    >>> h = _heading(1, "I. Đại hội Đại biểu toàn quốc lần thứ XII của Đảng")
    >>> (h.label, h.term, h.year), _heading(2, "Năm 2015").year
    (('mục I', 'XII', None), 2015)
    """
    m = _MD_HEADING.fullmatch(line)
    number = None
    if m:
        text = m["text"].strip("# ")
    else:
        m = _ROMAN_HEADING.fullmatch(line)
        if m and (len(line) < 90 or not line.rstrip().endswith((".", ";", ",", ":"))):
            number, text = m["num"], m["text"].strip()
        elif len(line) <= 30 and (d := find_dates(line)) and len(d) == 1 and d[0].value is not None \
                and len(folded(line[:d[0].start] + line[d[0].end:]).strip(" .:-–—")) <= 4:
            text = line.strip()  # a line that is only a date ("Năm 2015") heads the entries below
        else:
            return None
    years = [d.value for d in find_dates(text) if d.value is not None]
    year = years[0].year if len(years) == 1 and years[0].start_date.year == years[0].end_date.year else None
    return Heading(line_no, number, text, year, heading_term(text))


def split_entries(text: str) -> tuple[list[Entry], list[Heading]]:
    """The entries of a chronicle text, in order, and its headings.

    >>> entries, _ = split_entries("II. Các Hội nghị Ban Chấp hành Trung ương\\n"
    ...     "1. Trong khuôn khổ Đại hội, Hội nghị lần thứ nhất Ban Chấp hành Trung ương đã họp.\\n"
    ...     "2. Từ ngày 4 đến ngày 10/7/2011, tại Thủ đô Hà Nội, Ban Chấp hành Trung ương Đảng khóa XI "
    ...     "đã họp Hội nghị lần thứ hai.\\nHội nghị đã thảo luận.\\nNgày 5/8/2011, một việc khác.")
    >>> [(e.locator, e.date.text if e.date else None, len(e.parts)) for e in entries]
    [('mục II, số 1', None, 1), ('mục II, số 2', 'Từ ngày 4 đến ngày 10/7/2011', 3)]
    """
    entries: list[Entry] = []
    headings: list[Heading] = []
    heading: Heading | None = None
    numbered = False  # the current section's entries are numbered items
    paragraph = 0
    in_header = True
    current: Entry | None = None
    for line_no, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith(("-----", "Nguồn tham khảo")):
            current, in_header = None, False  # the references after the last entry
            continue
        h = _heading(line_no, line)
        if h is not None:
            heading, numbered, current, in_header = h, False, None, False
            headings.append(h)
            continue
        paragraph += 1
        kv = _KEY_VALUE.fullmatch(line) if in_header else None
        if kv:  # the key/value header of an older term file: "Thời gian: …" dates its congress
            when = find_dates(kv["value"]) if folded(kv["key"]).strip() == "thoi gian" else []
            if when and not any(e.header for e in entries):
                current = Entry(line_no, f"phần đầu, dòng {line_no}", line, heading, header=True,
                                date=_shift(when[0], line.index(kv["value"])))
                entries.append(current)
            if current is not None and current.header:
                current.parts.append(line)
            continue
        in_header = False
        item = _ITEM.fullmatch(line)
        if item:
            body = item["text"]
            first = sentences(body)[0]
            meeting, mdate = meeting_date(first)
            odate = opening_date(first)
            named = find_meetings(first)
            in_turn = not numbered or (entries and entries[-1].number == int(item["num"]) - 1)
            if odate or mdate or (named and in_turn):
                numbered = True
                current = Entry(line_no, f"{heading.label + ', ' if heading else ''}số {item['num']}", first,
                                heading, int(item["num"]), meeting=meeting or (named[0] if named else None),
                                date=odate or mdate)
                current.parts.append(line)
                entries.append(current)
                continue
        if numbered:
            if current is not None:
                current.parts.append(line)
            continue
        pieces = sentences(line)
        started = False  # the sentence before started an entry
        for k, sentence in enumerate(pieces):
            odate = opening_date(sentence)
            meeting, mdate = meeting_date(sentence) if odate is None or k == 0 else (None, None)
            if odate is None and mdate is None and k and not started:
                # a full stop slipped between a date and its meeting: "…, từ ngày 28 đến 31-3-1935. Đại
                # hội đại biểu lần thứ nhất của Đảng đã họp tại …"
                joined = f"{pieces[k - 1]} {sentence}"
                m2, d2 = meeting_date(joined)
                if m2 is not None and d2 is not None and d2.end >= len(pieces[k - 1].rstrip(". ")) - 1 \
                        and m2.start > len(pieces[k - 1]):
                    sentence, meeting, mdate = joined, m2, d2
            started = odate is not None or mdate is not None
            if odate is None and mdate is None:
                if current is not None:
                    current.parts.append(line if len(pieces) == 1 else sentence)
                continue
            where = f"đoạn {paragraph}" + (f", câu {k + 1}" if k else "")
            if heading:
                where = f"{heading.label}, {where}"
            if odate is not None and meeting is None:
                meeting = _named_meeting(sentence, odate)
            current = Entry(line_no, where, sentence, heading, meeting=meeting, date=odate or mdate)
            current.parts.append(line if len(pieces) == 1 else sentence)
            entries.append(current)
    return entries, headings


def _named_meeting(sentence: str, date: DateMention) -> Meeting | None:
    """The meeting a date-opened sentence is about: the first one it names, if it says it met or
    names it right after the date ("Tháng 8/1955, Hội nghị lần thứ tám (mở rộng) của …")."""
    found = find_meetings(sentence)
    if not found:
        return None
    if found[0].start - date.end <= NEAR or _MEETING_VERB.search(sentence.lower()):
        return found[0]
    return None


def _shift(d: DateMention, offset: int) -> DateMention:
    """A mention found in part of a line, with offsets into the whole line."""
    from dataclasses import replace

    return replace(d, start=d.start + offset, end=d.end + offset)
