"""CPY002: 多个单位的问题清单几乎相同."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from nlp_toolkit.batch.copying import ProblemGroup
from nlp_toolkit.model import Document, Finding
from nlp_toolkit.rules.base import Rule

if TYPE_CHECKING:
    from nlp_toolkit.batch.context import BatchContext


class CPY002(Rule):
    """多个单位的问题清单几乎相同

    检查内容：
    同一批材料中，两个以上单位查摆的问题几乎一字不差：一份材料的问题中至少3条、且占较短清单四分之三以上，与另一单位的问题基本相同（去掉标点、单位名称和数字后文字相似度80%以上）。

    为什么有问题：
    各单位情况不同，查摆的问题却千篇一律，说明问题是套用模板写的，没有联系本单位实际，整改也就无从落实。

    示例：
    医院、村党支部、市场监管局的材料都写着“一是理论学习不够深入系统，满足于读原文、记笔记……二是担当作为不够主动……三是工作作风不够扎实……四是廉洁自律仍需加强……”。

    建议写法：
    结合本单位的具体工作、具体事例查摆问题，写清问题发生在哪项工作、表现在哪里、造成了什么影响。
    """

    code = "CPY002"
    name = "formulaic-problems"
    kind = "formulaic_problems"
    kind_label = "问题清单雷同"
    severity = "warning"
    scope = "batch"

    def check_batch(self, context: "BatchContext") -> Iterable[Finding]:
        by_path = context.by_path()
        return [self.group_finding(group, by_path) for group in context.problem_groups()]

    def group_finding(self, group: ProblemGroup, by_path: dict[str, Document]) -> Finding:
        """One finding for a group of documents; its span covers the first one's matched problems."""
        docs, matched = [by_path[p] for p in group.paths], group.matched

        def span(doc: Document) -> tuple[int, int]:
            problems = [doc.problems[i] for i in sorted(matched[doc.path])]
            return min(p.start for p in problems), max(p.end for p in problems)

        first, others = docs[0], docs[1:]
        start, end = span(first)
        names = "、".join(d.unit or d.path for d in others)
        detail = (f"本材料{len(first.problems)}条问题中有{len(matched[first.path])}条与{names}"
                  f"的问题基本相同（共{len(docs)}份材料）")
        related = []
        for doc in others:
            s, e = span(doc)
            related.append({"path": doc.path, "unit": doc.unit, "start": s, "end": e, "text": doc.text[s:e],
                            "matched": len(matched[doc.path]), "problems": len(doc.problems)})
        message, reason = f"{self.message()}：{detail}", "问题逐条比对（MinHash/LSH 候选 + 文字相似度）"
        share = len(matched[first.path]) / len(first.problems) if first.problems else None
        return Finding(start, end, self.code, self.kind, self.severity, message,
                       first.text[start:end], reason=reason,
                       documents=[d.path for d in docs], related=related,
                       explanation=self.explain(message, reason, pattern_name="problem_lists", score=share))
