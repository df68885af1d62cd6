"""Metrics: every reported quantity as data (value, unit, subject, qualifier, parent)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nlp_toolkit import resources
from nlp_toolkit.extract.numbers import NumberMatch, find_figures
from nlp_toolkit.extract.subjects import CLAUSE_BREAKS, subject_after, subject_before
from nlp_toolkit.model import Document, Metric


@dataclass
class _Placed:
    figure: NumberMatch
    sentence: int
    metric: Metric


def extract_metrics(doc: Document) -> list[Metric]:
    """Every figure in the document as a Metric, in reading order.

    Args:
        doc: a parsed document (its matching view and sentences are used).

    Returns:
        Metrics whose `start`/`end` cover the figure as written (qualifiers included),
        with `whole` linking a part (其中…) to the metric it is part of.
    """
    view = doc.view
    placed: list[_Placed] = []
    for figure in find_figures(view.text):
        start, end = view.to_source(figure.vstart, figure.vend)
        sentence = doc.sentence_at(start)
        if sentence is None:
            continue
        metric = Metric(start, end, doc.text[start:end], figure.value, figure.unit,
                        qualifier=figure.qualifier, value_max=figure.value_max, bound=figure.bound,
                        sentence=sentence, section=doc.section_at(start), problem=figure.problem)
        placed.append(_Placed(figure, sentence, metric))
    for group in _by_sentence(placed):
        _read_subjects(doc, group)
    _link_parts(doc, placed)
    return [p.metric for p in placed]


def _by_sentence(placed: list[_Placed]) -> list[list[_Placed]]:
    groups: dict[int, list[_Placed]] = {}
    for p in placed:
        groups.setdefault(p.sentence, []).append(p)
    return list(groups.values())


def _read_subjects(doc: Document, group: list[_Placed]) -> None:
    """Subject of each figure, read from its clause only (tagging only sentences with figures)."""
    view = doc.view
    sentence = doc.sentences[group[0].sentence]
    s_start, s_end = view.from_source(sentence.start), view.from_source(sentence.end)
    for k, p in enumerate(group):
        lo = max(_clause_start(view.text, s_start, p.figure.vstart), group[k - 1].figure.vend if k else s_start)
        hi = min(_clause_end(view.text, p.figure.vend, s_end), group[k + 1].figure.vstart if k + 1 < len(group) else s_end)
        after = subject_after(view.text[p.figure.vend:hi]) if hi > p.figure.vend else None
        before = subject_before(view.text[lo:p.figure.vstart]) if p.figure.vstart > lo else None
        p.metric.subject = after or before
        p.metric.reason = "量词后的名词短语" if after else ("数字前的名词短语" if before else "未找到计量对象")
        p.metric.score = 0.9 if p.metric.subject else 0.5


def _clause_start(text: str, floor: int, pos: int) -> int:
    i = pos
    while i > floor and text[i - 1] not in CLAUSE_BREAKS:
        i -= 1
    return i


def _clause_end(text: str, pos: int, ceiling: int) -> int:
    i = pos
    while i < ceiling and text[i] not in CLAUSE_BREAKS:
        i += 1
    return i


@cache
def _part_markers() -> list[tuple[re.Pattern, str]]:
    table = resources.data("measures.yml")["part_markers"]
    return [(re.compile("|".join(words)), kind) for kind, words in table.items()]


def _link_parts(doc: Document, placed: list[_Placed]) -> None:
    """Figures after 其中/包括/分别为 are parts of the last figure before the marker."""
    view = doc.view
    index_of = {id(p): i for i, p in enumerate(placed)}
    for sent_index in sorted({p.sentence for p in placed}):
        sentence = doc.sentences[sent_index]
        s_start, s_end = view.from_source(sentence.start), view.from_source(sentence.end)
        for pattern, kind in _part_markers():
            for marker in pattern.finditer(view.text, s_start, s_end):
                whole = _whole_before(placed, marker.start(), sent_index)
                if whole is None:
                    continue
                for p in placed:
                    if p.sentence == sent_index and p.figure.vstart >= marker.end() and p.metric.whole is None:
                        p.metric.whole = index_of[id(whole)]
                        p.metric.parent = whole.metric.subject
                        p.metric.part_kind = kind


def _whole_before(placed: list[_Placed], vpos: int, sent_index: int) -> _Placed | None:
    """The last figure before `vpos` in the same sentence, else the previous sentence's last figure."""
    before = [p for p in placed if p.figure.vend <= vpos and p.sentence in (sent_index, sent_index - 1)]
    same = [p for p in before if p.sentence == sent_index]
    pick = same or before
    return pick[-1] if pick else None
