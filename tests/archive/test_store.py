"""The store: schema and version, deduplication, removal, transactions, concurrent writers."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import select, update

from nlp_toolkit.archive import Archive, ArchiveError, archive_batch, open_archive
from nlp_toolkit.archive.schema import SCHEMA_VERSION, archive_meta
from nlp_toolkit.model import Batch

from archive_reports import FARM_2023, FARM_2024, WATER_2024


def test_schema_created_on_first_use_with_its_version(archive_target):
    with open_archive(archive_target) as archive:
        assert archive.schema_version() == SCHEMA_VERSION
        assert set(archive.counts().values()) == {0}
    with open_archive(archive_target, create=False) as archive:  # reopening migrates nothing, loses nothing
        assert archive.schema_version() == SCHEMA_VERSION


def test_newer_schema_is_refused_with_a_reason(archive_target):
    with open_archive(archive_target) as archive, archive.write() as conn:
        conn.execute(update(archive_meta).where(archive_meta.c.key == "schema_version").values(value="99"))
    with pytest.raises(ArchiveError, match="99"):
        open_archive(archive_target)


def test_missing_sqlite_archive_is_not_created_by_readers(tmp_path):
    with pytest.raises(ArchiveError, match="不存在"):
        open_archive(tmp_path / "none.sqlite", create=False)
    assert not (tmp_path / "none.sqlite").exists()


def test_not_an_archive_file_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("不是数据库", encoding="utf-8")
    with pytest.raises(ArchiveError, match="不是 SQLite"):
        open_archive(path)


def test_document_stored_with_text_metadata_analysis_and_signatures(archive_target, reports):
    doc = reports["farm_2023"]
    with open_archive(archive_target) as archive:
        stored = archive.store_batch(Batch(documents=[doc]), name="2023年度")
        counts = archive.counts()
        back = archive.document(stored.document_ids[doc.path])
    assert counts["documents"] == 1 and counts["passages"] > 0 and counts["passage_bands"] > 0
    assert counts["metrics"] == len(doc.metrics) and counts["problems"] == len(doc.problems)
    assert (back.path, back.unit, back.title, back.year, back.text) == (doc.path, doc.unit, doc.title, doc.year, doc.text)
    assert [(s.start, s.end) for s in back.sentences] == [(s.start, s.end) for s in doc.sentences]
    assert [m.value for m in back.metrics] == [m.value for m in doc.metrics]
    assert [f.code for f in back.findings] == [f.code for f in doc.findings]


def test_rerunning_a_batch_duplicates_nothing(archive_target, reports):
    docs = [reports["farm_2023"], reports["water_2024"]]
    with open_archive(archive_target) as archive:
        first = archive_batch(Batch(documents=list(docs)), archive)
        counts = archive.counts()
        again = archive_batch(Batch(documents=list(docs)), archive)
        assert archive.counts() == counts
    assert again.stored.rerun and again.stored.id == first.stored.id and again.stored.new_documents == 0
    assert counts["batches"] == 1 and counts["documents"] == 2


def test_same_report_in_two_batches_is_stored_once(archive_target, reports):
    with open_archive(archive_target) as archive:
        archive.store_batch(Batch(documents=[reports["farm_2023"]]), name="第一批")
        second = archive.store_batch(Batch(documents=[reports["farm_2023"], reports["farm_2024"]]), name="第二批")
        counts = archive.counts()
    assert (second.new_documents, second.known_documents) == (1, 1)
    assert counts["documents"] == 2 and counts["batch_documents"] == 3 and counts["batches"] == 2


def test_a_taken_default_name_gets_a_suffix(archive_target, reports):
    with open_archive(archive_target) as archive:
        a = archive.store_batch(Batch(documents=[reports["farm_2023"]]), name=None)
        b = archive.store_batch(Batch(documents=[reports["farm_2024"]]), name=None)
    assert a.name != b.name


def test_remove_batch_keeps_reports_other_batches_hold(archive_target, reports):
    with open_archive(archive_target) as archive:
        archive_batch(Batch(documents=[reports["farm_2023"]]), archive, name="第一批")
        archive_batch(Batch(documents=[reports["farm_2023"], reports["farm_2024"]]), archive, name="第二批")
        assert archive.remove_batch("第二批") == ("第二批", 1)
        counts = archive.counts()
        assert [b["name"] for b in archive.batches()] == ["第一批"]
        assert archive.remove_batch("第二批") is None
    assert counts["documents"] == 1 and counts["batch_documents"] == 1
    assert counts["metrics"] == len(reports["farm_2023"].metrics)


def test_an_interrupted_write_leaves_the_archive_as_it_was(archive_target, reports):
    with open_archive(archive_target) as archive:
        archive.store_batch(Batch(documents=[reports["farm_2023"]]), name="第一批")
        before = archive.counts()

        def fail(position):
            if position >= 1:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            archive.store_batch(Batch(documents=[reports["farm_2024"], reports["water_2024"]]), name="第二批",
                                _after_each=fail)
        assert archive.counts() == before
        archive.store_batch(Batch(documents=[reports["farm_2024"], reports["water_2024"]]), name="第二批")
        assert archive.counts()["documents"] == 3


WRITER = """
import json, sys, time
from nlp_toolkit.archive import open_archive
from nlp_toolkit.model import Batch
from nlp_toolkit.readers import read_text
from nlp_toolkit.structure import parse

