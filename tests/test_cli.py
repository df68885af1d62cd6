"""The command line: output contract, exit codes, errors on stderr, --output and --force."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nlp_toolkit.cli import main

REPORT = "*县财政局2024年工作总结\n一、主要做法\n全年开展集中学习12次。\n二、存在的问题\n一是学习不深；二是调研不实。\n"
DOC_KEYS = {"path", "title", "unit", "sections", "metrics", "problems", "commitments", "findings"}


@pytest.fixture(scope="session")
def good_folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("good")
    (root / "nested").mkdir()
    (root / "one.txt").write_text(REPORT, encoding="utf-8")
    (root / "nested" / "two.txt").write_text(REPORT.replace("财政局", "审计局"), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def bad_folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    (root / "one.txt").write_text(REPORT, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02\x03PK\xff\xfe" * 200)
    return root


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_is_the_contract(capsys, good_folder):
    code, out, err = run(capsys, "analyze", str(good_folder), "--format", "json")
    assert code == 0
    assert err == ""
    data = json.loads(out)
    assert {"documents", "batch_findings", "errors"} <= set(data)
    assert set(data) <= {"documents", "batch_findings", "errors", "pairs", "skipped", "submissions"}
    assert data["errors"] == []
    assert isinstance(data["batch_findings"], list)
    assert len(data["documents"]) == 2  # the nested folder is walked
    for doc in data["documents"]:
        assert DOC_KEYS <= set(doc)
    one = next(d for d in data["documents"] if d["path"].endswith("one.txt"))
    assert one["title"] == "*县财政局2024年工作总结"
    assert one["unit"] == "*县财政局"
    assert [s["role"] for s in one["sections"]] == ["achievements", "problems"]
    assert one["metrics"][0]["surface"] == "12次" and one["metrics"][0]["value"] == 12
    assert [p["text"] for p in one["problems"]] == ["学习不深", "调研不实"]


def test_json_offsets_index_the_file_text(capsys, good_folder):
    _, out, _ = run(capsys, "analyze", str(good_folder / "one.txt"), "--format", "json")
    doc = json.loads(out)["documents"][0]
    for metric in doc["metrics"]:
        assert REPORT[metric["start"]:metric["end"]] == metric["surface"]
    for problem in doc["problems"]:
        assert REPORT[problem["start"]:problem["end"]] == problem["text"]


def test_default_table_output_names_the_file(capsys, good_folder):
    code, out, _ = run(capsys, "analyze", str(good_folder / "one.txt"))
    assert code == 0
    assert "one.txt" in out and "*县财政局2024年工作总结" in out


def test_unreadable_files_exit_1_and_the_rest_are_analysed(capsys, bad_folder):
    code, out, err = run(capsys, "analyze", str(bad_folder), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert [Path(d["path"]).name for d in data["documents"]] == ["one.txt"]
    assert sorted(Path(e["path"]).name for e in data["errors"]) == ["binary.txt", "empty.txt"]
    lines = err.strip().splitlines()
    assert len(lines) == 3  # one line per unreadable file, then the counts
    assert any("empty.txt" in line for line in lines[:2]) and any("binary.txt" in line for line in lines[:2])
    assert "已读取 1 份，读取失败 2 份" in lines[2]
    assert "Traceback" not in err


def test_a_missing_path_is_an_unreadable_file(capsys, tmp_path):
    code, _, err = run(capsys, "analyze", str(tmp_path / "nowhere.txt"), "--format", "json")
    assert code == 1
    assert "nowhere.txt" in err and "Traceback" not in err


def test_unknown_option_is_a_usage_error(capsys, good_folder):
    with pytest.raises(SystemExit) as exc:
        main(["analyze", str(good_folder), "--bogus"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--bogus" in err and "Traceback" not in err


@pytest.mark.parametrize("argv", [["analyze"], ["frobnicate"], ["analyze", "x", "--format", "yaml"]])
def test_bad_arguments_are_usage_errors(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2


def test_no_command_is_a_usage_error(capsys):
    code, out, err = run(capsys)
    assert code == 2
    assert out == "" and "analyze" in err


def test_output_writes_the_file(capsys, good_folder, tmp_path):
    target = tmp_path / "result.json"
    code, out, _ = run(capsys, "analyze", str(good_folder), "--format", "json", "--output", str(target))
    assert code == 0
    assert out == ""
    assert len(json.loads(target.read_text(encoding="utf-8"))["documents"]) == 2


def test_output_refuses_to_overwrite_without_force(capsys, good_folder, tmp_path):
    target = tmp_path / "result.json"
    target.write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, "analyze", str(good_folder), "--format", "json", "--output", str(target))
    assert code != 0
    assert target.read_text(encoding="utf-8") == "keep me"
    assert "result.json" in err and "--force" in err
    code, _, _ = run(capsys, "analyze", str(good_folder), "--format", "json", "--output", str(target), "--force")
    assert code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["errors"] == []


def test_console_script_runs(bad_folder):
    script = Path(sys.executable).with_name("nlp-toolkit")
    assert script.exists()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([str(script), "analyze", str(bad_folder), "--format", "json"], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert [Path(d["path"]).name for d in data["documents"]] == ["one.txt"]
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 3  # two unreadable files, then the counts


def test_check_statistics_counts_each_rule_and_exit_zero(capsys):
    demo = str(Path(__file__).resolve().parents[1] / "corpora" / "demo" / "txt")
    code, out, _ = run(capsys, "check", demo, "--output-format", "json", "--no-config")
    data = json.loads(out)
    expected = {}
    for f in data["findings"] + data["batch_findings"]:
        expected[f["code"]] = expected.get(f["code"], 0) + 1
    assert expected and code == 1
    code, out, _ = run(capsys, "check", demo, "--statistics", "--exit-zero", "--no-config")
    assert code == 0
    rows = out.splitlines()[:-1]
    assert {row.split()[1]: int(row.split()[0]) for row in rows} == expected
    assert all(row.split()[2] in ("错误", "警告", "提示") for row in rows)
    assert f"共 {sum(expected.values())} 条质量提示" in out
    _, quiet, _ = run(capsys, "check", demo, "--statistics", "--quiet", "--no-config")
    assert quiet.splitlines() == rows


def test_version_flag(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == "nlp-toolkit 0.1.0"


def test_rules_family_lists_only_that_family(capsys):
    from nlp_toolkit.rules.registry import all_rules

    code, out, _ = run(capsys, "rules", "num")
    assert code == 0
    listed = [row.split()[0] for row in out.splitlines()]
    assert listed == [r.code for r in all_rules() if r.code.startswith("NUM")] and len(listed) > 1
    assert all(row.split()[1] in ("错误", "警告", "提示") for row in out.splitlines())
    code, out, err = run(capsys, "rules", "XYZ")
    assert code == 2 and out == "" and "XYZ" in err


def test_rules_code_shows_chinese_severity(capsys):
    code, out, _ = run(capsys, "rules", "NUM005")
    assert code == 0 and "级别：错误" in out.splitlines()[0] and "检查内容" in out


def test_check_quiet_prints_only_the_findings(capsys):
    demo = str(Path(__file__).resolve().parents[1] / "corpora" / "demo" / "txt")
    _, full, _ = run(capsys, "check", demo, "--no-config")
    code, quiet, _ = run(capsys, "check", demo, "--no-config", "--quiet")
    assert code == 1
    assert full.startswith(quiet) and quiet
    assert full[len(quiet):].startswith("共 ") and "共 " not in quiet.splitlines()[-1][:2]
    assert len(quiet.splitlines()) == len(full.splitlines()) - 1


def _demo():
    return str(Path(__file__).resolve().parents[1] / "corpora" / "demo" / "txt")


def test_check_json_lines_has_one_finding_per_line(capsys):
    _, out, _ = run(capsys, "check", _demo(), "--no-config", "--output-format", "json")
    whole = json.loads(out)
    code, out, _ = run(capsys, "check", _demo(), "--no-config", "--output-format", "json-lines")
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[: len(whole["findings"])] == whole["findings"]
    across = rows[len(whole["findings"]):]
    assert [{k: v for k, v in r.items() if k not in ("path", "line", "column")} for r in across] \
        == whole["batch_findings"]
    assert all(r["path"] is None for r in across) and len(rows) == len(out.splitlines())


def test_check_grouped_puts_findings_under_their_document(capsys):
    _, out, _ = run(capsys, "check", _demo(), "--no-config", "--output-format", "json")
    whole = json.loads(out)
    code, out, _ = run(capsys, "check", _demo(), "--no-config", "--output-format", "grouped")
    assert code == 1
    blocks = out.strip().split("\n\n")
    by_path = {}
    for f in whole["findings"]:
        by_path.setdefault(f["path"], []).append(f)
    document_blocks = [b for b in blocks if not b.startswith(("跨报告提示", "共 "))]
    assert len(document_blocks) == len(by_path)
    for block in document_blocks:
        heading, *rows = block.splitlines()
        path = heading.split("    单位：")[0]
        assert "单位：" in heading and "标题：" in heading
        assert [r.split()[1] for r in rows] == [f["code"] for f in by_path[path]]
        assert [r.split()[0] for r in rows] == [f"{f['line']}:{f['column']}:" for f in by_path[path]]
    assert blocks[-1].startswith("共 ")
    if whole["batch_findings"]:
        assert len(blocks[-2].splitlines()) == 1 + len(whole["batch_findings"])
    _, quiet, _ = run(capsys, "check", _demo(), "--no-config", "--output-format", "grouped", "-q")
    assert "共 " not in quiet and quiet.strip() == "\n\n".join(blocks[:-1])


@pytest.mark.parametrize("argv", [[], ["check"], ["archive", "list"]])
def test_help_is_in_chinese(capsys, argv):
    import argparse

    with pytest.raises(SystemExit) as stop:
        main([*argv, "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：nlp-toolkit") and "\n选项：\n" in out and "显示帮助信息并退出" in out
    assert not any(english in out for english in ("usage:", "options:", "show this help", "positional arguments"))
    from gettext import gettext

    assert argparse._ is gettext  # argparse is left as it was for anyone else in the process


@pytest.mark.parametrize("argv, words", [
    (["check", "x", "--output-format", "foo"], ("无效的取值", "'foo'")),
    (["check"], ("缺少必需的参数", "PATH")),
    (["check", "x", "--jobs"], ("需要一个取值",)),
    (["analyze", "x", "--nope"], ("无法识别的参数", "--nope")),
])
def test_usage_errors_are_in_chinese(capsys, argv, words):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    out, err = capsys.readouterr()
    assert stop.value.code == 2 and out == ""
    assert err.startswith("用法：") and all(w in err for w in words)
    assert not any(english in err for english in ("usage:", "invalid choice", "required", "expected", "unrecognized"))


def test_analyze_table_lists_each_documents_findings(capsys):
    _, out, _ = run(capsys, "analyze", _demo(), "--format", "json")
    data = json.loads(out)
    code, table, _ = run(capsys, "analyze", _demo())
    assert code == 0
    labels = {"error": "错误", "warning": "警告", "info": "提示"}
    blocks = {b.splitlines()[0].removeprefix("文件："): b for b in table.split("\n\n") if b.startswith("文件：")}
    assert sum(len(d["findings"]) for d in data["documents"]) > 0
    for doc in data["documents"]:
        text = Path(doc["path"]).read_text(encoding="utf-8")
        rows = [r.split() for r in blocks[doc["path"]].splitlines() if r.startswith("    第 ")]
        assert [(r[1], r[3], r[4]) for r in rows] == [
            (str(text.count("\n", 0, f["start"]) + 1), f["code"], labels[f["severity"]]) for f in doc["findings"]]
        assert all(f["message"].split("：")[0] in blocks[doc["path"]] for f in doc["findings"])
    assert not any(word in table for word in ("warning", "error", " info "))
    across = next(b for b in table.split("\n\n") if b.startswith("跨报告问题"))
    assert [r.split()[0] for r in across.splitlines()[1:]] == [f["code"] for f in data["batch_findings"]]
