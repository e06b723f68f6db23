"""Turn a chronicle text into event records: dates with precision, titles, places, links, sources.

Pure domain code: :func:`read_chronicle` takes the text and what is known about the file and
returns the events as front matter and body, ready for the corpus's Markdown form, plus the
problems to report. Decisions, so nothing is guessed or silently dropped:

- An entry's date is the one it opens with (or, for a meeting named in narrative prose, the date
  written for it). A heading's year fills a year the entry leaves out; any other missing year, or
  date words the parser cannot read ("Từ ngày 12 đến này 13/1/2009"), are reported with the line,
  and the entry keeps only what was read, marked in its date's note. An entry with no readable
  date is reported and not made an event (an event needs a date).
- Entries about one meeting (same key, see :mod:`kb.chronicle_meetings`) in one file are one
  event, each entry a source with its locator. Their dates are kept as separate claims when they
  disagree; a coarser date that contains a finer one ("tháng 12-1997" and "22–29/12/1997") is not
  a disagreement and adds only its source.
- Ids are stable: the meeting key, else the date and the title's first words, within the file's id.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kb.chronicle import fineness
from kb.chronicle_entries import Entry, folded, sentences, split_entries
from kb.chronicle_meetings import roman
from kb.citations.check import check_text
from kb.dates import DateMention, find_dates
from kb.mentions import find_mentions
from kb.models import Corpus, DateValue

TITLE_CHARS = 110
_CUE_NUMBER = re.compile(r"(?<!\w)(?:từ\s{1,3}(?:ngày\s{1,3})?|ngày\s{1,3}|tháng\s{1,3}|năm\s{1,3})\d", re.IGNORECASE)
_PLACE_CUE = re.compile(r"(?<!\w)(?:tại|ở)\s+")
_PLACE_WORDS = ("thủ đô", "xã", "huyện", "tỉnh", "phố", "thành phố", "quận", "thị xã", "nhà số", "số")
_FUNCTION_WORDS = {"đã", "được", "từ", "đến", "và", "để", "do", "với", "họp", "bầu", "có", "là", "của", "trong",
                   "khi", "vào", "ngày", "tháng", "năm", "nhằm", "thì", "mà", "cho", "về", "sau", "trước"}
_NOT_PLACES = ("hội nghị", "đại hội", "kỳ họp", "phiên", "báo cáo", "tờ trình", "nghị quyết", "văn kiện")


# "Đại hội họp công khai …", "…, Đại hội họp công khai": the congress of the chronicle's own term
_BARE_CONGRESS = re.compile(r"[\s,.:;–—-]*dai hoi (?:da |chinh thuc |tiep tuc )?(?:hop|dien ra|khai mac|be mac)(?!\w)")


def bare_congress(entry: Entry) -> bool:
    """True when the entry's subject is "Đại hội" with no ordinal, meeting: in a term's chronicle
    that is the term's congress (as a heading's term applies to the entries under it).

    >>> from kb.chronicle_entries import split_entries
    >>> [bare_congress(e) for e in split_entries("Từ ngày 15 đến ngày 18-12-1986, Đại hội họp công khai.")[0]]
    [True]
    """
    rest = entry.opening[entry.date.end:] if entry.date is not None and entry.date.start < 40 else entry.opening
    return bool(_BARE_CONGRESS.match(folded(rest))) or bool(_BARE_CONGRESS.match(folded(entry.opening)))


@dataclass
class Problem:
    """Something a reader of the import must know: the line and what could not be read."""

    line: int
    message: str


@dataclass
class Draft:
    """One event to store: its id within the file, front matter and body."""

    local_id: str
    meta: dict[str, Any]
    text: str
    lines: list[int] = field(default_factory=list)


@dataclass
class ChronicleRead:
    """What one chronicle yields: its events, its problems, the term it is about."""

    drafts: list[Draft]
    problems: list[Problem]
    term: str | None
    entries: int  # dated entries made into events (several may be one event)


def slug_words(text: str, words: int = 8) -> str:
    """The first words of a text as an id part: accent-free, lowercase, hyphens.

    >>> slug_words("Tại Hà Nội, Hồ Chí Minh thay mặt Chính phủ lâm thời đọc Tuyên ngôn", 5)
    'tai-ha-noi-ho-chi'
    """
    return "-".join(re.findall(r"[a-z0-9]+", folded(text))[:words])


def derive_title(opening: str, date: DateMention | None) -> str:
    """A short title from the entry's opening sentence, without its date and lead words.

    >>> derive_title("Ngày 2/9/1945 tại Hà Nội, Hồ Chí Minh đọc Tuyên ngôn độc lập.",
    ...              find_dates("Ngày 2/9/1945 tại Hà Nội")[0])
    'Tại Hà Nội, Hồ Chí Minh đọc Tuyên ngôn độc lập'
    """
    text = opening
    if date is not None and date.start < 40:
        text = opening[date.end:]
    text = re.sub(r"^[\s,.:;–—-]+", "", text).strip().rstrip(".;:")
    text = re.sub(r"\s+", " ", text)
    if len(text) > TITLE_CHARS:
        cut = text.rfind(" ", 0, TITLE_CHARS)
        text = text[:cut if cut > 40 else TITLE_CHARS].rstrip(",;:") + "…"
    return (text[:1].upper() + text[1:]) if text else opening[:TITLE_CHARS]


def find_places(sentence: str) -> list[str]:
    """Places written after "tại" or "ở": capitalised words up to a comma, lowercase words inside
    only between capitalised ones ("Trung tâm Hội nghị quốc gia Mỹ Đình"), and a parenthesis.

    >>> find_places("Từ ngày 4 đến ngày 10/7/2011, tại Thủ đô Hà Nội, Ban Chấp hành đã họp tại Hội nghị")
    ['Thủ đô Hà Nội']
    >>> find_places("họp ở Pắc Bó (Cao Bằng) đã bầu đồng chí Trường Chinh")
    ['Pắc Bó (Cao Bằng)']
    >>> find_places("họp tại Trung tâm Hội nghị quốc gia Mỹ Đình, Thủ đô Hà Nội")
    ['Trung tâm Hội nghị quốc gia Mỹ Đình']
    """
    out: list[str] = []
    for cue in _PLACE_CUE.finditer(sentence):
        rest = sentence[cue.end():]
        low = rest.lower()
        if low.startswith(_NOT_PLACES):
            continue
        lead = next((w for w in _PLACE_WORDS if low.startswith(w + " ")), None)
        pos = len(lead) + 1 if lead else 0
        words: list[str] = []
        last_cap = 0
        for m in re.finditer(r"\(?[^\s(]+\)?", rest[pos:]):
            word = m.group()
            core = word.rstrip(",.;:")
            if core.startswith("("):
                if words and core.endswith(")") is not None and not re.search(r"\d", core):
                    paren = re.match(r"\([^()]{1,40}\)", rest[pos + m.start():])
                    if paren and not re.search(r"\d", paren.group()):
                        words.append(paren.group())
                        last_cap = len(words)
                break
            if core[:1].isupper() or (core[:1].isdigit() and lead == "nhà số" and not words):
                words.append(core)
                last_cap = len(words)
            elif not words or core.lower() in _FUNCTION_WORDS or len(words) - last_cap >= 3:
                break
            else:
                words.append(core)
            if core != word or len(words) >= 10:
                break
        words = words[:last_cap]
        if not words:
            continue
        place = (rest[:pos] + " ".join(words)).strip()
        if place not in out:
            out.append(place)
    return out[:3]


def _unread(opening: str, date: DateMention) -> str | None:
    """Date words before or in the entry's date that no date covers ("Từ ngày 12 đến này …")."""
    covered = [(d.start, d.end) for d in find_dates(opening)]
    for m in _CUE_NUMBER.finditer(opening, 0, date.end):
        digit = m.end() - 1
        if not any(a <= digit < b for a, b in covered):
            return opening[m.start():date.end]
    return None


