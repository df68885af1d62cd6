"""A new batch checked against the archive; a unit followed over time."""
from __future__ import annotations

from nlp_toolkit.archive import archive_batch, open_archive
from nlp_toolkit.model import Batch

from archive_reports import CLEANUP_PARAGRAPH


def test_copy_from_an_earlier_batch_names_the_report_and_its_batch(archive_target, reports):
    earlier, copier = reports["farm_2023"], reports["water_2024"]
    with open_archive(archive_target) as archive:
        archive_batch(Batch(documents=[earlier]), archive, name="2023年度总结")
        batch = Batch(documents=[copier])
        result = archive_batch(batch, archive, name="2024年度总结")
        stored = archive.batch("2024年度总结")
    copies = [f for f in result.check.findings if f.code == "ARC001"]
    assert copies, result.check.findings
    finding = copies[0]
    assert finding.kind == "copied_passage"
    assert finding.documents == [copier.path, earlier.path]
    assert finding.text in copier.text and CLEANUP_PARAGRAPH[:30] in copier.text[finding.start:finding.end]
    assert "2023年度总结" in finding.message and earlier.path in finding.message
    related = finding.related[0]
    assert related["batch"] == "2023年度总结" and related["path"] == earlier.path and "document" not in related
    assert CLEANUP_PARAGRAPH[:30] in earlier.text[related["start"]:related["end"]]
    assert finding in batch.batch_findings  # appended for every output
    assert any(p["path_b"] == earlier.path or p["path_a"] == earlier.path for p in batch.pairs)
    assert [f["code"] for f in stored["findings"]].count("ARC001") == len(copies)  # stored with the batch


def test_reports_in_the_same_new_batch_are_not_archive_findings(archive_target, reports):
    with open_archive(archive_target) as archive:
        result = archive_batch(Batch(documents=[reports["farm_2023"], reports["water_2024"]]), archive)
    assert not [f for f in result.check.findings if f.code == "ARC001"]


def test_a_report_resubmitted_unchanged_is_one_finding_over_its_text(archive_target, reports):
    doc = reports["farm_2023"]
    with open_archive(archive_target) as archive:
        archive_batch(Batch(documents=[doc]), archive, name="上一轮")
        result = archive_batch(Batch(documents=[doc, reports["farm_2024"]]), archive, name="这一轮")
    whole = [f for f in result.check.findings if f.code == "ARC001" and f.documents[0] == doc.path]
    assert len(whole) == 1
    assert (whole[0].start, whole[0].end) == (0, len(doc.text)) and "上一轮" in whole[0].message


def test_problems_reported_again_by_the_same_unit(archive_target, reports):
    with open_archive(archive_target) as archive:
        archive_batch(Batch(documents=[reports["farm_2023"]]), archive, name="2023年度")
        result = archive_batch(Batch(documents=[reports["farm_2024"], reports["water_2024"]]), archive,
                               name="2024年度")
    recurring = [f for f in result.check.findings if f.code == "ARC002"]
    assert {f.kind for f in recurring} == {"recurring_problem"}
    texts = sorted(f.text for f in recurring)
    assert len(recurring) == 2, texts  # 产业链条 and 村集体经济; the new 防汛 problem and the other unit are not
    assert any("产业链条" in t for t in texts) and any("村集体经济" in t for t in texts)
    for f in recurring:
        assert f.documents == [reports["farm_2024"].path, reports["farm_2023"].path]
        assert f.related[0]["batch"] == "2023年度" and f.related[0]["text"] in reports["farm_2023"].text
        assert "2023年度" in f.message


def test_a_later_batch_is_not_an_earlier_report(archive_target, reports):
    with open_archive(archive_target) as archive:
        archive_batch(Batch(documents=[reports["farm_2023"]]), archive, name="2023年度")
        archive_batch(Batch(documents=[reports["farm_2024"]]), archive, name="2024年度")
        again = archive_batch(Batch(documents=[reports["farm_2023"]]), archive, name="2023年度")
    assert again.stored.rerun
    assert not [f for f in again.check.findings if f.code == "ARC002"]


