"""Paragraphs re-joined from hard-wrapped lines, page numbers, and sentence offsets."""
from __future__ import annotations

import pytest


def test_hard_wrapped_lines_are_one_paragraph(pasted_doc):
    body = pasted_doc.paragraphs[1]
    assert body.text.startswith("2024年以来")
    assert body.text.endswith("办结信访事项１２３件。")
    assert body.text.count("\n") >= 3  # the source keeps its line breaks
    assert pasted_doc.text[body.start:body.end] == body.text


def test_wrapped_paragraph_reads_as_one_line_in_the_view(pasted_doc):
    view = pasted_doc.view.slice_source(pasted_doc.paragraphs[1].start, pasted_doc.paragraphs[1].end)
    assert "\n" not in view
    assert "开展主题教育" in view
    assert "推动主题教育各项工作落地见效" in view  # joined across the page number


def test_page_number_line_is_dropped_from_the_view(pasted_doc):
    assert "— 3 —" in pasted_doc.text
    assert "3 —" not in pasted_doc.view.text and "—3—" not in pasted_doc.view.text
    assert not any(p.text.strip() == "— 3 —" for p in pasted_doc.paragraphs)
    # a sentence broken by the page spans it in the source, but not in what is matched
    spanning = [s for s in pasted_doc.sentences if "— 3 —" in s.text]
    assert spanning
    assert all("—" not in pasted_doc.view.slice_source(s.start, s.end) for s in spanning)


@pytest.mark.parametrize("page_line", ["— 12 —", "- 3 -", "第3页", "3/10"])
def test_page_number_lines_never_become_paragraphs(parse_text, page_line):
    doc = parse_text(f"*局2024年工作总结\n一、主要做法\n全年开展学习。\n{page_line}\n二、存在的问题\n学习不深。\n")
    assert not any(p.text.strip() == page_line for p in doc.paragraphs)
    assert [h.text for h in doc.headings] == ["一、主要做法", "二、存在的问题"]


def test_headings_and_lines_ending_in_a_stop_stay_separate(parse_text):
    doc = parse_text("""\
*局2024年工作总结
2024年以来，我局认真贯彻落实各项决策部署，扎实推进各项工作，推动
一、主要做法
全年开展集中学习十二次，专题研讨四次，覆盖全体干部职工。
全年走访企业二十家，收集意见建议三十条，当场解决十五条问题。
""")
    texts = [p.text for p in doc.paragraphs]
    assert texts[2] == "一、主要做法"
    assert texts[1].endswith("推动")
    assert texts[3].endswith("覆盖全体干部职工。")
    assert texts[4].startswith("全年走访企业")


def test_indented_lines_start_new_paragraphs(parse_text):
    doc = parse_text("""\
*局2024年工作总结
  全年开展集中学习十二次，专题研讨四次，覆盖全体干部职工和下属单位
  全年走访企业二十家，收集意见建议三十条，当场解决十五条问题。
""")
    assert len(doc.paragraphs) == 3


def test_sentences_split_on_every_stop(parse_text):
    doc = parse_text("*局2024年工作总结\n学习不深！作风不实？有待提高；还需努力。\n")
    assert [s.text for s in doc.sentences[1:]] == ["学习不深！", "作风不实？", "有待提高；", "还需努力。"]


def test_sentences_split_before_item_markers(parse_text):
    doc = parse_text("*局2024年工作总结\n存在问题：\n在工作中，一是学习不够深入，二是作风不够扎实，三是 廉洁意识淡化。\n")
    texts = [s.text for s in doc.sentences]
    assert "在工作中，" in texts
    assert "一是学习不够深入，" in texts
    assert "二是作风不够扎实，" in texts
    assert "三是 廉洁意识淡化。" in texts


def test_closing_quote_stays_with_its_sentence(parse_text):
    doc = parse_text("*局2024年工作总结\n大家表示：“要学深悟透。”随后开展研讨。\n")
    assert [s.text for s in doc.sentences[1:]] == ["大家表示：“要学深悟透。”", "随后开展研讨。"]


@pytest.mark.parametrize("name", ["theme_doc", "annual_doc", "pasted_doc", "traditional_doc"])
def test_sentence_offsets_index_the_submitted_text(request, name):
    doc = request.getfixturevalue(name)
    assert doc.sentences
    for sentence in doc.sentences:
        assert doc.text[sentence.start:sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        para = doc.paragraphs[sentence.paragraph]
        assert para.start <= sentence.start and sentence.end <= para.end


def test_sentences_of_wrapped_text_keep_their_line_breaks(pasted_doc):
    wrapped = [s for s in pasted_doc.sentences if "\n" in s.text]
    assert wrapped  # a sentence spanning wrapped lines is one sentence
    assert any("15\n次" in s.text for s in wrapped)


_WRAPPED = ("*县医疗保障局2024年工作总结\n"
            "一、主要工作成效\n"
            "全县基本医疗保险参保人数稳步增长，困难群众参保资助全部\n"
            "落实到位，门诊慢特病待遇认定工作按时完成，异地就医直接\n"
            "结算服务不断优化，全年基金运行平稳，医保经办服务事项实\n"
            "现网上办理，群众办事更加便捷，基层医保服务站点全部建成\n"
            "投入使用，医药价格改革稳步推进，集中带量采购成效明显，\n"
            "群众就医负担进一步减轻，全县医保基金监管的智能审核系统\n"
            "也已经上线试运行，各项工作取得了较好的成效。\n"
            "二、下一步打算\n"
            "1.强化智能监管，2025年9月底前实现定点医药机构监控\n"
            "全覆盖，责任单位：基金监管股。\n"
            "2.提升经办能力\n"
            "每季度组织一次业务培训。\n")


def test_a_numbered_line_filling_the_wrap_width_runs_on(parse_text):
    doc = parse_text(_WRAPPED)
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith("1.强化智能监管") and t.endswith("基金监管股。") for t in texts)
    assert "2.提升经办能力" in texts  # a short heading still ends its paragraph


def test_short_headings_with_commas_do_not_make_a_wrap_width(parse_text):
    heads = "".join(f"（{n}）强化统筹部署，把责任压到底\n正文第{n}段。\n" for n in "一二三四五六七")
    doc = parse_text(f"*局2024年工作总结\n一、主要做法\n{heads}")
    assert "（一）强化统筹部署，把责任压到底" in [p.text for p in doc.paragraphs]
