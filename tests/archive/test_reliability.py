"""The archive keeps the office's secrets and data: passwords masked, formulas neutralised, a
database that is not ours refused, one batch archived twice at once stored once, and a unit's
corrected resubmission kept as a new version of its report (issue 20)."""
from __future__ import annotations

import sqlite3
import threading

import pandas as pd
import pytest
from sqlalchemy import create_engine, inspect

from nlp_toolkit.archive import ArchiveError, archive_batch, open_archive
from nlp_toolkit.archive.commands import neutralise_formula
from nlp_toolkit.archive.db import APPLICATION_ID, mask_url
from nlp_toolkit.batch.pipeline import analyze_source
from nlp_toolkit.cli import main
from nlp_toolkit.model import Batch
from nlp_toolkit.readers import read_text

from archive_reports import FARM_2023, WATER_2024


@pytest.mark.parametrize("url, secret", [
    ("postgresql://office:Secret123@db.example:5432/archive", "Secret123"),
    ("postgresql://office:p@ss@word@db.example/archive", "p@ss@word"),  # an unencoded @ in the password
    ("postgresql://db.example/archive?user=office&password=Secret123", "Secret123"),
    ("postgresql://office@db.example/archive?sslmode=require&sslpassword=Secret123", "Secret123"),
    ("无法连接：host=db.example user=office password=Secret123 dbname=archive", "Secret123"),
])
def test_every_form_of_password_is_masked(url, secret):
    shown = mask_url(url)
    assert secret not in shown and "***" in shown
    assert "db.example" in shown  # the host is still shown, so the user knows which server


def test_a_url_without_password_and_a_file_path_are_shown_as_given():
    assert mask_url("postgresql://db.example/archive") == "postgresql://db.example/archive"
    assert mask_url("/srv/归档/archive.sqlite") == "/srv/归档/archive.sqlite"
    assert mask_url("postgresql://office@db.example/archive") == "postgresql://office:***@db.example/archive"


@pytest.mark.parametrize("url", [
    "postgresql://office:Secret123@127.0.0.1:1/archive",  # nothing listens on port 1
    "postgresql://office:Secret123@127.0.0.1:abc/archive",  # a port that is not a number
    "postgresql://office:p@Secret123@127.0.0.1:1/archive?password=Secret123",
])
def test_archive_commands_never_print_the_password(url, capsys):
    assert main(["archive", "list", url]) == 2
    out, err = capsys.readouterr()
    assert "Secret123" not in out + err and "Traceback" not in err
    assert "无法打开归档" in err and "***" in err


def test_the_archive_lists_itself_with_the_password_masked(archive_target, capsys):
    open_archive(archive_target).close()
    assert main(["archive", "list", archive_target]) == 0
    out = capsys.readouterr().out
    if "://" in archive_target and "@" in archive_target:
        password = archive_target.split("://", 1)[1].rsplit("@", 1)[0].split(":", 1)[1]
        assert password not in out
    assert "0 个批次" in out


# ── CSV export ────────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_cells_are_neutralised(cell):
    assert neutralise_formula(cell) == "'" + cell


def test_plain_cells_and_numbers_are_left_alone():
    assert neutralise_formula("全县粮食播种面积") == "全县粮食播种面积"
    assert neutralise_formula(-3) == -3 and neutralise_formula(None) is None


def test_export_neutralises_a_file_name_that_looks_like_a_formula(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "=1+1.txt").write_text(FARM_2023, encoding="utf-8")
    assert main(["analyze", "=1+1.txt", "--archive", "a.sqlite", "--format", "json"]) == 0
    assert main(["archive", "export", "a.sqlite", "out"]) == 0
    capsys.readouterr()
    raw = (tmp_path / "out" / "documents.csv").read_text(encoding="utf-8")
    assert "'=1+1.txt" in raw and ",=1+1.txt" not in raw
    assert pd.read_csv(tmp_path / "out" / "batch_documents.csv")["path"].tolist() == ["'=1+1.txt"]


# ── a database that is not ours ───────────────────────────────────────────────────────────────

def test_another_applications_sqlite_file_is_refused_untouched(tmp_path, capsys):
    path = tmp_path / "crm.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    with pytest.raises(ArchiveError, match="不是 nlp-toolkit 归档.*customers"):
        open_archive(path)
    (tmp_path / "r.txt").write_text(FARM_2023, encoding="utf-8")
    assert main(["analyze", str(tmp_path / "r.txt"), "--archive", str(path)]) != 0
    assert "不是 nlp-toolkit 归档" in capsys.readouterr().err
    with sqlite3.connect(path) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["customers"]


