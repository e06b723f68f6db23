"""End to end in Debian's chromium, driven by Selenium, against `kb serve` (gunicorn) on loopback.

Under CI=true these tests must run; elsewhere they skip with a message when chromium is missing.
Screenshots of every page land in tests/screenshots/.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SHOTS = Path(__file__).resolve().parent / "screenshots"
ROOT = Path(__file__).resolve().parent.parent


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    for path in (CHROMIUM, DRIVER):
        if not os.path.exists(path):
            return f"{path} is not installed (apt-get install chromium chromium-driver)"
    return None


if _missing():
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"browser tests must run in CI: {_missing()}")
    pytest.skip(f"browser tests skipped: {_missing()}", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


def _stop(proc: subprocess.Popen) -> None:
    """Stop ``kb serve`` (gunicorn finishes its workers first; on a loaded machine that can take a
    while), killing it if it does not stop within half a minute."""
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(index: Path, env: dict[str, str], workers: int) -> tuple[subprocess.Popen, str]:
    """Start ``kb serve`` on a free port and wait until it answers (up to half a minute on a loaded
    machine); returns the process and the site's base URL."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kbcli.main", "serve", "--port", str(port), "--workers",
                             str(workers), "--index-dir", str(index)], cwd=ROOT, env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/", timeout=1)
            return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    proc.wait(timeout=10)
    pytest.fail("kb serve did not start")


@pytest.fixture(scope="module")
def server(corpus_index):
    proc, base = _serve(corpus_index, {"KB_CORPUS_DIR": str(ROOT / "corpus")}, workers=1)
    yield base
    _stop(proc)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
                "--window-size=1280,1000"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.set_page_load_timeout(30)
    SHOTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()


def shot(driver, name: str) -> None:
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def search(driver, base: str, query: str) -> list[str]:
    driver.get(base + "/")
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys(query)
    box.submit()
    return [h.text for h in driver.find_elements(By.CSS_SELECTOR, ".hit h2 a")]


def test_search_with_and_without_accents(server, browser):
    accented = search(browser, server, "Nghị quyết 52")
    shot(browser, "search-accented")
    plain = search(browser, server, "nghi quyet 52")
    shot(browser, "search-accent-free")
    assert accented[0] == plain[0] and "52-NQ/TW" in accented[0]
    assert "không dấu" in browser.find_element(By.CSS_SELECTOR, ".note").text
    assert browser.find_elements(By.CSS_SELECTOR, ".snippet mark")


def test_apply_a_facet(server, browser):
    search(browser, server, "đại hội")
    browser.find_element(By.XPATH, "//aside[@class='facets']//a[normalize-space()='Sự kiện']").click()
    shot(browser, "search-facet")
    assert "kind=event" in browser.current_url
    kinds = {e.text for e in browser.find_elements(By.CSS_SELECTOR, ".hit .kind")}
    assert kinds == {"Sự kiện"}


def test_open_a_document_follow_a_citation_and_copy_it(server, browser):
    search(browser, server, "tuyên giáo bốn tháng đầu năm 2020")
    browser.find_element(By.CSS_SELECTOR, ".hit h2 a").click()
    shot(browser, "document-seed")
    assert browser.find_elements(By.CSS_SELECTOR, ".fulltext mark")
    browser.find_element(By.CSS_SELECTOR, "a.cite[href='/documents/nq-52-tw-2019']").click()
    shot(browser, "document-nq52")
    assert "52-NQ/TW" in browser.find_element(By.TAG_NAME, "h1").text
    standard = browser.find_element(By.ID, "standard").text
    assert standard.startswith("Nghị quyết số 52-NQ/TW ngày 27/9/2019")
    browser.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": server, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    button = browser.find_element(By.CSS_SELECTOR, "button.copy")
    assert button.is_displayed()
    button.click()
    time.sleep(0.3)
    assert button.text == "Đã sao chép"
    copied = browser.execute_async_script(
        "const done = arguments[0]; navigator.clipboard.readText().then(done, () => done(null));")
    assert copied == standard


def test_walk_the_timeline(server, browser):
    browser.get(server + "/chronicle")
    shot(browser, "chronicle")
    browser.find_element(By.LINK_TEXT, "2020").click()
    shot(browser, "chronicle-2020")
    assert "year=2020" in browser.current_url
    browser.find_element(By.CSS_SELECTOR, "main a[href^='/events/']").click()
    shot(browser, "event")
    assert "/events/" in browser.current_url
    assert browser.find_element(By.TAG_NAME, "h1").text


def test_check_page(server, browser):
    browser.get(server + "/check")
    area = browser.find_element(By.ID, "text")
    area.send_keys("Quán triệt Nghị quyết số 55-NQ/TW, ngày 11/3/2020 của Bộ Chính trị và Chỉ thị 05.")
    area.submit()
    shot(browser, "check")
    statuses = [e.get_attribute("class") for e in browser.find_elements(By.CSS_SELECTOR, "ol.citations > li")]
    assert "status-mismatch" in statuses and "status-found" in statuses


def test_person_page_and_narrow_screen(server, browser):
    browser.get(server + "/people/nguyen-huu-tien")
    shot(browser, "person")
    body = browser.find_element(By.TAG_NAME, "main").text
    assert "5/3/1901" in body and "3/3/1901" in body
    browser.set_window_size(375, 800)
    try:
        for path in ("/", "/?q=dang", "/documents/000_facbec4f888b1542", "/chronicle", "/check"):
            browser.get(server + path)
            overflow = browser.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, path
        shot(browser, "narrow-document")
    finally:
        browser.set_window_size(1280, 1000)


