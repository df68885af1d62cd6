"""NUM002: 百分比与其分子分母不符."""
from __future__ import annotations

from nlp_toolkit.extract import consistency
from nlp_toolkit.rules.base import ConsistencyRule


class NUM002(ConsistencyRule):
    """百分比与其分子分母不符

    检查内容：
    文中给出的百分比，与紧挨着它的数量及其总数算出的比例不一致（已按数字的书写精度和“约”“近”等限定词留出余量）。

    为什么有问题：
    比例和绝对数是同一件事的两种写法，二者不一致时读者无法判断哪个是真的，也说明材料没有经过核对。

    示例：
    全年计划改造小区126个，完工98个，完工率为82.5%。（98÷126≈77.8%）

    建议写法：
    重新计算比例，或核对分子、分母是否写错；比例保留的小数位应与原始数据相称。
    """

    code = "NUM002"
    name = "rate-disagrees"
    severity = "warning"
    checker = staticmethod(consistency.percentages)
