"""Document pages: metadata, every date claim with its source, escaped text with marks."""
import pytest

from web import create_app


@pytest.fixture()
def client(corpus_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(corpus_index)}).test_client()


def test_disputed_date_shows_both_claims_with_sources(client):
    data = client.get("/documents/ct-49-tw-2005.json").get_json()
    assert data["disputed"] is True
    values = {c["value"] for c in data["dates"]}
    assert {"2005-02-21", "2005-12-21"} <= values
    assert all(c["sources"] for c in data["dates"])
    html = client.get("/documents/ct-49-tw-2005").get_data(as_text=True)
    assert "21/2/2005" in html and "21/12/2005" in html and "Các nguồn ghi khác nhau" in html


def test_seed_page_marks_query_words_and_anchors_paragraphs(client):
    html = client.get("/documents/000_facbec4f888b1542?q=tuyen+giao").get_data(as_text=True)
    assert "<mark>tuyên</mark>" in html and 'id="p1"' in html


def test_unknown_document_is_a_vietnamese_404(client):
    resp = client.get("/documents/khong-co")
    assert resp.status_code == 404 and "Không có văn bản" in resp.get_data(as_text=True)
    resp = client.get("/documents/khong-co.json")
    assert resp.status_code == 404 and resp.get_json()["ok"] is False


def test_script_in_a_document_is_shown_as_text(tmp_path, corpus_index):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "x.md").write_text("---\ntitle: Thử <script>\nsources: [{id: s, title: thử}]\n---\n"
                                 "Đoạn có <script>alert(1)</script> trong văn bản.\n", encoding="utf-8")
    app = create_app({"TESTING": True, "INDEX_DIR": str(corpus_index), "CORPUS_DIR": str(tmp_path)})
    html = app.test_client().get("/documents/x").get_data(as_text=True)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_citations_link_to_their_records_and_cited_by_lists_the_seed(client):
    data = client.get("/documents/000_facbec4f888b1542.json").get_json()
    linked = {c["canonical"]: c["url"] for c in data["citations"]}
    assert linked["52-NQ/TW"] == "/documents/nq-52-tw-2019"
    assert linked["Chỉ thị 05"] == "/documents/ct-05-tw-2016"
    html = client.get("/documents/000_facbec4f888b1542").get_data(as_text=True)
    assert 'href="/documents/nq-52-tw-2019" class="cite status-found"' in html
    assert '<time datetime="2019-09-27" class="date">27/9/2019</time>' in html
    cited = client.get("/documents/nq-52-tw-2019.json").get_json()
    assert "000_facbec4f888b1542" in [r["id"] for r in cited["cited_by"]]


def test_standard_citation_with_copy_button_and_related(client):
    data = client.get("/documents/nq-52-tw-2019.json").get_json()
    assert data["standard_citation"].startswith("Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị về một số")
    assert data["related"] and all(r["id"] != "nq-52-tw-2019" for r in data["related"])
    html = client.get("/documents/nq-52-tw-2019").get_data(as_text=True)
    assert 'id="standard"' in html and 'class="copy"' in html and "<script>" not in html


def test_a_source_that_is_a_corpus_file_links_to_its_page(client):
    data = client.get("/events/ban-hanh-bc-610-btgtu-hanam-2020.json").get_json()
    seed = [s for s in data.get("sources", []) if (s.get("page") or "").startswith("corpus/documents/")]
    assert seed and seed[0]["url"] == "/documents/000_facbec4f888b1542"


def test_an_imported_record_has_a_page_built_from_the_index(tmp_path, capsys):
    import json

    from kbcli.main import main

    idx = tmp_path / "index"
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "bao-cao-nhap", "title": "Báo cáo nhập", "text": "Công tác thuỷ lợi <b>.",
                               "date": "2020-04"}, ensure_ascii=False), encoding="utf-8")
    assert main(["import", str(src), "--index-dir", str(idx)]) == 0
    app = create_app({"TESTING": True, "INDEX_DIR": str(idx)})
    page = app.test_client().get("/documents/bao-cao-nhap.json").get_json()
    assert page["title"] == "Báo cáo nhập" and page["dates"][0]["value"] == "2020-04"
    html = app.test_client().get("/documents/bao-cao-nhap").get_data(as_text=True)
    assert "thuỷ lợi &lt;b&gt;" in html
