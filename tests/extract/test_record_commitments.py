"""Records and tables as problems and commitments; owners an item states for all its measures."""
from __future__ import annotations

import docx

from nlp_toolkit.batch.pipeline import analyze_source
from nlp_toolkit.extract.commitments import find_owner
from nlp_toolkit.readers import read, read_text


def _analyze(text: str):
    return analyze_source(read_text(text, "t.txt"), classify=False)


def _one(doc, prefix):
    return next(c for c in doc.commitments if c.text.startswith(prefix) or c.text.find(prefix) >= 0)


LEDGER = ("*县水务局巡察整改台账\n一、问题整改台账\n"
          "1.问题表现：供水设施管护不到位。整改措施：对全县供水站开展一次拉网式排查。责任单位：农村水利股。"
          "完成时限：2025年6月底前。\n"
          "2.问题表现：执法不严。整改措施：开展采砂执法专项整治。责任单位：水政监察大队。完成时限：另行通知。\n"
          "3.问题表现：作风不实。整改措施：进一步加强作风建设，不断提升服务水平。责任单位：办公室。"
          "完成时限：2025年9月底前。\n")


def test_ledger_measure_with_a_date_is_measurable_and_another_notice_is_not():
    doc = _analyze(LEDGER)
    dated = _one(doc, "对全县供水站")
    assert dated.owner == "农村水利股" and dated.deadline == "2025年6月底前"
    assert dated.measurable
    deferred = _one(doc, "开展采砂执法专项整治")
    assert deferred.deadline == "另行通知" and not deferred.measurable
    assert doc.records[1].first("deadline").reason  # kept as text with a reason
    pledge = _one(doc, "进一步加强作风建设")
    assert pledge.owner == "办公室" and not pledge.measurable
    assert [p.text for p in doc.problems] == ["供水设施管护不到位", "执法不严", "作风不实"]


PLANS = ("*县卫健委巡察整改报告\n一、整改情况\n整改工作有序推进。\n二、下一步工作措施\n"
         "（一）深化医共体改革。一是完善绩效考核办法，2025年6月底前印发实施；二是推进县域影像中心建设，"
         "2025年10月底前投入运行，由信息科负责。以上由医政医管股牵头负责。\n"
         "（二）加强党建引领。一是开展支部标准化建设，2025年9月底前全部达标；二是每半年召开一次推进会。"
         "责任单位：委机关党委。\n")


def test_a_closing_owner_holds_for_every_measure_that_names_none():
    doc = _analyze(PLANS)
    first = _one(doc, "完善绩效考核办法")
    second = _one(doc, "推进县域影像中心建设")
    assert first.owner == "医政医管股"
    assert second.owner == "信息科"  # a measure's own owner stays its own
    assert first.deadline == "2025年6月底前" and second.deadline == "2025年10月底前"
    third, fourth = _one(doc, "开展支部标准化建设"), _one(doc, "每半年召开一次推进会")
    assert third.owner == fourth.owner == "委机关党委"
    assert third.group == fourth.group


def test_owner_clause_ending_in_an_office_word():
    assert find_owner("建立联合执法机制，水政监察大队负责，2025年7月底前完成") == "水政监察大队"
    assert find_owner("由县医保局、委监督股联合实施") == "县医保局、委监督股"
    assert find_owner("班子成员对分管领域问题整改负责") is None


def test_quoted_feedback_with_an_inner_quote():
    doc = _analyze("*区法院巡察整改情况报告\n一、整改情况\n"
                   "（一）关于巡察指出的“学习与审判工作结合不紧”的问题。院党组修订学习规则。\n"
                   "（二）针对“落实“三个规定”不到位，记录报告不及时”问题，院党组开展专项教育。\n")
    texts = [p.text for p in doc.problems]
    assert "学习与审判工作结合不紧" in texts
    assert "落实“三个规定”不到位，记录报告不及时" in texts


