"""One unit over time: its figures batch by batch, and problems that come back (ARC002).

A unit is the `unit` the structure parser read from the report (the same string, spaces
removed). "Earlier" means a batch archived before the current one.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy import select

from nlp_toolkit.archive.schema import batch_documents, batches, documents, metrics, problems
from nlp_toolkit.model import Document, Finding
from nlp_toolkit.rules.archive.ARC002 import ARC002

if TYPE_CHECKING:
    from nlp_toolkit.archive.store import Archive, StoredBatch

RECURRING = (ARC002.code, ARC002.kind, ARC002.severity, ARC002.message())
MIN_SIMILARITY = 0.5  # Dice coefficient of character bigrams, punctuation and spaces removed
_NOT_WORD = re.compile(r"[\W_]+")


def bigrams(text: str) -> set[str]:
    text = _NOT_WORD.sub("", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def similarity(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def unit_key(unit: str | None) -> str | None:
    return re.sub(r"\s+", "", unit) if unit else None


def recurring_problems(conn, docs: list[Document], stored: "StoredBatch", _utc) -> list[Finding]:
    """Problems of each new report that an earlier report of the same unit already listed."""
    found: list[Finding] = []
    current = conn.execute(select(batches.c.created_at).where(batches.c.id == stored.id)).scalar_one()
    own_ids = set(stored.document_ids.values())
    for doc in docs:
        if not doc.unit or not doc.problems:
            continue
        rows = conn.execute(
            select(problems.c.text, problems.c.start, problems.c.end, problems.c.category,
                   documents.c.id, documents.c.title, batch_documents.c.path, batches.c.name,
                   batches.c.id.label("batch_id"), batches.c.created_at)
            .join(documents, documents.c.id == problems.c.document_id)
            .join(batch_documents, batch_documents.c.document_id == documents.c.id)
            .join(batches, batches.c.id == batch_documents.c.batch_id)
            .where(documents.c.unit == doc.unit, batches.c.created_at < current,
                   documents.c.id.notin_(own_ids) if own_ids else True)
            .order_by(batches.c.created_at.desc(), problems.c.idx)).mappings().all()
        earlier = [(r, bigrams(r["text"])) for r in rows]
        for problem in doc.problems:
            mine = bigrams(problem.text)
            best = None
            for row, grams in earlier:  # most recent batch first; within it the most similar
                score = similarity(mine, grams)
                if score >= MIN_SIMILARITY and (best is None or (row["created_at"] == best[0]["created_at"]
                                                                  and score > best[1])):
                    best = (row, score)
            if best is None:
                continue
            row, score = best
            when = _utc(row["created_at"])
            found.append(Finding(
                problem.start, problem.end, RECURRING[0], RECURRING[1], RECURRING[2],
                f"{RECURRING[3]}：批次「{row['name']}」的《{row['title'] or row['path']}》已列出“{_short(row['text'])}”",
                problem.text, reason=f"与本单位此前报告中的问题相似（字符二元组 Dice 系数 {score:.2f}）",
                documents=[doc.path, row["path"]],
                related=[{"document": row["path"], "document_id": row["id"], "batch": row["name"],
                          "batch_id": row["batch_id"], "batch_time": when.isoformat() if when else None,
                          "start": row["start"], "end": row["end"], "text": row["text"],
                          "category": row["category"], "similarity": round(score, 3)}]))
    return found


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def unit_figures(archive: "Archive", unit: str, *, repeated_only: bool = True):
    """The figures one unit reported, subject by subject, one column per batch (oldest first).

    Rows are (subject, unit of measure); a cell holds the value(s) of that subject in that
    batch's report ("、"-joined when the report gives several). With `repeated_only`, only
    subjects reported in at least two batches.
    """
    import pandas as pd

    from nlp_toolkit.archive.store import _utc

    with archive.read() as conn:
        rows = conn.execute(
            select(metrics.c.subject, metrics.c.unit, metrics.c.value, metrics.c.surface, metrics.c.idx,
                   batches.c.name, batches.c.created_at, documents.c.year)
            .join(documents, documents.c.id == metrics.c.document_id)
            .join(batch_documents, batch_documents.c.document_id == documents.c.id)
            .join(batches, batches.c.id == batch_documents.c.batch_id)
            .where(documents.c.unit == unit, metrics.c.subject.isnot(None), metrics.c.value.isnot(None))
            .order_by(batches.c.created_at, batches.c.id, metrics.c.idx)).mappings().all()
    if not rows:
        return pd.DataFrame()
    frame = pd.DataFrame([dict(r) for r in rows])
    frame["created_at"] = frame["created_at"].map(_utc)
    frame["batch"] = [f"{n}（{int(y)}年）" if pd.notna(y) else n for n, y in zip(frame["name"], frame["year"])]
    order = list(dict.fromkeys(frame.sort_values(["created_at"], kind="stable")["batch"]))
    frame["unit"] = frame["unit"].fillna("")
    frame["shown"] = frame["value"].map(lambda v: f"{v:g}")
    table = (frame.groupby(["subject", "unit", "batch"], sort=False)["shown"]
             .agg(lambda s: "、".join(dict.fromkeys(s))).unstack("batch"))
    table = table.reindex(columns=order)
    if repeated_only:
        table = table[table.notna().sum(axis=1) >= 2]
    table.columns.name = None
    return table.rename_axis(index=["指标", "单位"])
