"""Failed sign-ins, counted per user and address (and per address alone) across every server
process: a small SQLite file beside the accounts file, so ``kb serve``'s workers share the count.

After ``KB_LOGIN_ATTEMPTS`` wrong passwords for one name from one address within
``KB_LOGIN_WINDOW`` seconds, sign-in answers HTTP 429 for that pair until the oldest failure leaves
the window; an address trying many names is stopped after four times as many.
"""
from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from pathlib import Path

ADDRESS_FACTOR = 4  # failures from one address, any names, allowed per window: this × the per-name limit


class Throttle:
    """The failure log of one site."""

    def __init__(self, path: str | Path, limit: int, window: int) -> None:
        self.path, self.limit, self.window = Path(path), limit, window

    def _db(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("CREATE TABLE IF NOT EXISTS failures (key TEXT NOT NULL, at REAL NOT NULL)")
        db.execute("CREATE INDEX IF NOT EXISTS failures_key ON failures (key, at)")
        return db

    @staticmethod
    def _keys(name: str, address: str) -> tuple[str, str]:
        return f"user:{name.lower()}|addr:{address}", f"addr:{address}"

    def wait(self, name: str, address: str) -> int:
        """Seconds until this name may be tried again from this address (0: now)."""
        now = time.time()
        pair, addr = self._keys(name, address)
        with closing(self._db()) as db:
            longest = 0.0
            for key, limit in ((pair, self.limit), (addr, self.limit * ADDRESS_FACTOR)):
                rows = db.execute("SELECT at FROM failures WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?",
                                  (key, now - self.window, limit)).fetchall()
                if len(rows) >= limit:
                    longest = max(longest, rows[-1][0] + self.window - now)
            return int(longest) + 1 if longest > 0 else 0

    def failed(self, name: str, address: str) -> None:
        now = time.time()
        with closing(self._db()) as db, db:
            db.executemany("INSERT INTO failures VALUES (?, ?)", [(k, now) for k in self._keys(name, address)])
            db.execute("DELETE FROM failures WHERE at < ?", (now - self.window,))

    def succeeded(self, name: str, address: str) -> None:
        with closing(self._db()) as db, db:
            db.execute("DELETE FROM failures WHERE key = ?", (self._keys(name, address)[0],))
