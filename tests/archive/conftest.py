"""Archive fixtures: every test runs on SQLite and on PostgreSQL (a fresh schema per test).

PostgreSQL tests need `NLP_TOOLKIT_TEST_PG_URL` (`.ci/run` starts a server on loopback and sets
it to postgresql://nlp:nlp@127.0.0.1:5432/nlp_toolkit_test); without it they are skipped.

The reports are in archive_reports.py.
"""
from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import pytest

from nlp_toolkit.batch.pipeline import analyze_source
from nlp_toolkit.readers import read_text

from archive_reports import FARM_2023, FARM_2024, WATER_2024

PG_URL = os.environ.get("NLP_TOOLKIT_TEST_PG_URL")
PG_SKIP = ("PostgreSQL archive tests need NLP_TOOLKIT_TEST_PG_URL, e.g. "
           "postgresql://nlp:nlp@127.0.0.1:5432/nlp_toolkit_test (.ci/run starts the server and sets it)")


@pytest.fixture(params=["sqlite", "postgresql"])
def archive_target(request, tmp_path):
    """Where a fresh archive lives: a SQLite file, or a new PostgreSQL schema (dropped afterwards)."""
    if request.param == "sqlite":
        yield str(tmp_path / "archive.sqlite")
        return
    if not PG_URL:
        pytest.skip(PG_SKIP)
    from sqlalchemy import create_engine

    from nlp_toolkit.archive.store import url_for

    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(url_for(PG_URL))
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    engine.dispose()


@pytest.fixture(scope="session")
def reports():
    """The three reports analysed once: {'farm_2023', 'farm_2024', 'water_2024'} → Document."""
    texts = {"farm_2023": ("2023/农业农村局.txt", FARM_2023), "farm_2024": ("2024/农业农村局.txt", FARM_2024),
             "water_2024": ("2024/水利局.txt", WATER_2024)}
    return {key: analyze_source(read_text(text, path=path)) for key, (path, text) in texts.items()}