target, spec = sys.argv[1], json.loads(sys.argv[2])
docs = [parse(read_text(text, path=path)) for path, text in spec["docs"]]

def slow(position):
    print("stored", position, flush=True)
    time.sleep(spec.get("pause", 0))

with open_archive(target) as archive:
    print("ready", flush=True)
    for _ in range(spec["rounds"]):
        archive.store_batch(Batch(documents=docs), name=spec["name"], analysed=False,
                            _after_each=slow if spec.get("pause") else None)
print("done", flush=True)
"""


def _writer(target: str, name: str, docs: list[tuple[str, str]], rounds: int = 1, pause: float = 0):
    spec = json.dumps({"name": name, "docs": docs, "rounds": rounds, "pause": pause}, ensure_ascii=False)
    return subprocess.Popen([sys.executable, "-c", WRITER, target, spec], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=os.environ | {"PYTHONUNBUFFERED": "1"})


def _assert_consistent(archive: Archive) -> None:
    from nlp_toolkit.archive.schema import batch_documents, batches, documents, passage_bands, passages

    with archive.read() as conn:
        doc_ids = set(conn.execute(select(documents.c.id)).scalars())
        batch_ids = set(conn.execute(select(batches.c.id)).scalars())
        links = conn.execute(select(batch_documents.c.batch_id, batch_documents.c.document_id)).all()
        assert {d for _, d in links} <= doc_ids and {b for b, _ in links} <= batch_ids
        assert set(conn.execute(select(passages.c.document_id)).scalars()) <= doc_ids
        assert set(conn.execute(select(passage_bands.c.document_id)).scalars()) <= doc_ids
        hashes = list(conn.execute(select(documents.c.content_hash)).scalars())
        assert len(hashes) == len(set(hashes))
        if archive.dialect == "sqlite":
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_two_processes_writing_at_once(archive_target):
    open_archive(archive_target).close()  # the schema exists before both start (creation is tested above)
    shared = ("共同/农业农村局.txt", FARM_2023)
    a = _writer(archive_target, "甲", [shared, ("甲/农业农村局.txt", FARM_2024)], rounds=3)
    b = _writer(archive_target, "乙", [shared, ("乙/水利局.txt", WATER_2024)], rounds=3)
    outputs = [p.communicate(timeout=180) for p in (a, b)]
    assert [p.returncode for p in (a, b)] == [0, 0], [err for _, err in outputs]
    with open_archive(archive_target) as archive:
        counts = archive.counts()
        _assert_consistent(archive)
        assert sorted(b["name"] for b in archive.batches()) == ["乙", "甲"]
    assert counts["documents"] == 3 and counts["batch_documents"] == 4


def test_a_writer_killed_mid_write_leaves_a_consistent_archive(archive_target):
    with open_archive(archive_target) as archive:
        before = archive.counts()
    docs = [(f"第{i}份.txt", text.replace("工作总结", f"工作总结（{i}）", 1))
            for i, text in enumerate([FARM_2023, FARM_2024, WATER_2024] * 2)]
    writer = _writer(archive_target, "中断", docs, pause=0.5)
    deadline = time.time() + 120
    seen = ""
    while "stored 2" not in seen and time.time() < deadline:
        seen += writer.stdout.readline()
    assert "stored 2" in seen, writer.stderr.read()
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    with open_archive(archive_target) as archive:
        _assert_consistent(archive)
        assert archive.counts() == before
        archive.store_batch(Batch(), name="之后")  # the archive takes writes again
