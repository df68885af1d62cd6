"""Data files (lexicons, patterns), loaded lazily once.

Each loader reads a file shipped in this package; a user may add entries of their own
with `add_user_file` (as jieba's `load_userdict` allows), which clears the caches.
"""
from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

_USER_FILES: dict[str, list[Path]] = {}
# libyaml's safe loader when PyYAML has it (the same data, parsed about 7× faster), else PyYAML's own
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def _user_texts(name: str) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in _USER_FILES.get(name, [])]


@cache
def lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a text resource (plus the user's additions)."""
    out: list[str] = []
    for text in [_read(name), *_user_texts(name)]:
        for line in text.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                out.append(line)
    return tuple(out)


@cache
def data(name: str):
    """A YAML or JSON resource, parsed."""
    text = _read(name)
    return json.loads(text) if name.endswith(".json") else yaml.load(text, Loader=_SAFE_LOADER)


def add_user_file(name: str, path: str | Path) -> None:
    """Extend the line resource `name` with the lines of the user's own file."""
    _USER_FILES.setdefault(name, []).append(Path(path))
    lines.cache_clear()
