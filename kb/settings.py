"""Every ``KB_*`` setting, declared once: its type, default, meaning and valid range.

The CLI, the indexer and the web read settings only through :func:`get` (or :func:`web_config`),
so a bad value is one clear error naming the variable, from whichever entry point meets it
first; ``kb`` checks every variable set in the environment before it parses its arguments, so
``KB_PORT=x kb serve --help`` says what is wrong instead of printing a traceback.

Precedence: the declared default < the instance file (TOML, ``$KB_SETTINGS_FILE`` or
``instance/settings.toml``, keys in lowercase) < the ``KB_<NAME>`` environment variable. The
configuration table in docs/operations.md is :func:`markdown_table` (a test keeps them equal).
"""
from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kb.errors import KBError

DEFAULT_SETTINGS_FILE = "instance/settings.toml"


class SettingError(KBError):
    """A setting's value is not valid; the message names the variable."""


@dataclass(frozen=True)
class Setting:
    """One setting: ``KB_<name>``; ``kind`` is ``int``, ``str`` or ``path``."""

    name: str
    kind: str
    default: Any
    meaning: str
    minimum: int | None = None
    web: bool = False  # part of the Flask app's config (``app.config[name]``)
    choices: tuple[str, ...] = ()  # the only values a ``str`` setting may take, when given
    shown_default: str | None = None  # how the documentation writes a computed default

    @property
    def variable(self) -> str:
        return f"KB_{self.name}"

    def convert(self, raw: Any, where: str) -> Any:
        """``raw`` (text from the environment, or a TOML value) as this setting's type.

        >>> Setting("PORT", "int", 5000, "port", minimum=1).convert("x", "KB_PORT")
        Traceback (most recent call last):
        kb.settings.SettingError: KB_PORT: must be a whole number, not 'x'
        """
        if self.kind == "int":
            try:
                value = int(str(raw).strip())
            except ValueError:
                raise SettingError(f"{where}: must be a whole number, not {str(raw)[:40]!r}") from None
            if self.minimum is not None and value < self.minimum:
                raise SettingError(f"{where}: must be at least {self.minimum}, not {value}")
            return value
        text = str(raw).strip()
        if not text:
            raise SettingError(f"{where}: must not be empty")
        if self.choices and text not in self.choices:
            raise SettingError(f"{where}: must be one of {', '.join(self.choices)}, not {text[:40]!r}")
        return text


REGISTRY: tuple[Setting, ...] = (
    Setting("INDEX_DIR", "path", "instance/index", "where the index lives (the `--index-dir` flag wins)", web=True),
    Setting("CORPUS_DIR", "path", "corpus", "the corpus folder the web pages read records from", web=True),
    Setting("MAX_QUERY_CHARS", "int", 1000, "longer queries get HTTP 400", 1, web=True),
    Setting("MAX_PAGE_SIZE", "int", 100, "page-size limit (larger gets 400)", 1, web=True),
    Setting("PAGE_SIZE", "int", 10, "hits per page by default", 1, web=True),
    Setting("MAX_TEXT_CHARS", "int", 200000, "longest draft `/check` and `/crosscheck` accept", 1, web=True),
    Setting("STATIC_MAX_AGE", "int", 3600, "seconds browsers may cache CSS and JavaScript", 0, web=True),
    Setting("SECRET_KEY_FILE", "path", "instance/secret_key",
            "the key that signs session cookies; generated there on first run, never committed", web=True),
    Setting("USERS_FILE", "path", "instance/users.json", "editor accounts (`kb user`): names, roles, salted scrypt hashes", web=True),
    Setting("UPLOAD_DIR", "path", "instance/uploads", "where files uploaded in the browser are kept (named by their hash)", web=True),
    Setting("MAX_UPLOAD_MB", "int", 50, "largest upload (bigger gets HTTP 413)", 1, web=True),
    Setting("LOGIN_ATTEMPTS", "int", 5, "wrong passwords per user and address before sign-in answers HTTP 429", 1, web=True),
    Setting("LOGIN_WINDOW", "int", 900, "seconds over which wrong passwords are counted (and the wait after the limit)", 1, web=True),
    Setting("SESSION_HOURS", "int", 8, "hours an editor stays signed in", 1, web=True),
    Setting("SECURE_COOKIES", "int", 0, "`1` when the site is served over HTTPS: cookies get `Secure`", 0, web=True),
    Setting("TRUSTED_PROXIES", "int", 0, "reverse proxies in front of the site whose `X-Forwarded-*` headers are trusted", 0, web=True),
    Setting("SETTINGS_FILE", "path", DEFAULT_SETTINGS_FILE, "the TOML instance file (read from the environment only)"),
    Setting("HOST", "str", "127.0.0.1", "`kb serve`'s address"),
    Setting("PORT", "int", 5000, "`kb serve`'s port", 1),
    Setting("WORKERS", "int", 2, "`kb serve`'s worker processes", 1),
    Setting("THREADS", "int", 1, "`kb serve`'s threads per worker (above 1: gthread workers)", 1),
    Setting("INDEX_PROCS", "int", 0, "worker processes of a bulk import (`kb import`, `kb add` of many files); 0: every core", 0,
            shown_default="every core"),
    Setting("INDEX_PARALLEL_FROM", "int", 2000, "records from which an import uses worker processes", 1),
    Setting("INDEX_MB", "int", 384, "postings a worker holds before it closes a segment and starts another", 1),
    Setting("POSTINGS_CACHE_MB", "int", 192, "posting arrays a search process keeps (per process)", 0),
    Setting("RESULT_CACHE", "int", 512, "whole search results kept per serving process (`0`: none)", 0),
    Setting("ENGINE", "str", "fast",
            "`fast`, or `whoosh` to force the reference paths (pyvi, Whoosh's writer and collector)",
            choices=("fast", "whoosh")),
    Setting("BACKEND", "str", "whoosh",
            "the search engine: `whoosh` (embedded, in `KB_INDEX_DIR`) or `opensearch` (a cluster at "
            "`KB_OPENSEARCH_URL`)", choices=("whoosh", "opensearch")),
    Setting("OPENSEARCH_URL", "str", "http://127.0.0.1:9200",
            "the OpenSearch nodes, comma-separated URLs (`https://user:password@host:9200` for a secured cluster)"),
    Setting("OPENSEARCH_INDEX", "str", "kb",
            "the alias searches go through; each rebuild makes a new index `<alias>.gen-<time>` and moves the "
            "alias onto it"),
    Setting("OPENSEARCH_SHARDS", "int", 3, "primary shards of a new OpenSearch index", 1),
    Setting("OPENSEARCH_REPLICAS", "int", 1, "replicas of each shard (1: a node can fail without losing a search)", 0),
    Setting("WRITE_LOCK_TIMEOUT", "int", 60,
            "seconds a writer (`kb add`, `kb remove`, a web edit) waits for another to finish before giving up", 1),
    Setting("SHARED_DATA", "path", None, "benchmark and `kb eval` data (VNTC, ALQAC), never copied into the project",
            shown_default="../shared/data"),
)
BY_NAME = {s.name: s for s in REGISTRY}


