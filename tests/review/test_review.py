"""The review file: decisions made in the workbook's 处理意见 column hide exactly those findings on
the next run, also after a report is resubmitted as DOCX; bad review files and books are named."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from nlp_toolkit.cli import main
from nlp_toolkit.review.store import FILE_NAME

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo"
# NUM003 on 01, NUM001 on 03, STR001 on 05, WRD002 and CMT001 on 06
REPORTS = ("01_county_committee_theme_education", "03_soe_party_committee_theme_education",
           "05_leadership_team_inspection_material", "06_individual_cadre_inspection_material")
DISMISS = {("01_county_committee_theme_education.txt", "NUM003"), ("05_leadership_team_inspection_material.txt", "STR001")}


@pytest.fixture
def batch(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in REPORTS:
        shutil.copy(DEMO / "txt" / f"{name}.txt", folder)
    return folder


def shown(capsys, folder, *flags) -> tuple[list[tuple[str, str]], dict]:
    """(report, code) of the findings `check` lists, and its JSON (plus its stderr as "stderr")."""
    main(["check", str(folder), "--no-config", "--output-format", "json", *flags])
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    out["stderr"] = captured.err
    return sorted((Path(r["path"]).stem, r["code"]) for r in out["findings"]), out


def workbook(capsys, folder, out: Path) -> Path:
    assert main(["analyze", str(folder), "--no-config", "--excel", str(out), "-o", str(out.with_suffix(".json")),
                 "--format", "json"]) == 0
    capsys.readouterr()
    return out


def decide(book: Path, choices: dict[tuple[str, str], tuple[str, str]]) -> None:
    """Fill the 处理意见 (and 备注) cells of the rows of `choices` ((file name, code) → (status, note))."""
    wb = load_workbook(book)
    ws = wb["质量提示"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        key = (row[header.index("文件名")].value, row[header.index("规则")].value)
        if key in choices:
            row[header.index("处理意见")].value, row[header.index("备注")].value = choices.pop(key)
    assert not choices, f"rows not found: {choices}"
    wb.save(book)


def test_two_findings_dismissed_in_the_workbook_stay_hidden_also_after_a_docx_resubmission(batch, tmp_path, capsys):
    before, _ = shown(capsys, batch)
    assert len(before) == 5
    book = workbook(capsys, batch, tmp_path / "book.xlsx")
    decide(book, {key: ("误报", "核对原文无误") for key in DISMISS})
    assert main(["review", "import", str(book), str(batch), "--no-config"]) == 0
    assert "导入 2 条处理意见" in capsys.readouterr().err
    expected = sorted(k for k in before if (f"{k[0]}.txt", k[1]) not in DISMISS)
    after, out = shown(capsys, batch)
    assert after == expected and len(after) == 3
    assert sorted((Path(r["path"]).stem, r["code"], r["review"]["status"]) for r in out["dismissed"]) == sorted(
        (Path(f).stem, code, "误报") for f, code in DISMISS)
    main(["check", str(batch), "--no-config"])
    assert "另有 2 条已处理的提示未列出（误报 2" in capsys.readouterr().out
    for name in ("01_county_committee_theme_education", "05_leadership_team_inspection_material"):
        (batch / f"{name}.txt").unlink()  # resubmitted as DOCX instead of TXT
        shutil.copy(DEMO / "docx" / f"{name}.docx", batch)
    resubmitted, out = shown(capsys, batch)
    assert resubmitted == expected and len(out["dismissed"]) == 2
    everything, _ = shown(capsys, batch, "--no-review")
    assert everything == before


def test_baseline_hides_every_current_finding_and_show_dismissed_lists_them(batch, capsys):
    assert main(["review", "baseline", str(batch), "--no-config"]) == 0
    capsys.readouterr()
    assert shown(capsys, batch)[0] == []
    assert main(["check", str(batch), "--no-config"]) == 0  # nothing new: nothing fails
    assert main(["check", str(batch), "--no-config", "--show-dismissed"]) == 0
    listed = capsys.readouterr().out
    assert listed.count("[已核实") == 5 and "未列出" in listed


def test_a_malformed_review_file_is_named_and_left_alone(batch, capsys):
    review = batch / FILE_NAME
    review.write_text('[[decision]]\ncode = "NUM003"\ncode = "NUM001"\n', encoding="utf-8")  # a duplicate TOML key
    before = review.read_bytes()
    assert main(["check", str(batch), "--no-config", "--exit-zero"]) == 0
    err = capsys.readouterr().err
    assert FILE_NAME in err and "无法读取" in err
    assert main(["review", "baseline", str(batch), "--no-config"]) == 1
    assert "未写入" in capsys.readouterr().err
    assert review.read_bytes() == before


def test_duplicate_and_foreign_decisions_are_reported_and_the_run_goes_on(batch, tmp_path, capsys):
    main(["review", "baseline", str(batch), "--no-config"])
    capsys.readouterr()
    review = batch / FILE_NAME
    text = review.read_text(encoding="utf-8")
    start = text.index("\n[[decision]]") + 1
    first = text[start:text.index("\n[[decision]]", start) + 1]
    foreign = first.replace('unit = "', 'unit = "外单位').replace("document = \"", "document = \"0")
    review.write_text(text + "\n" + first.replace("已核实", "误报") + "\n" + foreign, encoding="utf-8")
    before = review.read_bytes()
    found, out = shown(capsys, batch)
    err = out["stderr"]
    assert found == [] and len(out["dismissed"]) == 5
    assert "针对同一条提示" in err and "不在本批中" in err
    assert review.read_bytes() == before


def test_books_without_the_column_or_from_another_batch_import_nothing(batch, tmp_path, capsys):
    book = workbook(capsys, batch, tmp_path / "book.xlsx")
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(DEMO / "txt" / "11_school_annual_summary.txt", other)
    decide(book, {("03_soe_party_committee_theme_education.txt", "NUM001"): ("已反馈", "")})
    assert main(["review", "import", str(book), str(other), "--no-config"]) == 1
    assert "另一批次" in capsys.readouterr().err and not (other / FILE_NAME).exists()
    wb = load_workbook(book)
    ws = wb["质量提示"]
    ws.delete_cols([c.value for c in ws[1]].index("处理意见") + 1)
    wb.save(book)
    assert main(["review", "import", str(book), str(batch), "--no-config"]) == 1
    assert "没有“处理意见”列" in capsys.readouterr().err and not (batch / FILE_NAME).exists()


def test_the_keys_are_the_same_for_the_txt_docx_and_pdf_of_one_report():
    from nlp_toolkit.batch.pipeline import analyze
    from nlp_toolkit.review.keys import decision_for, same_report

    name = "05_leadership_team_inspection_material"
    docs = [analyze(DEMO / fmt / f"{name}.{fmt}", classify=False) for fmt in ("txt", "docx", "pdf")]
    keys = [(d.unit, decision_for(d, d.findings[0], "误报").document, decision_for(d, d.findings[0], "误报").passage)
            for d in docs]
    assert len(set(keys)) == 1
    unitless = decision_for(docs[0], docs[0].findings[0], "误报")
    unitless.unit = None
    docs[1].unit = None  # a unit not recognised: the text fingerprint alone identifies the report
    assert same_report(unitless, docs[1])
    other = analyze(DEMO / "txt" / "01_county_committee_theme_education.txt", classify=False)
    other.unit = None
    assert not same_report(unitless, other)


def test_json_lines_documents_are_reviewed_before_they_are_written(batch, capsys):
    main(["review", "baseline", str(batch), "--no-config"])
    capsys.readouterr()
    assert main(["analyze", str(batch), "--no-config", "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["findings"] for r in records if r["type"] == "document"] == [[]] * len(REPORTS)
    assert len([r for r in records if r["type"] == "dismissed"]) == 5


def test_the_html_report_lists_the_decisions_and_offers_them_as_a_review_file(batch, tmp_path, capsys):
    import re
    from urllib.parse import unquote

    from nlp_toolkit.review.store import read_review

    page = tmp_path / "report.html"
    assert main(["analyze", str(batch), "--no-config", "--html", str(page), "-o", str(tmp_path / "out.json"),
                 "--format", "json"]) == 0
    assert 'id="decisions"' not in page.read_text(encoding="utf-8")  # nothing decided yet: no section
    assert main(["review", "baseline", str(batch), "--no-config"]) == 0
    assert main(["analyze", str(batch), "--no-config", "--html", str(page), "-o", str(tmp_path / "out.json"),
                 "--format", "json", "--force"]) == 0
    capsys.readouterr()
    html = page.read_text(encoding="utf-8")
    assert "共 5 条（已核实 5 条）" in html
    href = re.search(r'download="nlp-toolkit-review.toml" href="data:text/plain;charset=utf-8,([^"]*)"', html)
    exported = tmp_path / "exported.toml"
    exported.write_text(unquote(href.group(1)), encoding="utf-8")
    assert len(read_review(exported).decisions) == 5
