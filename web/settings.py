"""The web's settings: those of :data:`kb.settings.REGISTRY` marked ``web``, read once when the
app is built (defaults < instance file < ``KB_<NAME>`` < the app factory's test config)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kb.settings import REGISTRY, web_config

SETTINGS: list[tuple[str, Any, str]] = [(s.name, s.default, s.meaning) for s in REGISTRY if s.web]


def defaults(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Settings from the declared defaults, the instance file and the environment."""
    return web_config(environ)
