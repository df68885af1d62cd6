"""Structure: title, unit, headings, sections with roles, items, paragraphs and sentences.

`parse(source)` never opens files: it reads a `Source` and returns a `Document` whose
spans all index `source.text`.
"""
from __future__ import annotations

from dataclasses import dataclass

from nlp_toolkit.model import Document, Heading, Item, Paragraph, Section, Source, Span
from nlp_toolkit.structure.chars import CELL_BREAK, ITEM_TRAILING
from nlp_toolkit.structure.headings import (MAX_HEADING_CHARS, LevelAssigner, Marker, heading_title_end, marker_words,
                                            hint_for, line_hints, match_marker, rank_of)
from nlp_toolkit.structure.items import inline_items
from nlp_toolkit.structure.lines import Line, split_lines
from nlp_toolkit.structure.paragraphs import ends_sentence, group_paragraphs, one_word_per_line, wrap_width
from nlp_toolkit.structure.records import field_kind, find_label_rows, find_records
from nlp_toolkit.structure.problem_sections import mark_category_problem_sections
from nlp_toolkit.structure.roles import role_of
from nlp_toolkit.structure.sentences import split_sentences
from nlp_toolkit.structure.title import (closing_lines, find_title, is_debris, is_page_number, report_year,
                                         signature_unit, title_reason, unit_from_sentences, unit_from_title,
                                         unit_reason_from_title)
from nlp_toolkit.structure.view import build_view

__all__ = ["parse"]

PLAIN_HEADING_MAX = 16  # an unmarked line naming a role (存在的问题：) is a heading up to this length
BOLD_HEADING_MAX = 30  # a bolded unmarked line (强化政治引领) is a heading up to this length


@dataclass
class _HeadingLine:
    index: int  # line index
    style: str
    number: int | None
    marker_vend: int
    title_vend: int
    label: str | None
    rank: float


def parse(source: Source) -> Document:
    """Build the document model of a source."""
    text = source.text
    lines = split_lines(text)
    hints = line_hints(source.hints)
    title_range, styled = _title_range(lines, hints)
    footer = _trailing_debris(lines)
    closing = closing_lines(lines[:min(footer, default=len(lines))])
    skipped = _skipped_lines(lines, title_range) | closing | footer
    tail = closing | footer
    body_end = lines[min(tail)].start if tail else len(text)
    heads = _heading_lines(lines, hints, title_range, skipped)
    paragraphs, joins = _paragraphs(text, lines, heads, title_range, skipped)
    view = build_view(text, joins)
    headings = _headings(text, lines, heads)
    sections = _sections(text, headings, heads, body_end)
    barriers = [view.from_source(h.start) for h in headings]
    inline = inline_items(text, view, paragraphs, barriers)
    items = _assign_items(text, sections, headings, inline)
    sentences = split_sentences(text, view, paragraphs, {view.from_source(it.marker_start) for it in inline})
    doc = Document(path=source.path, format=source.format, encoding=source.encoding, text=text,
                   hints=source.hints, pages=source.pages, ocr=source.ocr, ocr_lines=source.ocr_lines,
                   ocr_pages=source.ocr_pages, unread_pages=source.unread_pages, warnings=source.warnings,
                   headings=headings, sections=sections, paragraphs=paragraphs,
                   sentences=sentences, items=items, view=view)
    _set_title_unit_year(doc, lines, title_range, closing)
    doc.title_reason = title_reason(lines, title_range, styled)
    mark_category_problem_sections(doc)
    doc.records = find_records(text, lines, source.hints)
    doc.label_rows = find_label_rows(text, lines, source.hints)
    for record in doc.records:
        record.section = doc.section_at(record.start)
    return doc


def _title_range(lines: list[Line], hints) -> tuple[tuple[int, int] | None, bool]:
    """The title lines: those a Word Title style marks, or those the wording shows, whichever is
    longer; and whether a Title style marked them."""
    by_text = find_title(lines)
    hinted = [i for i, line in enumerate(lines[:8]) if not is_debris(line)
              and (hint := hint_for(line, hints)) is not None and hint.kind == "title"]
    if not hinted:
        return by_text, False
    first = last = hinted[0]
    while last + 1 in hinted:
        last += 1
    if by_text and by_text[0] == first and by_text[1] > last:
        return by_text, True
    return (first, last), True


def _trailing_debris(lines: list[Line]) -> set[int]:
    """Web-page footer lines at the very end (打印本页, 上一篇：…, 网站标识码 …), as debris.txt lists them."""
    found: set[int] = set()
    i = len(lines) - 1
    while i > 0 and (is_debris(lines[i]) or is_page_number(lines[i])):
        found.add(i)
        i -= 1
    return found


def _skipped_lines(lines: list[Line], title_range: tuple[int, int] | None) -> set[int]:
    """Web debris before the title, and page numbers left in text pasted from a PDF."""
    limit = title_range[0] if title_range else 0
    debris = {i for i in range(limit) if is_debris(lines[i])}
    return debris | {i for i, line in enumerate(lines) if is_page_number(line)}


