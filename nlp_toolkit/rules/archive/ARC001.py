"""ARC001: 与已归档的早先报告内容相同."""
from __future__ import annotations

from nlp_toolkit.batch.copying import Copy
from nlp_toolkit.model import Document, Finding
from nlp_toolkit.rules.base import Rule
from nlp_toolkit.rules.copying.CPY001 import alignment_reason


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
    kind_label = "与其他单位雷同"
    severity = "warning"
    scope = "archive"  # found by nlp_toolkit.archive.checks when a batch is checked against the archive

    def identical_finding(self, doc: Document, earlier: list[dict]) -> Finding:
        """The whole text of `doc` is that of the archived reports `earlier` (oldest first)."""
        first = earlier[0]
        message, reason = f"{self.message()}：全文与批次「{first['batch']}」中的 {first['path']} 完全相同", "全文内容哈希相同"
        return Finding(0, len(doc.text), self.code, self.kind, self.severity, message,
                       doc.text, reason=reason, documents=[doc.path, first["path"]],
                       related=[ref | {"start": 0, "end": len(doc.text)} for ref in earlier],
                       explanation=self.explain(message, reason, pattern_name="content_hash"))

    def copy_finding(self, copy: Copy, new: Document, old: Document, earlier: dict) -> Finding:
        """A span `new` shares with the archived report `old` (`earlier`: its reference, batch included)."""
        mine, theirs = (copy.a, copy.b) if copy.path_a == new.path else (copy.b, copy.a)
        start, end = mine
        what = f"《{earlier['title']}》" if earlier.get("title") else earlier["path"]
        unit = f"{earlier['unit']}的" if earlier.get("unit") else ""
        message = (f"{self.message()}：与批次「{earlier.get('batch', '?')}」中{unit}{what}（{earlier['path']}）"
                   f"有一段{end - start}字的文字相同")
        reason = f"{alignment_reason(copy)}（与归档比对）"
        return Finding(start, end, self.code, self.kind, self.severity, message, new.text[start:end],
                       reason=reason, documents=[new.path, earlier["path"]],
                       related=[earlier | {"start": theirs[0], "end": theirs[1], "text": old.text[theirs[0]:theirs[1]]}],
                       explanation=self.explain(message, reason, pattern_name="alignment"))
