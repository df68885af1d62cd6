"""ARC001: 与已归档的早先报告内容相同."""
from __future__ import annotations

from nlp_toolkit.rules.base import Rule


class ARC001(Rule):
    """与已归档的早先报告内容相同

    检查内容：
    用 --archive 把本批材料与归档中所有早先的材料比对：本批某份材料有大段文字（或全文）与归档中更早批次的报告相同，包括本单位往年的报告和其他单位的报告。

    为什么有问题：
    照搬往年或别的单位已报送过的材料，说明这份材料没有如实反映本期、本单位的工作，数字和做法都可能是旧的，上报材料也就失去了依据。

    示例：
    2024年某单位报告中“坚持把农村人居环境整治作为乡村振兴的第一场硬仗……长效管护机制初步建立”一整段，与2023年归档的另一单位报告一字不差。

    建议写法：
    按本期实际重新撰写，写明本期新做的工作和新的数字；确需沿用的表述应简短，并写清与以往的不同之处。
    """

    code = "ARC001"
    name = "copied-from-archive"
    kind = "copied_passage"
    severity = "warning"
    scope = "archive"  # found by nlp_toolkit.archive.check when a batch is checked against the archive