def _resolve_date(entry: Entry, heading_year: int | None) -> tuple[DateValue | None, str | None, str | None]:
    """(value, note, problem) for the entry's date."""
    d = entry.date
    if d is None:
        return None, None, "no date could be read in its opening"
    value, note = d.value, None
    if d.partial or d.year_inferred:
        if heading_year is not None:
            again = [m for m in find_dates(entry.opening, default_year=heading_year) if m.start == d.start]
            value = again[0].value if again else None
            note = f"năm lấy từ tiêu đề mục: {heading_year}"
        else:
            return None, None, f"the year of «{d.text}» is not written"
    if value is None:
        return None, None, f"could not read the date «{d.text}»"
    unread = _unread(entry.opening, d)
    if unread:
        return value, f"nguồn ghi «{unread.strip()}»: chỉ đọc được {value.display()}", \
            f"could not read all of «{unread.strip()}»; kept {value.iso()} (marked)"
    return value, note, None


def _links(text: str, corpus: Corpus | None) -> tuple[list[str], list[str], list[str]]:
    """(document ids cited, numbers cited as written, person ids named) in an entry's text."""
    if corpus is None:
        return [], [], []
    docs, cites = [], []
    for checked in check_text(text, corpus.documents):
        cites.append(checked.citation.canonical)
        record = checked.resolution.record
        if record is not None and checked.status == "found":  # a mismatch may be another term's number
            docs.append(record.id)
    people = [m.person_id for m in find_mentions(text, corpus.people)]
    return list(dict.fromkeys(docs)), list(dict.fromkeys(cites)), list(dict.fromkeys(people))


