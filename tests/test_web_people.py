"""People pages: the index in Vietnamese order with search, a person with every claim, mentions."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.collation import name_sort_key
from web import create_app

SEED_ID = "000_facbec4f888b1542"


@pytest.fixture()
def client(corpus_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(corpus_index)}).test_client()


def person_links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="/people/([^"]+)" class="person"[^>]*>(.*?)</a>', html)


def test_index_is_in_vietnamese_order_by_given_name(client) -> None:
    data = client.get("/people.json").get_json()
    names = [p["name"] for p in data["people"]]
    assert names == ["Mai Tiến Dũng", "Nguyễn Đình Khang", "Trần Xuân Lộc", "Lương Khánh Thiện",
                     "Trần Đức Thuần", "Lê Thị Thủy", "Nguyễn Hữu Tiến"]
    assert names == sorted(names, key=name_sort_key)
    assert [p["letter"] for p in data["people"]] == ["D", "K", "L", "T", "T", "T", "T"]
    html = client.get("/people").get_data(as_text=True)
    assert [html.index(f">{n}</a>") for n in names] == sorted(html.index(f">{n}</a>") for n in names)
    assert "<h2>L</h2>" in html and "<script" not in html and 'href="/people"' in html


def test_index_by_family_name(client) -> None:
    data = client.get("/people.json?by=family").get_json()
    assert data["by"] == "family"
    assert [p["name"] for p in data["people"]] == [
        "Lê Thị Thủy", "Lương Khánh Thiện", "Mai Tiến Dũng", "Nguyễn Đình Khang", "Nguyễn Hữu Tiến",
        "Trần Đức Thuần", "Trần Xuân Lộc"]


@pytest.mark.parametrize("q", ["nguyen huu tien", "Nguyễn Hửu Tiến", "Hữu Tiến", "truong xuan trinh"], ids=str)
def test_search_ranks_him_first_with_scores(client, q: str) -> None:
    for url in (f"/api/people?q={q}", f"/people.json?q={q}"):
        data = client.get(url).get_json()
        assert data["query"] == q and data["people"][0]["id"] == "nguyen-huu-tien"
        assert data["people"][0]["score"] >= 50 and data["people"][0]["url"] == "/people/nguyen-huu-tien"
    html = client.get("/people", query_string={"q": q}).get_data(as_text=True)
    assert "Nguyễn Hữu Tiến" in html and "độ khớp" in html


def test_search_json_carries_the_cli_fields(client) -> None:
    person = client.get("/api/people?q=nguyen+huu+tien").get_json()["people"][0]
    assert {"id", "name", "aliases", "birth", "death", "score"} <= set(person)
    assert (person["score"], person["how"], person["matched_name"]) == (100.0, "exact", "Nguyễn Hữu Tiến")


def test_person_page_shows_both_birth_dates_with_sources(client) -> None:
    data = client.get("/people/nguyen-huu-tien.json").get_json()
    assert data["birth_disputed"] is True and data["death_disputed"] is False
    births = {c["value"]: [s["title"] for s in c["sources"]] for c in data["birth"]}
    assert births.keys() == {"1901-03-05", "1901-03-03"}
    assert any("Wikipedia" in t for t in births["1901-03-05"]) and any("Tổ Quốc" in t for t in births["1901-03-03"])
    html = client.get("/people/nguyen-huu-tien").get_data(as_text=True)
    assert "Các nguồn ghi khác nhau" in html
    for shown, source in (("5/3/1901", "Wikipedia tiếng Việt"), ("3/3/1901", "Tổ Quốc")):
        item = re.search(rf'<li><time datetime="[^"]+">{shown}</time>(.*?)</li>', html, re.S)
        assert item and source in item.group(1)


def test_person_page_shows_names_hometown_roles_biography_and_sources(client) -> None:
    data = client.get("/people/nguyen-huu-tien.json").get_json()
    assert data["birth_name"] == "Trương Xuân Trinh" and "Quế Lâm" in data["aliases"]
    assert data["hometown"] == "làng Lũng Xuyên, Duy Tiên, Hà Nam"
    assert any(r["title"] == "Xứ ủy viên Nam Kỳ" and r["period"] and r["sources"] for r in data["roles"])
    assert data["biography"].startswith("Nguyễn Hữu Tiến (1901 – 1941)") and len(data["sources"]) >= 5
    html = client.get("/people/nguyen-huu-tien").get_data(as_text=True)
    assert "Trương Xuân Trinh" in html and "Tiểu sử" in html and "<strong>Tên gọi.</strong>" in html
    assert "**" not in html and "Xứ ủy viên Nam Kỳ" in html and "làng Lũng Xuyên" in html


def test_seed_article_and_events_mention_him_with_snippets(client) -> None:
    data = client.get("/people/nguyen-huu-tien.json").get_json()
    seed = next(d for d in data["documents"] if d["id"] == SEED_ID)
    assert seed["url"] == f"/documents/{SEED_ID}" and seed["mentions"] == 3
    assert "<mark>Nguyễn Hữu Tiến</mark> (1901 – 1941)" in seed["snippet"] and len(seed["snippet"]) < 300
    events = {e["id"]: e for e in data["events"]}
    assert {"hoi-nghi-dang-bo-ha-nam-lung-xuyen-1931", "khoi-nghia-nam-ky-1940",
            "nguyen-huu-tien-bi-xu-ban-1941"} <= events.keys()
    assert all(e["listed"] and e["url"] == f"/events/{e['id']}" for e in events.values())
    assert events["hoi-nghi-dang-bo-ha-nam-lung-xuyen-1931"]["date"] == "22/1/1931 hoặc 23/1/1931"
    html = client.get("/people/nguyen-huu-tien").get_data(as_text=True)
    assert f'href="/documents/{SEED_ID}"' in html and 'href="/events/khoi-nghia-nam-ky-1940"' in html


def test_an_event_listing_a_person_without_naming_them_is_shown(client) -> None:
    data = client.get("/people/le-thi-thuy.json").get_json()
    assert [e["id"] for e in data["events"]] == [
        "dai-hoi-dang-bo-ha-nam-xix-2015", "dai-hoi-dang-bo-ha-nam-xx-2020"]
    assert data["birth"][0]["value"] == "1964" and data["death"] == []


def test_tien_hanh_never_links(client) -> None:
    html = client.get(f"/documents/{SEED_ID}").get_data(as_text=True)
    links = person_links(html)
    assert links == [("tran-duc-thuan", "Trần Đức Thuần")] + [("nguyen-huu-tien", "Nguyễn Hữu Tiến")] * 3
    assert re.search(r"[Tt]iến hành", html)
    assert not re.search(r"<a [^>]*>[Tt]iến</a>", html)
    for doc in client.get("/people/nguyen-huu-tien.json").get_json()["documents"]:
        assert not re.search(r"<mark>[Tt]iến</mark>", doc["snippet"])


def test_document_page_keeps_query_marks_inside_person_links(client) -> None:
    html = client.get(f"/documents/{SEED_ID}?q=nguyen+huu+tien").get_data(as_text=True)
    assert ("nguyen-huu-tien", "<mark>Nguyễn</mark> <mark>Hữu</mark> <mark>Tiến</mark>") in person_links(html)
    html = client.get(f"/documents/{SEED_ID}?q=tuyen+giao").get_data(as_text=True)
    assert "<mark>tuyên</mark>" in html and len(person_links(html)) == 4


@pytest.mark.parametrize("url", ["/people.json?by=bogus", "/api/people?limit=abc", "/api/people?limit=0",
                                 "/api/people?q=" + "a" * 10000], ids=lambda u: u[:40])
def test_bad_params_are_400_in_the_one_error_shape(client, url: str) -> None:
    resp = client.get(url)
    assert resp.status_code == 400
    body = resp.get_json()
    assert body["ok"] is False and body["status"] == 400 and body["error"]


def test_bad_params_html_is_a_vietnamese_400_page(client) -> None:
    resp = client.get("/people?by=bogus")
    assert resp.status_code == 400 and 'lang="vi"' in resp.get_data(as_text=True)


def test_unknown_person_is_404_in_the_json_error_shape(client) -> None:
    resp = client.get("/people/khong-co.json")
    assert resp.status_code == 404
    assert resp.get_json() == {"ok": False, "status": 404, "error": "Không có nhân vật mang mã «khong-co»."}
    resp = client.get("/people/khong-co")
    assert resp.status_code == 404 and "Không có nhân vật" in resp.get_data(as_text=True)
    assert client.get(f"/people/{SEED_ID}.json").status_code == 404  # a document is not a person


def test_everything_is_escaped(tmp_path: Path, corpus_index) -> None:
    (tmp_path / "people").mkdir()
    (tmp_path / "documents").mkdir()
    (tmp_path / "people" / "x.md").write_text(
        '---\nname: "Lê <b>Văn</b> Tám"\naliases: ["Quế Lâm"]\naliases_needing_cue: ["Quế Lâm"]\n'
        'hometown: "<script>alert(1)</script>"\nsources: [{id: s, title: "<i>nguồn</i>"}]\n---\n'
        "Tiểu sử <script>alert(2)</script>.\n", encoding="utf-8")
    (tmp_path / "documents" / "d.md").write_text(
        "---\ntitle: Bài <b>\nsources: [{id: s, title: t}]\n---\n"
        "Bí danh Quế Lâm <img src=x>; thành phố Quế Lâm.\n",
        encoding="utf-8")
    app = create_app({"TESTING": True, "INDEX_DIR": str(corpus_index), "CORPUS_DIR": str(tmp_path)})
    client = app.test_client()
    html = client.get("/people/x").get_data(as_text=True)
    assert "<script>" not in html and "&lt;script&gt;alert(1)" in html and "&lt;script&gt;alert(2)" in html
    assert "<i>" not in html and "<b>" not in html and "&lt;img src=x&gt;" in html
    assert "Lê &lt;b&gt;Văn&lt;/b&gt; Tám" in client.get("/people").get_data(as_text=True)
    doc = client.get("/documents/d").get_data(as_text=True)
    assert [text for _, text in person_links(doc)] == ["Quế Lâm"]  # the alias after its cue; not the city
