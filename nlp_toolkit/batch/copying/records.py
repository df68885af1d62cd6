"""The typed records copy detection returns (it never builds findings)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Copy:
    """A span shared by two documents (`path_a` sorts first), in normalised and source coordinates."""

    path_a: str
    path_b: str
    na: tuple[int, int]
    nb: tuple[int, int]
    a: tuple[int, int]  # source span in document a
    b: tuple[int, int]
    matched: int  # normalised characters that agree
    content: int  # …of which not common wording
    common: int  # …discounted: in the lexicon or in passages many documents share
    standard: int = 0  # …discounted: the standard opening or closing of both (reports of different units)


@dataclass
class ProblemGroup:
    """Documents whose problem lists are near-identical, each with the indices of its matched problems."""

    paths: list[str]  # sorted
    matched: dict[str, set[int]] = field(default_factory=dict)  # path → indices into its doc.problems
