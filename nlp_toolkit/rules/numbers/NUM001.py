"""NUM001: 分项数据与总数不符."""
from __future__ import annotations

from nlp_toolkit.extract import consistency
from nlp_toolkit.rules.base import ConsistencyRule


class NUM001(ConsistencyRule):
    """分项数据与总数不符

    检查内容：
    “其中”“分别为”之后列出的分项数据，或“共”“累计”“合计”给出总数后按进度列出的数据（已完成、正在整改、需长期整改……），与总数对不上：分项之和超过总数，或本应构成全部的分项加起来少于总数。没有总数时，“整改到位资金”“未整改资金”之类状态相反的数据是并列关系，不作分项核对。

    为什么有问题：
    分项之和超过总数，说明至少有一个数据写错；按进度列出的分项加起来不等于总数，说明有事项被漏报或重复统计。上级据此汇总时会得出错误结论。

    示例：
    共排查问题隐患128个，其中安全生产类67个、经营管理类46个、党的建设类29个。（67+46+29=142，超过128）
    共反馈问题83个，已完成整改61个，正在整改8个，需长期整改4个。（61+8+4=73，少于83）

    建议写法：
    核对台账后改正数字，使分项之和与总数一致；如分项之间有交叉，请注明“有交叉，不重复计算”。
    """

    code = "NUM001"
    name = "parts-vs-whole"
    severity = "warning"
    checker = staticmethod(consistency.parts_vs_whole)
