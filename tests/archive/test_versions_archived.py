"""Issue 16: a report sent as several files in one batch is archived once: its other files are
stored linked to it (`documents.version_of`), with no figures or passages of their own, never
checked themselves, and counted once per unit; a later corrected file is still a new version."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from nlp_toolkit.archive import archive_batch, open_archive
from nlp_toolkit.archive.schema import documents, metrics, passages
from nlp_toolkit.batch.pipeline import analyze_batch

from archive_reports import FARM_2023


@pytest.fixture
def two_files(tmp_path):
    (tmp_path / "农业农村局.txt").write_text(FARM_2023, encoding="utf-8")
    (tmp_path / "农业农村局（再次报送）.txt").write_text(FARM_2023.replace("\n", "\n\n", 3), encoding="utf-8")
    batch = analyze_batch([tmp_path / "农业农村局.txt", tmp_path / "农业农村局（再次报送）.txt"])
    assert len(batch.submissions) == 1
    return batch


def test_the_other_file_is_stored_linked_to_its_primary_and_counted_once(archive_target, two_files):
    primary_doc, version_doc = two_files.documents
    with open_archive(archive_target) as archive:
        result = archive_batch(two_files, archive, name="第一批")
        ids = result.stored.document_ids
        primary, version = ids[primary_doc.path], ids[version_doc.path]
        assert result.stored.new_documents == 2 and result.stored.corrected == 0
        assert not [f for f in result.check.findings if f.code in ("ARC001", "ARC002")]
        with archive.read() as conn:
            links = dict(conn.execute(select(documents.c.id, documents.c.version_of)).all())
            with_metrics = set(conn.execute(select(metrics.c.document_id)).scalars())
            with_passages = set(conn.execute(select(passages.c.document_id)).scalars())
        (unit,) = archive.units()
        reports = archive.unit_reports(primary_doc.unit)
    assert links == {primary: None, version: primary}
    assert with_metrics == {primary} and with_passages == {primary}
    assert (unit["unit"], unit["documents"], unit["batches"]) == (primary_doc.unit, 1, 1)
    assert sorted((r["id"], bool(r["other_file"])) for r in reports) == [(primary, False), (version, True)]


def test_a_later_correction_is_still_a_version_of_the_archived_report(archive_target, two_files):
    corrected = FARM_2023.replace("总产量18.6万吨", "总产量18.7万吨")
    from nlp_toolkit.batch.pipeline import analyze_source
    from nlp_toolkit.model import Batch
    from nlp_toolkit.readers import read_text

    with open_archive(archive_target) as archive:
        first = archive_batch(two_files, archive, name="第一批")
        again = archive_batch(Batch(documents=[analyze_source(read_text(corrected, path="更正/农业农村局.txt"))]),
                              archive, name="更正")
        assert again.stored.corrected == 1
        assert not [f for f in again.check.findings if f.code in ("ARC001", "ARC002")]
        (unit,) = archive.units()
    assert unit["documents"] == 2 and unit["batches"] == 2  # the report and its correction, not the copy sent twice
    assert first.stored.document_ids
