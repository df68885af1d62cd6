"""WRD004: 模板文字未替换."""
from __future__ import annotations

import re
from bisect import bisect_right

from nlp_toolkit import resources
from nlp_toolkit.rules.base import Rule

RESOURCE = "placeholders.txt"


@resources.compiled(RESOURCE)
def placeholder_pattern() -> re.Pattern:
    """One alternation of the patterns in resources/placeholders.txt."""
    return re.compile("|".join(f"(?:{line})" for line in resources.lines(RESOURCE)))


class WRD004(Rule):
    """模板文字未替换

    检查内容：
    套用模板或范文时留下的占位文字没有替换成实际内容：“XX市”“202X年”“20**年”“×××”“xxx同志”“x次”“【单位名称】”“（此处填写…）”“□□”，以及只印了“年 月 日”而没有填写数字的日期。用“*”“***”“某某”隐去的单位和人名不在此列。模式见 resources/placeholders.txt。同一段落中同一类占位文字（如“x次”“x个”“x人”）合为一条提示。

    为什么有问题：
    占位文字说明材料是照模板改写的，且没有逐字核对就上报了；缺失的名称、数字或日期让这句话失去了内容，也会让读者怀疑其余内容是否同样照搬。

    示例：
    全年共开展专题学习x次，202X年XX月前完成全部整改任务。

    建议写法：
    全年共开展专题学习12次，2025年6月前完成全部整改任务。
    """

    code = "WRD004"
    name = "placeholder"
    kind = "placeholder"
    kind_label = "模板文字未替换"
    severity = "error"

    def check(self, doc):
        """One finding per passage and kind of placeholder (x次、x个、x人 in one paragraph are one)."""
        groups: dict[tuple[int, str], list[tuple[int, int]]] = {}
        starts = [p.start for p in doc.paragraphs]
        for m in placeholder_pattern().finditer(doc.view.text):
            if m.end() > m.start():
                start, end = doc.view.to_source(m.start(), m.end())
                key = (_passage(doc, starts, start), placeholder_kind(m.group(0)))
                groups.setdefault(key, []).append((start, end))
        for spans in groups.values():
            start, end = spans[0][0], spans[-1][1]
            shown = list(dict.fromkeys(doc.text[a:b].strip() for a, b in spans))
            detail = "、".join(f"“{s}”" for s in shown[:MAX_SHOWN]) + ("等" if len(shown) > MAX_SHOWN else "")
            count = f"（本段共{len(spans)}处）" if len(spans) > 1 else ""
            yield self.finding(doc, start, end, f"{detail}是未替换的模板文字{count}", pattern=shown[0])


MAX_SHOWN = 4  # placeholders quoted in one finding's message
_KINDS = (("[Xx]", "letters"), ("[*＊]", "stars"), ("×", "crosses"), ("[□■○△▲☆★]", "boxes"),
          ("年\\s+月", "blank_date"))


def placeholder_kind(text: str) -> str:
    """What a placeholder is made of: letters (XX, x), stars, crosses, boxes, a blank date or a prompt."""
    return next((kind for pattern, kind in _KINDS if re.search(pattern, text)), "prompt")


def _passage(doc, starts: list[int], offset: int) -> int:
    """Index of the paragraph holding `offset` (-1 outside every paragraph); `starts` are theirs."""
    i = bisect_right(starts, offset) - 1
    return i if i >= 0 and offset < doc.paragraphs[i].end else -1
