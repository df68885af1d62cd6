"""The flow from file or string to Document, and batches that collect errors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import nlp_toolkit
from nlp_toolkit.batch.pipeline import analyze_batch, expand_paths
from nlp_toolkit.model import Batch, Document

ANNOTATED = Path(__file__).resolve().parents[1] / "corpora" / "annotated"
# The nine reports the annotated README describes; later additions are checked by their authors.
GOLD = [ANNOTATED / f"{name}.gold.json" for name in (
    "01_township_theme_education", "02_university_theme_education", "03_city_bureau_rectification",
    "04_leadership_team_self_examination", "05_hospital_annual", "06_soe_annual", "07_street_office_annual",
    "08_county_agriculture_bureau_annual", "09_tax_bureau_annual")]
SNIPPET = "*县财政局2024年工作总结\n一、主要做法\n全年开展集中学习12次。\n二、存在的问题\n一是学习不深；二是调研不实。\n"


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="session")
def mixed_folder(tmp_path_factory, demo_txt):
    """Two readable reports (one in a subfolder), an empty file, a binary .txt, a stray .csv."""
    root = tmp_path_factory.mktemp("mixed")
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "a_report.txt").write_text(SNIPPET, encoding="utf-8")
    (root / "sub" / "deeper" / "b_report.txt").write_text(SNIPPET.replace("财政局", "审计局"), encoding="gbk")
    (root / "sub" / "empty.txt").write_bytes(b"")
    (root / "sub" / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (root / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (root / ".hidden.txt").write_text(SNIPPET, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def mixed_batch(mixed_folder) -> Batch:
    return analyze_batch([mixed_folder])


def test_analyze_a_string():
    doc = nlp_toolkit.analyze(SNIPPET)
    assert isinstance(doc, Document)
    assert doc.format == "text"
    assert doc.title == "*县财政局2024年工作总结"
    assert doc.unit == "*县财政局"
    assert [s.role for s in doc.sections] == ["achievements", "problems"]
    assert [m.surface for m in doc.metrics] == ["12次"]
    assert [p.text for p in doc.problems] == ["学习不深", "调研不实"]


def test_analyze_a_path_and_a_pathlike(demo_txt):
    path = demo_txt / "09_street_office_annual_summary.txt"
    by_str = nlp_toolkit.analyze(str(path))
    by_path = nlp_toolkit.analyze(path)
    assert by_str.path == str(path) and by_str.format == "txt"
    assert by_str.title and by_str.sections and by_str.metrics
    assert [s.heading for s in by_str.sections] == [s.heading for s in by_path.sections]
    assert by_str.text == path.read_text(encoding="utf-8").replace("\r\n", "\n")


def test_analyze_a_missing_file_raises_a_read_error(tmp_path):
    from nlp_toolkit.readers import ReadError

    with pytest.raises(ReadError):
        nlp_toolkit.analyze(tmp_path / "nowhere.txt")


def test_folders_are_walked_recursively(mixed_folder):
    names = [p.name for p in expand_paths([mixed_folder])]
    assert sorted(names) == ["a_report.txt", "b_report.txt", "binary.txt", "empty.txt"]


def test_batch_collects_errors_instead_of_raising(mixed_batch, mixed_folder):
    assert sorted(Path(d.path).name for d in mixed_batch.documents) == ["a_report.txt", "b_report.txt"]
    errors = {Path(e.path).name: e.reason for e in mixed_batch.errors}
    assert set(errors) == {"empty.txt", "binary.txt"}
    assert all(errors.values())


def test_batch_reads_each_file_in_its_own_encoding(mixed_batch):
    gbk = next(d for d in mixed_batch.documents if d.path.endswith("b_report.txt"))
    assert gbk.unit == "*县审计局"
    assert gbk.encoding and gbk.encoding.lower().replace("-", "") in ("gbk", "gb18030", "gb2312")


def test_batch_of_nothing_is_empty():
    batch = analyze_batch([])
    assert batch.documents == [] and batch.errors == [] and batch.batch_findings == []


def test_batch_with_a_missing_path_reports_it(tmp_path):
    batch = analyze_batch([tmp_path / "missing.txt"])
    assert batch.documents == []
    assert [Path(e.path).name for e in batch.errors] == ["missing.txt"]


def test_one_report_that_trips_the_analyser_does_not_stop_the_batch(tmp_path):
    (tmp_path / "good.txt").write_text(SNIPPET, encoding="utf-8")
    # a figure alone on a wrapped line (see test_metrics: it currently trips the number reader)
    (tmp_path / "odd.txt").write_text("*县委2024年工作总结\n解决群众急难愁盼问题\n15\n次。\n", encoding="utf-8")
    batch = analyze_batch([tmp_path])
    names = [Path(d.path).name for d in batch.documents]
    assert "good.txt" in names
    assert sorted(names + [Path(e.path).name for e in batch.errors]) == ["good.txt", "odd.txt"]


def test_to_dict_round_trips_through_json(theme_doc):
    data = json.loads(json.dumps(theme_doc.to_dict(), ensure_ascii=False))
    assert data["title"] == theme_doc.title
    assert len(data["sections"]) == len(theme_doc.sections)
    assert [m["surface"] for m in data["metrics"]] == [m.surface for m in theme_doc.metrics]
    assert [p["category"] for p in data["problems"]] == [p.category for p in theme_doc.problems]
    assert [c["deadline_date"] for c in data["commitments"]] == [c.deadline_date for c in theme_doc.commitments]


def _gold_cases():
    cases = []
    for gold in GOLD:
        cases.append(pytest.param(gold, id=gold.name.split(".")[0]))
    return cases


@pytest.fixture(scope="session")
def annotated_docs():
    cache = {}

    def get(gold: Path):
        if gold not in cache:
            cache[gold] = (json.loads(gold.read_text(encoding="utf-8")),
                           nlp_toolkit.analyze(gold.with_name(gold.name.replace(".gold.json", ".txt"))))
        return cache[gold]

    return get


@pytest.mark.parametrize("gold", GOLD, ids=lambda p: p.name.split(".")[0])
def test_annotated_roles_and_counts_agree_with_gold(annotated_docs, gold):
    expected, doc = annotated_docs(gold)
    roles = {squeeze(s.heading): s.role for s in doc.sections}
    for section in expected["sections"]:
        assert roles.get(squeeze(section["heading"])) == section["role"], section["heading"]
    assert len(doc.problems) == len(expected["problems"])
    assert len(doc.commitments) == len(expected["commitments"])


@pytest.mark.parametrize("gold", _gold_cases())
def test_annotated_metric_surfaces_agree_with_gold(annotated_docs, gold):
    expected, doc = annotated_docs(gold)
    assert [squeeze(m.surface) for m in doc.metrics] == [squeeze(m["surface"]) for m in expected["metrics"]]


@pytest.mark.parametrize("gold", GOLD, ids=lambda p: p.name.split(".")[0])
def test_annotated_planted_inconsistencies_found_and_passes_quiet(annotated_docs, gold):
    expected, doc = annotated_docs(gold)
    num = [squeeze(f.text) for f in doc.findings if f.code.startswith("NUM") and f.code != "NUM005"]
    for planted in expected["findings"]:
        text = squeeze(planted["text"])
        hit = any(text in f or f in text for f in num)
        if planted["kind"] == "metric_inconsistency":
            assert hit, planted["text"]
        elif planted["kind"] == "check_passes":
            assert not hit, planted["text"]
