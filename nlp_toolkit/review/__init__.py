"""The inspector's decisions on findings, kept in a review file beside the batch.

    nlp-toolkit-review.toml        one [[decision]] per finding: rule, passage and report
                                   fingerprints, unit, status (误报 / 已核实 / 已反馈), note

A submitted report must not be edited, so a `noqa` comment cannot mark a false alarm; the
decision lives here instead, keyed so that it survives a re-run and a resubmission of the same
report in another format (`keys.py`). `check` and `analyze` hide every decided finding
(`apply.py`: moved to `Batch.dismissed`, counted, listed with `--show-dismissed`).
`nlp-toolkit review baseline` writes every current finding as accepted; `nlp-toolkit review
import book.xlsx` reads the workbook's 处理意见 column back (`workbook.py`).

    keys.py      document_key, passage_key, decision_for (the fingerprints)
    store.py     ReviewFile: read (with messages, never raising), merge, write
    apply.py     apply_review(batch, review) -> messages
    workbook.py  decisions_from_workbook(book, batch)
"""
from __future__ import annotations

from nlp_toolkit.review.apply import apply_review
from nlp_toolkit.review.store import FILE_NAME, STATUSES, ReviewError, ReviewFile, default_path, read_review

__all__ = ["FILE_NAME", "STATUSES", "ReviewError", "ReviewFile", "apply_review", "default_path", "read_review"]
