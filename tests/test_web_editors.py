"""Editors in the browser, through Flask's test client on a corpus copy: sign-in and its limits,
upload, edit, history and revert, and that nobody else can change anything."""
from __future__ import annotations

import io
import json
import time

import pytest

from ingest_fixtures import make_docx
from indexer.build import build_index
from indexer.lookup import indexed_ids
from indexer.search import search
from indexer.store import open_index
from kb.corpus import load_corpus
from kb.history import History
from tests.support.editors import ADMIN, EDITOR, edit_form, make_site, sign_in, snapshot, token

DOC = "nq-52-tw-2019"
DOC_FILE = f"documents/{DOC}.md"
TEST_SOURCE = {"new-source-id": "kiem-thu", "new-source-title": "tests/test_web_editors.py (nguồn thử nghiệm)"}


@pytest.fixture()
def site(tmp_path):
    return make_site(tmp_path)


@pytest.fixture()
def client(site):
    return site.app().test_client()


def docx_upload(tmp_path, name: str = "bao-cao-so-ket.docx"):
    path = tmp_path / "in.docx"
    if not path.exists():
        make_docx(path)
    return (io.BytesIO(path.read_bytes()), name)


# --- nobody else can change anything ---------------------------------------------------------

WRITES = [("/upload", {"kind": "article"}), (f"/documents/{DOC}/edit", {"title": "Sửa trái phép"}),
          ("/events/dai-hoi-xi-2011/edit", {"title": "Sửa trái phép"}),
          ("/people/nguyen-huu-tien/edit", {"title": "Sửa trái phép"})]


@pytest.mark.parametrize("path, data", WRITES)
def test_anonymous_posts_change_nothing(site, client, tmp_path, path, data):
    before = snapshot(site.corpus)
    form = dict(data, csrf_token=token(client))
    if path == "/upload":
        form["file"] = docx_upload(tmp_path)
    resp = client.post(path, data=form, content_type="multipart/form-data")
    assert resp.status_code in (302, 303) and resp.headers["Location"].startswith("/login")
    resp = client.post(path, data=dict(data), headers={"Accept": "application/json"})
    assert resp.status_code == 401
    assert resp.get_json() == {"ok": False, "error": resp.get_json()["error"], "status": 401}
    assert snapshot(site.corpus) == before and not site.uploads.exists()


def test_a_signed_in_post_without_a_valid_token_is_400_and_changes_nothing(site, client, tmp_path):
    assert sign_in(client).status_code == 303
    before = snapshot(site.corpus)
    for form in ({"title": "Giả mạo"}, {"title": "Giả mạo", "csrf_token": "khong-phai-ma-that"}):
        assert client.post(f"/documents/{DOC}/edit", data=form).status_code == 400
    resp = client.post("/upload", data={"file": docx_upload(tmp_path)}, content_type="multipart/form-data")
    assert resp.status_code == 400 and "CSRF" in resp.get_data(as_text=True)
    assert snapshot(site.corpus) == before and not site.uploads.exists()
    assert client.post("/login", data={"username": EDITOR[0], "password": EDITOR[2]}).status_code == 400
    assert client.post("/logout").status_code == 400


def test_ten_wrong_passwords_give_429_even_for_the_right_one_then(site, client):
    codes = [sign_in(client, EDITOR, f"sai-mat-khau-{i}").status_code for i in range(10)]
    assert codes[:5] == [401] * 5 and codes[5:] == [429] * 5
    resp = sign_in(client, EDITOR)
    assert resp.status_code == 429 and "thử lại sau" in resp.get_data(as_text=True)
    other = site.app().test_client()  # another address is not held back (the test client's is fixed,
    assert sign_in(other, ADMIN).status_code == 303  # so another name stands in for it here)


def test_the_throttle_is_shared_by_every_app_of_the_site(site):
    first, second = site.app().test_client(), site.app().test_client()
    for i in range(3):
        assert sign_in(first, EDITOR, f"sai-{i}-mat-khau").status_code == 401
    for i in range(2):
        assert sign_in(second, EDITOR, f"sai-{i}-nua-mat-khau").status_code == 401
    assert sign_in(first, EDITOR).status_code == 429


def test_an_expired_session_is_sent_back_to_sign_in(site, client):
    sign_in(client)
    assert client.get("/upload").status_code == 200
    with client.session_transaction() as session:
        session["since"] = int(time.time()) - 9 * 3600  # KB_SESSION_HOURS is 8
    resp = client.get("/upload")
    assert resp.status_code == 303 and resp.headers["Location"].startswith("/login")


