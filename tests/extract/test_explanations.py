"""Every fact carries an Explanation naming what produced it (the recognizer), what it matched,
its scores and a Chinese line; the JSON writes it, the archive reads it back, the frames show it."""
from __future__ import annotations

import re

import pytest

import nlp_toolkit
from nlp_toolkit.model import Explanation
from nlp_toolkit.output.json import document_dict

# Written for this test: a rectification report with a quoted feedback problem, a pledge in the
# account of the work, a grouped problem, a ledger line and a plans item.
REPORT = """\
*县民政局关于巡察反馈问题整改落实情况的报告
一、整改工作开展情况
针对“政策宣传不到位”的问题，我们组织干部进村入户宣讲政策，发放宣传资料3200份。
下一步，将在2025年底前完成全部低保档案复核，由社会救助股负责。
二、存在的问题
（一）理论学习方面。学习不够深入，学用结合不紧。
问题表现：部分困难群众救助审核不及时。整改措施：建立救助审核限时办结制度。责任单位：社会救助股。完成时限：2025年6月底前。
三、下一步打算
1.持续加强作风建设，2025年9月底前开展一次专项督查，由局办公室牵头。
2.进一步提高思想认识，不断改进工作作风。
"""
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def doc():
    return nlp_toolkit.analyze(REPORT)


@pytest.fixture(scope="module")
def unclassified():
    return nlp_toolkit.analyze(REPORT, classify=False)


def _explained(fact) -> Explanation:
    e = fact.explanation
    assert isinstance(e, Explanation), fact
    assert e.recognizer and _CHINESE.search(e.text), e
    return e


def _find(facts, text):
    return next(f for f in facts if text in f.text)


def test_every_fact_of_every_kind_is_explained(doc):
    kinds = {"metrics": doc.metrics, "problems": doc.problems, "commitments": doc.commitments,
             "statements": doc.statements, "findings": doc.findings}
    for kind, facts in kinds.items():
        assert facts, kind
        for fact in facts:
            _explained(fact)


def test_a_metric_names_the_unit_entry_and_how_its_subject_was_read(doc):
    metric = next(m for m in doc.metrics if m.surface.startswith("3200"))
    e = _explained(metric)
    assert (e.recognizer, e.pattern_name, e.pattern) == ("metrics", "units.yml", "份")
    assert e.score == metric.score
    assert "3200" in e.text and metric.subject in e.text and metric.reason in e.text


def test_a_grouped_problem_gives_the_models_score_before_and_after_its_heading(doc):
    problem = _find(doc.problems, "学习不够深入")
    e = _explained(problem)
    assert e.recognizer == "problem_classifier" and e.pattern_name == "problems_section"
    assert e.score == problem.confidence and problem.category in e.text
    assert e.original_score < e.score, "the heading 理论学习方面 weighs the category in"
    assert "理论学习方面" in e.text


def test_problems_name_where_they_were_read(doc, unclassified):
    ledger, quoted = _find(doc.problems, "救助审核不及时"), _find(doc.problems, "政策宣传不到位")
    assert (ledger.explanation.pattern_name, ledger.explanation.pattern) == ("record_labels.yml", "问题表现")
    assert "问题表现" in ledger.explanation.text
    assert quoted.explanation.pattern_name == "feedback_quotes.yml"
    bare = _explained(_find(unclassified.problems, "学习不够深入"))
    assert bare.recognizer == "problems" and bare.score is None and "分类模型" not in bare.text


def test_commitments_name_their_origin_and_what_they_state(doc):
    ledger = _explained(_find(doc.commitments, "限时办结"))
    assert (ledger.recognizer, ledger.pattern_name, ledger.pattern) == ("commitments", "record_labels.yml", "整改措施")
    assert "社会救助股" in ledger.text and "2025年6月底前" in ledger.text
    pledge = _explained(_find(doc.commitments, "低保档案复核"))
    assert pledge.pattern_name == "future_cue"
    plan = _explained(_find(doc.commitments, "专项督查"))
    assert (plan.pattern_name, plan.pattern) == ("plans_item", "1.") and "局办公室" in plan.text
    vague = _explained(_find(doc.commitments, "提高思想认识"))
    assert "未写明" in vague.text


def test_statements_name_who_decided_their_role(doc, unclassified):
    field = _find(doc.statements, "限时办结")
    assert (field.explanation.recognizer, field.explanation.pattern) == ("statements.layout", "整改措施")
    modelled = next(s for s in doc.statements if s.decided_by == "model")
    e = _explained(modelled)
    assert e.recognizer == "statement_classifier" and e.original_score == modelled.score
    by_section = next(s for s in unclassified.statements if s.decided_by == "section")
    assert _explained(by_section).recognizer == "statements.section"


def test_the_json_adds_an_explanation_object_to_each_fact(doc):
    out = document_dict(doc)
    for key in ("metrics", "problems", "commitments", "findings", "statements"):
        for fact in out[key]:
            assert set(fact["explanation"]) == {"recognizer", "pattern_name", "pattern", "original_score", "score",
                                                "text"}, key


def test_the_archive_reads_explanations_back(doc):
    from nlp_toolkit.archive.codec import encode_analysis, rebuild_document

    row = {"analysis": encode_analysis(doc), "text": doc.text, "path": doc.path, "format": doc.format,
           "encoding": doc.encoding, "title": doc.title, "unit": doc.unit, "year": doc.year}
    back = rebuild_document(row)
    assert [m.explanation for m in back.metrics] == [m.explanation for m in doc.metrics]
    assert [f.explanation for f in back.findings] == [f.explanation for f in doc.findings]


def test_frames_give_the_explanation_and_its_basis(doc):
    pytest.importorskip("pandas")
    frame = doc.problems_frame(english=True)
    assert list(frame["explanation"]) == [p.explanation.text for p in doc.problems]
    assert frame["basis"].str.contains("问题分类模型").all()
    assert "依据" in doc.commitments_frame().columns and "依据" in doc.findings_frame().columns
