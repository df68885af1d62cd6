"""A file reached twice (named twice, a folder and its subfolder, a link to it) is analysed once."""
from __future__ import annotations

import json
import os
from pathlib import Path

from nlp_toolkit.batch.pipeline import analyze_batch, collect_paths
from nlp_toolkit.cli import main

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo" / "txt"


def _tree(tmp_path: Path) -> Path:
    sub = tmp_path / "root" / "sub"
    sub.mkdir(parents=True)
    reports = sorted(DEMO.glob("*.txt"))
    (tmp_path / "root" / "a.txt").write_text(reports[0].read_text(encoding="utf-8"), encoding="utf-8")
    (sub / "b.txt").write_text(reports[1].read_text(encoding="utf-8"), encoding="utf-8")
    (sub / "x.csv").write_text("a,b\n", encoding="utf-8")
    return tmp_path / "root"


def test_folder_and_its_subfolder_list_each_file_once(tmp_path):
    root = _tree(tmp_path)
    files, skipped = collect_paths([root, root / "sub", root / "a.txt", str(root / "sub" / ".." / "a.txt")])
    assert [p.name for p in files] == ["a.txt", "b.txt"]
    assert [Path(f.path).name for f in skipped] == ["x.csv"]


def test_link_to_a_file_already_listed_is_listed_once(tmp_path):
    root = _tree(tmp_path)
    os.symlink(root / "a.txt", tmp_path / "alias.txt")
    files, _ = collect_paths([root / "a.txt", tmp_path / "alias.txt"])
    assert files == [root / "a.txt"]


def test_batch_of_the_same_file_twice_keeps_one_result(tmp_path):
    root = _tree(tmp_path)
    batch = analyze_batch([root / "a.txt", root / "a.txt", root, root / "sub"])
    assert sorted(Path(d.path).name for d in batch.documents) == ["a.txt", "b.txt"]


def test_cli_folder_and_subfolder_does_not_lose_the_batch(tmp_path, capsys):
    root = _tree(tmp_path)
    out = tmp_path / "out.json"
    rc = main(["analyze", str(root), str(root / "sub"), "--format", "json", "-o", str(out)])
    assert rc in (0, 1)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "Traceback" not in capsys.readouterr().err
    assert "b.txt" in json.dumps(data, ensure_ascii=False)
