"""A site with editor accounts on a throw-away copy of the corpus, and the steps every editor test
takes: read a form's CSRF token, sign in, snapshot the corpus to prove nothing changed."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from indexer.build import build_index
from kb.accounts import Accounts
from kb.corpus import load_corpus
from tests.support.scratch import copy_corpus

EDITOR = ("bientap", "editor", "mat-khau-bien-tap-1")
ADMIN = ("quantri", "admin", "mat-khau-quan-tri-2")
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Site:
    root: Path
    corpus: Path
    index: Path
    uploads: Path
    users: Path

    def config(self, **extra) -> dict:
        return {"TESTING": True, "INDEX_DIR": str(self.index), "CORPUS_DIR": str(self.corpus),
                "USERS_FILE": str(self.users), "UPLOAD_DIR": str(self.uploads),
                "SECRET_KEY": "khoa-thu-nghiem", **extra}

    def app(self, **extra):
        from web import create_app

        return create_app(self.config(**extra))


def make_site(root: Path, index: bool = True) -> Site:
    """A corpus copy (indexed), an accounts file with one editor and one admin, an upload folder."""
    site = Site(root, copy_corpus(root / "corpus"), root / "index", root / "instance" / "uploads",
                root / "instance" / "users.json")
    if index:
        build_index(load_corpus(site.corpus).records(), site.index)
    accounts = Accounts(site.users)
    for name, role, password in (EDITOR, ADMIN):
        accounts.add(name, role, password)
    return site


def token(client, path: str = "/login") -> str:
    """The CSRF token of the form on ``path``."""
    found = TOKEN_RE.search(client.get(path).get_data(as_text=True))
    assert found, f"no csrf_token on {path}"
    return found.group(1)


def sign_in(client, who: tuple[str, str, str] = EDITOR, password: str | None = None):
    return client.post("/login", data={"username": who[0], "password": password or who[2],
                                       "csrf_token": token(client), "next": "/"})


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (the lock file aside), by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".write.lock"}


def edit_form(client, path: str = "/documents/nq-52-tw-2019/edit") -> dict[str, str]:
    """The edit form's fields as the page fills them (inputs, textareas, selected options)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
    form = soup.find("form", action=path)
    assert form is not None, f"no form posting to {path}"
    values = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
    values.update({t["name"]: t.text for t in form.find_all("textarea")})
    for select in form.find_all("select"):
        chosen = select.find("option", selected=True)
        values[select["name"]] = chosen.get("value", "") if chosen else ""
    return values
