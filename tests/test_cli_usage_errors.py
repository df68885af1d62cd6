"""Issue 20: inputs a careless user types give a one-line usage error, never a traceback, and never
echo a password; outputs to devices and FIFOs are written into, never replaced."""
from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from nlp_toolkit.cli import EXIT_BROKEN_PIPE, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "corpora" / "demo" / "txt" / "01_county_committee_theme_education.txt"


def _usage(args, capsys) -> str:
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == EXIT_USAGE
    return capsys.readouterr().err


@pytest.mark.parametrize("args", [
    ["archive", "list", "postgresql://u:S3CRET@db.example:abc/reports"],
    ["analyze", str(REPORT), "--archive", "postgresql://u:S3CRET@db.example:abc/reports"],
    ["archive", "list", "postgresql://u:S3CRET@[::1/reports"],
])
def test_unparseable_database_url_is_a_usage_error_without_the_password(args, capsys):
    err = _usage(args, capsys)
    assert "归档连接串无法解析" in err and "S3CRET" not in err and "Traceback" not in err


@pytest.mark.parametrize("value", ["inf", "nan", "0", "-1", "abc"])
def test_max_size_and_memory_limit_bad_values(value, capsys):
    assert "大小上限" in _usage(["analyze", str(REPORT), "--max-size", value], capsys)
    if value != "inf":
        assert "内存上限" in _usage(["analyze", str(REPORT), "--memory-limit", value], capsys)


def test_export_onto_an_existing_file_is_a_usage_error(tmp_path, capsys):
    target = tmp_path / "导出.csv"
    target.write_text("keep", encoding="utf-8")
    err = _usage(["archive", "export", str(tmp_path / "a.sqlite"), str(target)], capsys)
    assert "已存在且是一个文件" in err and target.read_text(encoding="utf-8") == "keep"


def test_export_folder_that_cannot_be_made(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["archive", "export", str(tmp_path / "a.sqlite"), str(blocker / "sub")]) == EXIT_USAGE
    assert "无法创建导出文件夹" in capsys.readouterr().err


def test_reader_closing_the_pipe_is_not_a_traceback():
    proc = subprocess.Popen([sys.executable, "-m", "nlp_toolkit.cli", "rules"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    proc.stdout.read(10)
    proc.stdout.close()  # like `| head -c 10`
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=120) in (EXIT_BROKEN_PIPE, 0)  # 0 if it finished writing first
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_pipe_closed_mid_output(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    monkeypatch.setattr("nlp_toolkit.cli._rules", broken)
    monkeypatch.setattr("nlp_toolkit.cli._silence_stdout", lambda: None)
    assert main(["rules"]) == EXIT_BROKEN_PIPE


def test_output_to_a_fifo_is_written_into_not_replaced(tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    assert main(["analyze", str(REPORT), "--format", "json", "-o", str(fifo)]) == 0  # no --force needed
    reader.join(timeout=60)
    assert fifo.is_fifo() and json.loads(got[0])["documents"]


def test_full_disk_is_an_error_naming_the_output(tmp_path, monkeypatch, capsys):
    from nlp_toolkit.output import files

    def full(path, write, *, overwrite=True):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "write_atomic", full)
    target = tmp_path / "out.json"
    assert main(["analyze", str(REPORT), "--format", "json", "-o", str(target)]) == EXIT_USAGE
    assert f"输出文件写入失败（No space left on device）：{target}" in capsys.readouterr().err


def test_unreachable_dask_scheduler_is_one_line(monkeypatch, capsys):
    distributed = pytest.importorskip("distributed")

    def refuse(address, *args, **kwargs):
        raise OSError(f"Timed out trying to connect to {address} after 30 s")

    monkeypatch.setattr(distributed, "Client", refuse)
    assert main(["analyze", str(REPORT), "--scheduler", "tcp://127.0.0.1:1"]) == EXIT_USAGE
    assert "无法连接 Dask 调度器 tcp://127.0.0.1:1" in capsys.readouterr().err
