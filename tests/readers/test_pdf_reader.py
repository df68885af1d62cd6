"""The PDF reader: page furniture removal and paragraph re-joining."""
from __future__ import annotations

import pytest
from reportlab.pdfgen import canvas

from nlp_toolkit.readers import read
from nlp_toolkit.structure import parse
from nlp_toolkit.readers.pdf_lines import is_page_number

from reader_helpers import FIXTURE_FILES, GENERATOR

FONT = "STSong-Light"
FULL = ("这一行一直写到文本块的右边缘为止" * 3)[:37]  # 12pt from x=72: ends at 516, near 595 - 72


def _pdf(path, pages, size=12):
    """Draw `pages`: each a list of (x, y, text) lines, plus optional (x, y, text, size)."""
    GENERATOR._register_font()
    c = canvas.Canvas(str(path), invariant=1)
    for lines in pages:
        for x, y, text, *rest in lines:
            c.setFont(FONT, rest[0] if rest else size)
            c.drawString(x, y, text)
        c.showPage()
    c.save()
    return path


@pytest.fixture(scope="module")
def report_a(tmp_path_factory):
    src = FIXTURE_FILES / "report_a.txt"
    lines = src.read_text(encoding="utf-8").splitlines()
    path = tmp_path_factory.mktemp("pdf") / "report_a.pdf"
    GENERATOR.write_pdf(lines, GENERATOR.classify(lines), path)
    return read(path)


def test_generated_report_has_two_pages(report_a):
    import pdfplumber

    with pdfplumber.open(report_a.path) as pdf:
        assert len(pdf.pages) >= 2


def test_header_footer_and_page_numbers_removed(report_a):
    lines = report_a.text.split("\n")
    assert lines[0] == "关于2023年度党建工作情况的报告"  # the title stays, the header copy goes
    assert lines.count("关于2023年度党建工作情况的报告") == 1
    assert not any(line.startswith("- ") for line in lines)


def test_wrapped_lines_join_into_one_paragraph(report_a):
    lines = report_a.text.split("\n")
    source = (FIXTURE_FILES / "report_a.txt").read_text(encoding="utf-8").splitlines()
    assert lines == [s for s in source if s.strip()]


def test_paragraph_continues_across_page_break(report_a):
    paragraph = next(p for p in report_a.text.split("\n") if p.startswith("党建工作责任制"))
    assert "发挥不足。有的支部书记" in paragraph  # the page broke between 有 and 的
    assert paragraph.endswith("效果打了折扣。")


def test_real_spaces_are_kept(report_a):
    assert "完成21 条整改措施" in report_a.text


def test_other_page_number_styles_and_running_header(tmp_path):
    bodies = ["全年完成各项任务指标，群众满意度持续提升。", "存在的问题主要是学习不够深入。", "下一步将持续加强制度建设。"]
    pages = []
    for n, body in enumerate(bodies, start=1):
        pages.append([
            (72, 800, f"某某局工作简报 第{n}期", 9),
            (72, 700, body),
            (72, 680, "本页结束。"),
            (280, 60, f"第 {n} 页 共 3 页", 9),
            (500, 40, f"{n}/3", 9),
        ])
    source = read(_pdf(tmp_path / "furniture.pdf", pages))
    assert source.text.split("\n") == [line for body in bodies for line in (body, "本页结束。")]


def _block(lines, x=72, top=760, step=18):
    return [(x + dx, top - i * step, text) for i, (dx, text) in enumerate(lines)]


def test_joining_rules(tmp_path):
    full = FULL
    short = "这一行比较短。"
    lines = _block([
        (24, full[:35]),  # indented first line, ends at the right edge too
        (0, full),        # continues (not indented), also full → joins the next
        (0, short),       # continues; ends short → paragraph ends
        (0, "不缩进的新段落，"),  # previous was short: new line even though not indented
        (0, full),        # previous was short again: new line
        (24, "缩进的行开始新段落。"),  # previous was full but this one is indented: new line
        (0, full),
    ])
    text = read(_pdf(tmp_path / "join.pdf", [lines])).text
    assert text.split("\n") == [
        full[:35] + full + short,
        "不缩进的新段落，",
        full,
        "缩进的行开始新段落。",  # ends short
        full,
    ]


