"""ARC002: 本单位此前报告中列出的问题再次出现."""
from __future__ import annotations

from nlp_toolkit.model import Document, Finding, Problem
from nlp_toolkit.rules.base import Rule


class ARC002(Rule):
    """本单位此前报告中列出的问题再次出现

    检查内容：
    用 --archive 把本批材料与归档比对：本单位此前批次的报告中已经列出的问题，在本次报告的问题中又基本原样出现（去掉标点后文字相似度达到一半以上）。

    为什么有问题：
    同一个问题年年查摆、年年出现，说明上次的整改没有落实，或者问题是照抄往年材料写的，没有重新查摆。

    示例：
    2023年报告写“农业产业链条短，农产品精深加工能力不足”，2024年报告又写“农业产业链条仍然较短，农产品精深加工能力不足”。

    建议写法：
    写明上次查摆的问题整改到了哪一步、为什么还没解决、下一步用什么具体措施在什么时限内解决；已解决的不再列为问题。
    """

    code = "ARC002"
    name = "recurring-problem"
    kind = "recurring_problem"
    kind_label = "问题重复出现"
    severity = "warning"
    scope = "archive"  # found by nlp_toolkit.archive.checks when a batch is checked against the archive

    def recurring_finding(self, doc: Document, problem: Problem, earlier: dict, score: float) -> Finding:
        """`problem` of `doc` was already listed in an earlier report of its unit (`earlier`: the
        archived problem's row: text, start, end, category, id, title, path, name, batch_id, created_at)."""
        when = earlier["created_at"]
        message = (f"{self.message()}：批次「{earlier['name']}」的《{earlier['title'] or earlier['path']}》"
                   f"已列出“{_short(earlier['text'])}”")
        reason = f"与本单位此前报告中的问题相似（字符二元组 Dice 系数 {score:.2f}）"
        return Finding(
            problem.start, problem.end, self.code, self.kind, self.severity, message,
            problem.text, reason=reason, explanation=self.explain(message, reason, pattern_name="problem_lists",
                                                                  score=score),
            documents=[doc.path, earlier["path"]],
            related=[{"path": earlier["path"], "document_id": earlier["id"], "batch": earlier["name"],
                      "batch_id": earlier["batch_id"], "batch_time": when.isoformat() if when else None,
                      "start": earlier["start"], "end": earlier["end"], "text": earlier["text"],
                      "category": earlier["category"], "similarity": round(score, 3)}])


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
