"""Registries for the extension points, catalogue/spaCy style, open to plug-ins through entry points.

A `Registry` holds named objects of one kind (readers, extractors, writers, classifiers, rules):

    readers = Registry("readers", builtins="nlp_toolkit.readers.builtin:register")

    @readers.register("toy")          # or readers.register("toy", obj)
    def ...

On first use (`get`, `all`, `names`) it calls the `builtins` function ("module:function", given
the registry), which registers the toolkit's own entries in their order, then loads every entry point of the group
``nlp_toolkit.<name>`` (those of installed plug-in packages, in name order) and registers each
object under the entry point's name. A plug-in that fails to load raises `PluginError`, whose
`reason` names the plug-in, its package and why (the CLI prints it; no traceback).
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")

GROUP_PREFIX = "nlp_toolkit."


class PluginError(Exception):
    """A plug-in (an entry point) could not be loaded. `reason` is a Chinese sentence for the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Registry(Generic[T]):
    """Named objects of one kind: the toolkit's own, then those of the entry point group."""

    def __init__(self, name: str, *, builtins: str | None = None, check: Callable[[Any], bool] | None = None):
        self.name = name
        self.group = GROUP_PREFIX + name
        self._builtins = builtins
        self._check = check  # what a plug-in's object must satisfy (e.g. isinstance of Reader)
        self._entries: dict[str, T] = {}
        self._loaded = False
        self._loading = False

    def register(self, name: str, obj: T | None = None):
        """Register `obj` under `name`; without `obj`, a decorator that registers what it decorates."""
        if obj is not None:
            self._entries[name] = obj
            return obj

        def decorate(target: T) -> T:
            self._entries[name] = target
            return target

        return decorate

    def get(self, name: str) -> T:
        """The entry named `name`; KeyError when there is none."""
        self._ensure_loaded()
        return self._entries[name]

    def all(self) -> dict[str, T]:
        """Every entry by name, the toolkit's own first (in their order), then the plug-ins'."""
        self._ensure_loaded()
        return dict(self._entries)

    def names(self) -> list[str]:
        return list(self.all())

    def __contains__(self, name: str) -> bool:
        self._ensure_loaded()
        return name in self._entries

    def _ensure_loaded(self) -> None:
        if self._loaded or self._loading:
            return
        self._loading = True
        try:
            if self._builtins:
                module, _, function = self._builtins.partition(":")
                getattr(importlib.import_module(module), function)(self)
            for point in sorted(entry_points(self.group), key=lambda p: p.name):
                self._entries[point.name] = self._load(point)
            self._loaded = True
        finally:
            self._loading = False

    def _load(self, point) -> T:
        package = getattr(getattr(point, "dist", None), "name", None) or "未知的包"
        where = f"插件 {point.name}（{point.value}，来自 {package}，入口组 {self.group}）"
        try:
            obj = point.load()
        except Exception as exc:  # noqa: BLE001 — any failure of a foreign module becomes one sentence
            raise PluginError(f"{where}无法加载：{type(exc).__name__}: {exc}") from None
        if self._check is not None and not self._check(obj):
            raise PluginError(f"{where}无法加载：它给出的 {type(obj).__name__} 不是可用的{self.name}条目")
        return obj

    def reset(self) -> None:
        """Forget the plug-ins and load again on next use (for tests that install one)."""
        self._entries.clear()
        self._loaded = False


def entry_points(group: str) -> list:
    """The installed entry points of `group` (importlib.metadata imported only when asked)."""
    from importlib.metadata import entry_points as found

    return list(found(group=group))
