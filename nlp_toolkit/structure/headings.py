"""Heading markers at the start of a line, and their nesting levels."""
from __future__ import annotations

import re
from dataclasses import dataclass

from nlp_toolkit import resources
from nlp_toolkit.model import LayoutHint
from nlp_toolkit.structure.chars import FULL_STOPS
from nlp_toolkit.structure.lines import Line
from nlp_toolkit.structure.numerals import ordinal
from nlp_toolkit.structure.spanindex import SpanIndex

# Natural depth of each marker family; used only to decide nesting when a family first appears.
_RANK = {"part": 0, "bracket": 1, "plain": 1, "cn_dun": 2, "problem_no": 2.5, "cn_paren": 3, "arabic_dot": 4,
         "arabic_paren": 5, "circled": 6}
MAX_HEADING_CHARS = 80


@dataclass
class Marker:
    style: str
    number: int | None
    vend: int  # end of the marker in the line's view
    label: str | None = None  # text inside 【】


@resources.compiled("headings.yml")
def _patterns(group: str) -> list[tuple[str, re.Pattern, str]]:
    specs = resources.data("headings.yml")[group]
    return [(s["style"], re.compile(s["pattern"]), s["kind"]) for s in specs]


@resources.compiled("headings.yml")
def marker_words(style: str) -> bool:
    """True when a family's marker is itself wording (问题一：) that names the section's role."""
    return any(s["style"] == style and s.get("marker_words") for s in resources.data("headings.yml")["headings"])


def match_marker(view_text: str, group: str = "headings", pos: int = 0) -> Marker | None:
    """The heading (or inline item) marker at `pos` of a view text, if any."""
    for style, pattern, kind in _patterns(group):
        m = pattern.match(view_text, pos)
        if not m:
            continue
        groups = m.groupdict()
        number = ordinal(groups["num"], kind) if groups.get("num") else None
        if groups.get("num") and number is None:
            continue
        return Marker(style, number, m.end(), groups.get("label"))
    return None


def inline_patterns() -> list[tuple[str, re.Pattern, str]]:
    return _patterns("inline")


def heading_title_end(line: Line, vstart: int) -> int:
    """View index where the heading's title ends: the first sentence end, or the line end."""
    text = line.view.text
    for i in range(vstart, len(text)):
        if text[i] in FULL_STOPS:
            return i
    return len(text)


def rank_of(style: str, hint_level: int | None = None) -> float:
    if style == "word_bold":
        return 2.5  # a bolded line: below 一、 when one came first, above （一）
    if style.startswith("word_h"):
        return 1.5 + (hint_level or 1)
    if style.startswith("word_num"):
        return 3.5 + (hint_level or 1)  # Word's automatic 1. 2. 3.: below 一、 and （一）
    return _RANK.get(style, 7)


class LevelAssigner:
    """Assigns nesting levels by the order marker families appear (like Markdown's #)."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, float]] = []

    def level(self, style: str, rank: float) -> int:
        styles = [s for s, _ in self.stack]
        if style in styles:
            del self.stack[styles.index(style) + 1:]
            return len(self.stack)
        while self.stack and self.stack[-1][1] >= rank:
            self.stack.pop()
        self.stack.append((style, rank))
        return len(self.stack)


LINE_HINT_KINDS = ("heading", "title", "numbered", "bold")


def line_hints(hints: list[LayoutHint]) -> SpanIndex[LayoutHint]:
    """The hints that style a whole line, indexed once per document for `hint_for`."""
    return SpanIndex([h for h in hints if h.kind in LINE_HINT_KINDS], lambda h: (h.start, h.end + 1))


def hint_for(line: Line, hints: SpanIndex[LayoutHint] | list[LayoutHint]) -> LayoutHint | None:
    """The Word style hint (title, heading or automatic numbering) on this line, if any.

    Pass `line_hints(...)` built once: a plain list is indexed on every call.
    """
    index = hints if isinstance(hints, SpanIndex) else line_hints(hints)
    found = sorted(index.overlapping(line.start, line.start + 1), key=lambda h: h.kind == "bold")
    return found[0] if found else None
