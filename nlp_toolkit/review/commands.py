"""`nlp-toolkit review baseline|import`, and the review step of `analyze` and `check`."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from nlp_toolkit.model import Batch
from nlp_toolkit.review.apply import Reviewer, apply_review
from nlp_toolkit.review.keys import decision_for
from nlp_toolkit.review.store import ReviewError, default_path, read_review, write_review

BASELINE_STATUS = "已核实"


def review_path(args) -> Path:
    return Path(args.review) if getattr(args, "review", None) else default_path(args.paths)


def apply_to(args, batch: Batch) -> None:
    """Hide the findings the review file decided (unless --no-review); its messages on stderr."""
    if getattr(args, "no_review", False):
        return
    for message in apply_review(batch, read_review(review_path(args))):
        print(f"nlp-toolkit: {message}", file=sys.stderr)


def reviewer_for(args) -> Reviewer | None:
    """A Reviewer for `analyze --format jsonl` (each document reviewed before its line is written)."""
    return None if getattr(args, "no_review", False) else Reviewer(read_review(review_path(args)))


def finish(reviewer: Reviewer | None, batch: Batch) -> None:
    if reviewer is not None:
        for message in reviewer.finish(batch):
            print(f"nlp-toolkit: {message}", file=sys.stderr)


def baseline(args, batch: Batch) -> int:
    """Every finding not yet decided written as accepted, so the next run shows only what is new."""
    review = read_review(review_path(args))
    for message in apply_review(batch, review):
        print(f"nlp-toolkit: {message}", file=sys.stderr)
    docs = {d.path: d for d in batch.documents}
    note = f"基线 {date.today().isoformat()}"
    new = [decision_for(doc, f, BASELINE_STATUS, note) for doc in batch.documents for f in doc.findings]
    new += [decision_for(docs[f.documents[0]], f, BASELINE_STATUS, note)
            for f in batch.batch_findings if f.documents and f.documents[0] in docs]
    decisions, added = review.merged(new, replace=False)
    return _write(review, decisions, f"已写入 {added} 条基线处理意见（{BASELINE_STATUS}）")


def import_book(args, batch: Batch) -> int:
    """The workbook's 处理意见 column merged into the review file (a new decision wins)."""
    from nlp_toolkit.review.workbook import decisions_from_workbook

    review = read_review(review_path(args))
    for message in review.messages:
        print(f"nlp-toolkit: {message}", file=sys.stderr)
    try:
        found, messages = decisions_from_workbook(args.book, batch)
    except ReviewError as exc:
        print(f"nlp-toolkit: {exc}", file=sys.stderr)
        return 1
    for message in messages:
        print(f"nlp-toolkit: {message}", file=sys.stderr)
    decisions, changed = review.merged(found)
    return _write(review, decisions, f"从 {args.book} 导入 {len(found)} 条处理意见（新增或改动 {changed} 条）")


def _write(review, decisions, done: str) -> int:
    try:
        write_review(review, decisions)
    except ReviewError as exc:
        print(f"nlp-toolkit: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"nlp-toolkit: 无法写入处理意见文件 {review.path}（{exc.strerror or exc}）", file=sys.stderr)
        return 1
    print(f"nlp-toolkit: {done}：{review.path}", file=sys.stderr)
    return 0
