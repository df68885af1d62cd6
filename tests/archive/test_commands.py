"""`analyze --archive` and `nlp-toolkit archive list|show|remove|export`."""
from __future__ import annotations

import json

import pandas as pd

from nlp_toolkit.cli import main

from archive_reports import FARM_2023, FARM_2024, WATER_2024


def _folders(tmp_path):
    first, second = tmp_path / "2023年度", tmp_path / "2024年度"
    first.mkdir()
    second.mkdir()
    (first / "农业农村局.txt").write_text(FARM_2023, encoding="utf-8")
    (second / "农业农村局.txt").write_text(FARM_2024, encoding="utf-8")
    (second / "水利局.txt").write_text(WATER_2024, encoding="utf-8")
    return first, second


def test_analyze_with_archive_then_list_show_export_remove(archive_target, tmp_path, capsys):
    first, second = _folders(tmp_path)
    assert main(["analyze", str(first), "--archive", archive_target, "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["analyze", str(second), "--archive", archive_target, "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert "已归档为批次" in err
    codes = [f["code"] for f in json.loads(out)["batch_findings"]]
    assert "ARC001" in codes and "ARC002" in codes

    assert main(["analyze", str(second), "--archive", archive_target, "--format", "json"]) == 0  # a re-run
    assert "新增 0 份" in capsys.readouterr().err

    assert main(["archive", "list", archive_target]) == 0
    out = capsys.readouterr().out
    assert "2 个批次" in out and "*县农业农村局" in out and "2024年度" in out

    assert main(["archive", "show", archive_target, "2"]) == 0
    out = capsys.readouterr().out
    assert "水利局.txt" in out and "ARC001" in out and "ARC002" in out

    assert main(["archive", "show", archive_target, "--unit", "*县农业农村局"]) == 0
    out = capsys.readouterr().out
    assert "全县粮食播种面积" in out and "452000" in out and "460000" in out
    assert "2023年度" in out and "2024年度" in out  # the unit's reports, batch by batch

    export = tmp_path / "导出"
    assert main(["archive", "export", archive_target, str(export)]) == 0
    documents = pd.read_csv(export / "documents.csv")
    assert len(documents) == 3 and "text" not in documents.columns
    findings = pd.read_csv(export / "findings.csv")
    assert {"ARC001", "ARC002"} <= set(findings["code"])
    assert len(pd.read_csv(export / "metrics.csv")) > 10
    assert main(["archive", "export", archive_target, str(export)]) == 2  # never overwrites without --force
    capsys.readouterr()

    assert main(["archive", "remove", archive_target, "1"]) == 0
    assert "已删除批次" in capsys.readouterr().out
    assert main(["archive", "remove", archive_target, "1"]) == 1


def test_archive_commands_on_a_missing_archive(tmp_path, capsys):
    assert main(["archive", "list", str(tmp_path / "none.sqlite")]) == 2
    assert "归档不存在" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite").exists()


def test_check_with_archive_reports_archive_findings(archive_target, tmp_path, capsys):
    first, second = _folders(tmp_path)
    main(["check", str(first), "--archive", archive_target, "--no-config"])
    capsys.readouterr()
    assert main(["check", str(second), "--archive", archive_target, "--no-config"]) == 1
    assert "ARC002" in capsys.readouterr().out


def test_unreachable_database_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(FARM_2023, encoding="utf-8")
    code = main(["analyze", str(tmp_path), "--archive", "postgresql://nobody:secret@127.0.0.1:1/none"])
    assert code == 2
    err = capsys.readouterr().err
    assert "无法打开归档" in err and "secret" not in err


def test_check_ignore_and_select_apply_to_archive_rules(archive_target, tmp_path, capsys):
    first, second = _folders(tmp_path)
    main(["check", str(first), "--archive", archive_target, "--no-config"])
    capsys.readouterr()
    main(["check", str(second), "--archive", archive_target, "--no-config", "--ignore", "ARC002",
          "--output-format", "json"])
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)["batch_findings"]}
    assert "ARC001" in codes and "ARC002" not in codes
    main(["check", str(second), "--archive", archive_target, "--no-config", "--select", "ARC002",
          "--output-format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["findings"] == [] and {f["code"] for f in data["batch_findings"]} == {"ARC002"}