def _heading_lines(lines: list[Line], hints, title_range, skipped: set[int]) -> list[_HeadingLine]:
    title_lines = set(range(title_range[0], title_range[1] + 1)) if title_range else set()
    by_word = one_word_per_line(lines)  # a word on a line of its own (问题) is no plain heading then
    out: list[_HeadingLine] = []
    for i, line in enumerate(lines):
        if i in title_lines or i in skipped:
            continue
        found = _heading_at(line, hints, plain=not by_word, bold=i > (title_range[1] if title_range else 0))
        if found:
            out.append(_HeadingLine(i, *found))
    return out


def _heading_at(line: Line, hints, plain: bool = True, bold: bool = True):
    """(style, number, marker_vend, title_vend, label, rank) when the line opens with a heading.
    A short bolded line with no clause mark is one after the title (`bold`), never the letterhead."""
    marker: Marker | None = match_marker(line.view.text)
    hint = hint_for(line, hints)
    if marker:
        if marker.style == "bracket" and marker.label:
            return marker.style, None, marker.vend, marker.vend, marker.label, rank_of("bracket")
        title_vend = heading_title_end(line, marker.vend)
        if title_vend - marker.vend > MAX_HEADING_CHARS:
            title_vend = marker.vend + MAX_HEADING_CHARS
        return marker.style, marker.number, marker.vend, title_vend, None, rank_of(marker.style)
    if hint and hint.kind in ("heading", "numbered"):
        style = f"word_{'h' if hint.kind == 'heading' else 'num'}{hint.level or 1}"
        return style, None, 0, heading_title_end(line, 0), None, rank_of(style, hint.level)
    if bold and hint and hint.kind == "bold" and _bold_heading(line):
        return "word_bold", None, 0, len(line.view.text.rstrip("：:")), None, rank_of("word_bold")
    if plain and _plain_role_heading(line):
        return "plain", None, 0, len(line.view.text.rstrip("：:")), None, rank_of("plain")
    return None


def _bold_heading(line: Line) -> bool:
    text = line.view.text.rstrip("：:")
    return 2 <= len(text) <= BOLD_HEADING_MAX and not any(ch in text for ch in "。，；,;！？\t") \
        and not _field_line(text)


def _plain_role_heading(line: Line) -> bool:
    text = line.view.text.rstrip("：:")
    if len(text) > PLAIN_HEADING_MAX or any(ch in text for ch in "。，；,;" + CELL_BREAK) or _field_line(text):
        return False
    return role_of(text)[0] is not None


def _field_line(text: str) -> bool:
    """问题类别：作风建设方面 / 整改进展：已完成: a record's labelled field, not a heading."""
    label, colon, value = text.replace(":", "：").partition("：")
    return bool(colon and value.strip()) and field_kind(label) is not None


def _opens_with_field(text: str) -> bool:
    """责任领导：赵某某: a line opening with a record's field label starts its own paragraph (never
    joined to the line above as a hard wrap)."""
    label, colon, _ = text.replace(":", "：").partition("：")
    return bool(colon) and len(label) <= 8 and field_kind(label) is not None


def _is_table_row(text: str) -> bool:
    """A line whose cells a table reader separated with tabs: a paragraph of its own, never a
    hard-wrapped part of the line above or below."""
    return CELL_BREAK in text


def _paragraphs(text: str, lines: list[Line], heads: list[_HeadingLine], title_range, skipped: set[int]):
    title_lines = set(range(title_range[0], title_range[1] + 1)) if title_range else set()
    head_at = {h.index: h for h in heads}
    body = [i for i in range(len(lines)) if i not in skipped]
    rows = {i for i in body if _is_table_row(lines[i].text)}
    starts = [i in head_at or i in title_lines or i in rows or match_marker(lines[i].view.text, "inline") is not None
              or _opens_with_field(lines[i].view.text) for i in body]
    width = wrap_width([lines[i] for i in body if i not in head_at])
    ends = [i in title_lines or i in rows or (i in head_at and _whole_line_heading(lines[i], head_at[i], width))
            for i in body]
    groups = group_paragraphs([lines[i] for i in body], starts, ends)
    paragraphs: list[Paragraph] = []
    joins: set[int] = set()
    for group in groups:
        start, end = group[0].start, group[-1].end
        paragraphs.append(Paragraph(start, end, text[start:end], len(paragraphs)))
        for prev, cur in zip(group, group[1:]):
            joins.update(range(prev.end, cur.start))
    for prev in sorted(title_lines)[:-1]:  # a title wrapped over lines reads as one line
        joins.update(range(lines[prev].end, lines[prev + 1].start))
    return paragraphs, joins


WRAPPED_HEADING_CHARS = 30  # a heading line longer than this, with no full stop, may wrap on


def _whole_line_heading(line: Line, head: _HeadingLine, width: int | None = None) -> bool:
    """一、工作开展情况 ends its paragraph; a long numbered line cut mid-sentence does not, nor, in a
    text hard-wrapped at `width`, a numbered line that fills the width and stops mid-sentence."""
    text = line.view.text
    if width and len(text) >= width - 1 and not ends_sentence(text) and "，" in text[head.marker_vend:]:
        return False
    return head.title_vend >= len(text) and len(text) <= WRAPPED_HEADING_CHARS


