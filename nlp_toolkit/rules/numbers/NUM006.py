"""NUM006: 日期写法错误."""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterator

from nlp_toolkit.rules.base import Rule

# A year, then digits run together where 年/月 should stand: 2021915日, 2024年1015日, 202106月
_LOST_SEPARATOR = re.compile(r"(?<![0-9.])((?:19|20)[0-9]{2})(?:([0-9]{2,4})日|年([0-9]{3,4})日|([0-9]{1,2})月)")
# 年 and 月 present: the month (and day) must exist
_YEAR_MONTH = re.compile(r"(?<![0-9.])((?:19|20)[0-9]{2})年([0-9]{1,2})月(?:([0-9]{1,2})日)?")
# 月 and 日 without a year
_MONTH_DAY = re.compile(r"(?<![0-9.年])([0-9]{1,2})月([0-9]{1,2})日")


class NUM006(Rule):
    """日期写法错误

    检查内容：
    不存在或缺了分隔字的日期：月份大于12（2023年13月）、日期超出当月天数（2月30日、2024年6月31日、2023年2月29日），或“年”“月”丢失后数字连在一起（2021915日、2024年1015日）。

    为什么有问题：
    日期是核对工作进度和整改时限的依据。写错的日期无法核实，常常是录入时漏了字或按错了键，上级据此督办时会产生误解。

    示例：
    截至2021915日，已完成整改问题12个。

    建议写法：
    截至2021年9月15日，已完成整改问题12个。
    """

    code = "NUM006"
    name = "malformed-date"
    kind = "malformed_date"
    kind_label = "日期写法错误"
    severity = "warning"

    def check(self, doc):
        text = doc.view.text
        seen: set[int] = set()
        for vstart, vend, detail in _malformed(text):
            if vstart in seen:
                continue
            seen.add(vstart)
            yield self.finding(doc, *doc.view.to_source(vstart, vend), detail)


def _malformed(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _LOST_SEPARATOR.finditer(text):
        yield m.start(), m.end(), f"“{m.group(0)}”缺少“年”或“月”，日期无法读取"
    for m in _YEAR_MONTH.finditer(text):
        problem = _impossible(int(m.group(1)), int(m.group(2)), m.group(3) and int(m.group(3)))
        if problem:
            yield m.start(), m.end(), problem
    for m in _MONTH_DAY.finditer(text):
        problem = _impossible(None, int(m.group(1)), int(m.group(2)))  # no year: 2月29日 may be right
        if problem:
            yield m.start(), m.end(), problem


def _impossible(year: int | None, month: int, day: int | None) -> str | None:
    """Why the date cannot exist, or None."""
    if not 1 <= month <= 12:
        return f"没有{month}月"
    if day is None:
        return None
    last = calendar.monthrange(year or 2023, month)[1] if month != 2 or year else 29
    if not 1 <= day <= last:
        return f"{f'{year}年' if year and month == 2 else ''}{month}月只有{last}天，没有{day}日"
    return None
