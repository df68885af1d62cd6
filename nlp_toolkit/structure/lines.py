"""Physical lines of the source, each with its own matching view."""
from __future__ import annotations

from dataclasses import dataclass

from nlp_toolkit.structure.view import MatchView, build_view


@dataclass
class Line:
    start: int  # first non-space character
    end: int  # after the last non-space character
    text: str  # source text of the line, stripped
    indent: int  # leading space characters
    view: MatchView  # view of `text`; map with `to_source` then add `start`

    def source_span(self, vstart: int, vend: int) -> tuple[int, int]:
        a, b = self.view.to_source(vstart, vend)
        return self.start + a, self.start + b


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with offsets into `text`."""
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            start = pos + lead
            out.append(Line(start, start + len(stripped), stripped, lead, build_view(stripped)))
        pos += len(raw) + 1
    return out
