"""Lines into paragraphs: a line broken only by the page width continues its paragraph."""
from __future__ import annotations

from nlp_toolkit.structure.lines import Line

_TERMINAL = set("。！？；：!?;:")
_CLOSERS = set("”’」』）)》")
MIN_WRAPPED_CHARS = 15  # a shorter line without an ending is a label or heading, not a wrapped line


def ends_sentence(text: str) -> bool:
    text = text.rstrip()
    if not text:
        return True
    if text[-1] in _TERMINAL:
        return True
    return text[-1] in _CLOSERS and len(text) > 1 and text[-2] in _TERMINAL


def group_paragraphs(lines: list[Line], starts_block: list[bool], ends_block: list[bool]) -> list[list[Line]]:
    """Group lines into paragraphs.

    Args:
        lines: the document's non-blank lines.
        starts_block: per line, True when it must start a paragraph (heading, title, item marker).
        ends_block: per line, True when nothing may follow it in its paragraph (a title or a
            heading that is a whole line).
    """
    indent_means_new = sum(1 for ln in lines if ln.indent) < 0.9 * len(lines)
    groups: list[list[Line]] = []
    closed = True
    for line, forced, closes in zip(lines, starts_block, ends_block):
        prev = groups[-1][-1] if groups else None
        if prev is None or forced or closed or _breaks_after(prev, line, indent_means_new):
            groups.append([line])
        else:
            groups[-1].append(line)
        closed = closes
    return groups


def _breaks_after(prev: Line, line: Line, indent_means_new: bool) -> bool:
    if ends_sentence(prev.view.text) or len(prev.view.text) < MIN_WRAPPED_CHARS:
        return True
    return indent_means_new and line.indent >= 2
