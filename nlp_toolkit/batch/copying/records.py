"""The typed records copy detection returns (it never builds findings)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Copy:
    """A span shared by two documents, in normalised and source coordinates."""

    path_a: str
    path_b: str
    na: tuple[int, int]
    nb: tuple[int, int]
    a: tuple[int, int]  # source span in document a
    b: tuple[int, int]
    matched: int  # normalised characters that agree
    content: int  # …of which not common wording
    common: int  # …discounted: in the lexicon or in passages many documents share
