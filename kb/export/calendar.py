"""The chronicle as an iCalendar file (``icalendar``), for "on this day" calendars.

Only entries dated to the day (or a range of days) become calendar events: a calendar has no way
to show "tháng 8/1945" without inventing a day. All-day events; a disputed date takes the value
the primary source gives, and the description names every value so the calendar never hides a
disagreement. UIDs are the record ids, so re-importing the file updates rather than duplicates.
"""
from __future__ import annotations

from datetime import datetime, timedelta, UTC

from icalendar import Calendar
from icalendar import Event as IcsEvent

from kb.export.chronicle_book import entry_date
from kb.models import DateValue, Event, primary_first

PRODID = "-//kb-lichsudang//Bien nien su kien//VI"


def day_span(value: DateValue) -> tuple | None:
    """(first day, day after the last) for a value known to the day; None otherwise.

    >>> day_span(DateValue.parse("2011-01-12/2011-01-19"))
    (datetime.date(2011, 1, 12), datetime.date(2011, 1, 20))
    >>> day_span(DateValue.parse("1945-08")) is None
    True
    """
    if value.precision == "day" or (value.precision == "range" and value.start and value.end
                                    and value.start.precision == value.end.precision == "day"):
        return value.start_date, value.end_date + timedelta(days=1)
    return None


def chronicle_ics(events: list[Event], url_of, name: str = "Biên niên sự kiện") -> bytes:
    """An iCalendar file with one all-day event per entry dated to the day.

    ``url_of(event)`` gives the absolute URL of the event's page (put in each event's URL field).
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    stamp = datetime.now(UTC).replace(microsecond=0)
    for event in events:
        claims = primary_first(event, event.dates)
        span = day_span(claims[0].value) if claims else None
        if span is None:
            continue
        item = IcsEvent()
        item.add("uid", f"{event.id}@kb-lichsudang")
        item.add("dtstamp", stamp)
        item.add("dtstart", span[0])
        item.add("dtend", span[1])
        item.add("summary", event.title)
        sources = "; ".join(s.title for s in event.sources)
        item.add("description", f"{entry_date(event)}. {event.text.strip()}\nNguồn: {sources}".strip())
        if event.places:
            item.add("location", ", ".join(event.places))
        item.add("url", url_of(event))
        cal.add_component(item)
    return cal.to_ical()
