"""Issue 16: `check` reports a report sent as several files once. The primary's findings are the
report's; each version is one line naming its primary and why (text, grouped, JSON), its own
findings are not listed as findings, and the exit code is decided by the primaries' findings.
A file checked alone is a report of its own: every finding listed, as before."""
from __future__ import annotations

import json

import pytest

from nlp_toolkit import cli
from report_helpers import REPORT

UNIT = "*县城关街道"
SHARED = "由XX科负责，于XX月底前完成。"  # a placeholder both files have: one finding, on the primary
ADDED = "二、存在问题\n经初步梳理，问题主要集中在XX方面。\n"  # a paragraph only the corrected file has


def _check(capsys, *argv) -> tuple[int, str]:
    code = cli.main(["check", *map(str, argv), "--no-config"])
    return code, capsys.readouterr().out


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """a.txt, and b.txt: the same report corrected, with one placeholder paragraph more."""
    root = tmp_path_factory.mktemp("check_versions")
    first = REPORT.format(unit=UNIT, extra=SHARED)
    (root / "a.txt").write_text(first, encoding="utf-8")
    (root / "b.txt").write_text(first.replace("二、存在问题\n", ADDED), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def clean_primary(tmp_path_factory):
    """a.txt without findings, b.txt with a placeholder only it has."""
    root = tmp_path_factory.mktemp("check_clean_primary")
    (root / "a.txt").write_text(REPORT.format(unit=UNIT, extra=""), encoding="utf-8")
    (root / "b.txt").write_text(REPORT.format(unit=UNIT, extra=SHARED), encoding="utf-8")
    return root


def test_text_lists_the_primary_s_findings_and_one_line_for_the_version(capsys, pair):
    alone_code, alone = _check(capsys, pair / "a.txt", "-q")
    code, out = _check(capsys, pair, "-q")
    primary_lines = [line for line in out.splitlines() if line.startswith(str(pair / "a.txt") + ":")]
    (version_line,) = [line for line in out.splitlines() if line.startswith(str(pair / "b.txt"))]
    assert alone.splitlines() and primary_lines == alone.splitlines()  # the report's findings, as alone
    assert len(out.splitlines()) == len(primary_lines) + 1
    assert version_line.startswith(f"{pair / 'b.txt'}: 同一报告的另一版本，主文件：{pair / 'a.txt'}（")
    assert UNIT in version_line and "同一份报告" in version_line and "另有 1 条提示仅见于此版本" in version_line
    assert code == alone_code == 1
    _, full = _check(capsys, pair)
    assert full.splitlines()[-1].startswith(f"共 {len(primary_lines)} 条质量提示，涉及 1 份材料")
    assert "另有 1 个文件是同一报告的其他版本" in full.splitlines()[-1]


def test_json_keeps_the_version_apart_with_its_own_findings(capsys, pair):
    _, alone = _check(capsys, pair / "a.txt", "--output-format", "json")
    _, out = _check(capsys, pair, "--output-format", "json")
    data, single = json.loads(out), json.loads(alone)
    assert data["findings"] == single["findings"] and {f["path"] for f in data["findings"]} == {str(pair / "a.txt")}
    (version,) = data["versions"]
    assert (version["path"], version["version_of"], version["format"]) == (str(pair / "b.txt"), str(pair / "a.txt"), "txt")
    assert "同一份报告" in version["version_reason"]
    (own,) = version["findings"]  # the added paragraph's placeholder; the shared one is the primary's
    assert own["code"] == "WRD004" and own["path"] == str(pair / "b.txt") and "仅见于此版本" in own["reason"]
    assert own["line"] == 1 + (pair / "b.txt").read_text(encoding="utf-8")[:own["start"]].count("\n")
    assert single["versions"] == []


def test_grouped_and_statistics_count_the_report_once(capsys, pair):
    _, grouped = _check(capsys, pair, "--output-format", "grouped", "-q")
    blocks = grouped.strip().split("\n\n")
    (version_block,) = [b for b in blocks if b.startswith(str(pair / "b.txt"))]
    heading, note = version_block.splitlines()
    assert "单位：" + UNIT in heading and note.startswith("  同一报告的另一版本，主文件：")
    _, stats = _check(capsys, pair, "--statistics", "-q")
    _, stats_alone = _check(capsys, pair / "a.txt", "--statistics", "-q")
    assert stats == stats_alone and stats


def test_the_exit_code_is_decided_by_the_primaries(capsys, clean_primary):
    code, out = _check(capsys, clean_primary)
    assert code == 0 and "另有 1 条提示仅见于此版本" in out
    assert not [line for line in out.splitlines() if line.startswith(f"{clean_primary / 'b.txt'}:") and "WRD004" in line]


def test_a_file_checked_alone_is_a_report_of_its_own(capsys, clean_primary):
    """No other file in the run, so no version: its findings are listed and decide the exit code."""
    code, out = _check(capsys, clean_primary / "b.txt", "-q")
    assert code == 1 and "WRD004" in out and "另一版本" not in out
    assert all(line.startswith(f"{clean_primary / 'b.txt'}:") for line in out.splitlines())
    _, data = _check(capsys, clean_primary / "b.txt", "--output-format", "json")
    assert json.loads(data)["versions"] == [] and json.loads(data)["findings"]
