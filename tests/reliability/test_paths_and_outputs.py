"""Issue 20, paths and outputs: no link is followed out of the folder named, an unreadable folder is
reported, outputs are checked before any analysis and never overwritten or left half-written."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nlp_toolkit.batch import pipeline
from nlp_toolkit.cli import main
from nlp_toolkit.output import files
from nlp_toolkit.readers import OLE_MAGIC

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "corpora" / "demo" / "txt"
REPORT = DEMO / "01_county_committee_theme_education.txt"


@pytest.fixture
def batch_dir(tmp_path):
    folder = tmp_path / "报送"
    folder.mkdir()
    shutil.copy(REPORT, folder / "a.txt")
    return folder


def _json_out(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_link_out_of_the_named_folder_is_skipped_not_read(batch_dir, tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密：数据库口令 hunter2\n", encoding="utf-8")
    (batch_dir / "inside.txt").symlink_to(batch_dir / "a.txt")  # a link inside the tree is fine
    (batch_dir / "passwd.txt").symlink_to(secret)
    assert main(["analyze", str(batch_dir), "--format", "json"]) == 0
    out = _json_out(capsys)
    assert "hunter2" not in json.dumps(out, ensure_ascii=False)
    skipped = {Path(s["path"]).name: s["reason"] for s in out["skipped"]}
    assert "符号链接指向所选文件夹之外的文件" in skipped["passwd.txt"] and str(secret) in skipped["passwd.txt"]
    assert "inside.txt" not in skipped


def test_a_file_named_directly_is_read_even_through_a_link(tmp_path, capsys):
    link = tmp_path / "link.txt"
    link.symlink_to(REPORT)
    assert main(["analyze", str(link), "--format", "json"]) == 0
    assert len(_json_out(capsys)["documents"]) == 1


def test_unreadable_subfolder_is_an_error(batch_dir, monkeypatch, capsys):
    """Root lists a mode-000 folder anyway; the listing is refused instead."""
    locked = batch_dir / "锁定"
    locked.mkdir()
    shutil.copy(REPORT, locked / "b.txt")
    real_scandir = os.scandir

    def scandir(path="."):  # a file descriptor (shutil.rmtree's) is passed through
        if not isinstance(path, int) and Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert main(["analyze", str(batch_dir), "--format", "json"]) == 1
    captured = capsys.readouterr()
    errors = json.loads(captured.out)["errors"]
    assert errors == [{"path": str(locked), "reason": "无权限读取文件夹，其中的文件均未分析"}]
    assert f"无法读取 {locked}：无权限读取文件夹" in captured.err


def test_unreadable_subfolder_is_an_error_line_in_json_lines(batch_dir, monkeypatch, capsys):
    locked = batch_dir / "锁定"
    locked.mkdir()
    real_scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda p=".": (_ for _ in ()).throw(PermissionError(13, "denied", str(p)))
                        if not isinstance(p, int) and Path(p) == locked else real_scandir(p))  # fds: rmtree's
    assert main(["analyze", str(batch_dir), "--format", "jsonl"]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {"type": "error", "path": str(locked), "reason": "无权限读取文件夹，其中的文件均未分析"} in lines
    assert lines[-1]["errors"] == 1


def test_folder_of_only_legacy_files_without_libreoffice_says_so(tmp_path, monkeypatch, capsys):
    from nlp_toolkit.readers import legacy

    folder = tmp_path / "旧格式"
    folder.mkdir()
    fake_doc = OLE_MAGIC + b"\0" * 600 + "WordDocument".encode("utf-16-le") + b"\0" * 2000
    for name in ("a.doc", "b.wps"):
        (folder / name).write_bytes(fake_doc)
    monkeypatch.setattr(legacy, "soffice_path", lambda: None)
    assert main(["analyze", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.count("请安装 LibreOffice") == 2
    assert "已读取 0 份，读取失败 2 份" in err


def _no_analysis(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("analysis started")

    monkeypatch.setattr(pipeline, "analyze_batch", refuse)


def test_output_into_a_missing_folder_is_refused_before_analysis(batch_dir, tmp_path, monkeypatch, capsys):
    _no_analysis(monkeypatch)
    target = tmp_path / "no such folder" / "out.json"
    assert main(["analyze", str(batch_dir), "-o", str(target)]) == 2
    assert "不存在（不会自动创建" in capsys.readouterr().err
    assert not target.parent.exists()


def test_create_dirs_makes_the_missing_folder(batch_dir, tmp_path):
    target = tmp_path / "new" / "deeper" / "out.json"
    assert main(["analyze", str(batch_dir), "--format", "json", "-o", str(target), "--create-dirs"]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["documents"]


@pytest.mark.parametrize("option", ["-o", "--html", "--excel"])
def test_output_under_a_file_is_refused_before_analysis(batch_dir, tmp_path, monkeypatch, capsys, option):
    _no_analysis(monkeypatch)
    blocker = tmp_path / "报告.txt"
    blocker.write_text("不是文件夹", encoding="utf-8")
    assert main(["analyze", str(batch_dir), option, str(blocker / "out.x"), "--create-dirs"]) == 2
    assert "是一个文件，不是文件夹" in capsys.readouterr().err


def test_output_created_during_the_run_is_not_overwritten(batch_dir, tmp_path, monkeypatch, capsys):
    target = tmp_path / "out.json"
    analyze_batch = pipeline.analyze_batch

    def meanwhile(*args, **kwargs):
        batch = analyze_batch(*args, **kwargs)
        target.write_text("someone else's file", encoding="utf-8")
        return batch

    monkeypatch.setattr(pipeline, "analyze_batch", meanwhile)
    assert main(["analyze", str(batch_dir), "--format", "json", "-o", str(target)]) == 2
    assert target.read_text(encoding="utf-8") == "someone else's file"
    kept = tmp_path / "out (1).json"
    assert json.loads(kept.read_text(encoding="utf-8"))["documents"]
    assert f"本次结果已写入 {kept}" in capsys.readouterr().err
    assert not list(tmp_path.glob(".*.part"))


def test_with_force_an_output_created_during_the_run_is_replaced(batch_dir, tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    analyze_batch = pipeline.analyze_batch

    def meanwhile(*args, **kwargs):
        batch = analyze_batch(*args, **kwargs)
        target.write_text("old", encoding="utf-8")
        return batch

    monkeypatch.setattr(pipeline, "analyze_batch", meanwhile)
    assert main(["analyze", str(batch_dir), "--format", "json", "-o", str(target), "--force"]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["documents"]


def test_interrupted_write_leaves_no_part_file(tmp_path):
    target = tmp_path / "out.json"

    def write(tmp):
        tmp.write_text("half", encoding="utf-8")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(target, write)
    assert os.listdir(tmp_path) == []


def test_part_file_of_a_killed_run_is_removed_by_the_next_write(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".out.json.{dead.pid}.k3j2h1.part"
    stale.write_text("half", encoding="utf-8")
    alive = tmp_path / f".out.json.{os.getppid()}.a1b2c3.part"  # a running writer's file is left alone
    alive.write_text("writing", encoding="utf-8")
    files.write_text_atomic(tmp_path / "out.json", "{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out.json", alive.name])


def test_sigterm_mid_run_leaves_no_part_file(tmp_path):
    folder = tmp_path / "批次"
    folder.mkdir()
    for i, src in enumerate(sorted(DEMO.glob("*.txt"))[:6] * 3):
        shutil.copy(src, folder / f"{i:02d}.txt")
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "nlp_toolkit.cli", "analyze", str(folder), "--format", "jsonl",
                             "-o", str(out)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(p.stat().st_size for p in tmp_path.glob(".out.jsonl.*.part")):
        time.sleep(0.05)  # until the first document's line is in the temporary file
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["批次"]


# A SIGTERM or Ctrl-C that lands while a C extension runs Python code through PyRun_String (Cython
# modules do while they are imported lazily) used to end the run with -2: CPython notes a bare
# KeyboardInterrupt there and kills itself with SIGINT on exit even though the CLI caught it.
_SIGTERM_INSIDE_PYRUN = """
import ctypes, sys
from nlp_toolkit import cli
cli._interrupt_on_signals()
try:
    flag = ctypes.c_int.in_dll(ctypes.pythonapi, "_Py_UnhandledKeyboardInterrupt")