def _headings(text: str, lines: list[Line], heads: list[_HeadingLine]) -> list[Heading]:
    levels = LevelAssigner()
    out: list[Heading] = []
    for h in heads:
        line = lines[h.index]
        if h.label is not None:  # 【存在问题】: the whole bracket is the heading
            start, end = line.source_span(0, h.marker_vend)
            marker = text[start:end]
        else:
            start, end = line.source_span(0, max(h.title_vend, 1))
            marker = text[start:line.source_span(0, h.marker_vend)[1]] if h.marker_vend else ""
        out.append(Heading(start, end, text[start:end].strip(), marker.strip(), h.style,
                           levels.level(h.style, h.rank), h.number))
    return out


def _sections(text: str, headings: list[Heading], heads: list[_HeadingLine], body_end: int) -> list[Section]:
    sections: list[Section] = []
    for k, head in enumerate(headings):
        nxt = next((h for h in headings[k + 1:] if h.level <= head.level), None)
        end = _trim_end(text, nxt.start if nxt else body_end)
        parent = next((j for j in range(k - 1, -1, -1) if headings[j].level < head.level), None)
        section = Section(head.start, end, head.text, "other", head.level, head.start, head.end, parent=parent)
        if marker_words(head.style):  # 问题一：… names its own role, whatever the parent's (整改落实情况)
            role, reason = role_of(head.text)
            section.role, section.role_reason = (role, reason) if role else ("other", "标题未指明类别")
        else:
            _set_role(section, sections, heads[k].label or head.text[len(head.marker):])
        sections.append(section)
    _roles_by_position(sections)
    return sections


def _roles_by_position(sections: list[Section]) -> None:
    """Top-level sections named by topic (支部建设方面) before the problems are achievements."""
    top = [s for s in sections if s.parent is None]
    first_problem = next((i for i, s in enumerate(top) if s.role in ("problems", "causes")), None)
    if first_problem is None:
        return
    for section in top[:first_problem]:
        if section.role == "other":
            section.role, section.role_reason = "achievements", "位于“存在问题”部分之前"
            _inherit(section, sections)


def _inherit(parent: Section, sections: list[Section]) -> None:
    index = sections.index(parent)
    for child in sections:
        if child.parent == index and child.role_reason in ("沿用上级标题的类别", "标题未指明类别"):
            child.role, child.role_reason = parent.role, "沿用上级标题的类别"
            _inherit(child, sections)


def _set_role(section: Section, earlier: list[Section], wording: str) -> None:
    if section.parent is not None and earlier[section.parent].role != "other":
        section.role, section.role_reason = earlier[section.parent].role, "沿用上级标题的类别"
        return
    role, reason = role_of(wording)
    section.role, section.role_reason = (role, reason) if role else ("other", "标题未指明类别")


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1] in " \t\n\u3000":
        end -= 1
    return end


def _assign_items(text: str, sections: list[Section], headings: list[Heading], inline: list[Item]) -> list[Item]:
    """Give each section its items: its child headings, else the inline items in its own body."""
    all_items: list[Item] = list(inline)
    for idx, section in enumerate(sections):
        children = [k for k, s in enumerate(sections) if s.parent == idx]
        if children:
            section.items = [_heading_item(text, sections[k], headings[k]) for k in children]
            all_items.extend(section.items)
        else:
            section.items = [it for it in inline if section.heading_end <= it.marker_start < section.end]
    return sorted(all_items, key=lambda it: it.start)


def _heading_item(text: str, child: Section, heading: Heading) -> Item:
    """The item a child heading opens: its text runs from after the marker to the section's end."""
    start = child.heading_start + len(heading.marker)
    while start < child.end and text[start] in " \t\u3000\n":
        start += 1
    end = child.end
    while end > start and text[end - 1] in ITEM_TRAILING:
        end -= 1
    return Item(start, end, text[start:end], heading.marker, child.heading_start, heading.number, kind="heading")


def _set_title_unit_year(doc: Document, lines: list[Line], title_range, closing: set[int]) -> None:
    """Title; unit from the title, else the signature block at the end, else the opening sentences."""
    if title_range:
        first, last = lines[title_range[0]], lines[title_range[1]]
        doc.title_span = Span(first.start, last.end)
        doc.title = "".join(lines[i].text for i in range(title_range[0], title_range[1] + 1))
        title = doc.view.slice_source(first.start, last.end).replace("\n", "")
        doc.unit = unit_from_title(title)
        doc.unit_reason = unit_reason_from_title(title) if doc.unit else None
    if not doc.unit and (unit := signature_unit(lines, closing)):
        doc.unit, doc.unit_reason = unit, "文末落款的单位名称（标题未写明单位）"
    if not doc.unit:
        doc.unit = unit_from_sentences([doc.view.slice_source(s.start, s.end) for s in doc.sentences[:4]])
        doc.unit_reason = "开头几句中提到的单位（标题和落款未写明单位）" if doc.unit else "标题、落款和开头几句都未写明单位"
    doc.year = report_year(doc.title, doc.text)