def test_a_new_password_or_a_removed_account_ends_its_sessions(site, client):
    from kb.accounts import Accounts

    sign_in(client)
    Accounts(site.users).set_password(EDITOR[0], "mat-khau-moi-hoan-toan")
    assert client.get("/upload").status_code == 303
    assert sign_in(client, EDITOR, "mat-khau-moi-hoan-toan").status_code == 303
    Accounts(site.users).remove(EDITOR[0])
    assert client.get("/upload").status_code == 303


def test_the_session_cookie_is_httponly_and_lax_and_secure_behind_https(site):
    client = site.app(SECURE_COOKIES=1).test_client()
    cookie = sign_in(client).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    assert "Secure" not in sign_in(site.app().test_client()).headers["Set-Cookie"]


def test_sign_in_goes_back_only_to_a_page_of_this_site(client):
    resp = client.post("/login", data={"username": EDITOR[0], "password": EDITOR[2], "csrf_token": token(client),
                                       "next": "//evil.example/x"})
    assert resp.status_code == 303 and resp.headers["Location"] == "/"


def test_readers_keep_the_read_only_site_and_api_without_signing_in(client):
    assert client.get("/?q=nghi+quyet+52").status_code == 200
    assert client.get("/api/search?q=nghi+quyet+52").get_json()["hits"][0]["id"] == DOC
    assert client.post("/api/check", json={"text": "Nghị quyết 52-NQ/TW"}).status_code == 200
    page = client.get(f"/documents/{DOC}").get_data(as_text=True)
    assert "/edit" not in page and "Đăng nhập biên tập" in page


# --- upload -----------------------------------------------------------------------------------

def test_an_editor_uploads_a_docx_and_it_is_stored_indexed_and_in_the_history(site, client, tmp_path):
    sign_in(client)
    resp = client.post("/upload", data={"file": docx_upload(tmp_path), "csrf_token": token(client, "/upload"),
                                        "why": "báo cáo sơ kết gửi lên"}, content_type="multipart/form-data")
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "đã thêm" in page
    assert (site.corpus / "documents" / "added" / "bao-cao-so-ket.txt").exists()
    assert 'href="/documents/bao-cao-so-ket"' in page
    assert client.get("/documents/bao-cao-so-ket").status_code == 200
    assert search("điểm sinh hoạt văn hoá", index_dir=site.index).hits[0].id == "bao-cao-so-ket"
    change = History(site.corpus).changes()[0]
    assert (change.who, change.via, change.action, change.records) == (EDITOR[0], "web", "upload", ("bao-cao-so-ket",))
    listing = client.get("/history").get_data(as_text=True)
    assert EDITOR[0] in listing and "bao-cao-so-ket" in listing and "báo cáo sơ kết gửi lên" in listing
    again = client.post("/upload", data={"file": docx_upload(tmp_path), "csrf_token": token(client, "/upload")},
                        content_type="multipart/form-data")
    assert "không đổi" in again.get_data(as_text=True) and len(History(site.corpus).changes()) == 1


def test_a_hostile_file_name_is_never_a_path(site, client, tmp_path):
    sign_in(client)
    (tmp_path / "x").write_text("must stay", encoding="utf-8")
    src = tmp_path / "in.txt"
    src.write_text("Ban Tuyên giáo Tỉnh ủy Hà Nam tổng kết công tác tuyên truyền về truyền thống của Đảng bộ "
                   "tỉnh trong năm, nêu những việc làm tốt và những việc còn chậm.\n", encoding="utf-8")
    outside = {p for p in tmp_path.parent.rglob("*")} - {p for p in tmp_path.rglob("*")}
    resp = client.post("/upload", data={"file": (io.BytesIO(src.read_bytes()), "../../x"), "csrf_token": token(client, "/upload")},
                       content_type="multipart/form-data")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert (tmp_path / "x").read_text(encoding="utf-8") == "must stay"
    assert {p for p in tmp_path.parent.rglob("*")} - {p for p in tmp_path.rglob("*")} == outside
    kept = [p for p in site.uploads.iterdir() if p.suffix != ".yaml"]
    assert len(kept) == 1 and kept[0].parent == site.uploads and kept[0].name.startswith("x-")
    assert (site.corpus / "documents" / "added" / "x.txt").exists()


