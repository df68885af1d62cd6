"""The matching view: a repaired copy of the text with a map back to the original.

Submitted text is messy (full-width digits, spaces inside figures such as ``21 条``,
lines hard-wrapped mid-sentence, Traditional characters). Patterns run on the view;
every match is mapped back with `MatchView.to_source` so spans always point at what
the user submitted.
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

_FULLWIDTH_KEEP = set("，。；：！？、（）《》“”‘’【】")  # CJK punctuation the parser relies on
_WIDTH_MAP = {"（": "(", "）": ")", "％": "%", "．": ".", "～": "~", "－": "-", "＋": "+"}
_SPACES = {" ", "\t", "\u3000", "\xa0", "\u2002", "\u2003", "\u2009"}


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch in "〇"


def _is_wordlike(ch: str) -> bool:
    return is_cjk(ch) or ch.isdigit() or ch in "%‰"


@cache
def _t2s():
    import opencc  # opencc-python-reimplemented: pure Python, no downloads

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified, character for character (length preserved)."""
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c := _t2s().convert(ch)) == 1 else ch for ch in text)


def normalise_char(ch: str) -> str:
    """Half-width form of full-width digits, letters and the few symbols used in figures."""
    if ch in _WIDTH_MAP:
        return _WIDTH_MAP[ch]
    if ch in _FULLWIDTH_KEEP:
        return ch
    if "\uff01" <= ch <= "\uff5e":
        return unicodedata.normalize("NFKC", ch)
    return ch


@dataclass
class MatchView:
    """`text` is the repaired view; `offsets[i]` is the source offset of view char i."""

    text: str
    offsets: list[int]
    source_length: int

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a view span [start, end) to the source span covering the same characters."""
        if start >= end:
            pos = self.offsets[start] if start < len(self.offsets) else self.source_length
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def from_source(self, pos: int) -> int:
        """View index of the first view char at or after source offset `pos`."""
        return bisect_left(self.offsets, pos)

    def slice_source(self, start: int, end: int) -> str:
        """The view text covering the source span [start, end)."""
        return self.text[self.from_source(start):self.from_source(end)]


def build_view(text: str, joins: frozenset[int] | set[int] = frozenset()) -> MatchView:
    """Build the view of `text`.

    Args:
        text: the source text.
        joins: offsets of newlines that only break a paragraph by width; they are dropped.
    """
    simplified = to_simplified(text)
    chars: list[str] = []
    offsets: list[int] = []
    n = len(text)
    for i, ch in enumerate(simplified):
        if i in joins:
            continue
        if ch in _SPACES and _space_inside_words(simplified, i, n, joins):
            continue
        chars.append(normalise_char(ch))
        offsets.append(i)
    return MatchView("".join(chars), offsets, n)


def _space_inside_words(text: str, i: int, n: int, joins) -> bool:
    """A run of spaces between a CJK char and a CJK char or digit is debris from layout."""
    left = i - 1
    while left >= 0 and (text[left] in _SPACES or left in joins):
        left -= 1
    right = i + 1
    while right < n and (text[right] in _SPACES or right in joins):
        right += 1
    if left < 0 or right >= n or text[left] == "\n" or text[right] == "\n":
        return False
    a, b = text[left], text[right]
    if is_cjk(a) or is_cjk(b):
        return _is_wordlike(a) and _is_wordlike(b) or a in "，。；：、）”" or b in "（“"
    return False