def _setting(name: str) -> Setting:
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"no setting KB_{name} is declared in kb/settings.py") from None


@lru_cache(maxsize=8)
def _file_values(path: str, mtime: float) -> dict[str, Any]:
    """The instance file's settings, upper-cased; cached until the file changes."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingError(f"{p}: not valid TOML: {exc}") from None
    out = {}
    for key, value in data.items():
        setting = BY_NAME.get(key.upper())
        if setting is None or setting.name == "SETTINGS_FILE":
            raise SettingError(f"{p}: unknown setting '{key}'")
        out[setting.name] = setting.convert(value, f"{p}: {key}")
    return out


def _instance_file(env: Mapping[str, str]) -> dict[str, Any]:
    path = env.get("KB_SETTINGS_FILE") or DEFAULT_SETTINGS_FILE
    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        return {}
    return _file_values(path, mtime)


def get(name: str, environ: Mapping[str, str] | None = None) -> Any:
    """The value of ``KB_<name>``: environment, else instance file, else the default.

    >>> get("PORT", {"KB_PORT": "8080", "KB_SETTINGS_FILE": "/nonexistent"})
    8080
    >>> get("RESULT_CACHE", {"KB_SETTINGS_FILE": "/nonexistent"})
    512
    """
    setting = _setting(name)
    env = os.environ if environ is None else environ
    raw = env.get(setting.variable)
    if raw is not None:
        return setting.convert(raw, setting.variable)
    if setting.name != "SETTINGS_FILE":
        from_file = _instance_file(env)
        if setting.name in from_file:
            return from_file[setting.name]
    return setting.default


def check_environment(environ: Mapping[str, str] | None = None) -> None:
    """Validate every setting the environment and the instance file give; the first bad one
    raises :class:`SettingError` naming it."""
    env = os.environ if environ is None else environ
    for setting in REGISTRY:
        get(setting.name, env)


def web_config(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The settings the Flask app keeps in ``app.config``, by name."""
    env = os.environ if environ is None else environ
    return {s.name: get(s.name, env) for s in REGISTRY if s.web}


def shared_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where the shared benchmark and evaluation data live: ``KB_SHARED_DATA``, else
    ``../shared/data`` beside this checkout (read at run time, never copied into the project)."""
    return Path(get("SHARED_DATA", environ) or Path(__file__).resolve().parents[2] / "shared" / "data")


def markdown_table() -> str:
    """The configuration table of docs/operations.md, generated from the registry."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for s in REGISTRY:
        shown = s.shown_default or str(s.default)
        rows.append(f"| `{s.variable}` | `{shown}` | {s.meaning} |")
    return "\n".join(rows)
