"""The researcher's desk: Zotero meta tags, RIS and CSL-JSON read back by real parsers, the
chronicle as a Word book and an iCalendar file read back, server-drawn SVGs, the home page,
the register and the small files browsers look for. All on the real corpus."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rispy
from bs4 import BeautifulSoup
from docx import Document as Docx
from icalendar import Calendar

from kb.chronicle import filter_events
from kb.export.calendar import day_span
from kb.models import primary_first
from web import create_app

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture()
def client(corpus_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(corpus_index)}).test_client()


def meta(html: bytes) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in BeautifulSoup(html, "html.parser").find_all("meta", attrs={"name": True}):
        out.setdefault(m["name"], []).append(m["content"])
    return out


def test_document_page_carries_the_fields_zotero_reads(client):
    tags = meta(client.get("/documents/nq-52-tw-2019").data)
    assert tags["citation_title"][0].startswith("Nghị quyết số 52-NQ/TW")
    assert tags["citation_date"] == ["2019/09/27"]
    assert tags["citation_publisher"] == ["Bộ Chính trị"]
    assert tags["citation_technical_report_number"] == ["52-NQ/TW"]
    assert tags["citation_language"] == ["vi"]
    assert tags["citation_public_url"] == ["http://localhost/documents/nq-52-tw-2019"]
    assert tags["DC.date"] == ["2019-09-27"] and tags["DC.publisher"] == ["Bộ Chính trị"]
    assert "52-NQ/TW" in tags["DC.identifier"]


def test_event_page_carries_citation_tags(client):
    tags = meta(client.get("/events/dai-hoi-xi-2011").data)
    assert tags["citation_title"] == ["Đại hội đại biểu toàn quốc lần thứ XI của Đảng"]
    assert tags["citation_date"] == ["2011/01/12"]


def test_ris_parses_back_with_number_date_issuer_title(client):
    r = client.get("/documents/nq-52-tw-2019.ris")
    assert r.mimetype == "application/x-research-info-systems"
    (entry,) = rispy.loads(r.data.decode("utf-8"))
    assert entry["type_of_reference"] == "GOVDOC"
    assert entry["number"] == "52-NQ/TW"
    assert entry["date"] == "2019/09/27" and entry["year"] == "2019"
    assert entry["publisher"] == "Bộ Chính trị"
    assert "Cách mạng công nghiệp lần thứ tư" in entry["title"]
    assert entry["urls"] == ["http://localhost/documents/nq-52-tw-2019"]


def test_csl_json_is_read_by_a_csl_processor(client):
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(client.get("/documents/nq-52-tw-2019.csl.json").data)
    assert items[0]["number"] == "52-NQ/TW" and items[0]["issued"] == {"date-parts": [[2019, 9, 27]]}
    assert items[0]["authority"] == "Bộ Chính trị" and items[0]["type"] == "legislation"
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bib = CitationStylesBibliography(style, source, formatter.plain)
    bib.register(Citation([CitationItem("nq-52-tw-2019")]))
    text = str(bib.bibliography()[0])
    assert "2019" in text and "Cách mạng công nghiệp" in text


def test_a_result_list_exports_every_hit_except_people(client):
    hits = client.get("/api/search?q=nghị+quyết&limit=20").get_json()["hits"]
    wanted = [h["id"] for h in hits if h["kind"] != "person"]
    entries = rispy.loads(client.get("/search.ris?q=nghị+quyết&limit=20").data.decode("utf-8"))
    assert [e["id"] for e in entries] == wanted and wanted
    items = json.loads(client.get("/search.csl.json?q=nghị+quyết&limit=20").data)
    assert [i["id"] for i in items] == wanted


def test_export_of_an_unknown_record_is_404(client):
    assert client.get("/documents/khong-co.ris").status_code == 404
    assert client.get("/events/khong-co.csl.json").status_code == 404


def _chronicle_json(query: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "kbcli.main", "chronicle", "--json", *query.split()],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_chronicle_docx_has_a_heading_per_year_and_every_event(client, corpus):
    r = client.get("/chronicle.docx?from=2011-01-01&to=2020-12-31")
    assert r.headers["Content-Disposition"].endswith(".docx")
    doc = Docx(io.BytesIO(r.data))
    listed = _chronicle_json("--from 2011-01-01 --to 2020-12-31")
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"Năm {y['year']}" for y in listed["years"]] + ["Nguồn"]
    assert "Từ ngày 1/1/2011 đến ngày 31/12/2020" in [p.text for p in doc.paragraphs[:4]]
    texts = [p.text for p in doc.paragraphs]
    titles = [e["title"] for y in listed["years"] for m in y["months"] for e in m["events"]]
    for title in titles:
        assert any(title.rstrip(".") in t for t in texts), title
    entries = [t for t in texts if t[:1].isupper() and ": " in t and "[" in t]
    assert len(entries) == listed["total"]


def test_a_disputed_date_is_written_as_such_in_the_book(client, corpus):
    disputed = [e for e in corpus.events if e.disputed]
    assert disputed, "the corpus keeps disputed dates"
    year = disputed[0].dates[0].value.start_date.year
    doc = Docx(io.BytesIO(client.get(f"/chronicle.docx?year={year}").data))
    line = next(p.text for p in doc.paragraphs if disputed[0].title.rstrip(".") in p.text)
    assert "(có nguồn ghi " in line


def test_kb_chronicle_docx_writes_the_same_book(tmp_path):
    out = tmp_path / "bien-nien.docx"
    subprocess.run([sys.executable, "-m", "kbcli.main", "chronicle", "--year", "2020", "--docx", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    heads = [p.text for p in Docx(str(out)).paragraphs if p.style.name == "Heading 1"]
    assert heads[0] == "Năm 2020"


def test_calendar_has_one_event_per_day_dated_entry(client, corpus):
    cal = Calendar.from_ical(client.get("/chronicle.ics?year=2020").data)
    events = cal.walk("VEVENT")
    expected = [e for e in filter_events(corpus.events, year=2020)
                if e.dates and day_span(primary_first(e, e.dates)[0].value) is not None]
    assert len(events) == len(expected) and events
    first = events[0]
    assert str(first["UID"]).endswith("@kb-lichsudang")
    assert str(first["URL"]).startswith("http://localhost/events/")


def svg_of(html: bytes, css: str) -> ET.Element:
    node = BeautifulSoup(html, "html.parser").select_one(css)
    assert node is not None, css
    return ET.fromstring(str(node))


def test_chronicle_bar_chart_has_one_linked_bar_per_year(client):
    page = client.get("/chronicle")
    data = client.get("/chronicle.json").get_json()
    svg = svg_of(page.data, "svg.bars")
    assert svg.find(f"{SVG}title").text == "Số sự kiện theo năm"
    bars = svg.findall(f".//{SVG}rect")
    assert len(bars) == len(data["year_counts"])
    links = [a.get("href") for a in svg.iter(f"{SVG}a")]
    assert links == [f"/chronicle?year={y['year']}" for y in data["year_counts"]]


def test_chronicle_of_one_year_charts_its_months(client):
    svg = svg_of(client.get("/chronicle?year=2020").data, "svg.bars")
    assert len(svg.findall(f".//{SVG}rect")) == 12


def test_document_graph_has_one_node_per_neighbour(client):
    page = client.get("/documents/nq-52-tw-2019")
    data = client.get("/documents/nq-52-tw-2019.json").get_json()
    svg = svg_of(page.data, "svg.graph")
    nodes = [g for g in svg.iter(f"{SVG}g") if "cited_by" in g.get("class", "") or "cites" in g.get("class", "")]
    citing = {r["id"] for r in data["cited_by"]}
    assert {g.get("data-id") for g in nodes if "cited_by" in g.get("class")} == citing and citing


def test_home_page_shows_real_counts_and_entry_points(client, corpus):
    page = BeautifulSoup(client.get("/").data, "html.parser")
    home = page.select_one(".home")
    assert home is not None
    text = home.get_text(" ")
    assert f"{len(corpus.events)} sự kiện" in text and f"{len(corpus.people)} nhân vật" in text
    assert home.find("a", href="/documents") and home.find("a", href="/chronicle")
    data = client.get("/home.json").get_json()
    assert data["total"] == len(corpus.records())
    kinds = {f["value"]: f["count"] for f in data["facets"]["kind"]}
    assert kinds["event"] == len(corpus.events)
    assert sum(d["count"] for d in data["decades"]) >= len(corpus.events)
    assert data["most_cited"] and data["most_cited"][0]["count"] >= data["most_cited"][-1]["count"]


def test_a_search_page_is_not_the_home_page(client):
    assert b'class="home"' not in client.get("/?q=đại+hội").data


def test_register_lists_every_document_sortable_by_date(client, corpus):
    data = client.get("/documents.json?sort=date").get_json()
    assert data["total"] == len([d for d in corpus.documents if d.kind == "document"])
    ids = [d["id"] for d in data["documents"]]
    firsts = {d.id: min(c.value.start_date for c in d.dates) for d in corpus.documents if d.dates}
    dated = [firsts[i] for i in ids if i in firsts]
    assert dated == sorted(dated)
    backwards = [d["id"] for d in client.get("/documents.json?sort=date&order=desc").get_json()["documents"]]
    assert [firsts[i] for i in backwards if i in firsts] == sorted(dated, reverse=True)
    page = BeautifulSoup(client.get("/documents?sort=number").data, "html.parser")
    assert page.find("th", attrs={"aria-sort": "ascending"}).get_text(strip=True).startswith("Số hiệu")
    assert client.get("/documents?sort=tuoi").status_code == 400


def test_opensearch_sitemap_robots_and_canonical(client, corpus):
    desc = ET.fromstring(client.get("/opensearch.xml").data)
    url = desc.find("{http://a9.com/-/spec/opensearch/1.1/}Url")
    assert url.get("template") == "http://localhost/search?q={searchTerms}"
    head = BeautifulSoup(client.get("/").data, "html.parser").find("link", rel="search")
    assert head["href"] == "/opensearch.xml"
    sitemap = ET.fromstring(client.get("/sitemap.xml").data)
    locs = {e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert "http://localhost/documents/nq-52-tw-2019" in locs and len(locs) >= len(corpus.records())
    assert "Sitemap: http://localhost/sitemap.xml" in client.get("/robots.txt").data.decode()
    r = client.get("/documents/nq-52-tw-2019?q=nghị+quyết")
    assert r.headers["Link"] == '<http://localhost/documents/nq-52-tw-2019>; rel="canonical"'


def test_print_stylesheet_is_linked_for_print_only(client):
    link = BeautifulSoup(client.get("/documents/nq-52-tw-2019").data, "html.parser").find("link", media="print")
    assert link["href"].endswith("print.css")
    with client.get(link["href"]) as css:
        assert b"display: none" in css.data