def test_an_empty_file_of_another_application_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA application_id = 12345")
    with pytest.raises(ArchiveError, match="application_id 12345"):
        open_archive(path)


def test_a_new_sqlite_archive_is_marked_as_ours(tmp_path):
    path = tmp_path / "archive.sqlite"
    open_archive(path).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    open_archive(path).close()  # and opens again


def test_another_applications_postgresql_schema_is_refused(archive_target):
    if "://" not in archive_target:
        pytest.skip("the PostgreSQL side of the check")
    from nlp_toolkit.archive.db import url_for

    engine = create_engine(url_for(archive_target))
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE invoices (id integer primary key)")
    with pytest.raises(ArchiveError, match="invoices"):
        open_archive(archive_target)
    assert inspect(engine).get_table_names() == ["invoices"]
    engine.dispose()


# ── concurrency and versions ──────────────────────────────────────────────────────────────────

def _batch(*named):
    return Batch(documents=[analyze_source(read_text(text, path=path)) for path, text in named])


def test_the_same_batch_archived_twice_at_once_is_one_batch(archive_target):
    open_archive(archive_target).close()  # the schema exists before the race
    named = [(f"收文/{i:02d}.txt", WATER_2024.replace("水利局", f"第{i}水利所")) for i in range(6)]
    results, errors = [], []

    def run():
        try:
            results.append(archive_batch(_batch(*named), archive_target, name=None))
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len({r.stored.id for r in results}) == 1 and sorted(r.stored.rerun for r in results) == [False, True]
    assert all(not r.check.findings for r in results)  # no report "copies" itself
    with open_archive(archive_target) as archive:
        assert len(archive.batches()) == 1 and archive.counts()["documents"] == 6


def test_a_corrected_resubmission_is_a_new_version_not_a_copy(archive_target):
    corrected = FARM_2023.replace("总产量18.6万吨", "总产量18.7万吨").replace("改造户厕2300户", "改造户厕2350户")
    with open_archive(archive_target) as archive:
        first = archive_batch(_batch(("第一批/农业农村局.txt", FARM_2023)), archive, name="2023年度第一批")
        again = archive_batch(_batch(("更正/农业农村局.txt", corrected)), archive, name="2023年度更正")
        assert again.stored.new_documents == 1 and again.stored.corrected == 1 and first.stored.corrected == 0
        assert not [f for f in again.check.findings if f.code in ("ARC001", "ARC002")]
        with archive.read() as conn:
            from sqlalchemy import select

            from nlp_toolkit.archive.schema import documents
            links = dict(conn.execute(select(documents.c.id, documents.c.version_of)).all())
    new_id = again.stored.document_ids["更正/农业农村局.txt"]
    assert links[new_id] == first.stored.document_ids["第一批/农业农村局.txt"]


def test_next_years_report_of_the_unit_is_still_checked(archive_target):
    """Only the same title and year is a version: a report of another year copying is ARC001."""
    next_year = FARM_2023.replace("2023", "2025")
    with open_archive(archive_target) as archive:
        archive_batch(_batch(("2023/农业农村局.txt", FARM_2023)), archive, name="2023年度")
        later = archive_batch(_batch(("2025/农业农村局.txt", next_year)), archive, name="2025年度")
    codes = {f.code for f in later.check.findings}
    assert {"ARC001", "ARC002"} <= codes


def test_the_driver_gets_the_password_percent_encoded():
    from nlp_toolkit.archive.db import password_of, url_for

    assert url_for("postgresql://office:p@ss:w/rd@db.example:5432/archive?sslmode=require") == \
        "postgresql+psycopg://office:p%40ss%3Aw%2Frd@db.example:5432/archive?sslmode=require"
    assert url_for("postgresql://office:p%40ss@db.example/archive") == "postgresql+psycopg://office:p%40ss@db.example/archive"
    assert url_for("sqlite:////srv/a@b/archive.sqlite") == "sqlite:////srv/a@b/archive.sqlite"
    assert password_of("postgresql://office:p@ss@db.example/archive") == "p@ss"
    assert password_of("postgresql://db.example/archive?password=Secret123") == "Secret123"
    assert password_of("/srv/archive.sqlite") is None
