"""The bad-input folder (scripts/make_bad_inputs.py) through `analyze` and `check`: every file is
accounted for, each failure is one line naming the file and its reason, nothing crashes, and the
good files come out exactly as they do without the bad ones. Also: outputs are written safely."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nlp_toolkit.batch import pipeline
from nlp_toolkit.cli import main
from script_loader import load_script

ROOT = Path(__file__).resolve().parents[2]
NLP_TOOLKIT = [sys.executable, "-m", "nlp_toolkit.cli"]


SCRIPT = load_script("make_bad_inputs")


def _run(*args: str | Path) -> subprocess.Popen:
    return subprocess.Popen([*NLP_TOOLKIT, *map(str, args)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")


class Run:
    def __init__(self, proc: subprocess.Popen):
        self.stdout, self.stderr = proc.communicate(timeout=900)
        self.code = proc.returncode


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    base = tmp_path_factory.mktemp("reliability")
    bad = base / "bad inputs 坏文件"
    manifest = SCRIPT.build(bad, log=lambda *_: None)
    good = base / "good only"
    for name in SCRIPT.good_names():
        (good / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(bad / name, good / name)
    yield bad, good, manifest
    (bad / "no_permission.txt").chmod(0o644)  # let the temporary folder be removed


@pytest.fixture(scope="module")
def runs(folders):
    """analyze (JSON) and check on the bad folder, analyze (JSON) on the good files alone — in parallel."""
    bad, good, _ = folders
    started = {
        "analyze": _run("analyze", bad, "--format", "json"),
        "check": _run("check", bad, "--no-config"),
        "good": _run("analyze", good, "--format", "json"),
    }
    return {name: Run(proc) for name, proc in started.items()}


def _expected(manifest, outcome):
    return {name: e for name, e in manifest.items() if e.outcome == outcome}


def _counts(stderr: str) -> tuple[int, int, int]:
    m = re.search(r"共 (\d+) 个文件：已读取 (\d+) 份，读取失败 (\d+) 份，跳过 (\d+) 个。", stderr)
    assert m, stderr
    total, read, failed, skipped = map(int, m.groups())
    assert total == read + failed + skipped
    return read, failed, skipped


@pytest.mark.parametrize("command", ["analyze", "check"])
def test_every_file_accounted_for(folders, runs, command):
    bad, _, manifest = folders
    run = runs[command]
    assert _counts(run.stderr) == (len(_expected(manifest, "read")), len(_expected(manifest, "failed")),
                                   len(_expected(manifest, "skipped"))), run.stderr
    assert len(manifest) == sum(1 for p in bad.rglob("*") if p.is_symlink() or p.is_file())


@pytest.mark.parametrize("command", ["analyze", "check"])
def test_one_line_per_failure_naming_file_and_reason(folders, runs, command):
    bad, _, manifest = folders
    lines = runs[command].stderr.splitlines()
    for outcome, verb in (("failed", "无法读取"), ("skipped", "已跳过")):
        for name, expected in _expected(manifest, outcome).items():
            prefix = f"nlp-toolkit: {verb} {bad / name}："
            mine = [line for line in lines if line.startswith(prefix)]
            assert len(mine) == 1, (name, lines)
            assert expected.reason in mine[0], (name, mine[0])
    summary = [line for line in lines if "个文件：" in line]
    reported = [line for line in lines if line.startswith(("nlp-toolkit: 无法读取", "nlp-toolkit: 已跳过"))]
    assert len(lines) == len(reported) + len(summary), lines  # nothing else on stderr: no traceback, no warnings


@pytest.mark.parametrize("command", ["analyze", "check"])
def test_exit_code_one_and_no_traceback(runs, command):
    run = runs[command]
    assert run.code == 1
    assert "Traceback" not in run.stderr + run.stdout


def _normalised(data, root: Path):
    if isinstance(data, dict):
        return {k: _normalised(v, root) for k, v in data.items()}
    if isinstance(data, list):
        return [_normalised(v, root) for v in data]
    if isinstance(data, str):
        return data.replace(str(root) + os.sep, "ROOT/")
    return data


def test_good_files_identical_with_and_without_bad_ones(folders, runs):
    bad, good, manifest = folders
    assert runs["good"].code == 0
    with_bad = _normalised(json.loads(runs["analyze"].stdout), bad)
    alone = _normalised(json.loads(runs["good"].stdout), good)
    docs = {d["path"]: d for d in with_bad["documents"]}
    assert {d["path"] for d in alone["documents"]} == {f"ROOT/{name}" for name in SCRIPT.good_names()}
    for doc in alone["documents"]:
        assert docs[doc["path"]] == doc, doc["path"]
    good_paths = {d["path"] for d in alone["documents"]}
    among_good = [f for f in with_bad["batch_findings"] if set(f["documents"]) <= good_paths]
    assert among_good == alone["batch_findings"]


def test_json_lists_every_failure(folders, runs):
    bad, _, manifest = folders
    errors = {e["path"]: e["reason"] for e in json.loads(runs["analyze"].stdout)["errors"]}
    assert set(errors) == {str(bad / name) for name in _expected(manifest, "failed")}
    read = {d["path"] for d in json.loads(runs["analyze"].stdout)["documents"]}
    assert read == {str(bad / name) for name in _expected(manifest, "read")}
    skipped = {e["path"] for e in json.loads(runs["analyze"].stdout).get("skipped", [])}
    assert skipped == {str(bad / name) for name in _expected(manifest, "skipped")}


def test_readable_oddities_keep_their_text(folders, runs):
    bad, _, _ = folders
    docs = {d["path"]: d for d in json.loads(runs["analyze"].stdout)["documents"]}
    assert docs[str(bad / "mixed_encodings.txt")]["encoding"] == "utf-8+gb18030"
    assert docs[str(bad / "one_long_line.txt")]["paragraphs"]
    odd = docs[str(bad / "control_chars.txt")]
    assert odd["sections"] and odd["encoding"] == "utf-8"


# ── faults simulated in process ───────────────────────────────────────────────────────────────

def _small_batch(folders, tmp_path) -> Path:
    bad, _, _ = folders
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(bad / "good_street_gbk.txt", folder / "a.txt")
    shutil.copy(bad / "good_street_gbk.txt", folder / "b.txt")
    shutil.copy(bad / "empty.txt", folder / "c.txt")
    return folder


def test_file_vanishing_mid_batch(folders, tmp_path, monkeypatch, capsys):
    folder = _small_batch(folders, tmp_path)
    listed = pipeline.collect_paths

    def list_then_vanish(paths):
        files, skipped = listed(paths)
        (folder / "b.txt").unlink()  # gone after the folder was listed, before it is read
        return files, skipped

    monkeypatch.setattr(pipeline, "collect_paths", list_then_vanish)
    assert main(["analyze", str(folder), "--format", "json"]) == 1
    err = capsys.readouterr().err
    assert f"无法读取 {folder / 'b.txt'}：文件不存在" in err
    assert "共 3 个文件：已读取 1 份，读取失败 2 份，跳过 0 个。" in err


def test_unreadable_file_simulated(folders, tmp_path, monkeypatch, capsys):
    """Root reads a mode-000 file anyway; the code path is tested by refusing the open."""
    import nlp_toolkit.readers as readers

    folder = _small_batch(folders, tmp_path)
    real_open = open

    def deny(path, *args, **kwargs):
        if Path(path).name == "a.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(readers, "open", deny, raising=False)
    assert main(["check", str(folder), "--no-config"]) == 1
    err = capsys.readouterr().err
    assert f"无法读取 {folder / 'a.txt'}：无权限读取文件" in err
    assert "共 3 个文件：已读取 1 份，读取失败 2 份，跳过 0 个。" in err


def test_max_size_flag(folders, tmp_path, capsys):
    bad, _, _ = folders
    report = bad / "good_county.txt"
    size_kb = report.stat().st_size / 1024
    assert main(["analyze", str(report), "--max-size", f"{size_kb / 2 / 1024:.6f}"]) == 1
    err = capsys.readouterr().err
    assert "文本文件过大" in err and "--max-size" in err
    assert main(["analyze", str(report), "--max-size", "1"]) == 0
    assert main(["analyze", str(report)]) == 0  # the limit does not outlive the run that set it
    with pytest.raises(SystemExit) as info:
        main(["analyze", str(report), "--max-size", "0"])
    assert info.value.code == 2


# ── outputs ───────────────────────────────────────────────────────────────────────────────────

def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_output_never_over_an_input(folders, tmp_path, capsys):
    bad, _, _ = folders
    report = tmp_path / "report.txt"
    shutil.copy(bad / "good_county.txt", report)
    before = report.read_bytes()
    assert main(["analyze", str(report), "-o", str(report), "--force"]) == 2
    assert "输出文件与输入文件相同" in capsys.readouterr().err
    assert report.read_bytes() == before


def test_existing_output_needs_force(folders, tmp_path, capsys):
    bad, _, _ = folders
    out = tmp_path / "out.json"
    out.write_text("earlier results", encoding="utf-8")
    args = ["analyze", str(bad / "good_county.txt"), "-o", str(out), "--format", "json"]
    assert main(args) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "earlier results"
    assert main(args + ["--force"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["documents"]
    assert _leftovers(tmp_path) == []


def test_interrupted_write_leaves_no_partial_file(folders, tmp_path, monkeypatch):
    bad, _, _ = folders
    out = tmp_path / "out.json"
    kept = tmp_path / "kept.json"
    kept.write_text("earlier results", encoding="utf-8")
    real_write_text = Path.write_text

    def interrupted(self, data, *args, **kwargs):
        real_write_text(self, data[: len(data) // 2], *args, **kwargs)  # half of it is on disk …
        raise KeyboardInterrupt  # … when the user presses Ctrl-C

    monkeypatch.setattr(Path, "write_text", interrupted)
    for target, extra in ((out, []), (kept, ["--force"])):
        code = main(["analyze", str(bad / "good_county.txt"), "-o", str(target), "--format", "json", *extra])
        assert code == 130
    assert not out.exists()
    assert kept.read_text(encoding="utf-8") == "earlier results"
    assert _leftovers(tmp_path) == []


@pytest.fixture
def slow_folder(folders, tmp_path):
    """A few good files and copies of the 1 MB line (seconds each): long enough to be interrupted
    in the middle however fast the analysis gets."""
    bad, _, _ = folders
    folder = tmp_path / "slow"
    folder.mkdir()
    for name in ("good_county.txt", "good_leadership.docx"):
        shutil.copy(bad / name, folder / name)
    for copy in range(8):
        shutil.copy(bad / "one_long_line.txt", folder / f"one_long_line_{copy}.txt")
    return folder


def _default_sigint() -> None:
    """In the child: Ctrl-C as at a terminal, even when this run was started where it is ignored
    (a shell's background job inherits SIGINT ignored, and Python then never raises KeyboardInterrupt)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupt(folder: Path, out: Path) -> tuple[int, str]:
    proc = subprocess.Popen([*NLP_TOOLKIT, "analyze", str(folder), "-o", str(out), "--format", "json"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            preexec_fn=_default_sigint)
    time.sleep(5)  # past start-up, inside the batch
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    return proc.returncode, stderr


def test_ctrl_c_during_a_run_leaves_no_file(slow_folder, tmp_path):
    out = tmp_path / "out.json"
    code, _ = _interrupt(slow_folder, out)
    assert code != 0
    assert not out.exists()
    assert _leftovers(tmp_path) == []


def test_ctrl_c_prints_no_traceback(slow_folder, tmp_path):
    code, stderr = _interrupt(slow_folder, tmp_path / "out.json")
    assert "Traceback" not in stderr
    assert code == 130


def test_output_file_with_a_symlink_loop_among_inputs(folders, tmp_path):
    bad, _, _ = folders
    folder = tmp_path / "loops"
    folder.mkdir()
    shutil.copy(bad / "good_county.txt", folder / "good.txt")
    os.symlink("loop_b.txt", folder / "loop_a.txt")
    os.symlink("loop_a.txt", folder / "loop_b.txt")
    run = Run(_run("analyze", folder, "-o", tmp_path / "out.json", "--format", "json"))
    assert "Traceback" not in run.stderr
    assert run.code == 1
    assert len(json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["errors"]) == 2
