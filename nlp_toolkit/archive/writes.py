"""Writes: a batch's documents stored in one transaction, its findings saved, a batch removed.

A document already archived (same content hash) is linked, not stored again. On PostgreSQL
inserts use ON CONFLICT DO NOTHING on the content hash and batch name, so two writers storing
the same report end with one row, and storing a batch takes an advisory lock (`STORE_LOCK`)
for its transaction: the same batch archived twice at once is one batch, the second run a re-run
of the first (never a second batch whose 300 reports "copy" the first's).
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from nlp_toolkit.archive import fingerprints
from nlp_toolkit.archive.codec import content_hash, encode_analysis
from nlp_toolkit.archive.db import (APPLICATION_ID, RETRIES, ArchiveError, chunks, insert, lock, utc,
                                    write_transaction)
from nlp_toolkit.archive.queries import find_batch, report_primary
from nlp_toolkit.archive.schema import (batch_documents, batches, documents, findings, metrics, passage_bands,
                                        passages, problems)
from nlp_toolkit.model import Batch, Document, Finding

STORE_LOCK = APPLICATION_ID + 1  # PostgreSQL advisory lock key held while a batch is stored


@dataclass
class StoredBatch:
    id: int
    name: str
    created_at: datetime
    document_ids: dict[str, int]  # path in the batch → documents.id
    new_documents: int
    known_documents: int
    rerun: bool  # the same set of documents was archived before as this batch
    corrected: int = 0  # new documents stored as a corrected version of an archived report


@dataclass
class Prepared:
    """One document ready to be written: computed outside the transaction."""

    doc: Document
    content_hash: str
    passages: list
    band_keys: list[int]
    analysis: bytes
    analysed: bool


def prepare(doc: Document, *, analysed: bool = True, signatures: list | None = None) -> Prepared:
    """Everything a document's write needs, computed outside the transaction."""
    analysis = encode_analysis(doc)
    sigs = signatures if signatures is not None else fingerprints.passage_signatures(doc)
    keys = fingerprints.document_band_keys([p.signature for p in sigs])
    return Prepared(doc, content_hash(doc.text), sigs, keys, analysis, analysed)


def store_batch(engine: Engine, batch: Batch | Iterable[Document], *, name: str | None = None, sources: str | None = None,
                analysed: bool = True, prepared: list[Prepared] | None = None, _after_each=None) -> StoredBatch:
    """Store a batch's documents and its batch record in one transaction.

    A document already archived (same content hash) is linked, not stored again. The same
    set of documents stored again (a re-run) reuses its batch record; a new `name` that is
    taken by a different set of documents gets a suffix " (2)", " (3)" …
    """
    docs = list(batch.documents if isinstance(batch, Batch) else batch)
    prepared = prepared if prepared is not None else [prepare(d, analysed=analysed) for d in docs]
    for attempt in range(RETRIES):
        try:
            return _store(engine, docs, prepared, name, sources, _after_each)
        except DBAPIError as exc:  # a PostgreSQL deadlock or serialisation failure: the whole write again
            if attempt == RETRIES - 1 or getattr(exc.orig, "sqlstate", None) not in ("40P01", "40001"):
                raise
    raise AssertionError("unreachable")


def _store(engine: Engine, docs, prepared, name, sources, _after_each) -> StoredBatch:
    hashes = [p.content_hash for p in prepared]
    with write_transaction(engine) as conn:
        lock(conn, STORE_LOCK)  # PostgreSQL: one batch stored at a time, so a second run sees the first
        now = datetime.now(timezone.utc)
        existing = _batch_with_documents(conn, hashes)
        if existing is not None and (name is None or name == existing[1]):
            batch_id, batch_name, created_at = existing
            rerun = True
        else:
            batch_id, batch_name, created_at = _new_batch(conn, name or default_name(docs, now),
                                                          explicit=name is not None, now=now,
                                                          sources=sources)
            rerun = False
        ids: dict[str, int] = {}
        new = corrected = 0
        archived = _archived_versions(conn, prepared)
        # in content-hash order, so that two writers storing the same reports lock them in one order;
        # the other files of a report sent as several files after every primary, linked to it
        for position, item in sorted(enumerate(prepared),
                                     key=lambda pair: (pair[1].doc.version_of is not None, pair[1].content_hash)):
            link = ids.get(item.doc.version_of) if item.doc.version_of else archived.get(item.doc.path)
            doc_id, inserted, is_version = _document(conn, item, now, link, in_batch=item.doc.version_of is not None)
            new += inserted
            corrected += is_version
            ids[item.doc.path] = doc_id
            conn.execute(insert(conn, batch_documents).values(
                batch_id=batch_id, document_id=doc_id, path=item.doc.path, position=position)
                .on_conflict_do_nothing(index_elements=["batch_id", "document_id"]))
            if _after_each is not None:
                _after_each(position)
    return StoredBatch(batch_id, batch_name, created_at, ids, new, len(prepared) - new, rerun, corrected)

