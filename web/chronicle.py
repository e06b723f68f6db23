"""The chronicle (years → months → events), event pages and the conflicts list, each with its JSON
twin. Thin: the filters, the grouping and the shapes come from kb; this adds URLs only."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort

from kb.chronicle import filter_events, timeline
from kb.chronicle_json import event_detail, timeline_json
from kb.conflicts import all_conflicts, conflict_json
from kb.date_filters import chronicle_filter
from kb.models import Event
from web.params import int_param, text_param
from web.records import corpus
from web.services import reference_links
from web.render import render
from web.charts import BarChart, bar_chart
from web.views_common import record_url

bp = Blueprint("chronicle", __name__)
KIND_LABELS = {"document": "Văn bản", "article": "Bài viết", "event": "Sự kiện", "person": "Nhân vật"}


def chronicle_data() -> dict:
    """The filtered timeline, and every year's count for the year links."""
    wanted = chronicle_filter(int_param("year", lo=1, hi=9999), int_param("month", lo=1, hi=12),
                              text_param("from", max_chars=100), text_param("to", max_chars=100),
                              text_param("on", max_chars=20))
    every = corpus().events
    events = filter_events(every, **wanted.kwargs())
    years = timeline_json(timeline(events))
    for year in years:
        for month in year["months"]:
            for event in month["events"]:
                event["url"] = record_url("event", event["id"])
    return {"filters": wanted.to_json(), "total": len(events), "years": years,
            "year_counts": [{"year": y.year, "count": y.count} for y in timeline(every)]}


@bp.get("/chronicle")
@bp.get("/chronicle.json")
def chronicle_page():
    today = date.today()
    data = chronicle_data()
    return render("chronicle.html", data, today=f"{today.month:02d}-{today.day:02d}", chart=period_chart(data))


def period_chart(data: dict) -> BarChart:
    """Events per year (every year's count), or per month when one year is chosen."""
    year = data["filters"]["year"]
    if year is None:
        return bar_chart("Số sự kiện theo năm", [(str(y["year"]), y["count"], f"/chronicle?year={y['year']}")
                                                 for y in data["year_counts"]])
    months = {m["month"]: m["count"] for y in data["years"] if y["year"] == year for m in y["months"]}
    return bar_chart(f"Số sự kiện theo tháng năm {year}",
                     [(f"T{m}", months.get(m, 0), f"/chronicle?year={year}&month={m}") for m in range(1, 13)])


def event_data(event: Event) -> dict:
    """The event's page: kb's detail plus the URLs of linked documents and people."""
    data = event_detail(event, corpus())
    for doc in data["documents"]:
        doc["url"] = record_url("document", doc["id"]) if doc["found"] else None
    for person in data["people"]:
        person["url"] = record_url("person", person["id"]) if person["found"] else None
    first = min((c.value.start_date for c in event.dates), default=None)
    data["year"] = first.year if first else None  # where the event sits in the timeline
    return data


@bp.get("/events/<event_id>")
@bp.get("/events/<event_id>.json")
def event_page(event_id: str):
    rec = corpus().get(event_id.removesuffix(".json"))
    if not isinstance(rec, Event):
        abort(404, description=f"Không có sự kiện mang mã «{event_id[:80]}».")
    data = event_data(rec)
    data.update(reference_links(rec))
    return render("event.html", data)


def conflicts_data() -> dict:
    """Every conflict, each side with its sources; citing texts and records linked."""
    out = []
    for conflict in all_conflicts(corpus()):
        item = conflict_json(conflict)
        item["url"] = record_url(conflict.kind, conflict.record_id)
        for side in item["claims"]:
            side["cited_links"] = [{"id": rid, "url": record_url(_kind(rid), rid)} for rid in side["cited_in"]]
        out.append(item)
    return {"total": len(out), "conflicts": out}


def _kind(record_id: str) -> str:
    rec = corpus().get(record_id)
    return rec.kind if rec else "document"


@bp.get("/conflicts")
@bp.get("/conflicts.json")
def conflicts_page():
    return render("conflicts.html", conflicts_data(), kinds=KIND_LABELS)
