"""WRD004: 模板文字未替换."""
from __future__ import annotations

import re
from functools import cache

from nlp_toolkit import resources
from nlp_toolkit.rules.base import Rule

RESOURCE = "placeholders.txt"


@cache
def placeholder_pattern() -> re.Pattern:
    """One alternation of the patterns in resources/placeholders.txt."""
    return re.compile("|".join(f"(?:{line})" for line in resources.lines(RESOURCE)))


class WRD004(Rule):
    """模板文字未替换

    检查内容：
    套用模板或范文时留下的占位文字没有替换成实际内容：“XX市”“202X年”“20**年”“×××”“xxx同志”“x次”“【单位名称】”“（此处填写…）”“□□”，以及只印了“年 月 日”而没有填写数字的日期。用“*”“***”“某某”隐去的单位和人名不在此列。模式见 resources/placeholders.txt。

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
    severity = "error"

    def check(self, doc):
        text = doc.view.text
        for m in placeholder_pattern().finditer(text):
            if m.end() > m.start():
                start, end = doc.view.to_source(m.start(), m.end())
                yield self.finding(doc, start, end, f"“{doc.text[start:end].strip()}”是未替换的模板文字")
