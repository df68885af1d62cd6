"""Decided findings out of the lists: `apply_review` moves them to `Batch.dismissed`."""
from __future__ import annotations

from nlp_toolkit.model import Batch, Dismissed, Document, Finding
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
    """The review applied one document at a time (as `analyze --format jsonl` writes them), then the batch.

    Decisions are indexed by unit and by text fingerprint, so a large batch with a large review
    file costs a look-up per report, not a product of the two.
    """

    def __init__(self, review: ReviewFile):
        self.review = review
        self.used: set[int] = set()  # decisions that hid a finding
        self.seen: set[int] = set()  # decisions whose report is in the batch
        self.dismissed: list[Dismissed] = []
        self.by_unit: dict[str, list[int]] = {}
        self.by_text: dict[str, list[int]] = {}
        for i, d in enumerate(review.decisions):
            if d.unit:
                self.by_unit.setdefault(d.unit, []).append(i)
            self.by_text.setdefault(d.document, []).append(i)

    def _mine(self, doc: Document) -> list[int]:
        """The decisions made on this report: by its unit, or (no unit on one side) by its text."""
        from nlp_toolkit.review.keys import document_key

        found = list(self.by_unit.get(doc.unit, [])) if doc.unit else []
        found += [i for i in self.by_text.get(document_key(doc), [])
                  if i not in found and same_report(self.review.decisions[i], doc)]
        return found

    def document(self, doc: Document) -> None:
        if not self.review.decisions:
            return
        mine = self._mine(doc)
        self.seen.update(mine)
        if mine:
            doc.findings = self._kept(doc, doc.findings, mine)

    def _kept(self, doc: Document, findings: list[Finding], mine: list[int]) -> list[Finding]:
        decisions = self.review.decisions
        by_key = {(decisions[i].code, decisions[i].passage): i for i in mine}
        kept = []
        for finding in findings:
            hit = by_key.get((finding.code, passage_key(finding)))
            if hit is None:
                kept.append(finding)
            else:
                self.used.add(hit)
                self.dismissed.append(Dismissed(finding, doc.path, decisions[hit]))
        return kept

    def finish(self, batch: Batch) -> list[str]:
        messages = list(self.review.messages)
        if not self.review.decisions:
            return messages
        docs = {d.path: d for d in batch.documents}
        kept = []
        for finding in batch.batch_findings:
            doc = docs.get(finding.documents[0]) if finding.documents else None
            kept.extend(self._kept(doc, [finding], self._mine(doc)) if doc else [finding])
        batch.batch_findings = kept
        batch.dismissed = self.dismissed
        messages.extend(self._unused())
        return messages

    def _unused(self) -> list[str]:
        decisions = self.review.decisions
        elsewhere = [d for i, d in enumerate(decisions) if i not in self.seen]
        gone = [d for i, d in enumerate(decisions) if i in self.seen and i not in self.used]
        out = []
        if elsewhere:
            names = "、".join(sorted({d.file or d.unit or d.document for d in elsewhere})[:5])
            out.append(f"{self.review.path}：{len(elsewhere)} 条处理意见所指的材料不在本批中（{names}），已忽略，文件未改动")
        if gone:
            out.append(f"{self.review.path}：{len(gone)} 条处理意见对应的提示本次没有出现（材料已修改或规则未选用）")
        return out
