"""Sentences: split on 。！？； and before item markers, with source offsets."""
from __future__ import annotations

from nlp_toolkit.model import Paragraph, Sentence
from nlp_toolkit.structure.chars import CLOSERS, SENTENCE_END
from nlp_toolkit.structure.view import MatchView

_SPACE = " \t\n\u3000"


def split_sentences(text: str, view: MatchView, paragraphs: list[Paragraph],
                    item_starts: set[int]) -> list[Sentence]:
    """Sentences of every paragraph; `item_starts` are view offsets where an item marker begins."""
    out: list[Sentence] = []
    for para in paragraphs:
        vstart, vend = view.from_source(para.start), view.from_source(para.end)
        begin = vstart
        i = vstart
        while i < vend:
            if i in item_starts and i > begin:
                _emit(text, view, begin, i, para.index, out)
                begin = i
            if view.text[i] in SENTENCE_END:
                while i + 1 < vend and view.text[i + 1] in CLOSERS:
                    i += 1
                _emit(text, view, begin, i + 1, para.index, out)
                begin = i + 1
            i += 1
        _emit(text, view, begin, vend, para.index, out)
    return out


def _emit(text: str, view: MatchView, vstart: int, vend: int, paragraph: int, out: list[Sentence]) -> None:
    if vend <= vstart:
        return
    start, end = view.to_source(vstart, vend)
    while start < end and text[start] in _SPACE:
        start += 1
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], paragraph))
