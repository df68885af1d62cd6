"""Which of many spans overlap a stretch, found by bisection instead of a scan of them all.

A document can carry hundreds of thousands of spans (a 200,000-row Word table gives one
layout hint a row); asking each line which of them it falls in must not look at every one.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """Items with half-open spans [start, end), sorted by start with the running largest end.

    `overlapping(lo, hi)` walks back from the last item starting before `hi` only while some
    earlier item could still reach past `lo`, so spans that do not overlap each other (layout
    hints, blocked stretches) cost a bisection and a step or two per query.
    """

    def __init__(self, items: Iterable[T], span: Callable[[T], tuple[int, int]]):
        placed = sorted(((*span(item), order, item) for order, item in enumerate(items)),
                        key=lambda entry: (entry[0], entry[2]))
        self._starts = [entry[0] for entry in placed]
        self._entries = placed
        self._reach: list[int] = []
        for start, end, _, _ in placed:
            self._reach.append(max(end, self._reach[-1]) if self._reach else end)

    def overlapping(self, lo: int, hi: int) -> list[T]:
        """The items whose span overlaps [lo, hi), in the order they were given."""
        found = []
        j = bisect_left(self._starts, hi) - 1
        while j >= 0 and self._reach[j] > lo:
            start, end, order, item = self._entries[j]
            if end > lo:
                found.append((order, item))
            j -= 1
        return [item for _, item in sorted(found, key=lambda pair: pair[0])]

    def any_overlapping(self, lo: int, hi: int) -> bool:
        j = bisect_left(self._starts, hi) - 1
        while j >= 0 and self._reach[j] > lo:
            if self._entries[j][1] > lo:
                return True
            j -= 1
        return False
