"""NUM001: 分项数据与总数不符."""
from __future__ import annotations

from nlp_toolkit.extract import consistency
from nlp_toolkit.rules.base import ConsistencyRule


class NUM001(ConsistencyRule):
    """分项数据与总数不符

    检查内容：
    “其中”“分别为”之后列出的分项数据，与前面给出的总数对不上：分项之和超过总数，或本应构成全部的分项（如“已完成”“正在推进”）加起来少于总数。

    为什么有问题：
    分项之和超过总数，说明至少有一个数据写错；按进度列出的分项加起来不等于总数，说明有事项被漏报或重复统计。上级据此汇总时会得出错误结论。

    示例：
    共排查问题隐患128个，其中安全生产类67个、经营管理类46个、党的建设类29个。（67+46+29=142，超过128）

    建议写法：
    核对台账后改正数字，使分项之和与总数一致；如分项之间有交叉，请注明“有交叉，不重复计算”。
    """

    code = "NUM001"
    name = "parts-vs-whole"
    severity = "warning"
    checker = staticmethod(consistency.parts_vs_whole)
