"""scripts/make_demo_kinds.py and scripts/ocr_eval.py: the parts that need neither LibreOffice nor OCR."""
from __future__ import annotations

from pathlib import Path

from script_loader import load_script

from nlp_toolkit.readers import read

ROOT = Path(__file__).resolve().parents[2]
KINDS = load_script("make_demo_kinds")
EVAL = load_script("ocr_eval")


def test_ofd_writer_reproduces_the_demo_file_and_reads_back(tmp_path):
    stem = KINDS.CHOICE["ofd"]
    text = (ROOT / "corpora" / "demo" / "txt" / f"{stem}.txt").read_text(encoding="utf-8")
    data = KINDS.ofd_bytes(text, title=text.splitlines()[0])
    assert data == (ROOT / "corpora" / "demo" / "ofd" / f"{stem}.ofd").read_bytes()  # deterministic
    path = tmp_path / "report.ofd"
    path.write_bytes(data)
    source = read(path)
    assert source.format == "ofd" and "".join(source.text.split()) == "".join(text.split())


def test_ofd_of_a_long_report_has_several_pages(tmp_path):
    text = (ROOT / "corpora" / "demo" / "txt" / "01_county_committee_theme_education.txt").read_text(encoding="utf-8")
    path = tmp_path / "long.ofd"
    path.write_bytes(KINDS.ofd_bytes(text, title="t"))
    source = read(path)
    assert len(source.pages) >= 2 and source.pages == sorted(source.pages)


def test_edit_distance_and_f1():
    assert EVAL.edit_distance("县图书馆", "县图书馆") == 0
    assert EVAL.edit_distance("剔旧处理", "剔日处理") == 1
    assert EVAL.edit_distance("abc", "") == 3
    from collections import Counter

    assert EVAL.f1(Counter({(1.0, "个"): 2}), Counter({(1.0, "个"): 1, (3.0, "人"): 1})) == (0.5, 0.5, 0.5)
