"""Every ``KB_*`` setting, declared once (in ``kb/data/settings.toml``): its type, default, meaning
and valid range.

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
from importlib import resources
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


def _registry() -> tuple[Setting, ...]:
    """The settings declared as data in ``kb/data/settings.toml`` (one table row each)."""
    rows = tomllib.loads(resources.files("kb").joinpath("data", "settings.toml").read_text(encoding="utf-8"))
    return tuple(Setting(**{"default": None, **row, "choices": tuple(row.get("choices", ()))})
                 for row in rows["setting"])


REGISTRY: tuple[Setting, ...] = _registry()
BY_NAME = {s.name: s for s in REGISTRY}


def _setting(name: str) -> Setting:
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"no setting KB_{name} is declared in kb/data/settings.toml") from None


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
