"""Finds every rule under rules/<family>/<CODE>.py and selects them by code or prefix."""
from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from nlp_toolkit.registry import Registry
from nlp_toolkit.rules.base import Rule

FAMILIES = {
    "NUM": "numbers",
    "STR": "structure",
    "WRD": "wording",
    "CMT": "commitments",
    "CPY": "copying",
    "PRB": "problems",
    "ARC": "archive",  # scope "archive": found only when a batch is checked against the archive
}


@cache
def all_rules() -> tuple[type[Rule], ...]:
    """Every rule class, sorted by code (one module per rule, named by its code)."""
    found = []
    for family in FAMILIES.values():
        package = importlib.import_module(f"nlp_toolkit.rules.{family}")
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            rule = getattr(module, info.name, None)
            if rule is None or not (isinstance(rule, type) and issubclass(rule, Rule)):
                raise LookupError(f"{module.__name__} must define a Rule subclass named {info.name}")
            found.append(rule)
    found += plugin_rules()
    return tuple(sorted(found, key=lambda r: r.code))


PLUGIN_RULES: Registry[type[Rule]] = Registry("rules", check=lambda obj: isinstance(obj, type) and issubclass(obj, Rule))


def plugin_rules() -> list[type[Rule]]:
    """The rules of the entry point group ``nlp_toolkit.rules`` (plug-ins), each a Rule subclass."""
    return list(PLUGIN_RULES.all().values())


def select(codes: list[str] | None = None, ignore: list[str] | None = None) -> list[type[Rule]]:
    """Rules whose code starts with one of `codes` (all when None), minus those in `ignore`."""
    chosen = [r for r in all_rules() if not codes or any(r.code.startswith(c.upper()) for c in codes)]
    return [r for r in chosen if not ignore or not any(r.code.startswith(c.upper()) for c in ignore)]


def get(code: str) -> type[Rule]:
    for rule in all_rules():
        if rule.code == code.upper():
            return rule
    raise KeyError(code)
