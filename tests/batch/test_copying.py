"""Copy detection across reports (nlp_toolkit/batch/copying/), its rules' findings and the pairs table.

Report snippets written here are new text in the genre; the demo corpus plants one paragraph
copied between 03 and 09 and one problem list shared by 04, 12 and 13 (corpora/demo/README.md).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from nlp_toolkit.batch import copying
from nlp_toolkit.batch.pipeline import analyze_source
from nlp_toolkit.model import Batch
from nlp_toolkit.readers import read, read_text
from nlp_toolkit.rules import check_batch
from nlp_toolkit.rules.copying.CPY001 import copy_findings
from nlp_toolkit.rules.copying.CPY002 import CPY002
from nlp_toolkit.structure import parse

from script_loader import load_script

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo" / "txt"
PLANTED = ("坚持把调查研究作为打开工作局面的“金钥匙”，班子成员带头沉到一线，既到工作基础好的地方总结经验，"
           "更到矛盾集中、困难较多的地方摸清症结，做到调研前有方案、调研中有记录、调研后有清单，切实把情况摸清、"
           "把问题找准、把对策提实，防止调研走过场、搞形式。")
BOILERPLATE_PAIRS = {("04", "12"), ("04", "13"), ("12", "13")}


def find_copies(docs, **options):
    """CPY001's findings over the detector's copies, and the pairs table they make."""
    copies = copying.detect_copies(docs, **options)
    return copy_findings(copies, {d.path: d for d in docs}), copying.pair_table(copies, [], docs)


def find_formulaic_problems(docs):
    by_path = {d.path: d for d in docs}
    return [CPY002().group_finding(group, by_path) for group in copying.problem_groups(docs)]


def _num(path: str) -> str:
    return Path(path).name[:2]


@pytest.fixture(scope="module")
def demo_docs():
    return [analyze_source(read(p)) for p in sorted(DEMO.glob("*.txt"))]


@pytest.fixture(scope="module")
def demo_copies(demo_docs):
    return find_copies(demo_docs)


def test_planted_paragraph_between_03_and_09(demo_copies):
    findings, _ = demo_copies
    found = [f for f in findings if {_num(p) for p in f.documents} == {"03", "09"}]
    assert len(found) == 1
    f = found[0]
    assert f.kind == "copied_passage" and f.code == "CPY001"
    assert f.text == PLANTED and f.related[0]["text"] == PLANTED
    assert f.related[0]["path"] == f.documents[1]
    assert "占本材料的6%" in f.message and "占对方材料的6%" in f.message


def test_no_pair_of_independent_reports(demo_copies):
    """Every reported pair is a planted one: 03–09 (paragraph) and 04/12/13 (boilerplate problem list)."""
    findings, pairs = demo_copies
    reported = {tuple(sorted(_num(p) for p in f.documents)) for f in findings}
    assert reported == {("03", "09")} | BOILERPLATE_PAIRS
    assert {(_num(r["path_a"]), _num(r["path_b"])) for r in pairs} == reported
    for f in findings:
        if tuple(sorted(_num(p) for p in f.documents)) in BOILERPLATE_PAIRS:
            assert "一是理论学习不够深入系统" in f.text


def test_spans_point_at_source(demo_docs, demo_copies):
    by_path = {d.path: d for d in demo_docs}
    for f in demo_copies[0]:
        a, b = by_path[f.documents[0]], by_path[f.documents[1]]
        assert a.text[f.start:f.end] == f.text
        rel = f.related[0]
        assert b.text[rel["start"]:rel["end"]] == rel["text"]


def test_pairs_table(demo_copies):
    _, pairs = demo_copies
    row = next(r for r in pairs if {_num(r["path_a"]), _num(r["path_b"])} == {"03", "09"})
    assert row["shared_chars"] == row["shared_chars_b"] == len(PLANTED)
    assert 0.05 < row["share_a"] < 0.08 and 0.05 < row["share_b"] < 0.08
    assert row["copied_passages"] == 1


def test_formulaic_problems_on_demo(demo_docs):
    findings = find_formulaic_problems(demo_docs)
    assert [sorted(_num(p) for p in f.documents) for f in findings] == [["04", "12", "13"]]
    f = findings[0]
    assert f.kind == "formulaic_problems" and "4条问题中有4条" in f.message
    assert all(r["text"] for r in f.related)


def test_batch_rules_and_pipeline_pairs(demo_docs):
    from nlp_toolkit.batch.pipeline import analyze_batch

    batch = analyze_batch([DEMO])
    kinds = {(f.kind, tuple(sorted(_num(p) for p in f.documents))) for f in batch.batch_findings
             if f.code.startswith("CPY")}
    assert ("copied_passage", ("03", "09")) in kinds
    assert ("formulaic_problems", ("04", "12", "13")) in kinds
    rows = {(_num(r["path_a"]), _num(r["path_b"])): r for r in batch.pairs}
    assert set(rows) == {("03", "09")} | BOILERPLATE_PAIRS
    assert rows[("04", "12")]["formulaic_problems"] and not rows[("03", "09")]["formulaic_problems"]


# ── small batches written for these tests ──────────────────────────────────────────────────────

COPIED = ("围绕群众反映强烈的停车难问题，我们逐个小区摸排车位缺口，利用边角地块新建停车场3处、"
          "新增泊位420个，并推行错时共享停车，让有限的车位周转起来。")


def _report(unit: str, body: str) -> str:
    return f"{unit}2024年工作总结\n一、主要工作及成效\n{body}\n二、下一步打算\n年底前完成规划编制。\n"


def _docs(*texts: str):
    return [analyze_source(read_text(t, path=f"r{i}.txt")) for i, t in enumerate(texts)]


def test_copy_survives_changed_unit_name_and_figures():
    changed = COPIED.replace("3处", "5处").replace("420个", "1260个")
    a = _report("青石街道办事处", "青石街道全年办结民生实事26件。" + COPIED + "青石街道群众满意度达到97%。")
    b = _report("柳河街道办事处", "柳河街道完成道路微改造8条。" + changed.replace("我们", "柳河街道") + "全年未发生重大安全事故。")
    findings, pairs = find_copies(_docs(a, b))
    assert len(findings) == 1
    assert "错时共享停车" in findings[0].text and "1260" in findings[0].related[0]["text"]
    assert pairs[0]["copied_passages"] == 1


def test_shared_slogans_are_not_copies():
    slogan = ("以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大和二十届三中全会精神，"
              "坚持以人民为中心的发展思想，")
    a = _report("*县水利局", "一年来，我局" + slogan + "全年新建高标准农田灌溉渠系16公里。")
    b = _report("*县交通运输局", "2024年，全局" + slogan + "新改建农村公路94公里，完成养护工程12项。")
    findings, pairs = find_copies(_docs(a, b))
    assert findings == [] and pairs == []


def test_widely_shared_passage_is_discounted():
    shared = "按照县委统一部署，认真组织开展党纪学习教育，班子成员带头读原文、学条例、谈体会，做到学纪、知纪、明纪、守纪贯通起来。"
    own = ["全年一般公共预算收入完成12.6亿元。", "全年发放城乡低保金8600万元。", "全年办理法律援助案件416件。",
           "全年完成保障性住房建设520套。", "全年粮食播种面积稳定在45万亩。"]
    units = ["*县财政局", "*县民政局", "*县司法局", "*县住建局", "*县农业农村局"]
    docs = _docs(*[_report(u, o + shared) for u, o in zip(units, own)])
    assert find_copies(docs)[0] == []
    assert len(find_copies(docs[:2])[0]) == 1  # two of five share it: a copy


def test_api_signatures_index_and_only_involving():
    a = _report("*县林业局", "全年完成营造林2.1万亩。" + COPIED)
    b = _report("*县城管局", "全年拆除违法建设1.3万平方米。" + COPIED)
    c = _report("*县商务局", "全年社会消费品零售总额增长6.2%，新增限上企业18家，农村电商服务站覆盖率达到85%。")
    docs = _docs(a, b, c)
    passages = {d.path: copying.passage_signatures(d) for d in docs}
    p = passages["r0.txt"][0]
    assert isinstance(p.signature, bytes) and len(p.signature) == copying.NUM_PERM * 4
    assert docs[0].text[p.start:p.end] == p.text
    index = copying.build_index(passages)
    findings, _ = find_copies(docs, index=index)
    assert [f.documents for f in findings] == [["r0.txt", "r1.txt"]]
    assert find_copies(docs, index=index, only_involving={"r2.txt"})[0] == []
    assert len(find_copies(docs, index=index, only_involving={"r1.txt"})[0]) == 1


def test_rules_run_in_check_batch():
    a = _report("*县林业局", "全年完成营造林2.1万亩。" + COPIED)
    b = _report("*县城管局", "全年拆除违法建设1.3万平方米。" + COPIED)
    findings = check_batch(Batch(documents=_docs(a, b)), codes=["CPY"])
    assert [f.code for f in findings] == ["CPY001"]


# ── performance sanity ─────────────────────────────────────────────────────────────────────────

def test_planted_copies_found_in_200_rewritten_reports():
    """The benchmark's batch (scripts/make_synthetic_batch.py --copying): every planted copy is
    found, and nothing else but pairs rewritten from the same demo report."""
    synthetic = load_script("make_synthetic_batch")
    texts, planted = synthetic.rewritten_batch(200, seed=1, planted=10)
    templates = len(list(DEMO.glob("*.txt")))
    docs = [parse(read_text(t, path=f"s{i:04d}.txt")) for i, t in enumerate(texts)]
    findings, pairs = find_copies(docs)
    found = {tuple(sorted(int(re.sub(r"\D", "", p)) for p in f.documents)) for f in findings}
    assert len(planted) >= 8 and planted <= found
    assert all(a % templates == b % templates for a, b in found - planted), found - planted


def test_pairs_table_lists_pairs_of_small_formulaic_groups_only():
    from nlp_toolkit.model import Document

    docs = [Document(f"d{i:02d}.txt", "txt", "utf-8", "同样的问题清单。") for i in range(copying.PAIRS_GROUP_MAX + 2)]

    def group(members):
        return copying.ProblemGroup([d.path for d in members], {d.path: {0} for d in members})

    small = copying.pair_table([], [group(docs[:3])], docs)
    assert [(r["path_a"], r["path_b"]) for r in small] == [("d00.txt", "d01.txt"), ("d00.txt", "d02.txt"),
                                                          ("d01.txt", "d02.txt")]
    assert copying.pair_table([], [group(docs)], docs) == []  # the group is its finding, not 91 rows


# ── the genre's standard opening and closing ──────────────────────────────────────────────────

def _fixture_docs(case: str):
    import yaml

    cases = yaml.safe_load((Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "CPY001.yml").read_text("utf-8"))
    docs = cases[case].get("pass_docs") or cases[case]["fail_docs"]
    return [analyze_source(read_text(text, path=name)) for name, text in docs.items()]


def test_standard_opening_and_closing_of_two_units_is_not_a_copy():
    docs = _fixture_docs("standard_inspection_opening_and_closing")
    assert copying.detect_copies(docs, standard_wording=False)  # the same text is there…
    copies = copying.detect_copies(docs)
    assert copies == [] and find_copies(docs)[0] == []  # …but at the same place of two units' reports


def test_a_copy_beyond_the_standard_opening_says_what_it_did_not_count():
    docs = _fixture_docs("standard_opening_but_copied_body")
    findings, _ = find_copies(docs)
    assert len(findings) == 1 and "对账销号" in findings[0].text
    assert "开头或结尾处相同的本类材料通用表述，未计为抄用" in findings[0].message
    copy = copying.detect_copies(docs)[0]
    assert copy.standard > 50 and copy.content >= copying.MIN_CHARS


def test_the_same_unit_twice_gets_no_standard_discount():
    a, b = _fixture_docs("standard_inspection_opening_and_closing")
    b.unit = a.unit
    assert copying.detect_copies([a, b])
