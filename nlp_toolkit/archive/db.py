"""The archive's database: engine, transactions, schema creation and migration, small helpers.

The same code on SQLite and PostgreSQL. Every write runs in one transaction: an interrupted
write leaves the archive as it was before. On SQLite the file is in WAL mode and writers take
the write lock up front (BEGIN IMMEDIATE, with a long busy timeout), so two processes writing at
once queue instead of failing. Schema creation and migration run under a lock (the SQLite write
lock, a PostgreSQL advisory lock).

A database is only used when it is ours: a new archive is marked (the `archive_meta` table, and
on SQLite the file's `application_id`), and a database holding other tables, or another
application's `application_id`, is refused rather than given nine tables of ours.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote, unquote

from sqlalchemy import create_engine, event, inspect, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from nlp_toolkit.archive.schema import MIGRATIONS, SCHEMA_VERSION, archive_meta, metadata

DEFAULT_ARCHIVE = "nlp-toolkit-archive.sqlite"
APPLICATION_ID = 0x6E6C7074  # "nlpt": SQLite's application_id of an archive, and the PostgreSQL lock key
CHUNK = 500  # rows per IN (...) look-up
RETRIES = 3  # attempts of a write that PostgreSQL aborted as a deadlock
CREATED_BY = "nlp_toolkit"


class ArchiveError(Exception):
    """The archive cannot be opened or used; `reason` is for the user (Chinese)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def url_for(target: str | Path) -> str:
    """SQLAlchemy URL for a file path or URL (postgresql:// means psycopg 3).

    The password is percent-encoded, so one with an unencoded ``@`` or ``:`` still connects
    (the host is what follows the last ``@``) and never ends up read as part of the host name.
    """
    target = str(target)
    if "://" not in target:
        return f"sqlite:///{Path(target).expanduser().resolve()}"
    scheme, rest = target.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        scheme = "postgresql+psycopg"
    if scheme.startswith("sqlite") or rest.startswith("/"):
        return target  # a file URL has no credentials (an @ in it is part of the path)
    return f"{scheme}://{_encoded_credentials(rest)}"


def _encoded_credentials(rest: str) -> str:
    authority, sep, tail = _split_authority(rest)
    if "@" not in authority:
        return rest
    credentials, host = authority.rsplit("@", 1)
    user, colon, password = credentials.partition(":")
    return f"{quote(unquote(user), safe='')}{colon}{quote(unquote(password), safe='')}@{host}{sep}{tail}"


def _split_authority(rest: str) -> tuple[str, str, str]:
    """(user:password@host:port, the separator, path and query) of a URL after its scheme."""
    at = rest.rfind("@")
    cut = min((i for i in (rest.find(c, at + 1) for c in "/?#") if i >= 0), default=len(rest))
    return rest[:cut], rest[cut:cut + 1], rest[cut + 1:]


def password_of(target: str) -> str | None:
    """The password a URL carries (in its user part or as ?password=), to mask it in messages."""
    if "://" not in str(target):
        return None
    authority, _, tail = _split_authority(str(target).split("://", 1)[1])
    if "@" in authority and ":" in authority.rsplit("@", 1)[0]:
        return unquote(authority.rsplit("@", 1)[0].split(":", 1)[1]) or None
    found = re.search(r"(?i)(?:^|[?&;])(?:password|passwd|pwd)=([^&;#]*)", tail)
    return unquote(found.group(1)) if found and found.group(1) else None


_CREDENTIALS = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<user>[^/?#:@\s]*)(?::[^/?#\s]*)?@"
                          r"(?P<host>[^@/?#\s]*)(?=[/?#\s]|$)")
_QUERY_SECRET = re.compile(r"(?i)(?P<key>[?&;]\s*(?:password|passwd|pwd|sslpassword)\s*=)[^&;#\s]*")
_KEYWORD_SECRET = re.compile(r"(?i)(?P<key>\b(?:password|passwd|pwd)\s*=\s*)(?:'[^']*'|\"[^\"]*\"|[^\s'\";&]+)")


