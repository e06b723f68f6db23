"""``kb user``: accounts from the command line, passwords from standard input, stored only hashed."""
from __future__ import annotations

import io
import json
import stat
import sys

import pytest

from kb.accounts import Accounts
from kbcli.main import main


@pytest.fixture()
def users(tmp_path, monkeypatch):
    path = tmp_path / "instance" / "users.json"
    monkeypatch.setenv("KB_USERS_FILE", str(path))
    return path


def kb_user(monkeypatch, capsys, *args: str, password: str | None = None):
    monkeypatch.setattr(sys, "stdin", io.StringIO((password + "\n") if password is not None else ""))
    code = main(["user", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_add_list_passwd_remove(users, monkeypatch, capsys):
    code, out, _ = kb_user(monkeypatch, capsys, "add", "bientap.hanam", "--role", "admin", password="mot-mat-khau-dai")
    assert code == 0 and "admin 'bientap.hanam'" in out
    stored = users.read_text(encoding="utf-8")
    assert "mot-mat-khau-dai" not in stored and json.loads(stored)["bientap.hanam"]["hash"].startswith("scrypt:")
    assert stat.S_IMODE(users.stat().st_mode) == 0o600
    assert Accounts(users).verify("bientap.hanam", "mot-mat-khau-dai").role == "admin"
    code, out, _ = kb_user(monkeypatch, capsys, "list", "--json")
    assert [u["name"] for u in json.loads(out)] == ["bientap.hanam"] and "hash" not in out
    assert kb_user(monkeypatch, capsys, "passwd", "bientap.hanam", password="mat-khau-thu-hai")[0] == 0
    assert Accounts(users).verify("bientap.hanam", "mot-mat-khau-dai") is None
    assert Accounts(users).verify("bientap.hanam", "mat-khau-thu-hai") is not None
    assert kb_user(monkeypatch, capsys, "remove", "bientap.hanam")[0] == 0
    assert Accounts(users).users() == []


@pytest.mark.parametrize("args, password, message", [
    (["add", "Bien Tap"], "mot-mat-khau-dai", "account name 'Bien Tap'"),
    (["add", "bientap"], "ngan", "at least 10 characters"),
    (["remove", "khong-co"], None, "no account 'khong-co'"),
    (["passwd", "khong-co"], "mot-mat-khau-dai", "no account 'khong-co'"),
])
def test_bad_input_is_one_line(users, monkeypatch, capsys, args, password, message):
    code, _, err = kb_user(monkeypatch, capsys, *args, password=password)
    assert code == 1 and err.count("\n") == 1 and message in err


def test_the_password_is_never_a_command_line_argument(users, monkeypatch, capsys):
    with pytest.raises(SystemExit):
        main(["user", "add", "bientap", "--password", "mot-mat-khau-dai"])
    assert not users.exists()
