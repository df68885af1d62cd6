"""WRD005: 一节文字以套话为主."""
from __future__ import annotations

import re

from nlp_toolkit import resources
from nlp_toolkit.model import Document
from nlp_toolkit.rules.base import Rule
from nlp_toolkit.structure.headings import inline_patterns
from nlp_toolkit.structure.view import cjk_chars

RESOURCE = "boilerplate.txt"
MIN_CHARS = 60  # sections with fewer Chinese characters of their own are not scored
MIN_SHARE = 0.6  # the share of those characters inside stock formulas that fires the rule
NEUTRAL = "neutral_chars.txt"  # characters that carry no content of their own: neither stock nor specific


@resources.compiled(RESOURCE)
def stock_pattern() -> re.Pattern:
    phrases = {p for line in resources.lines(RESOURCE) for p in line.split()}
    return re.compile("|".join(map(re.escape, sorted(phrases, key=len, reverse=True))))


def stock_share(text: str) -> tuple[float, int]:
    """(share of the content characters inside stock formulas, number of content characters)."""
    covered = [False] * len(text)
    for m in stock_pattern().finditer(text):
        covered[m.start():m.end()] = [True] * (m.end() - m.start())
    for _, pattern, _ in inline_patterns():  # item markers (一是) are neither
        for m in pattern.finditer(text):
            covered[m.start():m.end()] = [None] * (m.end() - m.start())
    content_chars = _content_chars()
    content = [c for ch, c in zip(text, covered) if ch in content_chars and c is not None]
    return (sum(content) / len(content) if content else 0.0), len(content)


@resources.compiled(NEUTRAL)
def _content_chars() -> frozenset[str]:
    """The Chinese characters that count: all but the neutral ones (resources/neutral_chars.txt)."""
    return cjk_chars() - set("".join(resources.lines(NEUTRAL)))


class WRD005(Rule):
    """一节文字以套话为主

    检查内容：
    某一节（标题下、下级标题之前的正文）的大部分文字是“高度重视、精心组织”“进一步提高政治站位”“凝心聚力、真抓实干”“取得了明显成效”一类放在任何单位都成立的固定说法，而没有本单位的具体做法、数据和事例。只统计汉字，虚词和条目序号不计，套话占比达到60%且正文不少于60个字时提示，并报告占比。套话词表见 resources/boilerplate.txt。

    为什么有问题：
    套话堆砌的段落看不出做了什么、做成了什么，上级无法据此了解情况、比较各单位的工作，也掩盖了材料中真正有用的信息。

    示例：
    一、主要工作及成效
    我局高度重视，精心组织，周密部署，切实增强思想自觉和行动自觉，凝心聚力、真抓实干、攻坚克难，各项工作扎实推进，取得了明显成效，为推动高质量发展提供了坚强保障。

    建议写法：
    写明做了哪些事、各有什么数据和结果，例如“全年走访企业126户，帮助解决融资、用工等问题43个，其中已办结39个”；固定说法保留一句即可。
    """

    code = "WRD005"
    name = "boilerplate"
    kind = "boilerplate"
    kind_label = "套话"
    severity = "info"

    def check(self, doc):
        for start, end in _own_texts(doc):
            share, chars = stock_share(doc.view.text[start:end])
            if chars >= MIN_CHARS and share >= MIN_SHARE:
                s, e = doc.view.to_source(start, end)
                while e > s and doc.text[e - 1].isspace():
                    e -= 1
                yield self.finding(doc, s, e, f"本节{chars}个字中约{share:.0%}是套话，缺少具体内容", score=share)


def _own_texts(doc: Document) -> list[tuple[int, int]]:
    """View spans of each section's own body: after its heading, before its first subsection."""
    spans = []
    for i, section in enumerate(doc.sections):
        children = [s.heading_start for s in doc.sections if s.parent == i]
        end = min(children, default=section.end)
        start = doc.view.from_source(section.heading_end)
        stop = doc.view.from_source(end)
        if stop > start:
            spans.append((start, stop))
    return spans
