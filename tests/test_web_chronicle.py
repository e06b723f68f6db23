"""Chronicle, event, conflicts and cross-check pages, their JSON twins, and the search date filter."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from web import create_app

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
LUNG_XUYEN = "hoi-nghi-dang-bo-ha-nam-lung-xuyen-1931"


@pytest.fixture()
def client(corpus_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(corpus_index)}).test_client()


def event_ids(data: dict) -> list[str]:
    return [e["id"] for y in data["years"] for m in y["months"] for e in m["events"]]


def test_chronicle_page_years_months_events_with_counts(client):
    resp = client.get("/chronicle")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and '<html lang="vi">' in html and "<script" not in html
    assert "Biên niên sự kiện" in html and "Năm 1931" in html and "Tháng 1" in html
    assert f'href="/events/{LUNG_XUYEN}"' in html and "22/1/1931 hoặc 23/1/1931" in html
    assert 'href="/chronicle"' in html and 'href="/conflicts"' in html and 'href="/crosscheck"' in html  # nav


def test_chronicle_json_is_the_same_data(client):
    data = client.get("/chronicle.json?year=2021").get_json()
    assert data["filters"] == {"year": 2021, "month": None, "from": None, "to": None, "on": None}
    [year] = data["years"]
    jan = year["months"][0]
    assert (year["year"], jan["month"]) == (2021, 1)
    assert year["count"] == sum(m["count"] for m in year["months"]) and jan["count"] == len(jan["events"])
    event = next(e for e in jan["events"] if e["url"] == "/events/dai-hoi-xiii-2021")
    assert event["dates"][0]["value"] == "2021-01-25/2021-02-01"
    assert {y["year"] for y in data["year_counts"]} >= {1931, 2019, 2020, 2021}


@pytest.mark.parametrize("query,inside,outside", [
    ("on=01-23", [LUNG_XUYEN, "dai-hoi-xii-2016"], ["ban-hanh-nq-52-tw-2019"]),
    ("on=23/1", [LUNG_XUYEN], []),
    ("from=2019&to=2019", ["ban-hanh-nq-52-tw-2019"], ["dai-hoi-xiii-2021", "ban-hanh-nq-55-tw-2020"]),
    ("from=ngày 1 tháng 1 năm 2021&to=quý I/2021", ["dai-hoi-xiii-2021"], ["dai-hoi-xii-2016"]),
    ("year=2019&month=9", ["ban-hanh-nq-52-tw-2019"], [LUNG_XUYEN]),
], ids=str)
def test_chronicle_filters(client, query, inside, outside):
    ids = event_ids(client.get(f"/chronicle.json?{query}").get_json())
    assert set(inside) <= set(ids) and not set(outside) & set(ids)


@pytest.mark.parametrize("url", [
    "/chronicle.json?year=abc", "/chronicle.json?month=13", "/chronicle.json?from=hôm+qua",
    "/chronicle.json?from=2020&to=2011", "/chronicle.json?on=30/2", "/chronicle.json?to=31/2/2020",
    "/api/search?q=x&date_from=abc", "/search.json?q=x&date_to=29/2/2021",
    "/api/crosscheck?year=abc&text=x",
], ids=str)
def test_bad_parameters_are_400_with_the_error_shape(client, url):
    resp = client.get(url)
    assert resp.status_code == 400
    body = resp.get_json()
    assert body["ok"] is False and body["status"] == 400 and "tham số" in body["error"]


def test_bad_parameter_on_an_html_page_is_a_vietnamese_400(client):
    resp = client.get("/chronicle?from=abc")
    assert resp.status_code == 400 and 'lang="vi"' in resp.get_data(as_text=True)


def test_event_page_shows_both_1931_dates_with_sources(client):
    html = client.get(f"/events/{LUNG_XUYEN}").get_data(as_text=True)
    assert "22/1/1931" in html and "23/1/1931" in html and "Các nguồn ghi khác nhau" in html
    assert html.count('class="side"') == 2
    assert "toquoc.vn/nguyen-huu-tien" in html and "baomoi.com" in html  # each side's source
    assert 'href="/people/nguyen-huu-tien"' in html and "Lũng Xuyên, Duy Tiên, Hà Nam" in html
    data = client.get(f"/events/{LUNG_XUYEN}.json").get_json()
    assert data["disputed"] is True
    sides = {c["value"]: [s["id"] for s in c["sources"]] for c in data["dates"]}
    assert sides == {"1931-01-22": ["vienkiemsat", "baomoi-lsdb"], "1931-01-23": ["toquoc"]}
    assert data["people"] == [{"id": "nguyen-huu-tien", "title": "Nguyễn Hữu Tiến", "found": True,
                               "url": "/people/nguyen-huu-tien"}]
    assert data["description"].startswith("Tháng 1/1931")


def test_event_page_links_documents(client):
    data = client.get("/events/ban-hanh-nq-52-tw-2019.json").get_json()
    assert [d["url"] for d in data["documents"]] == ["/documents/nq-52-tw-2019"]
    assert data["documents"][0]["number"] == "52-NQ/TW" and data["dates"][0]["precision"] == "day"
    assert 'href="/documents/nq-52-tw-2019"' in client.get("/events/ban-hanh-nq-52-tw-2019").get_data(as_text=True)


def test_unknown_event_is_404(client):
    assert client.get("/events/khong-co").status_code == 404
    resp = client.get("/events/khong-co.json")
    assert resp.status_code == 404 and resp.get_json()["ok"] is False
    assert client.get("/events/nq-52-tw-2019").status_code == 404  # a document is not an event


def test_conflicts_page_lists_the_known_conflicts(client):
    data = client.get("/conflicts.json").get_json()
    found = {(c["record_id"], c["field"]): [s["value"] for s in c["claims"]] for c in data["conflicts"]}
    assert found[("ct-49-tw-2005", "date")] == ["2005-02-21", "2005-12-21"]
    assert found[("nguyen-huu-tien", "birth")] == ["1901-03-05", "1901-03-03"]
    assert found[(LUNG_XUYEN, "date")] == ["1931-01-22", "1931-01-23"]
    html = client.get("/conflicts").get_data(as_text=True)
    assert "21/12/2005" in html and "3/3/1901" in html and "ngày sinh" in html and f'href="/events/{LUNG_XUYEN}"' in html


def test_conflicts_include_dates_written_beside_citations(tmp_path, corpus_index):
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    (root / "documents" / "bai-thu.md").write_text(
        "---\nkind: article\ntitle: Bài <thử>\nsources: [{id: t, title: thử}]\n---\n"
        "Nghị quyết số 52-NQ/TW, ngày 27/10/2019 của Bộ Chính trị.\n", encoding="utf-8")
    client = create_app({"TESTING": True, "INDEX_DIR": str(corpus_index), "CORPUS_DIR": str(root)}).test_client()
    [cited] = [c for c in client.get("/conflicts.json").get_json()["conflicts"] if c["field"] == "citation"]
    assert cited["record_id"] == "nq-52-tw-2019" and [s["value"] for s in cited["claims"]] == ["2019-09-27", "2019-10-27"]
    assert cited["claims"][1]["cited_links"] == [{"id": "bai-thu", "url": "/documents/bai-thu"}]
    html = client.get("/conflicts").get_data(as_text=True)
    assert 'href="/documents/bai-thu"' in html and "Bài &lt;thử&gt;" in html and "<thử>" not in html


def test_crosscheck_flags_a_wrong_date_with_record_date_and_source(client):
    resp = client.post("/api/crosscheck", data={"text": "Nghị quyết 52-NQ/TW ngày 27/10/2019."})
    [claim] = resp.get_json()["claims"]
    assert (claim["verdict"], claim["record_id"], claim["date"]["value"]) == ("differs", "nq-52-tw-2019", "2019-10-27")
    [record_date] = claim["record_dates"]
    assert record_date["value"] == "2019-09-27" and record_date["sources"][0]["title"]
    assert claim["record_url"] == "/documents/nq-52-tw-2019"
    same = client.get("/api/crosscheck?text=Nghị quyết 52-NQ/TW ngày 27/10/2019.").get_json()
    assert same["claims"][0]["verdict"] == "differs"
    by_json = client.post("/api/crosscheck", json={"text": "Chỉ thị 49-CT/TW ngày 21/12/2005."}).get_json()
    assert by_json["counts"] == {"agrees": 1, "differs": 0, "unknown": 0}


def test_crosscheck_page_form_and_escaped_results(client):
    html = client.get("/crosscheck").get_data(as_text=True)
    assert "<textarea" in html and 'method="post"' in html and "<script" not in html
    text = "Nghị quyết 52-NQ/TW ngày 27/10/2019 <script>alert(1)</script>. Nghị quyết 99-NQ/TW ngày 1/1/2020."
    html = client.post("/crosscheck", data={"text": text}).get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "Khác" in html and "Chưa rõ" in html and "27/9/2019" in html
    assert '<mark class="differs">52-NQ/TW ngày 27/10/2019</mark>' in html


def test_crosscheck_text_too_long_is_400(client):
    resp = client.post("/api/crosscheck", data={"text": "x" * 200_001})
    assert resp.status_code == 400 and resp.get_json()["ok"] is False
    resp = client.post("/api/crosscheck", json={"text": 5})
    assert resp.status_code == 400


def test_search_date_filter_accepts_iso_and_vietnamese_forms(client):
    data = client.get("/api/search?q=nghi+quyet&date_from=2019-01-01&date_to=tháng 12/2019").get_json()
    ids = [h["id"] for h in data["hits"]]
    assert "nq-52-tw-2019" in ids and "nq-55-tw-2020" not in ids
    assert (data["filters"]["date_from"], data["filters"]["date_to"]) == ("2019-01-01", "2019-12-31")
    html = client.get("/?q=nghi+quyet&date_from=27/9/2019").get_data(as_text=True)
    assert 'name="date_from"' in html and 'value="27/9/2019"' in html
