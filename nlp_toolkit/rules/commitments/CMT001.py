"""CMT001: 下一步打算全是空泛表态."""
from __future__ import annotations

from nlp_toolkit import resources
from nlp_toolkit.extract.listing import top_sections
from nlp_toolkit.model import Commitment
from nlp_toolkit.rules.base import Rule


class CMT001(Rule):
    """下一步打算全是空泛表态

    检查内容：
    “下一步打算”“整改措施”部分列出的每一条承诺，都没有可核对的目标、完成时限或责任单位，只有“切实加强”“进一步提高”“不断完善”一类表态。
    其余条目写得具体时，也逐条检查：某一条下的措施全是表态的，单独指出这一条。

    为什么有问题：
    没有目标、时限和责任人的承诺无法督办，也无法在下一次检查时核对是否兑现，整改容易流于形式。

    示例：
    （一）切实加强理论武装。进一步提高政治站位，不断增强学习的系统性。

    建议写法：
    每条措施写明做什么、做到什么程度、何时完成、由谁负责，例如“2024年6月底前完成全部87个村级活动场所改造，由县委组织部牵头”。
    """

    code = "CMT001"
    name = "vague-commitments"
    kind = "vague_commitments"
    kind_label = "承诺空泛"
    severity = "warning"

    def check(self, doc):
        for index in top_sections(doc, "plans"):
            section = doc.sections[index]
            own = [c for c in doc.commitments if section.start <= c.start < section.end]
            if not own:
                continue
            if all(c.vague for c in own):
                detail = f"共{len(own)}条，均未写明目标、时限或责任单位"
                yield self.finding(doc, section.heading_start, section.heading_end, detail, pattern_name="commitments.yml")
                continue
            for measures in _items(doc, own):
                if all(c.vague for c in measures) and _pledges(measures):
                    start, end = _item_span(doc, measures)
                    finding = self.finding(doc, start, end, pattern_name="commitments.yml")
                    finding.message = f"{ITEM_MESSAGE}：{_item_detail(len(measures))}"  # not 全是: one item
                    finding.explanation.text = finding.message
                    yield finding


ITEM_MESSAGE = "下一步打算中有一条是空泛表态"


def _pledges(measures: list[Commitment]) -> bool:
    """Whether the measures are worded as pledges (切实、进一步…): an item that only names a task
    (一是系统数据对接) is not an empty promise, it lacks detail the next sentence may give."""
    words = resources.data("commitments.yml")["vague_words"]
    return all(any(word in c.text for word in words) for c in measures)


def _item_detail(count: int) -> str:
    if count == 1:
        return "本条措施未写明目标、时限或责任单位"
    return f"本条{count}项措施均未写明目标、时限或责任单位"


def _item_span(doc, measures: list[Commitment]) -> tuple[int, int]:
    """From the item's headline to its last measure, stopping at a blank line: the closing
    paragraph a report's last item runs into is not part of the item."""
    start = min(min(c.start for c in measures), measures[0].group_start)
    end = max(c.end for c in measures)
    blank = doc.text.find("\n\n", start, end)
    return start, (blank if blank > start else end)


def _items(doc, commitments: list[Commitment]) -> list[list[Commitment]]:
    """The commitments grouped by the plans item they belong to, in reading order. Commitments
    with no group, or from a section without items (a paragraph's clauses), are left out."""
    groups: dict[tuple[int, int], list[Commitment]] = {}
    for c in commitments:
        if _itemized(doc, c.section) and c.group_start is not None and c.group_end is not None:
            groups.setdefault((c.group_start, c.group_end), []).append(c)
    return list(groups.values())


def _itemized(doc, index: int | None) -> bool:
    """Whether section `index` lists items or is itself an item of its parent."""
    if index is None:
        return False
    section = doc.sections[index]
    parent = doc.sections[section.parent] if section.parent is not None else None
    return bool(section.items) or bool(parent and parent.items)