def test_an_upload_too_large_is_413_and_writes_nothing(site, tmp_path):
    app = site.app()
    assert app.config["MAX_CONTENT_LENGTH"] == app.config["MAX_UPLOAD_MB"] * 1_000_000
    app.config["MAX_CONTENT_LENGTH"] = 20_000  # as KB_MAX_UPLOAD_MB does, on a scale a test can send
    client = app.test_client()
    sign_in(client)
    before = snapshot(site.corpus)
    big = tmp_path / "lon.txt"
    big.write_bytes(("Đảng bộ tỉnh Hà Nam " * 2_000).encode("utf-8"))
    resp = client.post("/upload", data={"file": (io.BytesIO(big.read_bytes()), "lon.txt"),
                                        "csrf_token": token(client, "/upload")}, content_type="multipart/form-data")
    assert resp.status_code == 413 and "Tệp quá lớn" in resp.get_data(as_text=True)
    assert snapshot(site.corpus) == before and not site.uploads.exists()


def test_a_bad_upload_is_named_and_the_corpus_unchanged(site, client, tmp_path):
    sign_in(client)
    before = snapshot(site.corpus)
    bad = tmp_path / "rong.txt"
    bad.write_bytes(b"")
    resp = client.post("/upload", data={"file": (io.BytesIO(bad.read_bytes()), "rỗng.txt"), "csrf_token": token(client, "/upload")},
                       content_type="multipart/form-data")
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "rỗng.txt" in page and "empty" in page
    assert str(site.uploads) not in page  # the stored path is never shown
    assert snapshot(site.corpus) == before


# --- edit -------------------------------------------------------------------------------------

def test_an_editor_adds_a_source_and_a_disputed_date_without_touching_the_rest(site, client):
    sign_in(client)
    assert '<a href="/documents/nq-52-tw-2019/edit">Sửa</a>' in client.get(f"/documents/{DOC}").get_data(as_text=True)
    before = load_corpus(site.corpus).get(DOC)
    form = edit_form(client)
    form.update(TEST_SOURCE, **{"date-new-value": "2019-10-01", "date-new-sources": "kiem-thu",
                                "why": "một nguồn ghi ngày khác"})
    resp = client.post(f"/documents/{DOC}/edit", data=form)
    assert resp.status_code == 303 and resp.headers["Location"] == f"/documents/{DOC}"
    after = load_corpus(site.corpus).get(DOC)
    assert [c.value.iso() for c in after.dates] == ["2019-09-27", "2019-10-01"] and after.disputed
    assert after.dates[0].sources == tuple(s.id for s in before.sources)  # the old claim keeps its sources
    assert after.sources[:-1] == before.sources and after.sources[-1].id == "kiem-thu"
    assert (after.text, after.summary, after.aliases, after.number) == (before.text, before.summary, before.aliases,
                                                                        before.number)
    conflicts = client.get("/conflicts.json").get_json()["conflicts"]
    assert any(c["record_id"] == DOC for c in conflicts)
    change = History(site.corpus).changes(DOC)[0]
    assert change.who == EDITOR[0] and change.why == "một nguồn ghi ngày khác"
    assert "+  - value: '2019-10-01'" in change.diff() or "2019-10-01" in change.diff()
    assert EDITOR[0] in client.get(f"/history?record={DOC}").get_data(as_text=True)
    # the index holds the edit, as a rebuild from the files would
    assert indexed_ids([DOC], site.index) == {DOC}
    assert stored_fields(site.index, DOC) == rebuilt_fields(site, DOC)


def stored_fields(index, rid: str) -> dict:
    ix = open_index(index)
    try:
        with ix.searcher() as s:
            return dict(s.document(id=rid))
    finally:
        ix.close()


def rebuilt_fields(site, rid: str) -> dict:
    fresh = site.root / "rebuilt"
    build_index(load_corpus(site.corpus).records(), fresh)
    return stored_fields(fresh, rid)


def test_a_bad_value_is_shown_beside_its_field_and_nothing_is_written(site, client):
    sign_in(client)
    before = snapshot(site.corpus)
    for change, field_id in (({"date-0-value": "2019-13-01"}, "err-date"),
                             ({"date-new-value": "2019-10-01", "date-new-sources": "khong-co"}, "err-date"),
                             ({"title": ""}, "err-title"),
                             ("every source removed", "err-sources"),
                             ({"new-source-id": "a b", "new-source-title": "x"}, "err-new-source")):
        form = edit_form(client)
        form.update({k: "" for k in form if k.endswith("-title") and k.startswith("source-")}
                    if change == "every source removed" else change)
        resp = client.post(f"/documents/{DOC}/edit", data=form)
        assert resp.status_code == 422, change
        assert f'id="{field_id}"' in resp.get_data(as_text=True), change
    assert snapshot(site.corpus) == before


