"""Sections named by inspection category (（二）政治素质方面) that list problems (resources/problem_sections.yml)."""
from __future__ import annotations

import re
from functools import cache

from nlp_toolkit import resources
from nlp_toolkit.model import Document, Section
from nlp_toolkit.structure.view import to_simplified

_WEAK_REASONS = ("位于“存在问题”部分之前", "标题未指明类别")


@cache
def _table() -> tuple[re.Pattern, tuple[str, ...]]:
    table = resources.data("problem_sections.yml")
    return re.compile(table["category_heading"]), tuple(table["self_examination_titles"])


def names_category(doc: Document, section: Section) -> bool:
    """Whether the section's heading (without its marker) only names an inspection category."""
    heading = doc.text[section.heading_start:section.heading_end]
    marker = next((h.marker for h in doc.headings if h.start == section.heading_start), "")
    return _table()[0].match(to_simplified(heading[len(marker):].strip())) is not None


def mark_category_problem_sections(doc: Document) -> None:
    """Give category-named sections whose role came only from position the problems role."""
    named = [i for i, s in enumerate(doc.sections) if names_category(doc, s)]
    if not named:
        return
    title = to_simplified(doc.title or "")
    self_exam = any(word in title for word in _table()[1])
    for i in named:
        section = doc.sections[i]
        if section.role == "problems" or section.role_reason not in _WEAK_REASONS:
            continue
        if section.parent is not None and doc.sections[section.parent].role not in ("other", "achievements"):
            continue
        siblings = [doc.sections[j] for j in named if doc.sections[j].parent == section.parent and j != i]
        if self_exam or any(s.role == "problems" for s in siblings):
            _set_problems(doc, i)


def _set_problems(doc: Document, index: int) -> None:
    section = doc.sections[index]
    section.role, section.role_reason = "problems", "标题指明检查类别"
    for k, child in enumerate(doc.sections):
        if child.parent == index and child.role_reason in ("沿用上级标题的类别", "标题未指明类别", *_WEAK_REASONS):
            _set_problems(doc, k)
            child.role_reason = "沿用上级标题的类别"