except ValueError:
    sys.exit(77)
ctypes.pythonapi.PyRun_SimpleString(b"import os, signal, time\\nos.kill(os.getpid(), signal.SIGTERM)\\ntime.sleep(5)\\n")
print(flag.value)
"""


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGINT"])
def test_a_signal_inside_c_run_code_is_not_taken_for_an_uncaught_ctrl_c(signame):
    code = _SIGTERM_INSIDE_PYRUN.replace("signal.SIGTERM", f"signal.{signame}")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    if proc.returncode == 77:
        pytest.skip("this Python does not export _Py_UnhandledKeyboardInterrupt")
    assert proc.returncode == 0, proc.stderr
    assert ("Terminated" if signame == "SIGTERM" else "Interrupted") in proc.stderr
    assert proc.stdout.strip() == "0"


def test_sigterm_and_ctrl_c_are_caught_where_ctrl_c_is():
    from nlp_toolkit.cli import Interrupted, Terminated

    for raised in (Terminated, Interrupted):
        assert issubclass(raised, KeyboardInterrupt) and raised is not KeyboardInterrupt


def test_links_to_one_missing_or_outside_file_are_each_accounted_for(batch_dir, tmp_path, capsys):
    outside = tmp_path / "outside.txt"
    outside.write_text("外部文件\n", encoding="utf-8")
    for i in range(3):
        (batch_dir / f"broken{i}.txt").symlink_to("nowhere/missing.txt")
        (batch_dir / f"out{i}.txt").symlink_to(outside)
    assert main(["analyze", str(batch_dir), "--format", "json"]) == 1
    out = _json_out(capsys)
    assert sorted(Path(e["path"]).name for e in out["errors"]) == ["broken0.txt", "broken1.txt", "broken2.txt"]
    assert sorted(Path(s["path"]).name for s in out["skipped"]) == ["out0.txt", "out1.txt", "out2.txt"]
