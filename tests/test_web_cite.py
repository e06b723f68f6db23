"""The editor's web tools: /cite and /check with their JSON twins."""
import pytest

from web import create_app


@pytest.fixture()
def client(corpus_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(corpus_index)}).test_client()


@pytest.mark.parametrize("q", ["NQ 52", "52/NQ-TW", "Nghị quyết số 52", "nghi quyet 52"])
def test_cite_page_gives_the_standard_citation(client, q):
    data = client.get("/api/cite", query_string={"q": q}).get_json()
    assert data["status"] == "found"
    assert data["citation"]["standard"].startswith("Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị về một số")
    html = client.get("/cite", query_string={"q": q}).get_data(as_text=True)
    assert 'id="standard"' in html and "copy.js" in html and "<script>" not in html


def test_cite_not_a_citation(client):
    assert client.get("/api/cite?q=hoà+bình").get_json()["status"] == "not_a_citation"


def test_check_page_marks_each_status(client):
    draft = ("Quán triệt Nghị quyết số 52-NQ/TW, ngày 27/9/2019 của Bộ Chính trị; Nghị quyết số 55-NQ/TW, "
             "ngày 11/3/2020; Kết luận 99-KL/TW và Nghị định 15/2020/NĐ-CP.")
    data = client.post("/api/check", json={"text": draft}).get_json()
    by = {c["canonical"]: c["status"] for c in data["citations"]}
    assert by["52-NQ/TW"] == "found" and by["55-NQ/TW"] == "mismatch" and by["99-KL/TW"] == "not_found"
    assert "15/2020/NĐ-CP" in by
    html = client.post("/check", data={"text": draft}).get_data(as_text=True)
    assert "status-mismatch" in html and "Sai lệch" in html and 'href="/documents/nq-52-tw-2019"' in html


def test_check_escapes_the_draft(client):
    html = client.post("/check", data={"text": "<script>x</script> Chỉ thị 05"}).get_data(as_text=True)
    assert "<script>x" not in html and "&lt;script&gt;x" in html


def test_check_limits(client):
    assert client.post("/api/check", json={"text": 5}).status_code == 400
    resp = client.post("/check", data={"text": "a" * 300000})
    assert resp.status_code == 400 and "text" in resp.get_data(as_text=True)


def test_a_mismatch_names_the_record_sources_by_title(client):
    data = client.post("/api/check", json={"text": "Nghị quyết số 55-NQ/TW, ngày 11/3/2020"}).get_json()
    [p] = [p for p in data["citations"][0]["problems"] if p["kind"] == "mismatch"]
    assert p["written_display"] == "11/3/2020"
    assert p["source_details"] and all(s["title"] for s in p["source_details"])
    html = client.post("/check", data={"text": "Nghị quyết số 55-NQ/TW, ngày 11/3/2020"}).get_data(as_text=True)
    assert "viết «11/3/2020»" in html and p["source_details"][0]["title"] in html
