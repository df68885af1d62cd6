"""Decided findings out of the lists: `apply_review` moves them to `Batch.dismissed`."""
from __future__ import annotations

from collections import Counter

from nlp_toolkit.model import Batch, Decision, Dismissed, Document, Finding
from nlp_toolkit.review.keys import passage_key, same_report
from nlp_toolkit.review.store import ReviewFile


def apply_review(batch: Batch, review: ReviewFile) -> list[str]:
    """Hide every finding the review file has decided; messages about decisions that found nothing.

    A cross-report finding is looked up on the first report it names. Decisions whose report is
    not in the batch are kept in the file and reported once, with their files.
    """
    reviewer = Reviewer(review)
    for doc in batch.documents:
        reviewer.document(doc)
    return reviewer.finish(batch)


class Reviewer:
    """The review applied one document at a time (as `analyze --format jsonl` writes them), then the batch."""

    def __init__(self, review: ReviewFile):
        self.review = review
        self.used: set[int] = set()
        self.dismissed: list[Dismissed] = []

    def document(self, doc: Document) -> None:
        if self.review.decisions:
            doc.findings = _kept(doc, doc.findings, self.review.decisions, self.dismissed, self.used)

    def finish(self, batch: Batch) -> list[str]:
        messages = list(self.review.messages)
        if not self.review.decisions:
            return messages
        docs = {d.path: d for d in batch.documents}
        kept = []
        for finding in batch.batch_findings:
            doc = docs.get(finding.documents[0]) if finding.documents else None
            kept.extend(_kept(doc, [finding], self.review.decisions, self.dismissed, self.used) if doc else [finding])
        batch.batch_findings = kept
        batch.dismissed = self.dismissed
        messages.extend(_unused(self.review, batch.documents, self.used))
        return messages


def _kept(doc: Document, findings: list[Finding], decisions: list[Decision], dismissed: list[Dismissed],
          used: set[int]) -> list[Finding]:
    mine = [(i, d) for i, d in enumerate(decisions) if same_report(d, doc)]
    if not mine:
        return findings
    by_key = {(d.code, d.passage): (i, d) for i, d in mine}
    kept = []
    for finding in findings:
        hit = by_key.get((finding.code, passage_key(finding)))
        if hit is None:
            kept.append(finding)
        else:
            used.add(hit[0])
            dismissed.append(Dismissed(finding, doc.path, hit[1]))
    return kept


def _unused(review: ReviewFile, documents: list[Document], used: set[int]) -> list[str]:
    elsewhere = [d for i, d in enumerate(review.decisions)
                 if i not in used and not any(same_report(d, doc) for doc in documents)]
    gone = [d for i, d in enumerate(review.decisions) if i not in used and d not in elsewhere]
    out = []
    if elsewhere:
        names = "、".join(sorted({d.file or d.unit or d.document for d in elsewhere})[:5])
        out.append(f"{review.path}：{len(elsewhere)} 条处理意见所指的材料不在本批中（{names}），已忽略，文件未改动")
    if gone:
        out.append(f"{review.path}：{len(gone)} 条处理意见对应的提示本次没有出现（材料已修改或规则未选用）")
    return out


def dismissed_counts(batch: Batch) -> Counter:
    return Counter(d.decision.status for d in batch.dismissed)


def dismissed_line(batch: Batch) -> str:
    """`另有 N 条已处理的提示未列出（误报 2，已核实 1）` or ""."""
    if not batch.dismissed:
        return ""
    counts = dismissed_counts(batch)
    parts = "，".join(f"{s} {counts[s]}" for s in sorted(counts))
    return f"另有 {len(batch.dismissed)} 条已处理的提示未列出（{parts}；加 --show-dismissed 列出）。"
