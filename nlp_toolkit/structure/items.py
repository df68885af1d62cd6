"""In-paragraph items (一是…二是…, 其一…, 第一，…) found in the matching view."""
from __future__ import annotations

from dataclasses import dataclass

from nlp_toolkit.model import Item, Paragraph
from nlp_toolkit.structure.chars import BEFORE_ITEM_MARKER, ITEM_TRAILING
from nlp_toolkit.structure.headings import inline_patterns
from nlp_toolkit.structure.numerals import ordinal
from nlp_toolkit.structure.view import MatchView



@dataclass
class _Candidate:
    style: str
    number: int
    vstart: int  # marker start in the document view
    vend: int  # marker end (text start) in the document view
    paragraph: int


def _candidates(view: MatchView, paragraphs: list[Paragraph]) -> list[_Candidate]:
    found: list[_Candidate] = []
    for para in paragraphs:
        vstart, vend = view.from_source(para.start), view.from_source(para.end)
        for style, pattern, kind in inline_patterns():
            for m in pattern.finditer(view.text, vstart, vend):
                at = m.start()
                if at > vstart and view.text[at - 1] not in BEFORE_ITEM_MARKER:
                    continue  # 统一是…, 唯一是…: a numeral inside a word
                number = ordinal(m.group("num"), kind)
                if number is not None:
                    found.append(_Candidate(style, number, at, m.end(), para.index))
    return sorted(found, key=lambda c: c.vstart)


def _runs(candidates: list[_Candidate], barriers: list[int]) -> list[list[_Candidate]]:
    """Runs 1, 2, 3 … of one marker style, not crossing a heading (a barrier view offset)."""
    runs: list[list[_Candidate]] = []
    current: list[_Candidate] = []
    for cand in candidates:
        crossed = current and any(current[-1].vstart < b <= cand.vstart for b in barriers)
        if crossed:
            runs.append(current)
            current = []
        if cand.number == 1:
            if current:
                runs.append(current)
            current = [cand]
        elif current and cand.style == current[-1].style and cand.number == current[-1].number + 1:
            current.append(cand)
    if current:
        runs.append(current)
    return [run for run in runs if len(run) >= 2]


def inline_items(text: str, view: MatchView, paragraphs: list[Paragraph], barriers: list[int]) -> list[Item]:
    """Every run of in-paragraph items; an item ends at the next marker or its paragraph's end."""
    items: list[Item] = []
    for run in _runs(_candidates(view, paragraphs), barriers):
        for i, cand in enumerate(run):
            para = paragraphs[cand.paragraph]
            vend = view.from_source(para.end)
            if i + 1 < len(run) and run[i + 1].paragraph == cand.paragraph:
                vend = run[i + 1].vstart
            items.append(_item(text, view, cand, vend))
    return sorted(items, key=lambda it: it.start)


def _item(text: str, view: MatchView, cand: _Candidate, vend: int) -> Item:
    marker_start, start = view.to_source(cand.vstart, cand.vend)
    start = view.to_source(cand.vend, cand.vend + 1)[0] if cand.vend < vend else start
    end = view.to_source(cand.vend, vend)[1] if vend > cand.vend else start
    while end > start and text[end - 1] in ITEM_TRAILING:
        end -= 1
    return Item(start, end, text[start:end], text[marker_start:start].strip(), marker_start,
                cand.number, kind="inline")
