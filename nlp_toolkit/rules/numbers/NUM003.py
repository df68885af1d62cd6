"""NUM003: “全覆盖”等说法与数据矛盾."""
from __future__ import annotations

from nlp_toolkit.extract import consistency
from nlp_toolkit.rules.base import ConsistencyRule


class NUM003(ConsistencyRule):
    """“全覆盖”等说法与数据矛盾

    检查内容：
    材料称“人手一本”“全覆盖”，但同一材料中的数据表明覆盖的数量少于应覆盖的总数。

    为什么有问题：
    “全覆盖”是一个可核对的说法。发放数量少于人数、走访数量少于对象总数时，这一说法不成立，属于夸大成效。

    示例：
    征订学习读本11512本，实现党员人手一本。（同一材料写明有党员13285名）

    建议写法：
    如实写明覆盖比例（如“覆盖党员86.7%”），或说明差额的原因（如流动党员另行配发）。
    """

    code = "NUM003"
    name = "coverage-contradicted"
    severity = "warning"
    checker = staticmethod(consistency.coverage)
