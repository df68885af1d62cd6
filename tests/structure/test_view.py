"""The matching view: repairs for matching, with every span mapped back to the source."""
from __future__ import annotations

import pytest

from nlp_toolkit.structure.view import build_view

SPACED = "*局2025年工作总结\n全年制定制度21 条，计划于2025 年底前完成，做到第 一时间响应，办结１２３件，完成率９８．５％。\n"


@pytest.fixture(scope="module")
def spaced(parse_text):
    return parse_text(SPACED)


@pytest.mark.parametrize("repaired, submitted", [
    ("21条", "21 条"),
    ("于2025年底", "于2025 年底"),
    ("第一时间", "第 一时间"),
    ("123件", "１２３件"),
    ("98.5%", "９８．５％"),
])
def test_view_repairs_and_maps_back(spaced, repaired, submitted):
    view = spaced.view
    at = view.text.find(repaired)
    assert at >= 0
    start, end = view.to_source(at, at + len(repaired))
    assert spaced.text[start:end] == submitted


def test_the_document_text_is_never_repaired(spaced):
    assert spaced.text == SPACED
    assert "21 条" in spaced.text and "１２３" in spaced.text


def test_every_view_character_maps_to_a_source_character():
    view = build_view(SPACED)
    assert len(view.offsets) == len(view.text)
    assert view.offsets == sorted(view.offsets)
    for ch, pos in zip(view.text, view.offsets):
        source = SPACED[pos]
        assert ch == source or (source in "１２３９８．５％" and ch in "12398.5%")


def test_spaces_between_latin_words_are_kept():
    assert build_view("PDF file 2024").text == "PDF file 2024"


def test_full_width_punctuation_the_parser_relies_on_is_kept():
    assert build_view("一、做法：好。“是”").text == "一、做法：好。“是”"


def test_traditional_is_simplified_in_the_view_only():
    view = build_view("問題產生的原因")
    assert view.text == "问题产生的原因"
    assert view.offsets == list(range(7))


def test_from_source_and_slice_source(spaced):
    view = spaced.view
    start = spaced.text.index("21 条")
    assert view.slice_source(start, start + len("21 条")) == "21条"
    assert view.text[view.from_source(start)] == "2"


def test_joined_line_breaks_disappear_from_the_view(pasted_doc):
    start = pasted_doc.text.index("15\n次")
    assert pasted_doc.view.slice_source(start, start + 4) == "15次"


MIXED = "　　一、問題產生的原因\n二、乾隆年间的覆盖率达到98%\n\n  後來發現 \n三、整改落实情况\t\n"


def test_simplified_as_opencc_converts_the_whole_text():
    from nlp_toolkit.structure.view import _t2s, to_simplified

    assert to_simplified(MIXED) == _t2s().convert(MIXED)
    for line in MIXED.split("\n"):
        assert to_simplified(line) == _t2s().convert(line)


def test_simplified_without_opencc_tables_converts_every_line(monkeypatch):
    from nlp_toolkit.structure import view

    expected = view.to_simplified(MIXED)
    monkeypatch.setattr(view, "_traditional_marks", lambda: None)
    assert view.to_simplified(MIXED) == expected


def test_a_phrase_t2s_changes_is_converted_though_none_of_its_characters_is():
    from nlp_toolkit.structure.view import _t2s, to_simplified

    for text in ("已按要求函覆上级", "反覆强调，覆盖全体党员", "一目瞭然", "乡镇覆盖率达到98%"):
        assert to_simplified(text) == _t2s().convert(text)
    assert to_simplified("反覆强调") == "反复强调"


def test_a_line_t2s_leaves_as_it_is_is_not_converted(monkeypatch):
    from nlp_toolkit.structure import view

    def fail(line):
        raise AssertionError(f"converted: {line}")

    monkeypatch.setattr(view, "_convert_stripped", fail)
    assert view.to_simplified("实现全覆盖，覆盖率达到100%\n没有繁体字") == "实现全覆盖，覆盖率达到100%\n没有繁体字"
