"""Look-ups: batches, units, a unit's reports and figures over time, stored documents rebuilt.

Each function takes the archive's engine (reads run in their own transaction) or, for the
look-ups the checks make inside theirs, a connection.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine

from nlp_toolkit.archive.codec import rebuild_document
from nlp_toolkit.archive.db import chunks, read_transaction, utc
from nlp_toolkit.archive.schema import (batch_documents, batches, documents, findings, metrics, passage_bands,
                                        passages, problems)
from nlp_toolkit.model import Document


def find_batch(conn: Connection, batch: int | str):
    query = select(batches.c.id, batches.c.name, batches.c.created_at)
    if isinstance(batch, int) or (isinstance(batch, str) and batch.isdigit()):
        row = conn.execute(query.where(batches.c.id == int(batch))).first()
        if row is not None:
            return row
    return conn.execute(query.where(batches.c.name == str(batch))).first()


def batch_list(engine: Engine) -> list[dict[str, Any]]:
    with read_transaction(engine) as conn:
        counts = (select(batch_documents.c.batch_id, func.count().label("documents"))
                  .group_by(batch_documents.c.batch_id).subquery())
        rows = conn.execute(select(batches, func.coalesce(counts.c.documents, 0).label("documents"))
                            .outerjoin(counts, counts.c.batch_id == batches.c.id)
                            .order_by(batches.c.created_at, batches.c.id)).mappings().all()
        return [dict(r) | {"created_at": utc(r["created_at"])} for r in rows]

def batch_detail(engine: Engine, batch: int | str) -> dict[str, Any] | None:
    """A batch with its documents (id, path, unit, title, year) and stored findings."""
    with read_transaction(engine) as conn:
        row = find_batch(conn, batch)
        if row is None:
            return None
        docs = conn.execute(
            select(documents.c.id, batch_documents.c.path, documents.c.unit, documents.c.title,
                   documents.c.year, documents.c.n_chars, documents.c.content_hash)
            .join(batch_documents, batch_documents.c.document_id == documents.c.id)
            .where(batch_documents.c.batch_id == row.id).order_by(batch_documents.c.position)).mappings().all()
        found = conn.execute(select(findings).where(findings.c.batch_id == row.id)
                             .order_by(findings.c.id)).mappings().all()
        return {"id": row.id, "name": row.name, "created_at": utc(row.created_at),
                "documents": [dict(d) for d in docs], "findings": [dict(f) for f in found]}

def _in_batch_version():
    """True for a row of `batch_documents` × `documents` whose document is another file of a
    report its batch also holds (the same report sent as several files: stored, never counted):
    the batch holds an earlier-stored file of the same report (its primary, or another version
    of that primary — a corrected report sent as TXT and PDF is two versions of the first one)."""
    holder, other = batch_documents.alias("holder"), documents.alias("other")
    return (select(holder.c.document_id)
            .join(other, other.c.id == holder.c.document_id)
            .where(holder.c.batch_id == batch_documents.c.batch_id, other.c.id < documents.c.id,
                   func.coalesce(other.c.version_of, other.c.id) == func.coalesce(documents.c.version_of, documents.c.id))
            .exists())


def units(engine: Engine) -> list[dict[str, Any]]:
    """Every unit with how many reports and batches the archive holds for it (a report sent as
    several files in one batch counted once)."""
    with read_transaction(engine) as conn:
        rows = conn.execute(
            select(documents.c.unit, func.count(func.distinct(documents.c.id)).label("documents"),
                   func.count(func.distinct(batch_documents.c.batch_id)).label("batches"))
            .join(batch_documents, batch_documents.c.document_id == documents.c.id)
            .where(~_in_batch_version())
            .group_by(documents.c.unit).order_by(documents.c.unit)).mappings().all()
        return [dict(r) for r in rows]

def unit_reports(engine: Engine, unit: str) -> list[dict[str, Any]]:
    """One unit's archived reports, batch by batch (oldest first); `other_file` marks another
    file of a report its batch holds (listed, not a report of its own)."""
    with read_transaction(engine) as conn:
        rows = conn.execute(
            select(documents.c.id, batch_documents.c.path, documents.c.title, documents.c.year,
                   batches.c.name.label("batch"), batches.c.created_at, _in_batch_version().label("other_file"))
            .join(batch_documents, batch_documents.c.document_id == documents.c.id)
            .join(batches, batches.c.id == batch_documents.c.batch_id)
            .where(documents.c.unit == unit).order_by(batches.c.created_at, batches.c.id)).mappings().all()
        return [dict(r) | {"created_at": utc(r["created_at"])} for r in rows]

def counts(engine: Engine) -> dict[str, int]:
    with read_transaction(engine) as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (batches, documents, batch_documents, passages, passage_bands, metrics, problems,
                            findings)}

def document(engine: Engine, doc_id: int, conn: Connection | None = None) -> Document:
    """A stored document rebuilt from its text and analysis (structure, facts, findings)."""
    if conn is None:
        with read_transaction(engine) as conn:
            return document(engine, doc_id, conn)
    row = conn.execute(select(documents).where(documents.c.id == doc_id)).mappings().one()
    return rebuild_document(row)


def first_batches(conn, doc_ids: list[int]) -> dict[int, dict]:
    """For each document, the earliest batch that holds it (name, id, time, path there)."""
    out: dict[int, dict] = {}
    for chunk in chunks(doc_ids):
        rows = conn.execute(select(batch_documents.c.document_id, batch_documents.c.path, batches.c.id,
                                   batches.c.name, batches.c.created_at)
                            .join(batches, batches.c.id == batch_documents.c.batch_id)
                            .where(batch_documents.c.document_id.in_(chunk))
                            .order_by(batches.c.created_at, batches.c.id))
        for doc_id, path, batch_id, name, created in rows:
            out.setdefault(doc_id, {"batch": name, "batch_id": batch_id, "batch_time": utc(created), "path": path})
    return out


def other_batches(conn, doc_ids: list[int], batch_id: int) -> dict[int, list[dict]]:
    """Other batches holding each of these documents (earliest first): identical resubmissions."""
    out: dict[int, list[dict]] = defaultdict(list)
    for chunk in chunks(doc_ids):
        rows = conn.execute(select(batch_documents.c.document_id, batch_documents.c.path, batches.c.id,
                                   batches.c.name, batches.c.created_at, documents.c.unit, documents.c.title)
                            .join(batches, batches.c.id == batch_documents.c.batch_id)
                            .join(documents, documents.c.id == batch_documents.c.document_id)
                            .where(batch_documents.c.document_id.in_(chunk), batches.c.id != batch_id)
                            .order_by(batches.c.created_at, batches.c.id))
        for doc_id, path, other_id, name, created, unit, title in rows:
            out[doc_id].append({"document_id": doc_id, "path": path, "batch": name, "batch_id": other_id,
                                "batch_time": utc(created), "unit": unit, "title": title})
    return out


def unit_figures(engine: Engine, unit: str, *, repeated_only: bool = True):
    """The figures one unit reported, subject by subject, one column per batch (oldest first).

    Rows are (subject, unit of measure); a cell holds the value(s) of that subject in that
    batch's report ("、"-joined when the report gives several). With `repeated_only`, only
    subjects reported in at least two batches.
    """
    import pandas as pd

    with read_transaction(engine) as conn:
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
    frame["created_at"] = frame["created_at"].map(utc)
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


def report_primary(conn: Connection, doc_id: int) -> int:
    """The primary of the report `doc_id` is a file of: `version_of` followed back to a document
    that is no version (links go to primaries, but an archive written before may hold chains)."""
    seen = {doc_id}
    while (up := conn.execute(select(documents.c.version_of).where(documents.c.id == doc_id)).scalar()) is not None:
        if up in seen:
            break
        seen.add(up)
        doc_id = up
    return doc_id


def report_files(conn: Connection, doc_ids: list[int]) -> dict[int, set[int]]:
    """For each document, the other archived files of its report: its primary and every version
    of that primary (its earlier and later corrections, the other formats it was sent in)."""
    out: dict[int, set[int]] = {}
    for doc_id in doc_ids:
        family = {report_primary(conn, doc_id)}
        frontier = set(family)
        while frontier:  # the primary's versions (and, in an archive with chains, theirs)
            children = set()
            for chunk in chunks(sorted(frontier)):
                children |= set(conn.execute(select(documents.c.id)
                                             .where(documents.c.version_of.in_(chunk))).scalars())
            frontier = children - family
            family |= frontier
        out[doc_id] = family - {doc_id}
    return out
