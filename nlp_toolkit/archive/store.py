"""The `Archive` object: one open archive, its writes, look-ups and checks, on SQLite or PostgreSQL.

    archive = Archive.open("archive.sqlite")              # a file path: SQLite, created on first use
    archive = Archive.open("postgresql://u:p@host/db")     # a URL: any SQLAlchemy URL (psycopg 3 for postgresql)
    stored = archive.store_batch(batch)                    # one transaction; documents keyed by content hash
    result = archive.check(batch, stored)                  # copies from / recurring problems against earlier reports
    archive.save_findings(stored, result.findings)

The work is done by the modules behind it, none importing another's private names:
`db` (engine, transactions, schema creation and migration, a database that is not ours
refused), `codec` (a document as the JSON output stores it), `writes`, `queries`, `checks`.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from nlp_toolkit.archive import checks, db, queries, writes
from nlp_toolkit.archive.checks import CheckResult
from nlp_toolkit.archive.codec import analysis_of, content_hash, rebuild_document
from nlp_toolkit.archive.db import DEFAULT_ARCHIVE, ArchiveError, mask_url, url_for
from nlp_toolkit.archive.writes import Prepared, StoredBatch
from nlp_toolkit.model import Batch, Document, Finding

if TYPE_CHECKING:
    from nlp_toolkit.rules.ruleset import RuleSet

__all__ = ["Archive", "ArchiveError", "CheckResult", "DEFAULT_ARCHIVE", "Prepared", "StoredBatch", "analysis_of",
           "content_hash", "rebuild_document", "url_for"]


class Archive:
    """An open archive. Use as a context manager, or call `close()`."""

    def __init__(self, target: str | Path, *, create: bool = True):
        self.target = str(target)
        self.secret = db.password_of(self.target)
        self.shown = mask_url(self.target, self.secret)  # what messages and listings print: never the password
        url = url_for(target)
        if url.startswith("sqlite"):
            path = Path(url.split("sqlite:///", 1)[1])
            if not path.exists() and not create:
                raise ArchiveError(f"归档不存在：{target}")
            if path.exists() and path.is_file() and path.stat().st_size and not db.is_sqlite(path):
                raise ArchiveError(f"不是 SQLite 归档文件：{target}")
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine = db.open_engine(url)
            self.dialect = self.engine.dialect.name
            db.migrate(self.engine, self.target, create)
        except ArchiveError:
            raise
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise ArchiveError(f"无法打开归档 {self.shown}：{db.first_line(exc, self.secret)}") from exc

    @classmethod
    def open(cls, target: str | Path, *, create: bool = True) -> "Archive":
        return cls(target, create=create)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction (committed on success, rolled back on any exception)."""
        with db.write_transaction(self.engine) as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with db.read_transaction(self.engine) as conn:
            yield conn

    def schema_version(self) -> int:
        with self.read() as conn:
            return db.schema_version(conn)

    # -- writes -----------------------------------------------------------------------------

    prepare = staticmethod(writes.prepare)

    def store_batch(self, batch: Batch | Iterable[Document], *, name: str | None = None, sources: str | None = None,
                    analysed: bool = True, prepared: list[Prepared] | None = None, _after_each=None) -> StoredBatch:
        """Store a batch's documents and its batch record in one transaction (see `writes.store_batch`)."""
        return writes.store_batch(self.engine, batch, name=name, sources=sources, analysed=analysed,
                                  prepared=prepared, _after_each=_after_each)

    def save_findings(self, stored: StoredBatch, found: list[Finding]) -> None:
        """Replace the batch's stored findings (a re-run replaces, never adds)."""
        writes.save_findings(self.engine, stored, found)

    def remove_batch(self, batch: int | str) -> tuple[str, int] | None:
        """Remove a batch (by id or name), and the documents no other batch holds."""
        return writes.remove_batch(self.engine, batch)

    # -- look-ups ---------------------------------------------------------------------------

    def batches(self) -> list[dict[str, Any]]:
        return queries.batch_list(self.engine)

    def batch(self, batch: int | str) -> dict[str, Any] | None:
        """A batch with its documents (id, path, unit, title, year) and stored findings."""
        return queries.batch_detail(self.engine, batch)

    def units(self) -> list[dict[str, Any]]:
        """Every unit with how many reports and batches the archive holds for it."""
        return queries.units(self.engine)

    def unit_reports(self, unit: str) -> list[dict[str, Any]]:
        """One unit's archived reports, batch by batch (oldest first)."""
        return queries.unit_reports(self.engine, unit)

    def unit_figures(self, unit: str, *, repeated_only: bool = True):
        """The figures one unit reported, subject by subject, one column per batch (a DataFrame)."""
        return queries.unit_figures(self.engine, unit, repeated_only=repeated_only)

    def counts(self) -> dict[str, int]:
        return queries.counts(self.engine)

    def document(self, doc_id: int, conn: Connection | None = None) -> Document:
        """A stored document rebuilt from its text and analysis (structure, facts, findings)."""
        return queries.document(self.engine, doc_id, conn)

    # -- checks -----------------------------------------------------------------------------

    def check(self, batch: Batch, stored: StoredBatch, *, prepared: list[Prepared] | None = None,
              rules: RuleSet | None = None) -> CheckResult:
        """The selected archive rules (all without `rules`) over the stored batch."""
        return checks.check_against_archive(self, batch, stored, prepared=prepared, rules=rules)
