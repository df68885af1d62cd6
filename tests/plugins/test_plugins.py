"""A toy plug-in package (tests/plugins/site: a *.dist-info with entry_points.txt) put on the
path of a subprocess adds a reader, an extractor, a rule and a writer, seen in the CLI, the JSON,
the frames and `rules` without touching the toolkit."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(__file__).resolve().parent / "site"


def run(args, tmp_path, site=SITE, code=None):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)])}
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "nlp_toolkit.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path)


def toy_file(tmp_path):
    path = tmp_path / "report.toy"
    path.write_bytes(b"TOY1\n" + "关于工作的总结\n一、基本情况\n我们坚持学习，坚持实干。\n".encode("utf-8"))
    return path


def test_the_plugin_shows_in_help_and_rules(tmp_path):
    help_text = run(["analyze", "--help"], tmp_path).stdout
    assert "TOY" in help_text and "toy" in help_text
    listing = run(["rules"], tmp_path).stdout
    assert "TOY001" in listing
    assert "测试用规则" in run(["rules", "TOY001"], tmp_path).stdout
    assert "TOY001" not in run(["rules"], tmp_path, site=tmp_path).stdout  # without the plug-in


def test_the_plugin_reads_extracts_checks_and_writes(tmp_path):
    path = toy_file(tmp_path)
    out = run(["analyze", str(path), "--format", "json", "--no-config"], tmp_path)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)["documents"][0]
    assert doc["format"] == "toy"
    text = path.read_bytes()[5:].decode("utf-8")
    assert [text[s["start"]:s["end"]] for s in doc["slogans"]] == ["坚持", "坚持"]
    assert [f["code"] for f in doc["findings"] if f["code"] == "TOY001"] == ["TOY001", "TOY001"]
    ignored = json.loads(run(["analyze", str(path), "--format", "json", "--no-config", "--ignore", "TOY"],
                             tmp_path).stdout)["documents"][0]
    assert not [f for f in ignored["findings"] if f["code"] == "TOY001"]
    written = run(["analyze", str(path), "--format", "toy", "--no-config"], tmp_path)
    assert written.stdout == "TOY 1 documents\n", written.stderr
    folder = run(["analyze", str(tmp_path), "--format", "json", "--no-config"], tmp_path)
    assert json.loads(folder.stdout)["documents"][0]["path"].endswith("report.toy")


def test_the_plugin_facts_are_a_frame(tmp_path):
    path = toy_file(tmp_path)
    code = ("import nlp_toolkit\n"
            f"doc = nlp_toolkit.analyze({str(path)!r})\n"
            "frame = doc.facts_frame('slogans')\n"
            "print(list(frame.columns), len(frame))\n"
            f"print('slogans' in nlp_toolkit.analyze_batch([{str(path)!r}]).frames())\n")
    out = run([], tmp_path, code=code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["['口号', '起', '止', '页码'] 2", "True"]


def test_a_broken_plugin_is_named_without_a_traceback(tmp_path):
    site = tmp_path / "site"
    info = site / "broken-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[nlp_toolkit.writers]\nbad = no_such_module:WRITER\n", encoding="utf-8")
    out = run(["analyze", "--help"], tmp_path, site=site)
    assert out.returncode == 2
    assert "插件 bad" in out.stderr and "no_such_module" in out.stderr and "Traceback" not in out.stderr