def _contains(a: DateValue, b: DateValue) -> bool:
    """True when ``a`` is written coarser than ``b`` and covers it: "tháng 12-1997" and 22–29/12/1997
    agree; two ranges of days that differ ("5 đến 10-9-1960", "5 đến 12-9-1960") do not."""
    return fineness(a) > fineness(b) and a.start_date <= b.start_date and b.end_date <= a.end_date


def file_term(entries: Iterable[Entry], given: str | None = None) -> str | None:
    """The term a chronicle is about: as given (a sidecar's ``term``), else its first congress.

    >>> entries, _ = split_entries("Đại hội đại biểu toàn quốc lần thứ II họp từ ngày 11 đến 19/2/1951.")
    >>> file_term(entries)
    'II'
    """
    if given:
        return str(given).strip().upper()
    for e in entries:
        if e.meeting is not None and e.meeting.kind == "congress":
            return roman(e.meeting.ordinal)
        if e.heading is not None and e.heading.term:
            return e.heading.term
    return None


def read_chronicle(text: str, *, source_title: str, source_url: str | None = None, file_name: str = "",
                   term: str | None = None, corpus: Corpus | None = None) -> ChronicleRead:
    """The events of a chronicle text and the problems met, in text order.

    Args:
        text: the chronicle as extracted (NFC).
        source_title, source_url: how every event names its source.
        file_name: the imported file, for the sources' notes.
        term: the term the chronicle covers when known beforehand (Roman, e.g. "XI").
        corpus: documents and people to link; None links nothing.
    """
    entries, _ = split_entries(text)
    the_term = file_term(entries, term)
    problems: list[Problem] = []
    groups: dict[str, list[tuple[Entry, DateValue, str | None, str | None, list[str]]]] = {}
    order: list[str] = []
    used = 0
    for entry in entries:
        heading = entry.heading
        context_term = (heading.term if heading and heading.term else None) or the_term
        if entry.header:
            key = f"dai-hoi-{the_term.lower()}" if the_term else None
        else:
            key = entry.meeting.key(context_term) if entry.meeting else None
            if key is None and entry.meeting is None and context_term and bare_congress(entry):
                key = f"dai-hoi-{context_term.lower()}"
        value, note, problem = _resolve_date(entry, heading.year if heading else None)
        if problem:
            problems.append(Problem(entry.line, f"{entry.locator}: {problem}"))
        if value is None:
            continue
        used += 1
        if entry.header:
            title = (f"Đại hội đại biểu toàn quốc lần thứ {the_term} của Đảng" if the_term
                     else derive_title(entry.opening, entry.date))
            places = [re.sub(r"\s+", " ", ln.split(":", 1)[1]).strip().rstrip(".")
                      for ln in entry.parts if folded(ln.split(":", 1)[0]).strip() == "dia diem" and ":" in ln]
        else:
            meeting_title = entry.meeting.title(context_term) if entry.meeting and key else None
            title = meeting_title or derive_title(entry.opening, entry.date)
            places = find_places(entry.opening)
        group = key or f"{value.iso().replace('/', '--')}-{slug_words(title)}"
        if group not in groups:
            order.append(group)
        groups.setdefault(group, []).append((entry, value, note, title if not key else None, places))
    drafts: list[Draft] = []
    taken: set[str] = set()
    for group in order:
        members = groups[group]
        key = group if not members[0][3] else None
        drafts.append(_draft(group, key, members, taken, source_title, source_url, file_name,
                             the_term, corpus))
    return ChronicleRead(drafts, problems, the_term, used)


