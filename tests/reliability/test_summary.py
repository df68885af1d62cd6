"""The run summary accounts for every file, and a report cannot take over the user's terminal."""
from __future__ import annotations

import os
from pathlib import Path

from nlp_toolkit.batch.pipeline import analyze_batch, analyze_source, collect_paths
from nlp_toolkit.model import Batch, ReadFailure
from nlp_toolkit.output import table
from nlp_toolkit.readers import read_text

REPORT = "某县2024年工作总结\n一、主要做法\n全年培训党员干部1200人次。\n二、存在问题\n理论学习不够深入。\n"


def test_summary_counts_read_failed_skipped():
    batch = Batch(documents=[analyze_source(read_text(REPORT))],
                  errors=[ReadFailure("a.pdf", "PDF 已加密，无法读取")],
                  skipped=[ReadFailure("b.png", "不支持的文件类型（.png），已跳过")])
    out = table.render(batch)
    assert "共 3 个文件：已读取 1 份，读取失败 1 份，跳过 1 个。" in out
    assert "读取失败：a.pdf：PDF 已加密，无法读取" in out
    assert "已跳过：b.png：不支持的文件类型" in out
    assert table.file_report(batch) == [
        "nlp-toolkit: 无法读取 a.pdf：PDF 已加密，无法读取",
        "nlp-toolkit: 已跳过 b.png：不支持的文件类型（.png），已跳过",
        "nlp-toolkit: 共 3 个文件：已读取 1 份，读取失败 1 份，跳过 1 个。",
    ]


def test_clean_run_reports_nothing_on_stderr():
    assert table.file_report(Batch(documents=[analyze_source(read_text(REPORT))])) == []


def test_control_characters_are_shown_not_obeyed():
    text = "某县\x1b[2J工作总结\n一、主要\u202e做法\u200b\n全年培训党员干部1200人次。\n"
    batch = Batch(documents=[analyze_source(read_text(text, path="evil\x1b]0;title\x07.txt"))],
                  errors=[ReadFailure("bad\x1b[31m.txt", "文件为空")])
    out = table.render(batch) + "\n".join(table.file_report(batch))
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "\\x1b" in out and "<U+202E>" in out


def test_folder_listing_skips_with_reasons(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.gif").write_bytes(b"GIF89a")
    (tmp_path / "README").write_text("说明", encoding="utf-8")
    (tmp_path / "~$a.docx").write_bytes(b"lock")
    (tmp_path / ".hidden.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    os.symlink("..", tmp_path / "sub" / "up")  # a folder loop: not followed
    os.symlink("nowhere.txt", tmp_path / "gone.txt")
    files, skipped = collect_paths([tmp_path])
    assert [p.name for p in files] == ["a.txt", "gone.txt"]
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert set(reasons) == {"b.gif", "README", "~$a.docx", "up"}
    assert "不支持的文件类型（.gif）" in reasons["b.gif"] and "无扩展名" in reasons["README"]
    batch = analyze_batch([tmp_path])
    assert len(batch.documents) == 1 and len(batch.skipped) == 4
    assert [(Path(e.path).name, e.reason) for e in batch.errors] == [("gone.txt", "符号链接指向的文件不存在")]


def test_a_file_named_is_read_whatever_its_suffix(tmp_path):
    path = tmp_path / "report.md"
    path.write_text(REPORT, encoding="utf-8")
    batch = analyze_batch([path])
    assert len(batch.documents) == 1 and not batch.skipped
