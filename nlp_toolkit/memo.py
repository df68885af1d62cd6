"""Memos of pure functions of a text: bounded, and all emptied at once.

A batch meets the same clause endings, headings and stock phrases again and again, so the
costly steps that depend only on a string (POS tagging, segmentation, character conversion)
keep their last results, and so do the models that score one text at a time in a batch
(`rows_memo`: the same heading or sentence in another report is not scored again). Each memo
has a fixed size, so memory stays bounded however long a batch runs; `clear_memos` empties them all (a benchmark round that must start
cold, a test that must see the work done).
"""
from __future__ import annotations

import threading
from collections import OrderedDict, namedtuple
from collections.abc import Callable, Hashable, Sequence
from functools import lru_cache, update_wrapper
from typing import TypeVar

F = TypeVar("F", bound=Callable)
_MEMOS: list = []


def text_memo(maxsize: int) -> Callable[[F], F]:
    """Decorator: an `lru_cache(maxsize)` of the function, registered for `clear_memos`."""

    def decorate(function: F) -> F:
        memo = lru_cache(maxsize=maxsize)(function)
        _MEMOS.append(memo)
        return memo  # type: ignore[return-value]

    return decorate


def rows_memo(maxsize: int) -> Callable[[F], F]:
    """Decorator for a function that scores a list of items in one call, each item's row depending
    on that item alone (a model's scores for one text): the rows of items met before come from a
    bounded memo, and the function is called once with the others (each of them once), in order."""

    def decorate(function: F) -> F:
        memo = _RowsMemo(function, maxsize)
        _MEMOS.append(memo)
        return memo  # type: ignore[return-value]

    return decorate


_Sizes = namedtuple("_Sizes", "currsize maxsize")


class _RowsMemo:
    """The memo of `rows_memo`: rows by item, the least recently used dropped past `maxsize`."""

    def __init__(self, function: Callable[[list], Sequence], maxsize: int) -> None:
        update_wrapper(self, function)
        self.function, self.maxsize = function, maxsize
        self.rows: OrderedDict[Hashable, object] = OrderedDict()
        self.lock = threading.Lock()

    def __call__(self, items: Sequence[Hashable]) -> list:
        found = {}
        with self.lock:
            for item in items:
                if item in self.rows:
                    self.rows.move_to_end(item)
                    found[item] = self.rows[item]
        new = list(dict.fromkeys(item for item in items if item not in found))
        if new:
            rows = list(self.function(new))
            found.update(zip(new, rows))
            with self.lock:
                self.rows.update(zip(new, rows))
                while len(self.rows) > self.maxsize:
                    self.rows.popitem(last=False)
        return [found[item] for item in items]

    def cache_clear(self) -> None:
        with self.lock:
            self.rows.clear()

    def cache_info(self) -> _Sizes:
        return _Sizes(len(self.rows), self.maxsize)


def clear_memos() -> None:
    """Empty every text memo."""
    for memo in _MEMOS:
        memo.cache_clear()


def memo_sizes() -> dict[str, int]:
    """How many results each memo holds, by the function's qualified name."""
    return {f"{memo.__module__}.{memo.__qualname__}": memo.cache_info().currsize for memo in _MEMOS}