def _batch_with_documents(conn: Connection, hashes: list[str]):
    """The batch holding exactly these documents, if there is one."""
    if not hashes:
        return None
    wanted = set(hashes)
    rows = conn.execute(
        select(batches.c.id, batches.c.name, batches.c.created_at)
        .join(batch_documents, batch_documents.c.batch_id == batches.c.id)
        .join(documents, documents.c.id == batch_documents.c.document_id)
        .where(documents.c.content_hash == hashes[0]).order_by(batches.c.id)).all()
    for row in rows:
        held = set(conn.execute(select(documents.c.content_hash)
                                .join(batch_documents, batch_documents.c.document_id == documents.c.id)
                                .where(batch_documents.c.batch_id == row.id)).scalars())
        if held == wanted:
            return row.id, row.name, utc(row.created_at)
    return None

def _new_batch(conn: Connection, name: str, *, explicit: bool, now: datetime, sources: str | None):
    from nlp_toolkit import __version__

    for n in range(1, 10_000):
        candidate = name if n == 1 else f"{name} ({n})"
        row = conn.execute(insert(conn, batches).values(
            name=candidate, created_at=now, sources=sources, tool_version=__version__)
            .on_conflict_do_nothing(index_elements=["name"]).returning(batches.c.id)).first()
        if row is not None:
            return row.id, candidate, now
        if explicit:  # a named batch that exists: add to it (late submissions)
            found = conn.execute(select(batches.c.id, batches.c.created_at).where(batches.c.name == name)).one()
            return found.id, name, utc(found.created_at)
    raise ArchiveError(f"批次名称已被占用：{name}")

def _archived_versions(conn: Connection, prepared: list[Prepared]) -> dict[str, int]:
    """Primary path → the archived id of one of its versions in this batch (a file of the report
    archived before, e.g. the PDF sent alone last time): the report the primary is a file of."""
    by_hash = {p.content_hash: p.doc for p in prepared if p.doc.version_of}
    out: dict[str, int] = {}
    for chunk in chunks(sorted(by_hash)):
        for doc_id, digest in conn.execute(select(documents.c.id, documents.c.content_hash)
                                           .where(documents.c.content_hash.in_(chunk))):
            out.setdefault(by_hash[digest].version_of, doc_id)
    return out


def _document(conn: Connection, item: Prepared, now: datetime, link: int | None = None, *,
              in_batch: bool = False) -> tuple[int, bool, bool]:
    """(document id, newly stored, stored as a corrected version of an archived report).

    `link`: an archived document of the same report — with `in_batch`, the batch's primary of
    the same report sent as several files (`batch.submissions`), else an archived file of it. A
    new document is linked to the primary of that report, or else of the report it corrects
    (`corrected_version`): never to another version, so a report's files are one primary and its
    versions."""
    doc = item.doc
    row = conn.execute(insert(conn, documents).values(
        content_hash=item.content_hash, path=doc.path, format=doc.format, encoding=doc.encoding,
        unit=doc.unit, title=doc.title, year=doc.year, n_chars=len(doc.text), text=doc.text,
        analysis=item.analysis, analysed=int(item.analysed), created_at=now)
        .on_conflict_do_nothing(index_elements=["content_hash"]).returning(documents.c.id)).first()
    if row is None:
        return conn.execute(select(documents.c.id)
                            .where(documents.c.content_hash == item.content_hash)).scalar_one(), False, False
    doc_id = row.id
    earlier = link if link is not None else corrected_version(conn, doc, doc_id)
    earlier = report_primary(conn, earlier) if earlier is not None else None
    if earlier is not None and earlier != doc_id:
        conn.execute(update(documents).where(documents.c.id == doc_id).values(version_of=earlier))
    if item.passages and not in_batch:  # a version's passages are its primary's: one copy found once
        conn.execute(passages.insert(), [
            {"document_id": doc_id, "idx": i, "start": p.start, "end": p.end, "nstart": p.nstart,
             "nend": p.nend, "signature": p.signature} for i, p in enumerate(item.passages)])
        conn.execute(passage_bands.insert(), [{"band_key": k, "document_id": doc_id} for k in item.band_keys])
    if doc.metrics:
        conn.execute(metrics.insert(), [
            {"document_id": doc_id, "idx": i, "subject": m.subject, "value": m.value, "unit": m.unit,
             "qualifier": m.qualifier, "surface": m.surface, "start": m.start, "end": m.end}
            for i, m in enumerate(doc.metrics)])
    if doc.problems:
        conn.execute(problems.insert(), [
            {"document_id": doc_id, "idx": i, "category": p.category, "confidence": p.confidence,
             "text": p.text, "start": p.start, "end": p.end} for i, p in enumerate(doc.problems)])
    return doc_id, True, earlier is not None and earlier != doc_id and not in_batch