def test_bad_input_pages_are_4xx(server, browser):
    for path, status_text in (("/?q=" + "a" * 10000, "400"), ("/?q=%3Cscript%3E", "400"),
                              ("/documents/khong-co-ma-nay", "404")):
        browser.get(server + path)
        assert status_text in browser.find_element(By.TAG_NAME, "h1").text
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
    shot(browser, "error-404")


def test_home_page_shows_the_collection_and_leads_to_the_register(server, browser):
    browser.get(server + "/")
    home = browser.find_element(By.CSS_SELECTOR, ".home")
    shot(browser, "home")
    assert "sự kiện" in home.text and "Được trích dẫn nhiều nhất" in home.text
    home.find_element(By.LINK_TEXT, "Danh mục văn bản (sắp xếp theo khóa, loại, số, ngày)").click()
    browser.find_element(By.XPATH, "//th/a[starts-with(normalize-space(), 'Ngày')]").click()
    shot(browser, "register-by-date")
    assert "sort=date" in browser.current_url
    rows = browser.find_elements(By.CSS_SELECTOR, "table.register tbody tr")
    assert len(rows) > 5


@pytest.fixture(scope="module")
def editor_server(tmp_path_factory):
    """``kb serve`` on a corpus copy with an editor account, and the site's folders."""
    from tests.support.editors import make_site

    site = make_site(tmp_path_factory.mktemp("editor-site"))
    env = {"KB_CORPUS_DIR": str(site.corpus), "KB_USERS_FILE": str(site.users),
           "KB_UPLOAD_DIR": str(site.uploads), "KB_SECRET_KEY_FILE": str(site.root / "instance" / "secret_key")}
    proc, base = _serve(site.index, env, workers=2)
    yield base, site
    _stop(proc)


def test_an_editor_uploads_edits_sees_the_conflict_and_the_history_then_signs_out(editor_server, browser,
                                                                                   tmp_path):
    from ingest_fixtures import make_docx
    from tests.support.editors import EDITOR

    base, site = editor_server
    browser.get(base + "/upload")
    assert "/login" in browser.current_url  # readers are sent to sign in
    browser.find_element(By.ID, "username").send_keys(EDITOR[0])
    browser.find_element(By.ID, "password").send_keys(EDITOR[2])
    shot(browser, "editor-login")
    browser.find_element(By.CSS_SELECTOR, "form.editor-form button").click()
    assert browser.current_url.endswith("/upload")

    docx = tmp_path / "bao-cao-so-ket.docx"
    make_docx(docx)
    browser.find_element(By.ID, "file").send_keys(str(docx))
    browser.find_element(By.ID, "why").send_keys("báo cáo sơ kết sáu tháng")
    browser.find_element(By.CSS_SELECTOR, "form.editor-form button").click()
    shot(browser, "editor-upload")
    result = browser.find_element(By.CSS_SELECTOR, ".upload-result").text
    assert "đã thêm" in result
    browser.find_element(By.CSS_SELECTOR, ".upload-result a[href='/documents/bao-cao-so-ket']").click()
    assert "sơ kết công tác tuyên giáo" in browser.find_element(By.TAG_NAME, "h1").text.lower()

    browser.get(base + "/documents/nq-52-tw-2019")
    browser.find_element(By.LINK_TEXT, "Sửa").click()
    for field, value in (("new-source-id", "kiem-thu"),
                         ("new-source-title", "tests/test_browser.py (nguồn thử nghiệm)"),
                         ("date-new-value", "2019-10-01"), ("date-new-sources", "kiem-thu"),
                         ("why", "một nguồn ghi ngày khác")):
        browser.find_element(By.ID, field).send_keys(value)
    shot(browser, "editor-edit")
    browser.find_element(By.CSS_SELECTOR, "form.editor-form button[type=submit]").click()
    assert browser.current_url.endswith("/documents/nq-52-tw-2019")
    assert "Các nguồn ghi khác nhau" in browser.find_element(By.CSS_SELECTOR, ".meta-panel").text

    browser.get(base + "/conflicts")
    shot(browser, "editor-conflicts")
    assert browser.find_elements(By.CSS_SELECTOR, "a[href='/documents/nq-52-tw-2019']")
    browser.get(base + "/history")
    shot(browser, "editor-history")
    rows = [li.text for li in browser.find_elements(By.CSS_SELECTOR, ".changes li")]
    assert any(EDITOR[0] in r and "nq-52-tw-2019" in r and "sửa" in r for r in rows)
    assert any(EDITOR[0] in r and "bao-cao-so-ket" in r and "tải lên" in r for r in rows)

    browser.find_element(By.XPATH, "//button[normalize-space()='Đăng xuất']").click()
    assert browser.find_elements(By.LINK_TEXT, "Đăng nhập biên tập")
    browser.get(base + "/upload")
    assert "/login" in browser.current_url

    # the corpus rebuilds exactly what the site shows
    from indexer.build import build_index
    from indexer.store import open_index
    from kb.corpus import load_corpus

    def stored(index) -> dict:
        ix = open_index(index)
        try:
            with ix.searcher() as s:
                return {f["id"]: f for f in s.all_stored_fields()}
        finally:
            ix.close()

    build_index(load_corpus(site.corpus).records(), tmp_path / "rebuilt")
    assert stored(site.index) == stored(tmp_path / "rebuilt")
