"""The matching view: a repaired copy of the text with a map back to the original.

Submitted text is messy (full-width digits, spaces inside figures such as ``21 条``,
lines hard-wrapped mid-sentence, Traditional characters). Patterns run on the view;
every match is mapped back with `MatchView.to_source` so spans always point at what
the user submitted.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from nlp_toolkit.memo import text_memo
from nlp_toolkit.structure.chars import CELL_BREAK, FULLWIDTH_KEPT

_WIDTH_MAP = {"（": "(", "）": ")", "％": "%", "．": ".", "～": "~", "－": "-", "＋": "+"}
_SPACES = {" ", "\t", "\u3000", "\xa0", "\u2002", "\u2003", "\u2009"}


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch in "〇"


@cache
def cjk_chars() -> frozenset[str]:
    """Every character `is_cjk` accepts."""
    return frozenset(ch for ch in map(chr, range(0x3000, 0xA000)) if is_cjk(ch))


def _is_wordlike(ch: str) -> bool:
    return is_cjk(ch) or ch.isdigit() or ch in "%‰"


@cache
def _t2s():
    import opencc  # opencc-python-reimplemented: pure Python, no downloads

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified, character for character (length preserved)."""
    converted = _convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c := _convert(ch)) == 1 else ch for ch in text)


def _convert(text: str) -> str:
    """opencc's t2s, line by line, passing over the lines it would leave as they are.

    opencc converts the stretches between separators (whitespace among them) one by one, so
    converting each line, or a line without its leading and trailing spaces, gives the same
    result; the lines of a document are converted once for their own views and once for the
    whole text's, hence the cache.
    """
    marks = _traditional_marks()
    if marks is None:
        return _t2s().convert(text)
    if not _may_change(text, marks):
        return text
    return "\n".join(_convert_line(line) if _may_change(line, marks) else line for line in text.split("\n"))


def _may_change(text: str, marks: tuple[frozenset[str], frozenset[str], re.Pattern | None]) -> bool:
    """Whether t2s can change `text`: it holds a character t2s changes, or a phrase it changes
    whose characters it leaves alone on their own (反覆; not 覆盖, which stays as it is)."""
    any_mark, chars, phrases = marks
    if any_mark.isdisjoint(text):
        return False
    return not chars.isdisjoint(text) or phrases is not None and phrases.search(text) is not None


def _convert_line(line: str) -> str:
    lead = len(line) - len(line.lstrip())
    end = lead + len(line.strip())
    return line[:lead] + _convert_stripped(line[lead:end]) + line[end:]


@text_memo(maxsize=4096)
def _convert_stripped(line: str) -> str:
    return _t2s().convert(line)


@cache
def _traditional_marks() -> tuple[frozenset[str], frozenset[str], re.Pattern | None] | None:
    """What a text must hold for t2s to change it: one of the characters it changes, or one of the
    phrases it changes that hold none of them; and, for a first quick look, those characters with
    one character of each such phrase (the one it changes). A text with none of them stays as it
    is (every match t2s makes in it maps a key to itself).

    None when the installed opencc keeps its tables elsewhere (then every text is converted).
    """
    try:
        tables = [table for group in _t2s()._dict_chain_data for _, _, table in group]
    except (AttributeError, TypeError, ValueError):
        return None
    changing = {key: first for table in tables for key, value in table.items()
                if key != (first := value.split(" ")[0])}  # opencc uses the first of several readings
    chars = frozenset(key for key in changing if len(key) == 1)
    phrases = sorted((key for key in changing if len(key) > 1 and chars.isdisjoint(key)), key=len, reverse=True)
    firsts = {next((a for a, b in zip(key, changing[key]) if a != b), key[0]) for key in phrases}
    return chars | firsts, chars, re.compile("|".join(map(re.escape, phrases))) if phrases else None


def normalise_char(ch: str) -> str:
    """Half-width form of full-width digits, letters and the few symbols used in figures."""
    if ch in _WIDTH_MAP:
        return _WIDTH_MAP[ch]
    if ch in FULLWIDTH_KEPT:
        return ch
    if "\uff01" <= ch <= "\uff5e":
        return unicodedata.normalize("NFKC", ch)
    return ch


_NORMALISE = {ord(ch): normalise_char(ch) for ch in map(chr, range(0xFF01, 0xFF5F)) if normalise_char(ch) != ch}
# a tab is a table reader's cell break (CELL_BREAK), kept so that a row number, a figure and its
# unit, or two cells never run together (`12\t个别…` is row 12, not 12个)
_FOLDED = re.compile(f"[{''.join(map(re.escape, map(chr, sorted(_NORMALISE))))}]")
_SPACE_CHAR = re.compile(f"[{''.join(sorted(_SPACES - set(CELL_BREAK)))}]")


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
    n = len(text)
    dropped = _dropped(simplified, joins)
    if not dropped:  # most lines: every character kept
        return MatchView(_normalised(simplified), list(range(n)), n)
    kept: list[str] = []
    offsets: list[int] = []
    prev = 0
    for i in sorted(dropped) + [n]:
        kept.append(simplified[prev:i])
        offsets.extend(range(prev, i))
        prev = i + 1
    return MatchView(_normalised("".join(kept)), offsets, n)


def _normalised(text: str) -> str:
    """`text` with the full-width forms `_NORMALISE` folds made half-width (translated only when it has one)."""
    return text.translate(_NORMALISE) if _FOLDED.search(text) else text


def _dropped(text: str, joins) -> set[int]:
    """Offsets left out of the view: the joined line breaks and the spaces inside words."""
    n = len(text)
    dropped = {i for i in joins if 0 <= i < n}
    spaces = (m.start() for m in _SPACE_CHAR.finditer(text))
    dropped.update(i for i in spaces if i not in joins and _space_inside_words(text, i, n, joins))
    return dropped


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
