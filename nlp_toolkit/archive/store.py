"""The archive store: schema, writes and look-ups, the same code on SQLite and PostgreSQL.

    archive = Archive.open("archive.sqlite")              # a file path: SQLite, created on first use
    archive = Archive.open("postgresql://u:p@host/db")     # a URL: any SQLAlchemy URL (psycopg 3 for postgresql)
    stored = archive.store_batch(batch)                    # one transaction; documents keyed by content hash
    result = archive.check(batch, stored)                  # copies from / recurring problems against earlier reports
    archive.save_findings(stored, result.findings)

Every write runs in one transaction: an interrupted write leaves the archive as it was before.
On SQLite the file is in WAL mode and writers take the write lock up front (BEGIN IMMEDIATE,
with a long busy timeout), so two processes writing at once queue instead of failing; on
PostgreSQL inserts use ON CONFLICT DO NOTHING on the content hash and batch name, so two
writers storing the same report end with one row. Schema creation and migration run under a
lock (the SQLite write lock, a PostgreSQL advisory lock).
"""
from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, delete, event, func, inspect, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from nlp_toolkit.archive import fingerprints
from nlp_toolkit.archive.schema import (MIGRATIONS, SCHEMA_VERSION, archive_meta, batch_documents, batches,
                                        documents, findings, metadata, metrics, passage_bands, passages,
                                        problems)
from nlp_toolkit.model import Batch, Document, Finding, Paragraph, Sentence

DEFAULT_ARCHIVE = "nlp-toolkit-archive.sqlite"
_PG_LOCK_KEY = 0x6E6C7074  # advisory lock held while creating or migrating the schema
CHUNK = 500  # rows per IN (...) look-up
RETRIES = 3  # attempts of a write that PostgreSQL aborted as a deadlock


class ArchiveError(Exception):
    """The archive cannot be opened or used; `reason` is for the user (Chinese)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class StoredBatch:
    id: int
    name: str
    created_at: datetime
    document_ids: dict[str, int]  # path in the batch → documents.id
    new_documents: int
    known_documents: int
    rerun: bool  # the same set of documents was archived before as this batch


@dataclass
class Prepared:
    """One document ready to be written: computed outside the transaction."""

    doc: Document
    content_hash: str
    passages: list
    band_keys: list[int]
    analysis: bytes
    analysed: bool


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def url_for(target: str | Path) -> str:
    """SQLAlchemy URL for a file path or URL (postgresql:// means psycopg 3)."""
    target = str(target)
    if "://" not in target:
        return f"sqlite:///{Path(target).expanduser().resolve()}"
    if target.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + target.split("://", 1)[1]
    return target


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 120})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection, _record):
            dbapi_connection.isolation_level = None  # SQLAlchemy's begin event below issues BEGIN
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=120000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")

        return _with_visible_text(engine)
    return _with_visible_text(create_engine(url, pool_pre_ping=True))


def _with_visible_text(engine: Engine) -> Engine:
    r"""Every text the archive writes or looks up has a file name's undecodable byte as ``\xb9``.

    A name that is not valid UTF-8 reaches Python with lone surrogates, which neither SQLite
    nor PostgreSQL can encode; `output.files.visible` writes them as the other outputs do.
    """
    @event.listens_for(engine, "before_cursor_execute", retval=True)
    def _visible(conn, cursor, statement, parameters, context, executemany):
        return statement, _visible_parameters(parameters)

    return engine


