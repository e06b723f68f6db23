"""Editor accounts: a name, a role (``editor`` or ``admin``) and a salted password hash.

Readers need no account. Accounts live in one JSON file (``KB_USERS_FILE``, under the git-ignored
``instance/`` folder), written atomically with mode 0600. Passwords are stored only as Werkzeug's
salted scrypt hash (``scrypt:32768:8:1$salt$hash``, the library Flask itself ships), never in clear;
:func:`verify` spends the same work on an unknown name, so a wrong name and a wrong password take
as long.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from kb.errors import KBError
from kb.ingest.store import durable_write

ROLES = ("editor", "admin")
NAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
MIN_PASSWORD = 10
HASH_METHOD = "scrypt"
_DUMMY = generate_password_hash("not a real password", method=HASH_METHOD)


class AccountError(KBError):
    """A bad account name, role or password, or an unknown account."""


@dataclass(frozen=True)
class User:
    """One account. ``stamp`` changes with the password, so sessions signed in before a change end."""

    name: str
    role: str
    created: str
    password_hash: str

    @property
    def stamp(self) -> str:
        return self.password_hash.rsplit("$", 1)[-1][:16]

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def check_name(name: str) -> str:
    """An account name: 2–32 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit.

    >>> check_name("bientap.hanam")
    'bientap.hanam'
    >>> check_name("Ad min")
    Traceback (most recent call last):
    kb.accounts.AccountError: account name 'Ad min': use 2-32 lowercase letters, digits, '.', '_' or '-'
    """
    if not NAME_RE.fullmatch(name):
        raise AccountError(f"account name {name[:40]!r}: use 2-32 lowercase letters, digits, '.', '_' or '-'")
    return name


def check_password(password: str) -> str:
    """A password long enough to resist guessing (at least :data:`MIN_PASSWORD` characters)."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
    return password


class Accounts:
    """The accounts file."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)

    def _load(self) -> dict[str, dict]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise AccountError(f"{self.path}: not a readable accounts file: {exc}") from None
        if not isinstance(data, dict):
            raise AccountError(f"{self.path}: not a readable accounts file")
        return data

    def _save(self, data: dict[str, dict]) -> None:
        durable_write(self.path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))
        os.chmod(self.path, 0o600)

    def users(self) -> list[User]:
        return [User(n, d["role"], d.get("created", ""), d["hash"]) for n, d in sorted(self._load().items())]

    def get(self, name: str) -> User | None:
        d = self._load().get(name)
        return User(name, d["role"], d.get("created", ""), d["hash"]) if d else None

    def add(self, name: str, role: str, password: str) -> User:
        check_name(name)
        if role not in ROLES:
            raise AccountError(f"role {role!r}: must be one of {', '.join(ROLES)}")
        data = self._load()
        if name in data:
            raise AccountError(f"account {name!r} already exists (kb user passwd changes its password)")
        data[name] = {"role": role, "hash": generate_password_hash(check_password(password), method=HASH_METHOD),
                      "created": datetime.now(UTC).isoformat(timespec="seconds")}
        self._save(data)
        return self.get(name)  # type: ignore[return-value]

    def set_password(self, name: str, password: str) -> None:
        data = self._load()
        if name not in data:
            raise AccountError(f"no account {name!r}")
        data[name]["hash"] = generate_password_hash(check_password(password), method=HASH_METHOD)
        self._save(data)

    def remove(self, name: str) -> None:
        data = self._load()
        if data.pop(name, None) is None:
            raise AccountError(f"no account {name!r}")
        self._save(data)

    def verify(self, name: str, password: str) -> User | None:
        """The account when the password is right; None otherwise (after the same work either way)."""
        user = self.get(name) if NAME_RE.fullmatch(name or "") else None
        ok = check_password_hash(user.password_hash if user else _DUMMY, password)
        return user if ok and user else None