def test_docx_table_rows_are_problems_and_commitments(tmp_path):
    document = docx.Document()
    document.add_paragraph("*县应急局巡察整改台账")
    table = document.add_table(rows=3, cols=5)
    for r, row in enumerate([["序号", "反馈问题", "整改措施", "责任单位", "完成时限"],
                             ["1", "隐患整改跟踪不到位", "隐患整改实行闭环销号", "监管股", "2025年6月底前"],
                             ["2", "", "修订专项资金管理办法", "计财股", "另行通知"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(tmp_path / "t.docx")
    doc = analyze_source(read(tmp_path / "t.docx"), classify=False)
    assert [p.text for p in doc.problems] == ["隐患整改跟踪不到位"]
    assert [(c.text, c.owner, c.deadline, c.measurable) for c in doc.commitments] == [
        ("隐患整改实行闭环销号", "监管股", "2025年6月底前", True),
        ("修订专项资金管理办法", "计财股", "另行通知", False)]


def test_headings_stating_a_problem_with_newer_cues():
    doc = _analyze("*街道党工委检视问题整改情况报告\n"
                   "一、惠民资金使用公开不充分，群众监督渠道不畅\n整改情况：各社区同步公示资金使用情况。\n"
                   "二、网格员服务群众办法不多，回应诉求不及时\n整改情况：推行网格员每日走访制度。\n")
    texts = [p.text for p in doc.problems]
    assert "惠民资金使用公开不充分，群众监督渠道不畅" in texts
    assert "网格员服务群众办法不多，回应诉求不及时" in texts


def test_a_quote_that_never_closes_gives_no_quoted_problem():
    doc = _analyze("*区法院巡察整改情况报告\n一、整改情况\n"
                   "（一）针对“学习与审判工作结合不紧的问题，院党组修订学习规则。\n"
                   "（二）反馈指出“执行周期过长。院里开展积案清理。\n")
    assert not [p for p in doc.problems if p.text.startswith("学习与审判") or p.text.startswith("执行周期")]


TAGGED_RECORDS = ("*县市场监管局巡察反馈问题整改落实情况报告\n一、问题清单及整改情况\n"
                  "【问题1】问题表现：支部组织生活不经常，个别支部存在补记录现象。\n"
                  "整改措施：一是6月底前完成支部组织生活记录专项检查；二是建立支部书记述职制度，每季度开展1次；"
                  "三是组织支部书记集中轮训。\n责任单位：机关党委\n完成时限：2025年9月底前\n"
                  "【问题2】问题表现：农村集市抽检批次偏少。\n"
                  "整改措施：（1）7月15日前制定农村集市抽检计划；（2）增加抽检批次不少于200批次。\n"
                  "责任单位：抽检科\n完成时限：2025年12月底前\n"
                  "【问题3】问题表现：窗口服务态度生硬。\n整改措施：开展窗口服务规范培训。\n"
                  "责任单位：办公室\n完成时限：2025年6月底前\n")


def test_a_bracketed_tag_before_the_first_label_still_opens_a_record():
    doc = _analyze(TAGGED_RECORDS)
    assert [p.text for p in doc.problems] == ["支部组织生活不经常，个别支部存在补记录现象", "农村集市抽检批次偏少",
                                              "窗口服务态度生硬"]


def test_a_measure_field_that_numbers_its_measures_gives_one_commitment_each_with_its_own_deadline():
    doc = _analyze(TAGGED_RECORDS)
    got = [(c.text, c.deadline, c.owner) for c in doc.commitments]
    assert got == [
        ("6月底前完成支部组织生活记录专项检查", "6月底前", "机关党委"),
        ("建立支部书记述职制度，每季度开展1次", "每季度", "机关党委"),      # a cadence is its own term
        ("组织支部书记集中轮训", "2025年9月底前", "机关党委"),              # none of its own: the record's
        ("7月15日前制定农村集市抽检计划", "7月15日前", "抽检科"),
        ("增加抽检批次不少于200批次", "2025年12月底前", "抽检科"),
        ("开展窗口服务规范培训", "2025年6月底前", "办公室"),               # one measure: the whole field
    ]
