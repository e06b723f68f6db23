"""Accessibility basics on every page: Vietnamese language, labelled controls, one h1, no inline script."""
import re

import pytest
from bs4 import BeautifulSoup

from web import create_app

PAGES = ["/", "/?q=dang", "/?q=nghi+quyet+52&kind=document", "/documents/000_facbec4f888b1542?q=tuyen+giao",
         "/documents/ct-49-tw-2005", "/cite", "/cite?q=NQ+52", "/check", "/chronicle", "/chronicle?year=2020",
         "/events/dai-hoi-dang-bo-ha-nam-xx-2020", "/conflicts", "/crosscheck", "/people",
         "/people/nguyen-huu-tien", "/documents/khong-co"]


@pytest.fixture(scope="module")
def client(corpus_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(corpus_index)}).test_client()


@pytest.mark.parametrize("path", PAGES)
def test_page_basics(client, path):
    resp = client.get(path)
    assert resp.status_code in (200, 404)
    check_basics(path, resp.get_data(as_text=True))


EDITOR_PAGES = ["/login", "/upload", "/documents/nq-52-tw-2019/edit", "/events/dai-hoi-xi-2011/edit",
                "/people/nguyen-huu-tien/edit", "/history", "/history?record=nq-52-tw-2019", "CHANGE",
                "/documents/nq-52-tw-2019", "/events/dai-hoi-xi-2011", "/people/nguyen-huu-tien"]


@pytest.fixture(scope="module")
def editor_client(tmp_path_factory):
    """An admin signed in on a corpus copy with one recorded edit."""
    from tests.support.editors import ADMIN, make_site, sign_in

    site = make_site(tmp_path_factory.mktemp("editors"))
    client = site.app().test_client()
    sign_in(client, ADMIN)
    return client


@pytest.mark.parametrize("path", EDITOR_PAGES)
def test_editor_page_basics(editor_client, path):
    from tests.support.editors import edit_form

    if path == "CHANGE":  # a change page, with its diff and its revert form
        edit = "/events/dai-hoi-xi-2011/edit"
        form = edit_form(editor_client, edit)
        form["title"] = "Đại hội XI của Đảng"
        assert editor_client.post(edit, data=form).status_code == 303
        listing = editor_client.get("/history").get_data(as_text=True)
        path = re.search(r'href="(/history/\d+-\d+)"', listing).group(1)
    if path == "/login":
        editor_client = editor_client.application.test_client()  # signed out
    resp = editor_client.get(path)
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    check_basics(path, html)
    if path.startswith("/history/"):
        assert 'action="' + path + '/revert"' in html


def check_basics(path: str, html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "vi"
    assert len(soup.find_all("h1")) == 1
    assert soup.find("meta", attrs={"name": "viewport"})
    for script in soup.find_all("script"):
        assert script.get("src") and not script.string, "inline scripts break the CSP"
    for tag in soup.find_all(style=True):
        pytest.fail(f"inline style on {tag.name} breaks the CSP")
    for control in soup.find_all(["input", "select", "textarea"]):
        if control.get("type") in ("hidden", "submit"):
            continue
        cid = control.get("id")
        labelled = (cid and soup.find("label", attrs={"for": cid})) or control.get("aria-label") \
            or control.find_parent("label")
        assert labelled, f"{path}: unlabelled {control}"
    for a in soup.find_all("a", href=True):
        assert not re.match(r"https?://(cdn|fonts|ajax)\.", a["href"])
    for link in soup.find_all("link", href=True):
        # the canonical address is absolute by definition, but on this site's own host
        local = link["href"].startswith("/") or link["href"].startswith("http://localhost/")
        assert local, f"no CDN: every linked file is served locally, not {link['href']}"
