"""NUM005: 数字无法读取."""
from __future__ import annotations

from nlp_toolkit.rules.base import Rule


class NUM005(Rule):
    """数字无法读取

    检查内容：
    带计量单位的数字写法异常，无法作为数值读取，例如多个小数点（1.2.3万）或位数过多（超过15位）。

    为什么有问题：
    这类写法多是录入或排版错误，数据无法参与汇总，也可能掩盖了真实数值。工具把它保留为原文，不会猜测一个数值。

    示例：
    累计投入资金1.2.3万元。

    建议写法：
    核对原始数据后改为规范写法，如“1.23万元”。
    """

    code = "NUM005"
    name = "unreadable-number"
    kind = "unreadable_number"
    kind_label = "数字无法读取"
    severity = "error"

    def check(self, doc):
        for metric in doc.metrics:
            if metric.value is None and metric.problem:
                yield self.finding(doc, metric.start, metric.end, f"“{metric.surface}”{metric.problem}",
                                   pattern=metric.surface)
