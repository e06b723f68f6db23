"""The home page's picture of the collection, as plain data (``/home.json`` shows the same):
counts from the search's own facets, the newest records, "on this day" and the most cited."""
from __future__ import annotations

from datetime import date
from typing import Any

from indexer.search import overview
from kb.chronicle_json import date_display
from kb.collection import decades, most_cited, newest, on_this_day
from kb.errors import IndexMissingError
from web.records import corpus
from web.services import graph, searcher
from web.views_common import record_url

FACETS_SHOWN = ("kind", "doc_type", "term")


def home_data(today: date | None = None) -> dict[str, Any]:
    """Counts by kind, type, term and decade (the index's facets), the newest records, today's
    anniversaries and the most cited documents, as plain data (``/home.json`` shows the same)."""
    today = today or date.today()
    data = corpus()
    try:
        found = overview(searcher=searcher())
        total = found.total
        facets = {k: [{"value": v, "count": n} for v, n in found.facets.get(k, [])] for k in FACETS_SHOWN}
        by_decade = [{"decade": d, "count": n} for d, n in decades(found.facets.get("year", []))]
    except IndexMissingError:
        total, facets, by_decade = 0, {}, []
    return {
        "total": total, "facets": facets, "decades": by_decade,
        "newest": [{"id": r.id, "kind": r.kind, "title": r.title, "url": record_url(r.kind, r.id)}
                   for r in newest(data)],
        "on_this_day": {"day": f"{today.day}/{today.month}",
                        "events": [{"id": e.id, "title": e.title, "display": date_display(e.dates),
                                    "url": record_url("event", e.id)} for e in on_this_day(data, today)]},
        "most_cited": [{"id": c.document.id, "title": c.document.title, "number": c.document.number,
                        "count": c.count, "url": record_url(c.document.kind, c.document.id)}
                       for c in most_cited(data, graph())],
        "counts": {"documents": len(data.documents), "events": len(data.events), "people": len(data.people)},
    }
