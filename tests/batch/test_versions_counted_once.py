"""Issue 16: a report sent as several files is analysed and counted once, its other files listed
as versions in every output (JSON, JSON Lines, table, Excel, HTML, frames, notebook, archive)."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from nlp_toolkit.batch.pipeline import analyze_batch
from report_helpers import REPORT

UNIT = "*县城关街道"
PLACEHOLDER = "由XX科负责，于XX月底前完成。"  # only the corrected file has it: a finding of its own


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("versions")
    (root / "a.txt").write_text(REPORT.format(unit=UNIT, extra=""), encoding="utf-8")
    (root / "b.txt").write_text(REPORT.format(unit=UNIT, extra=PLACEHOLDER), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def both(folder):
    return analyze_batch([folder / "a.txt", folder / "b.txt"])


@pytest.fixture(scope="module")
def alone(folder):
    return analyze_batch([folder / "a.txt"])


def _version(batch):
    (version,) = batch.versions()
    return version


def test_the_version_keeps_no_facts_and_only_its_own_findings(both, alone):
    primary, version = both.documents
    assert [(s.primary, [p.rsplit("/", 1)[-1] for p in s.versions]) for s in both.submissions] == \
        [(primary.path, ["b.txt"])]
    assert version.version_of == primary.path and "同一份报告" in version.version_reason
    assert primary.metrics and not (version.metrics or version.problems or version.commitments or version.statements)
    assert version.sections and version.title == primary.title  # still listed and shown
    assert version.findings and all("仅见于此版本" in f.reason for f in version.findings)
    assert len(primary.metrics) == len(alone.documents[0].metrics)


def test_counts_are_those_of_the_report_alone(both, alone):
    """Frames, the summary, 规则统计 and 单位统计 count the pair as the primary alone."""
    from nlp_toolkit.output.excel import sheet_tables

    f_both, f_alone = both.frames(english=True), alone.frames(english=True)
    for name in ("documents", "sections", "metrics", "problems", "commitments", "findings"):
        assert len(f_both[name]) == len(f_alone[name]), name
        assert not len(f_both[name]) or set(f_both[name]["path"]) == {both.documents[0].path}, name
    summary = f_both["summary"].iloc[0]
    assert summary["documents"] == 1 and summary["findings"] == f_alone["summary"].iloc[0]["findings"]
    assert "b.txt" in summary["files"]
    t_both, t_alone = sheet_tables(both), sheet_tables(alone)
    material = t_both["材料"]
    assert len(material[1]) == 1 and dict(zip(material[0], material[1][0]))["其他版本"] == "b.txt"
    assert material[1][0][:8] == t_alone["材料"][1][0][:8]  # the same counts as the report alone
    assert t_both["规则统计"][1] == t_alone["规则统计"][1]
    assert t_both["单位统计"][1] == t_alone["单位统计"][1]


def test_the_version_is_listed_with_its_format_reason_and_own_findings(both):
    from nlp_toolkit.output.excel import sheet_tables

    version = _version(both)
    versions = both.frames(english=True)["versions"]
    assert list(versions["path"]) == [version.path] and versions.iloc[0]["format"] == "txt"
    assert versions.iloc[0]["findings"] == len(version.findings) and "同一份报告" in versions.iloc[0]["reason"]
    columns, rows = sheet_tables(both)["版本"]
    row = dict(zip(columns, rows[1]))
    assert row["文件名"] == "b.txt" and row["格式"] == "txt" and "不计数" in row["版本"]
    assert all(f.code in row["仅此版本的提示"] for f in version.findings)
    columns, rows = sheet_tables(both)["质量提示"]
    scopes = Counter(dict(zip(columns, r))["范围"] for r in rows)
    assert scopes["其他版本"] == len(version.findings)


def test_json_keeps_every_document_of_the_contract(both):
    from nlp_toolkit.output.json import batch_lines, dumps

    data = json.loads(dumps(both))
    primary, version = data["documents"]
    for key in ("path", "title", "unit", "sections", "metrics", "problems", "commitments", "findings"):
        assert key in version
    assert primary["metrics"] and version["metrics"] == [] and version["problems"] == []
    assert version["version_of"] == primary["path"] and version["version_reason"]
    summary = json.loads(list(batch_lines(both))[-1])
    assert (summary["documents"], summary["reports"], summary["versions"]) == (2, 1, 1)


def test_table_html_and_notebook_count_once(both, alone):
    from nlp_toolkit.output.html import batch_html
    from nlp_toolkit.output.notebook import batch_summary_html
    from nlp_toolkit.output.table import render

    table = render(both)
    (block,) = [b for b in table.split("\n\n") if b.startswith("文件：") and "b.txt（txt）" in b]
    assert "主文件" in block and "仅此版本有的质量提示" in block and "数据 " not in block
    page = batch_html(both)
    assert "共 1 份材料（另有同一报告的其他版本 1 个文件" in page and "不重复计数" in page
    primary_findings = len(alone.documents[0].findings)
    assert f"<b>{primary_findings}</b>质量提示" in page
    notebook, single = batch_summary_html(both), batch_summary_html(alone)
    assert "其他版本 1 个文件" in notebook
    def facts(html):
        return [line.split("<")[0] for line in html.split("<br>") if line.startswith("数据 ")]

    assert facts(notebook) == facts(single) and "<td>*县城关街道</td><td>1</td>" in notebook