def _visible_parameters(value):
    from nlp_toolkit.output.files import visible

    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {key: _visible_parameters(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_visible_parameters(item) for item in value)
    return value


class Archive:
    """An open archive. Use as a context manager, or call `close()`."""

    def __init__(self, target: str | Path, *, create: bool = True):
        self.target = str(target)
        url = url_for(target)
        if url.startswith("sqlite"):
            path = Path(url.split("sqlite:///", 1)[1])
            if not path.exists() and not create:
                raise ArchiveError(f"归档不存在：{target}")
            if path.exists() and path.is_file() and path.stat().st_size and not _is_sqlite(path):
                raise ArchiveError(f"不是 SQLite 归档文件：{target}")
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine = _engine(url)
            self.dialect = self.engine.dialect.name
            self._migrate(create)
        except ArchiveError:
            raise
        except (SQLAlchemyError, ImportError) as exc:
            raise ArchiveError(f"无法打开归档 {_safe(self.target)}：{_first_line(exc)}") from exc

    @classmethod
    def open(cls, target: str | Path, *, create: bool = True) -> "Archive":
        return cls(target, create=create)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- transactions -----------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction (committed on success, rolled back on any exception)."""
        with self.engine.connect() as conn:
            conn.info["write"] = True
            try:
                with conn.begin():
                    yield conn
            finally:
                conn.info.pop("write", None)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            with conn.begin():
                yield conn

    def _migrate(self, create: bool) -> None:
        with self.write() as conn:
            if self.dialect == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
            if not inspect(conn).has_table("archive_meta"):
                if not create:
                    raise ArchiveError(f"不是 nlp-toolkit 归档（没有 archive_meta 表）：{_safe(self.target)}")
                metadata.create_all(conn)
                from nlp_toolkit import __version__

                conn.execute(archive_meta.insert(), [{"key": "schema_version", "value": str(SCHEMA_VERSION)},
                                                     {"key": "created_by", "value": f"nlp_toolkit {__version__}"}])
                return
            version = int(conn.execute(select(archive_meta.c.value)
                                       .where(archive_meta.c.key == "schema_version")).scalar_one())
            if version > SCHEMA_VERSION:
                raise ArchiveError(f"归档的结构版本 {version} 比本工具支持的 {SCHEMA_VERSION} 新，请升级 nlp-toolkit")
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](conn)
                version += 1
                conn.execute(update(archive_meta).where(archive_meta.c.key == "schema_version")
                             .values(value=str(version)))

    def schema_version(self) -> int:
        with self.read() as conn:
            return int(conn.execute(select(archive_meta.c.value)
                                    .where(archive_meta.c.key == "schema_version")).scalar_one())

    # -- writes -----------------------------------------------------------------------------

    @staticmethod
    def prepare(doc: Document, *, analysed: bool = True, signatures: list | None = None) -> Prepared:
        """Everything a document's write needs, computed outside the transaction."""
        from nlp_toolkit.output.files import visible
        from nlp_toolkit.output.json import document_dict

        # a file name's undecodable byte is stored as the JSON escape \\xb9 (it reads back as \xb9)
        analysis_json = visible(json.dumps(document_dict(doc), ensure_ascii=False), backslash="\\\\")
        analysis = zlib.compress(analysis_json.encode("utf-8"), 6)
        sigs = signatures if signatures is not None else fingerprints.passage_signatures(doc)
        keys = fingerprints.document_band_keys([p.signature for p in sigs])
        return Prepared(doc, content_hash(doc.text), sigs, keys, analysis, analysed)

    def store_batch(self, batch: Batch | Iterable[Document], *, name: str | None = None, sources: str | None = None,
                    analysed: bool = True, prepared: list[Prepared] | None = None, _after_each=None) -> StoredBatch:
        """Store a batch's documents and its batch record in one transaction.

        A document already archived (same content hash) is linked, not stored again. The same
        set of documents stored again (a re-run) reuses its batch record; a new `name` that is
        taken by a different set of documents gets a suffix " (2)", " (3)" …
        """
        docs = list(batch.documents if isinstance(batch, Batch) else batch)
        prepared = prepared if prepared is not None else [self.prepare(d, analysed=analysed) for d in docs]
        for attempt in range(RETRIES):
            try:
                return self._store(docs, prepared, name, sources, _after_each)
            except DBAPIError as exc:  # a PostgreSQL deadlock or serialisation failure: the whole write again
                if attempt == RETRIES - 1 or getattr(exc.orig, "sqlstate", None) not in ("40P01", "40001"):
                    raise
        raise AssertionError("unreachable")

    def _store(self, docs, prepared, name, sources, _after_each) -> StoredBatch:
        hashes = [p.content_hash for p in prepared]
        now = datetime.now(timezone.utc)
        with self.write() as conn:
            existing = self._batch_with_documents(conn, hashes)
            if existing is not None and (name is None or name == existing[1]):
                batch_id, batch_name, created_at = existing
                rerun = True
            else:
                batch_id, batch_name, created_at = self._new_batch(conn, name or _default_name(docs, now),
                                                                   explicit=name is not None, now=now,
                                                                   sources=sources)
                rerun = False
            ids: dict[str, int] = {}
            new = 0
            # in content-hash order, so that two writers storing the same reports lock them in one order
            for position, item in sorted(enumerate(prepared), key=lambda pair: pair[1].content_hash):
                doc_id, inserted = self._document(conn, item, now)
                new += inserted
                ids[item.doc.path] = doc_id
                conn.execute(self._insert(batch_documents).values(
                    batch_id=batch_id, document_id=doc_id, path=item.doc.path, position=position)
                    .on_conflict_do_nothing(index_elements=["batch_id", "document_id"]))
                if _after_each is not None:
                    _after_each(position)
        return StoredBatch(batch_id, batch_name, created_at, ids, new, len(prepared) - new, rerun)

    def _insert(self, table):
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(table)

    def _batch_with_documents(self, conn: Connection, hashes: list[str]):
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
                return row.id, row.name, _utc(row.created_at)
        return None

    def _new_batch(self, conn: Connection, name: str, *, explicit: bool, now: datetime, sources: str | None):
        from nlp_toolkit import __version__

        for n in range(1, 10_000):
            candidate = name if n == 1 else f"{name} ({n})"
            row = conn.execute(self._insert(batches).values(
                name=candidate, created_at=now, sources=sources, tool_version=__version__)
                .on_conflict_do_nothing(index_elements=["name"]).returning(batches.c.id)).first()
            if row is not None:
                return row.id, candidate, now
            if explicit:  # a named batch that exists: add to it (late submissions)
                found = conn.execute(select(batches.c.id, batches.c.created_at).where(batches.c.name == name)).one()
                return found.id, name, _utc(found.created_at)
        raise ArchiveError(f"批次名称已被占用：{name}")

    def _document(self, conn: Connection, item: Prepared, now: datetime) -> tuple[int, bool]:
        doc = item.doc
        row = conn.execute(self._insert(documents).values(
            content_hash=item.content_hash, path=doc.path, format=doc.format, encoding=doc.encoding,
            unit=doc.unit, title=doc.title, year=doc.year, n_chars=len(doc.text), text=doc.text,
            analysis=item.analysis, analysed=int(item.analysed), created_at=now)
            .on_conflict_do_nothing(index_elements=["content_hash"]).returning(documents.c.id)).first()
        if row is None:
            return conn.execute(select(documents.c.id)
                                .where(documents.c.content_hash == item.content_hash)).scalar_one(), False
        doc_id = row.id
        if item.passages:
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
        return doc_id, True

    def save_findings(self, stored: StoredBatch, found: list[Finding]) -> None:
        """Replace the batch's stored findings (a re-run replaces, never adds)."""
        with self.write() as conn:
            conn.execute(delete(findings).where(findings.c.batch_id == stored.id))
            if found:
                conn.execute(findings.insert(), [
                    {"batch_id": stored.id, "document_id": stored.document_ids.get(f.documents[0]) if f.documents else None,
                     "code": f.code, "kind": f.kind, "severity": f.severity, "message": f.message,
                     "start": f.start, "end": f.end, "text": f.text,
                     "detail": json.dumps({"reason": f.reason, "documents": f.documents, "related": f.related},
                                          ensure_ascii=False, default=str)} for f in found])

    def remove_batch(self, batch: int | str) -> tuple[str, int] | None:
        """Remove a batch (by id or name), and the documents no other batch holds.

        Returns (name, documents removed), or None when there is no such batch.
        """
        with self.write() as conn:
            row = self._find_batch(conn, batch)
            if row is None:
                return None
            doc_ids = list(conn.execute(select(batch_documents.c.document_id)
                                        .where(batch_documents.c.batch_id == row.id)).scalars())
            conn.execute(delete(findings).where(findings.c.batch_id == row.id))
            conn.execute(delete(batch_documents).where(batch_documents.c.batch_id == row.id))
            conn.execute(delete(batches).where(batches.c.id == row.id))
            orphans = []
            for chunk in _chunks(doc_ids):
                still = set(conn.execute(select(batch_documents.c.document_id)
                                         .where(batch_documents.c.document_id.in_(chunk))).scalars())
                orphans += [d for d in chunk if d not in still]
            for chunk in _chunks(orphans):
                for table in (passage_bands, passages, metrics, problems, findings):
                    conn.execute(delete(table).where(table.c.document_id.in_(chunk)))
                conn.execute(delete(documents).where(documents.c.id.in_(chunk)))
            return row.name, len(orphans)

    def _find_batch(self, conn: Connection, batch: int | str):
        query = select(batches.c.id, batches.c.name, batches.c.created_at)
        if isinstance(batch, int) or (isinstance(batch, str) and batch.isdigit()):
            row = conn.execute(query.where(batches.c.id == int(batch))).first()
            if row is not None:
                return row
        return conn.execute(query.where(batches.c.name == str(batch))).first()

    # -- look-ups ---------------------------------------------------------------------------

    def batches(self) -> list[dict[str, Any]]:
        with self.read() as conn:
            counts = (select(batch_documents.c.batch_id, func.count().label("documents"))
                      .group_by(batch_documents.c.batch_id).subquery())
            rows = conn.execute(select(batches, func.coalesce(counts.c.documents, 0).label("documents"))
                                .outerjoin(counts, counts.c.batch_id == batches.c.id)
                                .order_by(batches.c.created_at, batches.c.id)).mappings().all()
            return [dict(r) | {"created_at": _utc(r["created_at"])} for r in rows]

    def batch(self, batch: int | str) -> dict[str, Any] | None:
        """A batch with its documents (id, path, unit, title, year) and stored findings."""
        with self.read() as conn:
            row = self._find_batch(conn, batch)
            if row is None:
                return None
            docs = conn.execute(
                select(documents.c.id, batch_documents.c.path, documents.c.unit, documents.c.title,
                       documents.c.year, documents.c.n_chars, documents.c.content_hash)
                .join(batch_documents, batch_documents.c.document_id == documents.c.id)
                .where(batch_documents.c.batch_id == row.id).order_by(batch_documents.c.position)).mappings().all()
            found = conn.execute(select(findings).where(findings.c.batch_id == row.id)
                                 .order_by(findings.c.id)).mappings().all()
            return {"id": row.id, "name": row.name, "created_at": _utc(row.created_at),
                    "documents": [dict(d) for d in docs], "findings": [dict(f) for f in found]}

    def units(self) -> list[dict[str, Any]]:
        """Every unit with how many reports and batches the archive holds for it."""
        with self.read() as conn:
            rows = conn.execute(
                select(documents.c.unit, func.count(func.distinct(documents.c.id)).label("documents"),
                       func.count(func.distinct(batch_documents.c.batch_id)).label("batches"))
                .join(batch_documents, batch_documents.c.document_id == documents.c.id)
                .group_by(documents.c.unit).order_by(documents.c.unit)).mappings().all()
            return [dict(r) for r in rows]

    def unit_reports(self, unit: str) -> list[dict[str, Any]]:
        """One unit's archived reports, batch by batch (oldest first)."""
        with self.read() as conn:
            rows = conn.execute(
                select(documents.c.id, batch_documents.c.path, documents.c.title, documents.c.year,
                       batches.c.name.label("batch"), batches.c.created_at)
                .join(batch_documents, batch_documents.c.document_id == documents.c.id)
                .join(batches, batches.c.id == batch_documents.c.batch_id)
                .where(documents.c.unit == unit).order_by(batches.c.created_at, batches.c.id)).mappings().all()
            return [dict(r) | {"created_at": _utc(r["created_at"])} for r in rows]

    def counts(self) -> dict[str, int]:
        with self.read() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in (batches, documents, batch_documents, passages, passage_bands, metrics, problems,
                                findings)}

    def document(self, doc_id: int, conn: Connection | None = None) -> Document:
        """A stored document rebuilt from its text and analysis (structure, facts, findings)."""
        if conn is None:
            with self.read() as conn:
                return self.document(doc_id, conn)
        row = conn.execute(select(documents).where(documents.c.id == doc_id)).mappings().one()
        return rebuild_document(row)

    def check(self, batch: Batch, stored: StoredBatch, *, prepared: list[Prepared] | None = None) -> "CheckResult":
        from nlp_toolkit.archive.check import check_against_archive

        return check_against_archive(self, batch, stored, prepared=prepared)


