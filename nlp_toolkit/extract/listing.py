"""The entries a section lists: the leaves of its items, or its paragraphs when it has none.

Problems and commitments are both read this way, so the two extractors agree on what an
entry of a list is: a headed item, an in-paragraph item (一是…), or a plain paragraph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from nlp_toolkit.model import Document, Item
from nlp_toolkit.resources import data
from nlp_toolkit.structure.chars import ITEM_TRAILING, SENTENCE_END
from nlp_toolkit.structure.view import to_simplified



@dataclass
class Entry:
    start: int
    end: int
    marker: str
    section: int
    context: str  # the heading of the group it sits in (e.g. 理论学习方面), if any
    origin: str = "problems_section"  # where a problem was read: problems_section, record_label, feedback_quotes, stated_problem
    follow_up: bool = False  # a later sentence of a prose paragraph whose first sentence is an entry too


def top_sections(doc: Document, role: str) -> list[int]:
    """Sections with `role` whose parent does not already have it."""
    return [i for i, s in enumerate(doc.sections)
            if s.role == role and (s.parent is None or doc.sections[s.parent].role != role)]


def entries(doc: Document, section_index: int) -> list[Entry]:
    """The leaf entries of a section, in reading order; a table's header or group row is none."""
    return [e for e in _entries(doc, section_index) if not _in_label_row(doc, e)]


def _in_label_row(doc: Document, entry: Entry) -> bool:
    """An entry opened by a table's label row (an item a group row 一、…方面 opens runs over the
    rows below it, which are records of their own)."""
    return any(row.start <= entry.start < row.end for row in doc.label_rows)


def _entries(doc: Document, section_index: int) -> list[Entry]:
    section = doc.sections[section_index]
    if not section.items:
        return _paragraph_entries(doc, section_index)
    out: list[Entry] = []
    for item in section.items:
        child = _child_opened_by(doc, section_index, item)
        if child is not None and doc.sections[child].items:
            # the group's heading line only: a heading without a full stop must not run into its first item
            context = min(_headline(doc, item.start, item.end)[1], doc.sections[child].heading_end)
            out.extend(Entry(e.start, e.end, e.marker, e.section, doc.text[item.start:context])
                       for e in _entries(doc, child))
        else:
            out.append(Entry(item.start, item.end, item.marker, child if child is not None else section_index, ""))
    return out


def _child_opened_by(doc: Document, parent: int, item: Item) -> int | None:
    for i, s in enumerate(doc.sections):
        if s.parent == parent and s.heading_start == item.marker_start:
            return i
    return None


MIN_ENTRY_CHARS = 6


def _paragraph_entries(doc: Document, section_index: int) -> list[Entry]:
    """A section written as prose: each sentence is an entry, without a lead-in such as
    “主要存在以下问题：”."""
    section = doc.sections[section_index]
    inner = [s for s in doc.sections if s.parent == section_index]
    out = []
    opened: set[int] = set()  # paragraphs an earlier entry stands in
    for sentence in doc.sentences:
        if sentence.start < section.heading_end or sentence.end > section.end or any(s.contains(sentence) for s in inner):
            continue
        start = _after_lead_in(doc.text, sentence.start, sentence.end)
        end = sentence.end
        while end > start and doc.text[end - 1] in ITEM_TRAILING:
            end -= 1
        if end - start >= MIN_ENTRY_CHARS and not _announces(doc.text[start:end]):
            out.append(Entry(start, end, "", section_index, "", follow_up=sentence.paragraph in opened))
            opened.add(sentence.paragraph)
    return out


def _announces(sentence: str) -> bool:
    """A sentence that only announces what follows (…，具体如下)."""
    return to_simplified(sentence).rstrip("：: ").endswith(tuple(data("listing.yml")["lead_in_endings"]))


def _after_lead_in(text: str, start: int, end: int) -> int:
    colon = next((i for i in range(start, end) if text[i] in "：:"), None)
    if colon is not None and any(word in text[start:colon] for word in data("listing.yml")["intro_words"]):
        return colon + 1
    return start


def headline(doc: Document, entry: Entry) -> tuple[int, int]:
    """The entry's first sentence: its headline (学习的系统性不够。对…满足于… → 学习的系统性不够)."""
    return _headline(doc, entry.start, entry.end)


def _headline(doc: Document, start: int, end: int) -> tuple[int, int]:
    stop = start
    while stop < end and doc.text[stop] not in SENTENCE_END:
        stop += 1
    while stop > start and doc.text[stop - 1] in ITEM_TRAILING:
        stop -= 1
    return start, stop


def item_lead(doc: Document, start: int) -> str:
    """The words that open an inline list (但也存在一些问题：一是…二是…), when the list follows them
    in the same paragraph after a colon; else ""."""
    paragraph = next((p for p in doc.paragraphs if p.start <= start < p.end), None)
    if paragraph is None:
        return ""
    first = min((it.marker_start for it in doc.items if it.kind == "inline"
                 and paragraph.start <= it.marker_start < paragraph.end), default=None)
    if first is None or first > start:
        return ""
    lead = to_simplified(doc.text[paragraph.start:first]).strip()
    clause = re.split(r"[。；;！？]", lead)[-1]
    return clause if clause.endswith(("：", ":")) else ""
