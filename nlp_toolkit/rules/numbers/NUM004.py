"""NUM004: 同一总量前后数据不一致."""
from __future__ import annotations

from nlp_toolkit.extract import consistency
from nlp_toolkit.rules.base import ConsistencyRule


class NUM004(ConsistencyRule):
    """同一总量前后数据不一致

    检查内容：
    同一个总量（如“全年营业收入”“累计完成投资”）在材料中出现两次，数值却不同，且差异超出了书写精度允许的范围。前文用“共”给出的总数与后文分项（已完成、正在推进……）所依据的总数说的是同一件事时，也要一致，如“共梳理出整改问题37个”与“42个问题中已完成整改39个”。

    为什么有问题：
    同一指标前后不一，至少有一处是错的；汇总时无法确定采用哪一个。

    示例：
    全年实现营业收入48.6亿元……全年46.8亿元营业收入中贸易类收入占比超过四成。

    建议写法：
    核对统计口径后统一数据；如两处口径不同（如含税与不含税），请在文中注明。
    """

    code = "NUM004"
    name = "total-stated-twice"
    severity = "warning"
    checker = staticmethod(consistency.repeated_values)
