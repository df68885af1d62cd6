"""Ordinals and names (届/次全会, 前N名/后N名) are not read as figures."""

from nlp_toolkit.extract.numbers import find_figures


def _values(text):
    return [(f.value, f.unit) for f in find_figures(text)]


def test_plenary_session_is_not_a_count():
    assert _values("深入学习省委十三届五次全会精神，整改问题12个") == [(12.0, "个")]


def test_ranking_is_not_a_count():
    assert _values("综合考核进入全市前五名，后三名的单位约谈3个") == [(3.0, "个")]


def test_plain_count_with_ming_still_read():
    assert _values("培训干部45名") == [(45.0, "名")]
