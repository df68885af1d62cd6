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


def _links(archive) -> dict[int, int | None]:
    with archive.read() as conn:
        return dict(conn.execute(select(documents.c.id, documents.c.version_of)).all())


def _one(text: str, path: str):
    from nlp_toolkit.batch.pipeline import analyze_source
    from nlp_toolkit.model import Batch
    from nlp_toolkit.readers import read_text

    return Batch(documents=[analyze_source(read_text(text, path=path))])


def test_a_correction_of_a_version_links_to_the_report_s_primary(archive_target, two_files):
    """The latest archived report of the unit, title and year is the version the first batch
    also held: the corrections link to its primary, and are no copies of each other."""
    once = FARM_2023.replace("总产量18.6万吨", "总产量18.7万吨")
    twice = once.replace("同比增长7.5%", "同比增长7.6%")
    with open_archive(archive_target) as archive:
        first = archive_batch(two_files, archive, name="第一批")
        second = archive_batch(_one(once, "更正/农业农村局.txt"), archive, name="更正")
        third = archive_batch(_one(twice, "再更正/农业农村局.txt"), archive, name="再更正")
        links = _links(archive)
        (unit,) = archive.units()
    primary = first.stored.document_ids[two_files.documents[0].path]
    assert links[second.stored.document_ids["更正/农业农村局.txt"]] == primary
    assert links[third.stored.document_ids["再更正/农业农村局.txt"]] == primary
    assert second.stored.corrected == third.stored.corrected == 1
    for result in (second, third):
        assert not [f for f in result.check.findings if f.code in ("ARC001", "ARC002")]
    assert (unit["documents"], unit["batches"]) == (3, 3)  # the report and two corrections


def test_a_correction_sent_as_two_files_links_both_to_the_first_report(archive_target, tmp_path):
    corrected = FARM_2023.replace("总产量18.6万吨", "总产量18.7万吨")
    (tmp_path / "更正.txt").write_text(corrected, encoding="utf-8")
    (tmp_path / "更正（再次报送）.txt").write_text(corrected.replace("\n", "\n\n", 3), encoding="utf-8")
    batch = analyze_batch([tmp_path / "更正.txt", tmp_path / "更正（再次报送）.txt"])
    assert len(batch.submissions) == 1
    with open_archive(archive_target) as archive:
        first = archive_batch(_one(FARM_2023, "第一批/农业农村局.txt"), archive, name="第一批")
        again = archive_batch(batch, archive, name="更正")
        links = _links(archive)
        (unit,) = archive.units()
    original = first.stored.document_ids["第一批/农业农村局.txt"]
    assert {links[again.stored.document_ids[d.path]] for d in batch.documents} == {original}
    assert again.stored.corrected == 1 and not again.check.findings
    assert (unit["documents"], unit["batches"]) == (2, 2)  # the report and its correction, sent twice


def test_a_file_archived_alone_before_is_no_copy_of_the_report_it_comes_with(archive_target, tmp_path):
    """The PDF-like retitled file was archived on its own; now it comes as a version of a new
    primary: the primary is linked to it and not found copying it."""
    retitled = FARM_2023.replace("2023年工作总结", "关于2023年度工作情况的报告", 1)
    (tmp_path / "报告.txt").write_text(FARM_2023, encoding="utf-8")
    (tmp_path / "报告（另一格式）.txt").write_text(retitled, encoding="utf-8")
    with open_archive(archive_target) as archive:
        first = archive_batch(analyze_batch([tmp_path / "报告（另一格式）.txt"]), archive, name="第一批")
        batch = analyze_batch([tmp_path / "报告.txt", tmp_path / "报告（另一格式）.txt"])
        assert batch.documents[1].version_of == batch.documents[0].path
        again = archive_batch(batch, archive, name="第二批")
        links = _links(archive)
        (unit,) = archive.units()
    earlier = first.stored.document_ids[str(tmp_path / "报告（另一格式）.txt")]
    assert links[again.stored.document_ids[str(tmp_path / "报告.txt")]] == earlier
    assert not [f for f in again.check.findings if f.code in ("ARC001", "ARC002")]
    assert (unit["documents"], unit["batches"]) == (1, 2)


def test_a_version_is_never_checked_against_the_archive_itself(archive_target, tmp_path):
    """A copy of an archived report sent as two files is one ARC001 finding set, on the primary."""
    from archive_reports import WATER_2024

    (tmp_path / "水利局.txt").write_text(WATER_2024, encoding="utf-8")
    (tmp_path / "水利局（再次报送）.txt").write_text(WATER_2024.replace("\n", "\n\n", 3), encoding="utf-8")
    with open_archive(archive_target) as archive:
        archive_batch(_one(FARM_2023, "2023/农业农村局.txt"), archive, name="2023年度")
        alone = archive_batch(analyze_batch([tmp_path / "水利局.txt"]), archive, name="单份")
        archive.remove_batch("单份")
        both = archive_batch(analyze_batch([tmp_path / "水利局.txt", tmp_path / "水利局（再次报送）.txt"]),
                             archive, name="两份")
    copies = [f for f in both.check.findings if f.code == "ARC001"]
    assert copies and len(copies) == len([f for f in alone.check.findings if f.code == "ARC001"])
    assert all(f.documents[0] == str(tmp_path / "水利局.txt") for f in copies)
    assert not any(str(tmp_path / "水利局（再次报送）.txt") in f.documents for f in both.check.findings)


def _yearless(text: str) -> str:
    import re

    return re.sub(r"20\d\d年", "", text).replace("*县农业农村局工作总结", "*县农业农村局关于巡察整改情况的报告", 1)


def test_a_report_without_a_year_sent_again_later_is_a_version_not_a_copy(archive_target, tmp_path):
    report = _yearless(FARM_2023)
    (tmp_path / "整改报告.txt").write_text(report, encoding="utf-8")
    (tmp_path / "整改报告（另一格式）.txt").write_text(report.replace("\n", "\n\n", 3), encoding="utf-8")
    alone = analyze_batch([tmp_path / "整改报告.txt"])
    assert alone.documents[0].year is None and alone.documents[0].unit
    with open_archive(archive_target) as archive:
        first = archive_batch(alone, archive, name="第一批")
        again = archive_batch(analyze_batch([tmp_path / "整改报告（另一格式）.txt"]), archive, name="第二批")
        links = _links(archive)
    earlier = first.stored.document_ids[str(tmp_path / "整改报告.txt")]
    assert links[again.stored.document_ids[str(tmp_path / "整改报告（另一格式）.txt")]] == earlier
    assert not [f for f in again.check.findings if f.code in ("ARC001", "ARC002")]


def test_another_report_under_the_same_title_without_a_year_is_not_a_version(archive_target, tmp_path):
    from archive_reports import WATER_2024

    first_text = _yearless(FARM_2023)
    other = _yearless(WATER_2024.replace(WATER_2024.splitlines()[0], "*县农业农村局关于巡察整改情况的报告", 1))
    with open_archive(archive_target) as archive:
        archive_batch(_one(first_text, "一/整改报告.txt"), archive, name="第一批")
        later = archive_batch(_one(other, "二/整改报告.txt"), archive, name="第二批")
        links = _links(archive)
    assert later.stored.corrected == 0
    assert links[later.stored.document_ids["二/整改报告.txt"]] is None