def test_figures_of_one_unit_side_by_side(archive_target, reports):
    with open_archive(archive_target) as archive:
        archive_batch(Batch(documents=[reports["farm_2023"]]), archive, name="2023年度")
        archive_batch(Batch(documents=[reports["farm_2024"]]), archive, name="2024年度")
        table = archive.unit_figures("*县农业农村局")
        everything = archive.unit_figures("*县农业农村局", repeated_only=False)
    assert list(table.columns) == ["2023年度（2023年）", "2024年度（2024年）"]
    row = table.loc[("全县粮食播种面积", "亩")]
    assert list(row) == ["452000", "460000"]
    assert ("农业产业化龙头企业", "家") not in table.index and ("农业产业化龙头企业", "家") in everything.index


def test_a_version_1_archive_is_re_keyed_and_still_finds_copies(archive_target, reports):
    """Schema 1 hashed LSH bands with BLAKE2b; opening it re-keys `passage_bands` from the signatures."""
    import hashlib

    from sqlalchemy import delete, select, update

    from nlp_toolkit.batch.lsh import bands
    from nlp_toolkit.archive.schema import SCHEMA_VERSION, archive_meta, passage_bands, passages

    earlier, copier = reports["farm_2023"], reports["water_2024"]
    with open_archive(archive_target) as archive:
        archive_batch(Batch(documents=[earlier]), archive, name="2023年度总结")
        with archive.write() as conn:  # turn it back into what version 1 wrote
            b, r = bands()
            old = {(int.from_bytes(hashlib.blake2b(bytes([i]) + bytes(sig)[i * 4 * r:(i + 1) * 4 * r],
                                                    digest_size=8).digest(), "big", signed=True), doc_id)
                   for doc_id, sig in conn.execute(select(passages.c.document_id, passages.c.signature))
                   for i in range(b)}
            conn.execute(delete(passage_bands))
            conn.execute(passage_bands.insert(), [{"band_key": k, "document_id": d} for k, d in old])
            conn.execute(update(archive_meta).where(archive_meta.c.key == "schema_version").values(value="1"))
    with open_archive(archive_target) as archive:
        assert archive.schema_version() == SCHEMA_VERSION  # 1 → 2 re-keys the bands, 2 → 3 adds version_of
        with archive.read() as conn:
            keys = {k for (k,) in conn.execute(select(passage_bands.c.band_key))}
        assert keys and not keys & {k for k, _ in old}
        result = archive_batch(Batch(documents=[copier]), archive, name="2024年度总结")
    assert [f for f in result.check.findings if f.code == "ARC001"]


def test_only_the_selected_archive_rules_run(archive_target, reports, monkeypatch):
    """An unselected archive rule's search never runs (not computed, then filtered), and what the
    archive stores with the batch is what the RuleSet reports."""
    from nlp_toolkit.archive import checks
    from nlp_toolkit.rules.ruleset import RuleSet

    def never(*args, **kwargs):
        raise AssertionError("an unselected archive rule ran")

    with open_archive(archive_target) as archive:
        archive_batch(Batch(documents=[reports["farm_2023"]]), archive, name="2023年度", rules=RuleSet(select=("NUM",)))
        with monkeypatch.context() as patched:
            patched.setattr(checks.fingerprints, "detect_copies", never)
            patched.setattr(checks, "reference", never)
            only_recurring = archive_batch(Batch(documents=[reports["farm_2024"]]), archive, name="2024年度",
                                           rules=RuleSet(select=("ARC002",)))
            stored = archive.batch("2024年度")
        with monkeypatch.context() as patched:
            patched.setattr(checks, "recurring_problems", never)
            only_copies = archive_batch(Batch(documents=[reports["water_2024"]]), archive, name="2024年度水利",
                                        rules=RuleSet(ignore=("ARC002",)))
    assert only_recurring.check.findings and {f.code for f in only_recurring.check.findings} == {"ARC002"}
    assert {f["code"] for f in stored["findings"] if f["code"].startswith("ARC")} == {"ARC002"}
    assert {f.code for f in only_copies.check.findings} == {"ARC001"}


def test_an_archive_rule_keeps_its_configured_severity(archive_target, reports):
    from nlp_toolkit.rules.ruleset import RuleSet

    with open_archive(archive_target) as archive:
        archive_batch(Batch(documents=[reports["farm_2023"]]), archive, name="2023年度")
        result = archive_batch(Batch(documents=[reports["farm_2024"]]), archive, name="2024年度",
                               rules=RuleSet(severity=(("ARC002", "error"),)))
    assert result.check.findings and {f.severity for f in result.check.findings if f.code == "ARC002"} == {"error"}
