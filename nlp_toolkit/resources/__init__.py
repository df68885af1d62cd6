"""Data files (lexicons, patterns), loaded lazily once.

Each resource is one `Lexicon`: the file shipped in this package, the user's additions to it
(`add_user_file`, as jieba's `load_userdict` allows), its lines or parsed data, and every
compiled form a module builds from it (a set, a regex, an automaton). A module declares such a
form with `@compiled("name.txt")` instead of `functools.cache`, so the form lives on the
resource's Lexicon and is dropped with it: a user file added after the first analysis takes
effect in the next one.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Callable
from functools import wraps
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml

T = TypeVar("T")
_LOCK = threading.RLock()
_MISSING = object()
# libyaml's safe loader when PyYAML has it (the same data, parsed about 7× faster), else PyYAML's own
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def _parse_lines(text: str) -> list[str]:
    stripped = (line.strip() for line in text.splitlines())
    return [line for line in stripped if line and not line.startswith("#")]


class Lexicon:
    """One resource: its text (shipped and the user's), its lines or data, and the forms compiled from it."""

    def __init__(self, name: str):
        self.name = name
        self.user_files: list[Path] = []
        self._lines: tuple[str, ...] | None = None
        self._data: Any = _MISSING
        self._forms: dict[tuple, Any] = {}

    def lines(self) -> tuple[str, ...]:
        """Non-empty, non-comment lines of the shipped file, then of the user's files."""
        if self._lines is not None:
            return self._lines
        with _LOCK:
            if self._lines is None:
                texts = [_read(self.name), *(p.read_text(encoding="utf-8") for p in self.user_files)]
                self._lines = tuple(line for text in texts for line in _parse_lines(text))
            return self._lines

    def data(self):
        """The YAML or JSON resource, parsed."""
        if self._data is not _MISSING:
            return self._data
        with _LOCK:
            if self._data is _MISSING:
                text = _read(self.name)
                self._data = json.loads(text) if self.name.endswith(".json") else yaml.load(text, Loader=_SAFE_LOADER)
            return self._data

    def form(self, key: tuple, default: Any = None) -> Any:
        """The compiled form `key`, or `default` when it has not been built since the last clear."""
        return self._forms.get(key, default)

    def forms_held(self) -> dict[tuple, Any]:
        """The dict of compiled forms itself (emptied, never replaced, by `clear`): a fast lookup."""
        return self._forms

    def keep(self, key: tuple, value: Any) -> None:
        """Hold a compiled form until the lexicon is cleared."""
        self._forms[key] = value

    def add_user_file(self, path: Path) -> None:
        with _LOCK:
            self.user_files.append(path)
            self.clear()

    def clear(self) -> None:
        """Forget the lines, the data and every compiled form (the user files stay)."""
        with _LOCK:
            self._lines, self._data = None, _MISSING
            self._forms.clear()


_LEXICONS: dict[str, Lexicon] = {}


def lexicon(name: str) -> Lexicon:
    """The one Lexicon of resource `name`."""
    found = _LEXICONS.get(name)
    if found is None:
        with _LOCK:
            found = _LEXICONS.setdefault(name, Lexicon(name))
    return found


def lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a text resource (plus the user's additions)."""
    return lexicon(name).lines()


def data(name: str):
    """A YAML or JSON resource, parsed."""
    return lexicon(name).data()


def compiled(*names: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Decorate a function that builds something from the resources `names`: its result (per
    arguments) is kept on their Lexicons and rebuilt after any of them is cleared."""

    def wrap(build: Callable[..., T]) -> Callable[..., T]:
        first, *rest = [lexicon(n) for n in names]

        kept = first.forms_held()  # the same dict for the lexicon's life (clear() empties it)

        @wraps(build)
        def get(*args):
            key = (get, args) if args else bare  # most forms take no arguments: one key made once
            value = kept.get(key, _MISSING)
            if value is not _MISSING:
                if not rest:
                    return value
                for lex in rest:
                    if lex.form(key, _MISSING) is not value:
                        break
                else:
                    return value
            with _LOCK:
                value = build(*args)
                for lex in (first, *rest):
                    lex.keep(key, value)
                return value

        bare = (get, ())
        get.resources = names
        return get

    return wrap


def add_user_file(name: str, path: str | Path) -> None:
    """Extend the line resource `name` with the lines of the user's own file; everything compiled
    from it is rebuilt on next use."""
    lexicon(name).add_user_file(Path(path))


def clear() -> None:
    """Forget every resource's lines, data and compiled forms (user files stay added)."""
    with _LOCK:
        for lex in _LEXICONS.values():
            lex.clear()
