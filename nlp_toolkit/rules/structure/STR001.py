"""STR001: 序号跳号或重复."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from nlp_toolkit.model import Document
from nlp_toolkit.rules.base import Rule, span_of
from nlp_toolkit.structure.chars import BEFORE_ITEM_MARKER, CLAUSE_END
from nlp_toolkit.structure.headings import inline_patterns
from nlp_toolkit.structure.numerals import ordinal



@dataclass
class _Numbered:
    number: int
    start: int  # source span of the heading, or of the marker and its first clause
    end: int
    group: tuple  # siblings share a group
    marker: str  # as written: 四、 （二） 四是


class STR001(Rule):
    """序号跳号、重复、颠倒或写法不一致

    检查内容：
    同一层级、同一种写法的并列序号不连续：标题“一、二、四、”缺了“三、”，“（一）（二）（二）”重复使用同一序号，“（三）（二）”顺序颠倒，或段落中的“一是……二是……四是……”跳过了一项；以及同一层级换了写法接着编号（“（一）（二）3.”）。

    为什么有问题：
    序号跳号或重复，往往是删改材料时漏删、漏改留下的痕迹，说明有内容被误删或被重复粘贴，也让读者无法按序号引用条目。

    示例：
    一、坚持党建引领……二、聚焦教学中心……四、坚持五育并举……（没有“三、”）

    建议写法：
    核对是否有内容被误删；确认无误后把序号改为连续的“一、二、三、”。
    """

    code = "STR001"
    name = "broken-numbering"
    kind = "broken_numbering"
    kind_label = "序号不连续"
    severity = "warning"
    options = {"max-skip": 3}  # a jump of more than this many numbers is a new list, not a skipped number

    def check(self, doc):
        for group in (_heading_groups(doc), _inline_groups(doc)):
            for run in group:
                yield from self._check_run(doc, run)
        yield from self._check_styles(doc)

    def _check_styles(self, doc: Document) -> Iterator:
        """（一）（二）3.: a list that goes on in another marker style."""
        for run in _heading_groups(doc):
            first = run[0]
            parent = doc.sections[first.group[0]] if first.group[0] is not None else None
            if first.number <= 1 or parent is None:
                continue
            previous = _previous_sibling_style(doc, first)
            if previous is not None and previous.number == first.number - 1:
                detail = f"“{first.marker}”接着“{previous.marker}”编号，但序号写法不同"
                yield self.finding(doc, first.start, first.end, detail, related=[span_of(doc, previous.start, previous.end)],
                                   pattern_name="numbering", pattern=first.marker)

    def _check_run(self, doc: Document, run: list[_Numbered]) -> Iterator:
        first = run[0].number
        for position, (prev, cur) in enumerate(zip(run, run[1:]), start=1):
            by_position = first + position
            if cur.number in (prev.number + 1, by_position):
                continue
            if cur.number == prev.number:
                detail = f"序号“{cur.marker}”与上一条重复"
            elif prev.number + 1 < cur.number <= prev.number + self.option("max-skip"):
                detail = f"上一条为“{prev.marker}”，此处为“{cur.marker}”，中间缺少第{prev.number + 1}项"
            elif 1 < cur.number < prev.number:
                detail = f"上一条为“{prev.marker}”，此处为“{cur.marker}”，序号顺序颠倒"
            else:
                continue
            yield self.finding(doc, cur.start, cur.end, detail, related=[span_of(doc, prev.start, prev.end)],
                               pattern_name="numbering", pattern=cur.marker)


def _heading_groups(doc: Document) -> list[list[_Numbered]]:
    """Numbered sibling headings: same parent, level and marker style."""
    groups: dict[tuple, list[_Numbered]] = {}
    for heading, section in zip(doc.headings, doc.sections):
        if heading.number is None:
            continue
        key = (section.parent, heading.level, heading.style)
        groups.setdefault(key, []).append(_Numbered(heading.number, heading.start, heading.end, key, heading.marker))
    return list(groups.values())


def _previous_sibling_style(doc: Document, first: _Numbered) -> _Numbered | None:
    """The numbered heading just before `first` in another style: its parent or the parent's last child."""
    before = [h for h in doc.headings if h.end <= first.start and h.number is not None]
    if not before or before[-1].style == first.group[2]:
        return None
    heading = before[-1]
    return _Numbered(heading.number, heading.start, heading.end, None, heading.marker)


def _inline_groups(doc: Document) -> list[list[_Numbered]]:
    """Runs of in-paragraph markers (一是…二是…) within one section, each starting at 1."""
    runs: list[list[_Numbered]] = []
    current: dict[tuple, list[_Numbered]] = {}
    for marker in _inline_markers(doc):
        if marker.number == 1:
            current[marker.group] = run = [marker]
            runs.append(run)
        elif marker.group in current:
            current[marker.group].append(marker)
    return [run for run in runs if len(run) >= 2]


def _inline_markers(doc: Document) -> Iterator[_Numbered]:
    """Every inline marker after a punctuation mark or at a paragraph start, in order."""
    view = doc.view
    found = []
    for para in doc.paragraphs:
        vstart, vend = view.from_source(para.start), view.from_source(para.end)
        for style, pattern, kind in inline_patterns():
            for m in pattern.finditer(view.text, vstart, vend):
                if m.start() > vstart and view.text[m.start() - 1] not in BEFORE_ITEM_MARKER:
                    continue
                number = ordinal(m.group("num"), kind)
                if number is not None:
                    found.append(_marker(doc, m.start(), m.end(), number, style))
    yield from sorted(found, key=lambda n: n.start)


def _marker(doc: Document, vstart: int, vend: int, number: int, style: str) -> _Numbered:
    """The marker with its first clause, grouped by style and innermost section."""
    text = doc.view.text
    stop = vend
    while stop < len(text) and text[stop] not in CLAUSE_END:
        stop += 1
    start, end = doc.view.to_source(vstart, stop)
    marker = doc.view.text[vstart:vend].strip()
    return _Numbered(number, start, end, (style, doc.section_at(start)), marker)
