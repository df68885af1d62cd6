"""Lines into paragraphs: a line broken only by the page width continues its paragraph."""
from __future__ import annotations

from nlp_toolkit.structure.chars import CLOSERS, PARAGRAPH_END
from nlp_toolkit.structure.lines import Line

MIN_WRAPPED_CHARS = 15  # a shorter line without an ending is a label or heading, not a wrapped line
WORD_LINE_CHARS = 6  # a line this short is one word of a paste that breaks after every word
WORD_LINES_SHARE = 0.6  # ... when at least this share of a document's lines are that short
MIN_WORD_LINES = 30


def ends_sentence(text: str) -> bool:
    text = text.rstrip()
    if not text:
        return True
    if text[-1] in PARAGRAPH_END:
        return True
    return text[-1] in CLOSERS and len(text) > 1 and text[-2] in PARAGRAPH_END


def group_paragraphs(lines: list[Line], starts_block: list[bool], ends_block: list[bool]) -> list[list[Line]]:
    """Group lines into paragraphs.

    Args:
        lines: the document's non-blank lines.
        starts_block: per line, True when it must start a paragraph (heading, title, item marker).
        ends_block: per line, True when nothing may follow it in its paragraph (a title or a
            heading that is a whole line).
    """
    indent_means_new = sum(1 for ln in lines if ln.indent) < 0.9 * len(lines)
    by_word = one_word_per_line(lines)
    groups: list[list[Line]] = []
    closed = True
    for line, forced, closes in zip(lines, starts_block, ends_block):
        prev = groups[-1][-1] if groups else None
        if prev is None or forced or closed or _breaks_after(prev, line, indent_means_new, by_word):
            groups.append([line])
        else:
            groups[-1].append(line)
        closed = closes
    return groups


def one_word_per_line(lines: list[Line]) -> bool:
    """Text pasted from a PDF that breaks after every word: most lines hold a word or two.

    Then a paragraph runs on to the next heading or item marker: line ends say nothing there.
    """
    short = sum(1 for ln in lines if len(ln.view.text) <= WORD_LINE_CHARS)
    return len(lines) >= MIN_WORD_LINES and short >= WORD_LINES_SHARE * len(lines)


def _breaks_after(prev: Line, line: Line, indent_means_new: bool, by_word: bool = False) -> bool:
    if by_word:  # 以上。|责任人：|村|党支部|书记。 — nothing but a heading or item marker ends a paragraph
        return indent_means_new and line.indent >= 2
    if ends_sentence(prev.view.text) or len(prev.view.text) < MIN_WRAPPED_CHARS:
        return True
    return indent_means_new and line.indent >= 2


WRAP_MIN_LINES = 6  # lines of one width it takes to call a text hard-wrapped


def wrap_width(lines: list[Line]) -> int | None:
    """The width a text pasted from a PDF is hard-wrapped at: the most common length (±1) of
    lines that stop mid-sentence, when at least WRAP_MIN_LINES of them share it; else None."""
    counts: dict[int, int] = {}
    for ln in lines:
        text = ln.view.text
        if len(text) >= MIN_WRAPPED_CHARS and not ends_sentence(text):
            counts[len(text)] = counts.get(len(text), 0) + 1
    best = max(counts, key=lambda n: counts.get(n - 1, 0) + counts[n] + counts.get(n + 1, 0), default=None)
    if best is None or counts.get(best - 1, 0) + counts[best] + counts.get(best + 1, 0) < WRAP_MIN_LINES:
        return None
    return best