def _draft(group: str, key: str | None, members: list, taken: set[str], source_title: str,
           source_url: str | None, file_name: str, term: str | None, corpus: Corpus | None) -> Draft:
    if key is None:
        title = members[0][3]
    else:  # a meeting's own entry names it; a header line or a bare "Đại hội" has only the key
        named = next((e for e, *_ in members if e.meeting is not None), None)
        context = (named.heading.term if named and named.heading and named.heading.term else None) or term
        title = named.meeting.title(context) if named and named.meeting else \
            f"Đại hội đại biểu toàn quốc lần thứ {key.removeprefix('dai-hoi-').upper()} của Đảng"
    local = group[:90]
    n = 2
    while local in taken:
        local, n = f"{group[:90]}-{n}", n + 1
    taken.add(local)
    sources: list[dict[str, Any]] = []
    claims: list[tuple[DateValue, str, str | None]] = []
    places: list[str] = []
    for i, (entry, value, note, _, found_places) in enumerate(members, 1):
        sid = f"s{i}"
        sources.append({k: v for k, v in (("id", sid), ("title", source_title), ("url", source_url),
                                           ("page", entry.locator),
                                           ("note", f"dòng {entry.line} của tệp {file_name}".strip())) if v})
        claims.append((value, sid, note))
        places += [p for p in found_places if not any(folded(p) in folded(q) for q in places)]
    kept: list[dict[str, Any]] = []
    for value, sid, note in claims:
        if any(v != value and _contains(value, v) for v, _, _ in claims):
            continue  # a coarser date that contains another: no disagreement, see the finer claim
        same = next((c for c in kept if c["value"] == value.iso()), None)
        if same is not None:
            same["sources"].append(sid)
            if note:
                same["note"] = "; ".join(filter(None, (same.get("note"), note)))
            continue
        kept.append({"value": value.iso(), "sources": [sid], **({"note": note} if note else {})})
    for claim in kept:  # the sources whose coarser dates agree back the finer claim too
        value = DateValue.parse(claim["value"])
        claim["sources"] += [sid for v, sid, _ in claims if v != value and _contains(v, value)
                             and sid not in claim["sources"]]
    text = "\n\n".join(dict.fromkeys(entry.text for entry, *_ in members))
    docs, cites, people = _links(text, corpus)
    meta: dict[str, Any] = {"title": title}
    if len(kept) == 1 and len(sources) == 1 and "note" not in kept[0]:
        meta["date"] = kept[0]["value"]
    else:
        meta["date"] = kept
    if key:
        meta["key"] = key
    if places:
        meta["places"] = places
    if people:
        meta["people"] = people
    if docs:
        meta["documents"] = docs
    if cites:
        meta["cites"] = cites
    meta["sources"] = sources
    return Draft(local, meta, text, [e.line for e, *_ in members])


__all__ = ["ChronicleRead", "Draft", "Problem", "derive_title", "find_places", "read_chronicle", "sentences"]