def mask_url(text: str, secret: str | None = None) -> str:
    """`text` with every password in it masked: in a URL's user part (an unencoded ``@`` in the
    password included: the host is what follows the last ``@``), in ``?password=``, in a
    ``password=…`` keyword (as database errors quote a connection string), and `secret` (the
    archive's own password) wherever it appears. Used for every archive name and error the
    user sees."""
    text = str(text)
    if secret:
        for form in {secret, quote(secret, safe="")}:
            text = text.replace(form, "***")
    text = _CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:***@{m['host']}", text)
    text = _QUERY_SECRET.sub(lambda m: f"{m['key']}***", text)
    return _KEYWORD_SECRET.sub(lambda m: f"{m['key']}***", text)


def open_engine(url: str) -> Engine:
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


# ── transactions ──────────────────────────────────────────────────────────────────────────────

@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction (committed on success, rolled back on any exception)."""
    with engine.connect() as conn:
        conn.info["write"] = True
        try:
            with conn.begin():
                yield conn
        finally:
            conn.info.pop("write", None)


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        with conn.begin():
            yield conn


def lock(conn: Connection, key: int) -> None:
    """On PostgreSQL, an advisory lock held to the end of the transaction (SQLite's write
    transaction already excludes every other writer)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({int(key)})")


def migrate(engine: Engine, target: str, create: bool) -> None:
    """Create the schema in an empty database, or bring an archive's schema up to date."""
    with write_transaction(engine) as conn:
        lock(conn, APPLICATION_ID)
        if not inspect(conn).has_table("archive_meta"):
            if not create:
                raise ArchiveError(f"不是 nlp-toolkit 归档（没有 archive_meta 表）：{mask_url(target)}")
            _refuse_foreign(conn, target)
            _create(conn)
            return
        _check_ours(conn, target)
        version = schema_version(conn)
        if version > SCHEMA_VERSION:
            raise ArchiveError(f"归档的结构版本 {version} 比本工具支持的 {SCHEMA_VERSION} 新，请升级 nlp-toolkit")
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](conn)
            version += 1
            conn.execute(update(archive_meta).where(archive_meta.c.key == "schema_version")
                         .values(value=str(version)))


def _create(conn: Connection) -> None:
    from nlp_toolkit import __version__

    metadata.create_all(conn)
    conn.execute(archive_meta.insert(), [{"key": "schema_version", "value": str(SCHEMA_VERSION)},
                                         {"key": "created_by", "value": f"{CREATED_BY} {__version__}"}])
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")


def _refuse_foreign(conn: Connection, target: str) -> None:
    """An empty database becomes an archive; one holding another application's data does not."""
    tables = inspect(conn).get_table_names()
    app_id = conn.exec_driver_sql("PRAGMA application_id").scalar() if conn.dialect.name == "sqlite" else 0
    if tables or app_id not in (0, APPLICATION_ID):
        shown = "、".join(sorted(tables)[:5]) + ("等" if len(tables) > 5 else "")
        held = f"已有其他数据表：{shown}" if tables else f"文件属于其他应用（application_id {app_id}）"
        raise ArchiveError(f"不是 nlp-toolkit 归档，未写入（{held}）：{mask_url(target)}；"
                           "请指定新的归档文件或空数据库")


def _check_ours(conn: Connection, target: str) -> None:
    """An `archive_meta` table of another application (no schema version, not created by us) is refused."""
    rows = dict(conn.execute(select(archive_meta.c.key, archive_meta.c.value)).all())
    app_id = conn.exec_driver_sql("PRAGMA application_id").scalar() if conn.dialect.name == "sqlite" else 0
    ours = str(rows.get("schema_version", "")).isdigit() and str(rows.get("created_by", "")).startswith(CREATED_BY)
    if not ours or app_id not in (0, APPLICATION_ID):
        raise ArchiveError(f"不是 nlp-toolkit 归档（archive_meta 表不是本工具建立的）：{mask_url(target)}")


def schema_version(conn: Connection) -> int:
    return int(conn.execute(select(archive_meta.c.value).where(archive_meta.c.key == "schema_version")).scalar_one())


def insert(conn: Connection, table):
    """The dialect's INSERT (for ON CONFLICT DO NOTHING)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(table)


# ── helpers ───────────────────────────────────────────────────────────────────────────────────

def utc(value: datetime | None) -> datetime | None:
    """A stored time as an aware UTC datetime (SQLite returns naive ones)."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def is_sqlite(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"


def first_line(exc: BaseException, secret: str | None = None) -> str:
    """The first line of a database error, for the user, with any password masked."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig
    return mask_url((str(exc).strip().splitlines() or [type(exc).__name__])[0], secret)