def test_short_unpunctuated_line_after_a_full_stop_stays_its_own_line(tmp_path):
    full_sentence = FULL[:36] + "。"  # a sentence that ends at the right edge
    lines = _block([(0, full_sentence), (0, "中共某某县委员会"), (0, "2025年6月6日"),
                    (0, full_sentence), (0, "续写到这里结束。")])
    text = read(_pdf(tmp_path / "signature.pdf", [lines])).text
    assert text.split("\n") == [full_sentence, "中共某某县委员会", "2025年6月6日",
                                 full_sentence + "续写到这里结束。"]  # a wrapped sentence still joins


def test_blank_gap_and_font_size_end_a_paragraph(tmp_path):
    full = FULL
    lines = [
        (72, 760, full), (72, 742, full),
        (72, 690, full),  # a wide vertical gap before this line
        (72, 672, full[:20], 16),  # a different font size
        (72, 650, full), (72, 632, "末行。"),
    ]
    text = read(_pdf(tmp_path / "gap.pdf", [lines])).text
    assert text.split("\n") == [full * 2, full, full[:20], full + "末行。"]


def test_latin_words_broken_by_width_get_a_space(tmp_path):
    lines = [(72, 760, FULL[:34] + "Work"), (72, 742, "plan，下一行。")]
    text = read(_pdf(tmp_path / "latin.pdf", [lines])).text
    assert text == FULL[:34] + "Work plan，下一行。"  # "plan" did not fit after "Work"


def test_gaps_without_space_characters(tmp_path):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def after(x, text, gap):
        return x + stringWidth(text, FONT, 12) + gap

    lines = [
        (72, 760, "完成"), (after(72, "完成", 3), 760, "2023"),  # Word's CJK/Latin autospace: no space
        (after(after(72, "完成", 3), "2023", 3), 760, "年任务"),
        (72, 740, "Work"), (after(72, "Work", 3), 740, "plan"),  # a word gap drawn as a gap
        (72, 720, "全面"), (after(72, "全面", 2), 720, "完成"),  # stretched CJK: no space
    ]
    text = read(_pdf(tmp_path / "gaps.pdf", [lines])).text
    assert text.split("\n") == ["完成2023年任务", "Work plan", "全面完成"]


@pytest.mark.parametrize("text", ["- 3 -", "— 12 —", "3", "第3页", "第 3 页 共 10 页", "3/10", "Page 3 of 10", "－３－"])
def test_page_number_patterns(text):
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["3个", "第3条", "一、主要成绩", "2023年", "3.5%"])
def test_not_page_numbers(text):
    assert not is_page_number(text)


def test_page_starts_in_a_three_page_report(tmp_path):
    bodies = ["第一页写的是全年工作的总体情况。", "第二页写的是存在的主要问题。", "第三页写的是下一步工作打算。"]
    pages = [[(72, 700, body), (280, 60, f"第 {n} 页 共 3 页", 9)] for n, body in enumerate(bodies, 1)]
    doc = parse(read(_pdf(tmp_path / "paged.pdf", pages)))
    assert len(doc.pages) == 3
    for n, body in enumerate(bodies, start=1):
        start = doc.text.index(body)
        assert doc.pages[n - 1] == start
        assert doc.page_at(start) == doc.page_at(start + len(body) - 1) == n


def test_page_after_an_empty_page(tmp_path):
    pages = [[(72, 700, "第一页的内容。")], [], [(72, 700, "第三页的内容。")]]
    source = read(_pdf(tmp_path / "blank.pdf", pages))
    doc = parse(source)
    assert doc.page_at(doc.text.index("第一页")) == 1
    assert doc.page_at(doc.text.index("第三页")) == 3
    assert doc.page_at(doc.text.index("第一页的内容。") + 6) == 1  # the 。 before the break


def test_page_of_a_paragraph_running_across_the_break(report_a):
    doc = parse(report_a)
    split = doc.text.index("发挥不足。有的支部书记") + len("发挥不足。有")
    assert doc.page_at(split - 1) == 1  # 有 ends page 1
    assert doc.page_at(split) == 2      # 的 starts page 2, mid-paragraph
    later = doc.text.index("效果打了折扣。")
    assert doc.page_at(later) == 2
    assert doc.page_at(0) == 1