@dataclass
class CheckResult:
    findings: list[Finding]
    pairs: list[dict[str, Any]]
    candidates: int = 0


def rebuild_document(row) -> Document:
    """Document from a `documents` row: text, metadata, paragraphs, sentences (offsets from the analysis)."""
    from nlp_toolkit.model import Commitment, Metric, OcrLine, Problem
    from nlp_toolkit.output.json import without_page

    data = json.loads(zlib.decompress(row["analysis"]).decode("utf-8"))
    text = row["text"]
    doc = Document(path=row["path"], format=row["format"] or "text", encoding=row["encoding"], text=text,
                   title=row["title"], unit=row["unit"], year=row["year"])
    doc.paragraphs = [Paragraph(p["start"], p["end"], text[p["start"]:p["end"]], i)
                      for i, p in enumerate(data.get("paragraphs", []))]
    doc.sentences = [Sentence(s["start"], s["end"], text[s["start"]:s["end"]], s["paragraph"])
                     for s in data.get("sentences", [])]
    doc.pages = data.get("pages", [])
    doc.title_reason, doc.unit_reason = data.get("title_reason"), data.get("unit_reason")
    doc.ocr = bool(data.get("ocr", False))
    doc.ocr_lines = [OcrLine(**{**line, "box": tuple(line["box"])}) for line in data.get("ocr_lines", [])]
    doc.metrics = [Metric(**without_page(m)) for m in data.get("metrics", [])]
    doc.problems = [Problem(**without_page(p)) for p in data.get("problems", [])]
    doc.commitments = [Commitment(**without_page(c)) for c in data.get("commitments", [])]
    doc.findings = [Finding(**without_page(f)) for f in data.get("findings", [])]
    return doc


def analysis_of(blob: bytes) -> dict[str, Any]:
    return json.loads(zlib.decompress(blob).decode("utf-8"))


def _default_name(docs: list[Document], now: datetime) -> str:
    label = "批次"
    paths = [Path(d.path) for d in docs if d.path]
    if paths:
        try:
            import os

            common = Path(os.path.commonpath([str(p.parent.resolve()) for p in paths]))
            label = common.name or str(common)
        except ValueError:
            pass
    return f"{label} {now.astimezone():%Y-%m-%d %H:%M}"


def _utc(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:  # SQLite returns naive datetimes
        return value.replace(tzinfo=timezone.utc)
    return value


def _chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _is_sqlite(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"


def _safe(target: str) -> str:
    """A URL without its password, for messages."""
    if "://" in target and "@" in target:
        scheme, rest = target.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"
    return target


def _first_line(exc: BaseException) -> str:
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