def corrected_version(conn: Connection, doc: Document, doc_id: int) -> int | None:
    """The archived report `doc` corrects: the latest other one of the same unit, title and year
    (perhaps itself a version: `_document` links to its primary); for a report that states no
    year, the latest one of the same unit and title, with no year either, whose text is nearly
    all the same (`submissions.first_same_report`): a later report under the same title is a new report."""
    if not (doc.unit and doc.title):
        return None
    if doc.year:
        return conn.execute(select(documents.c.id).where(
            documents.c.unit == doc.unit, documents.c.title == doc.title, documents.c.year == doc.year,
            documents.c.id != doc_id).order_by(documents.c.id.desc()).limit(1)).scalar()
    from nlp_toolkit.batch.submissions import first_same_report

    rows = conn.execute(select(documents.c.id, documents.c.text).where(
        documents.c.unit == doc.unit, documents.c.title == doc.title, documents.c.year.is_(None),
        documents.c.id != doc_id).order_by(documents.c.id.desc()).limit(YEARLESS_CANDIDATES)).all()
    found = first_same_report(doc, [row.text for row in rows])
    return rows[found].id if found is not None else None


YEARLESS_CANDIDATES = 5  # archived reports of a unit and title, newest first, compared by text


def save_findings(engine: Engine, stored: StoredBatch, found: list[Finding]) -> None:
    """Replace the batch's stored findings (a re-run replaces, never adds)."""
    with write_transaction(engine) as conn:
        conn.execute(delete(findings).where(findings.c.batch_id == stored.id))
        if found:
            conn.execute(findings.insert(), [
                {"batch_id": stored.id, "document_id": stored.document_ids.get(f.documents[0]) if f.documents else None,
                 "code": f.code, "kind": f.kind, "severity": f.severity, "message": f.message,
                 "start": f.start, "end": f.end, "text": f.text,
                 "detail": json.dumps({"reason": f.reason, "documents": f.documents, "related": list(f.related)},
                                      ensure_ascii=False, default=str)} for f in found])

def remove_batch(engine: Engine, batch: int | str) -> tuple[str, int] | None:
    """Remove a batch (by id or name), and the documents no other batch holds.

    Returns (name, documents removed), or None when there is no such batch.
    """
    with write_transaction(engine) as conn:
        row = find_batch(conn, batch)
        if row is None:
            return None
        doc_ids = list(conn.execute(select(batch_documents.c.document_id)
                                    .where(batch_documents.c.batch_id == row.id)).scalars())
        conn.execute(delete(findings).where(findings.c.batch_id == row.id))
        conn.execute(delete(batch_documents).where(batch_documents.c.batch_id == row.id))
        conn.execute(delete(batches).where(batches.c.id == row.id))
        orphans = []
        for chunk in chunks(doc_ids):
            still = set(conn.execute(select(batch_documents.c.document_id)
                                     .where(batch_documents.c.document_id.in_(chunk))).scalars())
            orphans += [d for d in chunk if d not in still]
        for chunk in chunks(orphans):
            for table in (passage_bands, passages, metrics, problems, findings):
                conn.execute(delete(table).where(table.c.document_id.in_(chunk)))
            conn.execute(delete(documents).where(documents.c.id.in_(chunk)))
        return row.name, len(orphans)



def default_name(docs: list[Document], now: datetime) -> str:
    label = "批次"
    paths = [Path(d.path) for d in docs if d.path]
    if paths:
        try:
            common = Path(os.path.commonpath([str(p.parent.resolve()) for p in paths]))
            label = common.name or str(common)
        except ValueError:
            pass
    return f"{label} {now.astimezone():%Y-%m-%d %H:%M}"