def test_a_title_with_markup_is_shown_as_text(site, client):
    sign_in(client)
    form = edit_form(client, "/events/dai-hoi-xi-2011/edit")
    form["title"] = "<script>alert('x')</script> Đại hội XI"
    assert client.post("/events/dai-hoi-xi-2011/edit", data=form).status_code == 303
    resp = client.get("/events/dai-hoi-xi-2011")
    page = resp.get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(" in page
    assert "default-src 'self'" in resp.headers["Content-Security-Policy"]


def test_a_form_opened_before_another_edit_is_refused(site, client):
    sign_in(client)
    stale = edit_form(client)
    fresh = edit_form(client)
    fresh["why"] = "sửa trước"
    fresh["summary"] = fresh["summary"] + " Thêm một câu."
    assert client.post(f"/documents/{DOC}/edit", data=fresh).status_code == 303
    stale["title"] = "Tiêu đề khác"
    assert client.post(f"/documents/{DOC}/edit", data=stale).status_code == 409
    assert load_corpus(site.corpus).get(DOC).title != "Tiêu đề khác"


def test_people_get_birth_and_death_claims(site, client):
    sign_in(client)
    form = edit_form(client, "/people/nguyen-huu-tien/edit")
    assert "birth-new-value" in form and "death-new-value" in form
    form["aliases"] += "\nTên gọi thử nghiệm"
    assert client.post("/people/nguyen-huu-tien/edit", data=form).status_code == 303
    assert "Tên gọi thử nghiệm" in load_corpus(site.corpus).get("nguyen-huu-tien").aliases


# --- history and revert -----------------------------------------------------------------------

def test_an_admin_reverts_a_change_and_the_revert_is_recorded(site, client):
    original = (site.corpus / DOC_FILE).read_bytes()
    sign_in(client)
    form = edit_form(client)
    form["title"] = "Tiêu đề sửa nhầm"
    client.post(f"/documents/{DOC}/edit", data=form)
    change = History(site.corpus).changes(DOC)[0]
    page = client.get(f"/history/{change.id}").get_data(as_text=True)
    assert "Tiêu đề sửa nhầm" in page and "/revert" not in page  # an editor sees no revert button
    assert client.post(f"/history/{change.id}/revert", data={"csrf_token": token(client, "/upload")}).status_code == 403
    admin = site.app().test_client()
    sign_in(admin, ADMIN)
    resp = admin.post(f"/history/{change.id}/revert", data={"csrf_token": token(admin, f"/history/{change.id}"),
                                                             "why": "sửa nhầm"})
    assert resp.status_code == 303
    assert (site.corpus / DOC_FILE).read_bytes() == original
    revert = History(site.corpus).changes(DOC)[0]
    assert (revert.who, revert.action, revert.reverts) == (ADMIN[0], "revert", change.id)
    assert stored_fields(site.index, DOC)["title"] == load_corpus(site.corpus).get(DOC).title != "Tiêu đề sửa nhầm"
    again = admin.post(f"/history/{change.id}/revert", data={"csrf_token": token(admin, f"/history/{change.id}")})
    assert again.status_code == 409


def test_kb_add_and_remove_are_in_the_history_too(site, tmp_path, capsys):
    from kbcli.main import main

    src = tmp_path / "bai.txt"
    src.write_text("Đảng bộ huyện Kim Bảng tổ chức hội nghị sơ kết việc học tập và làm theo tư tưởng, đạo "
                   "đức, phong cách Hồ Chí Minh.\n", encoding="utf-8")
    args = ["--corpus", str(site.corpus), "--index-dir", str(site.index)]
    assert main(["add", str(src), *args]) == 0
    assert main(["remove", "bai", *args]) == 0
    capsys.readouterr()
    removed, added = History(site.corpus).changes()[:2]
    assert (added.action, added.via, added.records) == ("add", "kb add", ("bai",))
    assert (removed.action, removed.via) == ("remove", "kb remove")
    assert removed.files[0].after is None and json.loads(json.dumps(removed.to_json()))["records"] == ["bai"]


def test_a_chronicle_upload_makes_one_event_per_dated_entry(site, client):
    from test_chronicle_import import SMALL

    sign_in(client)
    resp = client.post("/upload", data={"file": (io.BytesIO(SMALL.encode("utf-8")), "Biên niên khóa XI.txt"),
                                        "kind": "chronicle", "csrf_token": token(client, "/upload")},
                       content_type="multipart/form-data")
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "đã thêm" in page
    events = [e for e in load_corpus(site.corpus).events if "/events/added/bien-nien-khoa-xi/" in e.path]
    assert len(events) >= 4 and all(f'href="/events/{e.id}"' in page for e in events)
    assert "đến này" in page or "10/10/2011" in page  # the parser's note on the typo is shown
    change = History(site.corpus).changes()[0]
    assert change.action == "upload" and set(change.records) == {e.id for e in events}
