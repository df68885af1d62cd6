"""Problems: every problem a report admits, classified into the five inspection categories."""
from __future__ import annotations

import re
from dataclasses import replace

from nlp_toolkit.extract.listing import Entry, entries, headline, top_sections
from nlp_toolkit.model import CATEGORIES, Document, Problem

CONTEXT_WEIGHT = 0.5  # how much a group heading that names a category (理论学习方面) counts


def extract_problems(doc: Document, *, classify: bool = True) -> list[Problem]:
    """Every listed problem of the report's problems sections (not its causes sections).

    Args:
        doc: a parsed document.
        classify: False leaves the problems unclassified (category and confidence None, no
            scores) and never loads the classifier.

    Returns:
        Problems in reading order; `text` is the problem's headline without its marker,
        `scores` the classifier's scores for all five categories over the whole item.
    """
    from nlp_toolkit.extract.classifier import classify as classify_texts

    found = [_problem_span(doc, entry) for index in top_sections(doc, "problems") for entry in entries(doc, index)]
    found = [(entry, start, end) for entry, start, end in found if end > start]
    if not found:
        return []
    if not classify:
        return [Problem(start, end, doc.text[start:end], None, None, {}, entry.section, entry.marker)
                for entry, start, end in found]
    scores = classify_texts([doc.text[e.start:e.end] for e, _, _ in found])
    problems = []
    for (entry, start, end), score in zip(found, scores):
        score = _with_context(score, entry.context)
        category = max(score, key=score.get)
        problems.append(Problem(start, end, doc.text[start:end], category, round(score[category], 4),
                                {k: round(v, 4) for k, v in score.items()}, entry.section, entry.marker))
    return problems


LABEL = re.compile(r"(?:在|关于)?[\u4e00-\u9fff、]{2,10}(?:方面|上)(?:的问题|存在的问题|存在的不足)?")
_AFTER_LABEL = "。：:；; \n"


def _problem_span(doc: Document, entry: Entry) -> tuple[Entry, int, int]:
    """The problem's headline; after a bare group label (（一）理论学习方面。…) the sentence after it,
    with the label kept as the entry's context for the classifier."""
    start, end = headline(doc, entry)
    label = doc.text[start:end].strip()
    rest = end
    while rest < entry.end and doc.text[rest] in _AFTER_LABEL:
        rest += 1
    if not LABEL.fullmatch(label) or rest >= entry.end:
        return entry, start, end
    entry = replace(entry, start=rest, context=entry.context or label)
    return (entry, *headline(doc, entry))


def _with_context(scores: dict[str, float], context: str) -> dict[str, float]:
    """A group heading that names a category (（二）政治素质方面) is strong evidence for it."""
    named = [c for c in CATEGORIES if c in context]
    if len(named) != 1:
        return scores
    return {c: (1 - CONTEXT_WEIGHT) * s + (CONTEXT_WEIGHT if c == named[0] else 0.0) for c, s in scores.items()}
