"""CPY001: 与其他单位的材料有大段文字相同."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from nlp_toolkit.batch.copying import Copy
from nlp_toolkit.batch.copying.pairs import pair_shares
from nlp_toolkit.model import Document, Finding
from nlp_toolkit.rules.base import Rule

if TYPE_CHECKING:
    from nlp_toolkit.batch.context import BatchContext


COMMON_NOTE = 10  # discounted common wording is mentioned from this many characters


class CPY001(Rule):
    """与其他单位的材料有大段文字相同

    检查内容：
    同一批材料中，两个单位的材料有一段50字以上（或两整句以上）的文字相同；单位名称、数字改动过的也算。多数单位共用的规范提法（见 resources/repeatable_phrases.txt、genre_phrases.txt、copying_common.txt）、本批三成以上材料都有的段落，以及不同单位的材料在开头（第一个标题之前）或结尾（最后一段）同一位置的相同文字（本类材料通用的开头、结尾，如巡察整改情况通报的开头和“欢迎监督”的结尾）不计入；发现的相同文字中含有这些内容的，提示中会说明。

    为什么有问题：
    整段照搬别的单位的材料，说明本单位的情况没有如实、具体地写出来，上级据此了解不到真实情况，也可能是抄袭。

    示例：
    甲单位：坚持把调查研究作为打开工作局面的“金钥匙”，班子成员带头沉到一线，做到调研前有方案、调研中有记录、调研后有清单。乙单位的材料中有同样一段话。

    建议写法：
    按本单位实际重写这一段，写清本单位做了什么、做到什么程度，用本单位的事例和数据。
    """

    code = "CPY001"
    name = "copied-passage"
    kind = "copied_passage"
    kind_label = "与其他单位雷同"
    severity = "warning"
    scope = "batch"

    def check_batch(self, context: "BatchContext") -> Iterable[Finding]:
        return copy_findings(context.copies(), context.by_path())

    def copy_finding(self, copy: Copy, doc_a: Document, doc_b: Document, shares: tuple[float, float]) -> Finding:
        """The finding for one `Copy` (span in doc_a, `related` the span in doc_b)."""
        (sa, ea), (sb, eb) = copy.a, copy.b
        other = doc_b.unit or doc_b.path
        length = sum(1 for c in doc_a.text[sa:ea] if not c.isspace())
        detail = (f"与{other}的材料有一段{length}字的文字相同；两份材料相同的文字共占本材料的"
                  f"{shares[0]:.0%}、占对方材料的{shares[1]:.0%}")
        if copy.common >= COMMON_NOTE:
            detail += f"（其中{copy.common}字属多家单位通用的规范提法或本批多数材料共有的表述，未计为抄用）"
        if copy.standard >= COMMON_NOTE:
            detail += f"（其中{copy.standard}字是两份材料开头或结尾处相同的本类材料通用表述，未计为抄用）"
        reason = alignment_reason(copy)
        related = [{"path": doc_b.path, "unit": doc_b.unit, "start": sb, "end": eb, "text": doc_b.text[sb:eb]}]
        message = f"{self.message()}：{detail}"
        return Finding(sa, ea, self.code, self.kind, self.severity, message,
                       doc_a.text[sa:ea], reason=reason, documents=[doc_a.path, doc_b.path], related=related,
                       explanation=self.explain(message, reason, pattern_name="alignment", score=shares[0]))


def copy_findings(copies: list[Copy], by_path: dict[str, Document]) -> list[Finding]:
    """One finding per shared span, on the document whose path sorts first."""
    rule = CPY001()
    shares = pair_shares(copies, by_path)
    return [rule.copy_finding(c, by_path[c.path_a], by_path[c.path_b], shares[(c.path_a, c.path_b)]) for c in copies]


def alignment_reason(copy: Copy) -> str:
    """How a shared span was found and counted (also the archive's ARC001 reason)."""
    return f"MinHash/LSH 候选段落经逐字对齐：相同{copy.matched}字，扣除通用表述{copy.common}字后{copy.content}字"
