"""The archive: every analysed report stored, and each new batch checked against all earlier ones.

    from nlp_toolkit.archive import archive_batch
    batch = nlp_toolkit.analyze_batch(["收文/2024第二批"])
    result = archive_batch(batch, "archive.sqlite")      # or "postgresql://user:pw@host/db"
    batch.batch_findings  # now also holds ARC001 (copied from an archived report) and ARC002 (recurring problem)

`store.Archive` is the open archive; behind it `db.py` (engine, transactions, migrations, a
foreign database refused, `mask_url`), `codec.py` (the document as the JSON output stores it),
`writes.py`, `queries.py` (a unit over time included) and `checks.py` (ARC001, ARC002 against
earlier batches); `schema.py` holds the tables and version, `fingerprints.py` the adapter to the
copy detector, `commands.py` the `archive` subcommands.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nlp_toolkit.archive.db import first_line
from nlp_toolkit.archive.store import DEFAULT_ARCHIVE, Archive, ArchiveError, CheckResult, StoredBatch
from nlp_toolkit.model import Batch

if TYPE_CHECKING:
    from nlp_toolkit.rules.ruleset import RuleSet

try:
    from sqlalchemy.exc import SQLAlchemyError
except ImportError:  # pragma: no cover - sqlalchemy is a dependency
    SQLAlchemyError = Exception

__all__ = ["Archive", "ArchiveError", "ArchiveResult", "DEFAULT_ARCHIVE", "archive_batch", "open_archive"]


def open_archive(target: str | Path, *, create: bool = True) -> Archive:
    """Open (and with `create`, create on first use) the archive at a path or URL."""
    return Archive(target, create=create)


@dataclass
class ArchiveResult:
    stored: StoredBatch
    check: CheckResult


def archive_batch(batch: Batch, target: str | Path | Archive, *, name: str | None = None,
                  sources: str | None = None, rules: RuleSet | None = None) -> ArchiveResult:
    """Store the batch's documents, check them against everything archived, add the findings.

    The documents are stored first (one transaction), then the batch is checked against the
    rest of the archive with the archive rules `rules` selects (all without it; an unselected
    one does not run); the archive's findings are appended to `batch.batch_findings` (and
    their report pairs to `batch.pairs`) and stored with the batch, replacing those of an
    earlier run of the same batch.
    """
    archive = target if isinstance(target, Archive) else open_archive(target)
    try:
        prepared = [archive.prepare(doc) for doc in batch.documents]
        stored = archive.store_batch(batch, name=name, sources=sources, prepared=prepared)
        result = archive.check(batch, stored, prepared=prepared, rules=rules)
        batch.batch_findings.extend(result.findings)
        batch.pairs.extend(result.pairs)
        archive.save_findings(stored, batch.batch_findings)
        return ArchiveResult(stored, result)
    except SQLAlchemyError as exc:
        raise ArchiveError(f"写入或读取归档时出错（已回滚，归档保持原样）：{first_line(exc)}") from exc
    finally:
        if archive is not target:
            archive.close()
