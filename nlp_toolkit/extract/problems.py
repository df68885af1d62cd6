"""Problems: every problem a report admits, classified into the five inspection categories."""
from __future__ import annotations

import re
from dataclasses import replace

from nlp_toolkit.extract.listing import Entry, entries, headline, top_sections
from nlp_toolkit.model import CATEGORIES, Document, Problem
from nlp_toolkit.resources import data
from nlp_toolkit.structure.view import to_simplified

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
    records = _record_problems(doc)
    found = [f for f in found if not any(f[1] < e and s < f[2] for _, s, e in records)]
    found = _merge(found, records + _quoted_problems(doc))
    if not found:
        return []
    if not classify:
        return [Problem(start, end, doc.text[start:end], None, None, {}, entry.section, entry.marker)
                for entry, start, end in found]
    scores = classify_texts([to_simplified(doc.text[e.start:e.end]) for e, _, _ in found])
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


def _record_problems(doc: Document) -> list[tuple[Entry, int, int]]:
    """The problem field of each labelled record (问题表现：… / a 反馈问题 table cell); it replaces a
    listed problem read from the same line, whose headline would carry the labels."""
    out = []
    for record in doc.records:
        problem = record.first("problem")
        if problem and problem.end > problem.start:
            section = record.section
            entry = Entry(problem.start, problem.end, problem.label, section, "")
            out.append((entry, problem.start, problem.end))
    return out


def _quote_patterns() -> list[re.Pattern]:
    return [re.compile(p) for p in data("feedback_quotes.yml")["patterns"]]


def _quoted_problems(doc: Document) -> list[tuple[Entry, int, int]]:
    """Problems quoted from inspection feedback (针对“…”的问题，我们…): the quote is the problem."""
    out = []
    for para in doc.paragraphs:
        simple = to_simplified(doc.text[para.start:para.end])
        for pattern in _quote_patterns():
            for hit in pattern.finditer(simple):
                start, end = para.start + hit.start("q"), para.start + hit.end("q")
                section = doc.section_at(start)
                out.append((Entry(start, end, "", section, ""), start, end))
    return out


def _merge(found: list[tuple[Entry, int, int]], extra: list[tuple[Entry, int, int]]):
    """Add the extra problems that no listed problem (nor an earlier extra) already covers."""
    merged = list(found)
    for item in extra:
        _, start, end = item
        if not any(s < end and start < e for _, s, e in merged):
            merged.append(item)
    return sorted(merged, key=lambda f: f[1])
