"""Memos of pure functions of a text: bounded, and all emptied at once.

A batch meets the same clause endings, headings and stock phrases again and again, so the
costly steps that depend only on a string (POS tagging, segmentation, character conversion)
keep their last results. Each memo is an `lru_cache` of a fixed size, so memory stays bounded
however long a batch runs; `clear_memos` empties them all (a benchmark round that must start
cold, a test that must see the work done).
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
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


def clear_memos() -> None:
    """Empty every text memo."""
    for memo in _MEMOS:
        memo.cache_clear()


def memo_sizes() -> dict[str, int]:
    """How many results each memo holds, by the function's qualified name."""
    return {f"{memo.__module__}.{memo.__qualname__}": memo.cache_info().currsize for memo in _MEMOS}
