"""The first web page and its JSON twin."""
import pytest

from web import create_app


@pytest.fixture()
def client(corpus_index):
    app = create_app({"TESTING": True, "INDEX_DIR": str(corpus_index)})
    return app.test_client()


def test_home_page_is_vietnamese_and_works_without_js(client):
    resp = client.get("/")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert '<html lang="vi">' in html and 'name="q"' in html and "<script" not in html


def test_search_page_shows_highlighted_hits(client):
    html = client.get("/?q=tuyen+giao").get_data(as_text=True)
    assert "<mark>" in html and "kết quả" in html


def test_api_search_matches_cli_shape(client):
    data = client.get("/api/search?q=nghi+quyet+52").get_json()
    assert data["total"] >= 1
    assert {"id", "kind", "title", "score", "snippet", "date"} <= set(data["hits"][0])
    assert "52" in data["hits"][0]["title"]


def test_markup_in_a_query_is_a_clear_400_and_escaped(client):
    resp = client.get("/?q=<script>alert(1)</script>")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400 and "HTML" in html
    assert "<script>alert" not in html
    assert client.get("/api/search?q=<b>Đảng</b>").status_code == 400
    assert client.get("/api/search?q=a<b").status_code == 200  # a comparison is not markup


@pytest.mark.parametrize("url", ["/api/search?q=" + "a" * 10000, "/api/search?q=x&page=abc",
                                 "/api/search?q=x&limit=100000", "/api/search?q=x&kind=bogus"])
def test_bad_input_is_a_400_with_one_error_shape(client, url):
    resp = client.get(url)
    assert resp.status_code == 400
    body = resp.get_json()
    assert body["ok"] is False and body["status"] == 400 and body["error"]


def test_long_query_html_is_400_page(client):
    resp = client.get("/?q=" + "a" * 10000)
    assert resp.status_code == 400 and "lang=\"vi\"" in resp.get_data(as_text=True)


def test_security_headers(client):
    resp = client.get("/")
    assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


def test_app_starts_without_index(tmp_path):
    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")})
    resp = app.test_client().get("/")
    assert resp.status_code == 200 and "kb index" in resp.get_data(as_text=True)


def test_facet_filter_sort_and_pagination_are_urls(client):
    data = client.get("/api/search?q=dang&kind=event&sort=date&limit=3&page=2").get_json()
    assert data["page"] == 2 and len(data["hits"]) == 3
    assert all(h["kind"] == "event" for h in data["hits"])
    dates = [h["date"] for h in data["hits"]]
    assert dates == sorted(dates, reverse=True)
    html = client.get("/?q=dang&kind=event").get_data(as_text=True)
    assert 'aria-current="true"' in html and "Trang sau" in html


def test_did_you_mean_on_a_typo(client):
    data = client.get("/api/search?q=tuyên+giáoo").get_json()
    assert data["suggestion"] and data["suggestion"].startswith("tuyên gi")
    html = client.get("/?q=Nguyễn+Hửu+Tiếnn").get_data(as_text=True)
    assert "Có phải bạn muốn tìm" in html


def test_csv_export(client):
    resp = client.get("/search.csv?q=nghi+quyet+52")
    assert resp.mimetype == "text/csv"
    lines = resp.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "id,kind,title,number,date,score,url"
    assert lines[1].startswith("nq-52-tw-2019,document,")


def test_month_facet_and_on_this_day(client):
    data = client.get("/api/search?q=dai+hoi&kind=event").get_json()
    months = dict((f["value"], f["count"]) for f in data["facets"]["month"])
    assert months.get("2020-09", 0) >= 1
    hits = client.get("/api/search?q=dai+hoi&month=2020-09").get_json()["hits"]
    assert hits and all(h["date"].startswith("2020-09") for h in hits)
    day = client.get("/api/search?kind=document&on=09-27").get_json()["hits"]
    assert [h["id"] for h in day] == ["nq-52-tw-2019"]
    assert client.get("/api/search?q=x&month=2020-13").status_code == 400
    assert client.get("/api/search?q=x&on=9-27").status_code == 400
