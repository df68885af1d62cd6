"""Sections named by inspection category (（二）政治素质方面) that list problems (resources/problem_sections.yml)."""
from __future__ import annotations

import re

from nlp_toolkit import resources
from nlp_toolkit.model import Document, Section
from nlp_toolkit.structure.headings import marker_words
from nlp_toolkit.structure.view import to_simplified

_WEAK_REASONS = ("位于“存在问题”部分之前", "标题未指明类别")


@resources.compiled("problem_sections.yml")
def _table() -> tuple[re.Pattern, tuple[str, ...]]:
    table = resources.data("problem_sections.yml")
    return re.compile(table["category_heading"]), tuple(table["self_examination_titles"])


@resources.compiled("problem_sections.yml")
def _area_heading() -> re.Pattern:
    return re.compile(resources.data("problem_sections.yml")["area_heading"])


@resources.compiled("problem_sections.yml")
def _heading_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    table = resources.data("problem_sections.yml")
    return tuple(table["problem_heading_cues"]), tuple(table["not_problem_heading_words"])


def heading_title(doc: Document, section: Section) -> str:
    """The section's heading without its marker, in the Simplified view."""
    heading = doc.text[section.heading_start:section.heading_end]
    marker = next((h.marker for h in doc.headings if h.start == section.heading_start), "")
    return to_simplified(heading[len(marker):].strip())


def names_category(doc: Document, section: Section) -> bool:
    """Whether the section's heading (without its marker) only names an inspection category."""
    return title_names_category(heading_title(doc, section))


def title_names_category(title: str) -> bool:
    """Whether a heading title (Simplified, without marker) only names an inspection category."""
    return _table()[0].match(title) is not None


def names_area(doc: Document, section: Section) -> bool:
    """Whether the heading only names a category or another area of inspection (作风建设方面)."""
    title = heading_title(doc, section)
    return title_names_category(title) or _area_heading().match(title) is not None


def states_problem(doc: Document, section: Section) -> bool:
    """Whether the heading is itself a problem (理论学习“热在表面”，学用脱节), not a label announcing problems;
    a heading whose marker numbers a problem (问题一：…) always is."""
    style = next((h.style for h in doc.headings if h.start == section.heading_start), "")
    return marker_words(style) or title_states_problem(heading_title(doc, section))


def title_states_problem(title: str) -> bool:
    """Whether a heading title (Simplified, without marker) states a problem rather than announcing them."""
    cues, announcing = _heading_words()
    return any(c in title for c in cues) and not any(w in title for w in announcing)


def mark_category_problem_sections(doc: Document) -> None:
    """Give category-named sections whose role came only from position the problems role."""
    title = to_simplified(doc.title or "")
    self_exam = any(word in title for word in _table()[1])
    if self_exam:
        _mark_problem_headings(doc)
    named = [i for i, s in enumerate(doc.sections) if names_area(doc, s)]
    for i in named:
        section = doc.sections[i]
        if section.role == "problems" or section.role_reason not in _WEAK_REASONS:
            continue
        if section.parent is not None and doc.sections[section.parent].role not in ("other", "achievements"):
            continue
        siblings = [doc.sections[j] for j in named if doc.sections[j].parent == section.parent and j != i]
        if self_exam or any(s.role == "problems" for s in siblings):
            _set_problems(doc, i)
        elif section.parent is None and _follows_problems(doc, i):
            _set_problems(doc, i, "紧接问题部分的检查类别标题")


def _follows_problems(doc: Document, index: int) -> bool:
    """Whether the top-level section before `index` is a problems section."""
    before = [s for s in doc.sections[:index] if s.parent is None]
    return bool(before) and before[-1].role == "problems"


def _mark_problem_headings(doc: Document) -> None:
    """In a self-examination, top-level headings that state a problem open problems sections."""
    for i, section in enumerate(doc.sections):
        if section.parent is None and section.role_reason in _WEAK_REASONS and states_problem(doc, section):
            _set_problems(doc, i, "标题本身是问题")


def _set_problems(doc: Document, index: int, reason: str = "标题指明检查类别") -> None:
    section = doc.sections[index]
    section.role, section.role_reason = "problems", reason
    for k, child in enumerate(doc.sections):
        if child.parent == index and child.role_reason in ("沿用上级标题的类别", "标题未指明类别", *_WEAK_REASONS):
            _set_problems(doc, k)
            child.role_reason = "沿用上级标题的类别"
