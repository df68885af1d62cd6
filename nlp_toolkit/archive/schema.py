"""The archive's tables (SQLAlchemy Core), the schema version and the migrations between versions.

Version 1:

    archive_meta     key, value                      ("schema_version" → "1", "created_by" → tool version)
    batches          id, name (unique), created_at (UTC), sources, tool_version
    documents        id, content_hash (sha256 of the decoded text, unique), path (as first seen), format,
                     encoding, unit, title, year, n_chars, text, analysis (the JSON of `analyze --format
                     json` for this document, zlib-compressed), analysed (0: stored without extraction,
                     e.g. a bulk load), created_at
    batch_documents  batch_id, document_id, path (as submitted in that batch), position
    passages         document_id, idx, start, end, nstart, nend, signature: the copy detector's passages
                     (source and normalised offsets, MinHash signature bytes), to rebuild its index
    passage_bands    band_key, document_id: each distinct LSH band key of a document's passages
                     (`fingerprints.document_band_keys`), the look-up that finds candidates in a large archive
    metrics          document_id, idx, subject, value, unit, qualifier, surface, start, end
    problems         document_id, idx, category, confidence, text, start, end
    findings         id, batch_id, document_id, code, kind, severity, message, start, end, text, detail (JSON)

Version 3 adds `documents.version_of`: a unit's corrected resubmission (same unit, title and
year as a report archived earlier, other text) and the other files of a report sent as several
files name the report's primary (the first file of it archived that is no version itself, so a
report is one primary and its versions); the checks compare no file of a report with another of
it, neither as a copy (ARC001) nor for recurring problems (ARC002).

A document is stored once however many batches hold it; `batch_documents` links it to each
batch. Removing a batch removes its links and findings, and the documents no other batch holds.
"""
from __future__ import annotations

from sqlalchemy import (BigInteger, Column, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, MetaData,
                        String, Table, Text, UniqueConstraint)

SCHEMA_VERSION = 3

metadata = MetaData()

archive_meta = Table(
    "archive_meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

batches = Table(
    "batches", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(500), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sources", Text),
    Column("tool_version", String(32)),
    UniqueConstraint("name", name="uq_batches_name"),
)

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("content_hash", String(64), nullable=False),
    Column("path", Text, nullable=False),
    Column("format", String(16)),
    Column("encoding", String(32)),
    Column("unit", String(500)),
    Column("title", Text),
    Column("year", Integer),
    Column("n_chars", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("analysis", LargeBinary, nullable=False),
    Column("analysed", Integer, nullable=False, default=1),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("version_of", Integer),  # schema 3: the primary of the report this file is a version of
    UniqueConstraint("content_hash", name="uq_documents_content_hash"),
    Index("ix_documents_unit", "unit"),
)

batch_documents = Table(
    "batch_documents", metadata,
    Column("batch_id", Integer, ForeignKey("batches.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("path", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Index("ix_batch_documents_document", "document_id"),
)

passages = Table(
    "passages", metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("nstart", Integer, nullable=False),
    Column("nend", Integer, nullable=False),
    Column("signature", LargeBinary, nullable=False),
)

passage_bands = Table(  # the largest table: one b-tree keyed for the look-up, no row ids on SQLite
    "passage_bands", metadata,
    Column("band_key", BigInteger, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sqlite_with_rowid=False,
)

metrics = Table(
    "metrics", metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("subject", Text),
    Column("value", Float),
    Column("unit", String(64)),
    Column("qualifier", String(32)),
    Column("surface", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_metrics_document", "document_id"),
)

problems = Table(
    "problems", metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("category", String(32)),
    Column("confidence", Float),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_problems_document", "document_id"),
)

findings = Table(
    "findings", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("batch_id", Integer, ForeignKey("batches.id", ondelete="CASCADE"), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE")),
    Column("code", String(16), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("message", Text, nullable=False),
    Column("start", Integer),
    Column("end", Integer),
    Column("text", Text),
    Column("detail", Text),  # JSON: documents, related, reason
    Index("ix_findings_batch", "batch_id"),
)

# Migrations: MIGRATIONS[v] upgrades a version-v archive to v+1, inside the migration transaction.


def _to_2(conn) -> None:
    """Version 2 hashes LSH bands with `lsh.band_keys` (numpy) instead of BLAKE2b: re-key every
    document's `passage_bands` rows from its stored passage signatures."""
    from sqlalchemy import delete, select

    from nlp_toolkit.archive.fingerprints import document_band_keys

    conn.execute(delete(passage_bands))
    rows = conn.execute(select(passages.c.document_id, passages.c.signature)
                        .order_by(passages.c.document_id, passages.c.idx))
    current, sigs = None, []
    for doc_id, signature in [*rows, (None, None)]:
        if doc_id != current and sigs:
            keys = document_band_keys([bytes(s) for s in sigs])
            conn.execute(passage_bands.insert(), [{"band_key": k, "document_id": current} for k in keys])
            sigs = []
        current = doc_id
        if signature is not None:
            sigs.append(signature)


def _to_3(conn) -> None:
    """Version 3 links a unit's corrected resubmission to the report it corrects (`documents.version_of`)."""
    from sqlalchemy import inspect

    if "version_of" not in {c["name"] for c in inspect(conn).get_columns("documents")}:
        conn.exec_driver_sql("ALTER TABLE documents ADD COLUMN version_of INTEGER")


MIGRATIONS: dict[int, callable] = {1: _to_2, 2: _to_3}
