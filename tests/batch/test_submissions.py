"""One report sent as several files: grouped as one submission, never a copy of itself."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from report_helpers import REPORT

from nlp_toolkit.batch.pipeline import analyze_batch, analyze_source
from nlp_toolkit.batch.submissions import group_submissions
from nlp_toolkit.readers import read_text

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo"
BOILERPLATE_PAIRS = {("04", "12"), ("04", "13"), ("12", "13")}
WORD_ONLY = {"19", "20"}  # the ledger and the problem list: Word files with no TXT original


def _num(path: str) -> str:
    return Path(path).name[:2]


# One report each also as .doc, .wps, .ofd, a photo and a scan (scripts/make_demo_kinds.py).
EXTRA_KINDS = {"14": "doc", "11": "wps", "18": "ofd", "17": "jpg", "16": "scan"}
OCR_KINDS = {"jpg", "scan"}


def _kinds() -> dict[str, str]:
    """The extra kinds the batch reads here: the photo and the scan only with the OCR extra."""
    from nlp_toolkit.readers import ocr

    return {n: k for n, k in EXTRA_KINDS.items() if ocr.available() or k not in OCR_KINDS}


@pytest.fixture(scope="module")
def demo_batch():
    return analyze_batch([DEMO])


def test_demo_formats_are_one_submission_each(demo_batch):
    kinds = _kinds()
    assert len(demo_batch.documents) == 74 + len(kinds)
    assert len(demo_batch.errors) == len(EXTRA_KINDS) - len(kinds)
    assert all("nlp-toolkit[ocr]" in e.reason for e in demo_batch.errors)
    subs = demo_batch.submissions
    assert len(subs) == 18 and len(demo_batch.primaries()) == 20  # 19 and 20: one file, no submission group
    word_only = [d for d in demo_batch.primaries() if _num(d.path) in WORD_ONLY]
    assert [(Path(d.path).parent.name, d.versions) for d in word_only] == [("docx", [])] * 2
    assert not {_num(s.primary) for s in subs} & WORD_ONLY
    for s in subs:
        files = [s.primary, *s.versions]
        extra = {kinds[_num(s.primary)]} if _num(s.primary) in kinds else set()
        assert len(files) == 4 + len(extra) and {_num(p) for p in files} == {_num(s.primary)}
        assert {Path(p).parent.name for p in files} == {"txt", "gbk", "docx", "pdf"} | extra
        assert Path(s.primary).suffix in (".txt", ".docx")
    by_path = {d.path: d for d in demo_batch.documents}
    for s in subs:
        assert by_path[s.primary].versions == s.versions and by_path[s.primary].version_of is None
        assert all(by_path[v].version_of == s.primary and not by_path[v].versions for v in s.versions)


def test_demo_gives_the_planted_copies_and_none_between_versions(demo_batch):
    version_of = {d.path: d.version_of or d.path for d in demo_batch.documents}
    cpy = [f for f in demo_batch.batch_findings if f.code in ("CPY001", "CPY002")]
    for f in cpy:
        assert len({version_of[p] for p in f.documents}) == len(f.documents)  # no two files of one report
    copied = {tuple(sorted(_num(p) for p in f.documents)) for f in cpy if f.code == "CPY001"}
    assert copied == {("03", "09")} | BOILERPLATE_PAIRS
    groups = [sorted(_num(p) for p in f.documents) for f in cpy if f.code == "CPY002"]
    assert groups == [["04", "12", "13"]]
    assert {(_num(r["path_a"]), _num(r["path_b"])) for r in demo_batch.pairs} == copied


def test_outputs_list_the_versions(demo_batch):
    from nlp_toolkit.output.json import dumps
    from nlp_toolkit.output.table import render

    data = json.loads(dumps(demo_batch))
    assert len(data["submissions"]) == 18
    primary = data["submissions"][0]["primary"]
    doc = next(d for d in data["documents"] if d["path"] == primary)
    assert len(doc["versions"]) == 3 + (_num(primary) in _kinds()) and doc["version_of"] is None
    other = next(d for d in data["documents"] if d["path"] == doc["versions"][0])
    assert other["version_of"] == primary
    table = render(demo_batch)
    assert "同一报告的其他版本" in table and f"主文件：{primary}" in table
    assert "共 20 份报告" in table



def _doc(path: str, text: str):
    source = read_text(text, path=path)
    source.format = Path(path).suffix[1:]  # as the reader of that file would say
    return analyze_source(source)


def test_corrected_resubmission_is_a_version_not_a_copy():
    first = _doc("a.txt", REPORT.format(unit="*县城关街道", extra=""))
    corrected = _doc("b.pdf", REPORT.format(unit="*县城关街道", extra="同时推进充电桩建设。"))
    other_unit = _doc("c.txt", REPORT.format(unit="*县东城街道", extra=""))
    assert first.unit == corrected.unit != other_unit.unit
    subs = group_submissions([corrected, first, other_unit])
    assert [(s.primary, s.versions) for s in subs] == [("a.txt", ["b.pdf"])]
    assert "基本相同" in subs[0].reason
    assert other_unit.version_of is None and not other_unit.versions


def test_different_reports_of_one_unit_stay_apart():
    a = _doc("a.txt", REPORT.format(unit="*县城关街道", extra=""))
    body = ("围绕乡村振兴，全面梳理辖区产业发展短板，引进农产品加工企业3家，带动就业260人。"
            "推进人居环境整治，清理积存垃圾1200吨，改造农村户厕450座，群众满意度明显提升。")
    b = _doc("b.txt", f"*县城关街道2023年工作总结\n\n一、主要工作\n{body * 2}\n")
    assert a.unit == b.unit
    assert group_submissions([a, b]) == []
    assert a.version_of is None and b.version_of is None


def test_a_versions_findings_are_the_primarys_once_and_its_own_stay_marked():
    """Issue 16: one submission is counted once; what only a version has is kept on it, said so."""
    first = _doc("a.txt", REPORT.format(unit="*县城关街道", extra=""))
    corrected = _doc("b.pdf", REPORT.format(unit="*县城关街道", extra="由XX科负责，于XX月底前完成。"))
    before = {(f.code, f.text) for f in corrected.findings}
    primary_keys = {(f.code, f.text) for f in first.findings}
    assert before - primary_keys  # the placeholder only the corrected file has
    group_submissions([first, corrected])
    assert corrected.version_of == "a.txt"
    assert {(f.code, f.text) for f in corrected.findings} == before - primary_keys
    assert all("仅见于此版本" in f.reason and "a.txt" in f.reason for f in corrected.findings)


def test_demo_versions_repeat_no_finding_of_their_primary(demo_batch):
    from nlp_toolkit.batch.submissions import _finding_key

    by_path = {d.path: d for d in demo_batch.documents}
    versions = [d for d in demo_batch.documents if d.version_of]
    assert versions
    for doc in versions:
        primary = {_finding_key(f) for f in by_path[doc.version_of].findings}
        assert not {_finding_key(f) for f in doc.findings} & primary
        assert all("仅见于此版本" in f.reason for f in doc.findings)
    own = sum(len(d.findings) for d in versions)
    assert own < sum(len(by_path[s.primary].findings) for s in demo_batch.submissions)  # most are the primaries'
