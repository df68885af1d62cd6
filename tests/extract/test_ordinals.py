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


def test_units_of_counts_time_and_power():
    assert _values("检查点位418个次") == [(418.0, "个次")]
    assert _values("平均响应25秒以内") == [(25.0, "秒")]
    assert _values("新增装机不少于80万千瓦") == [(800000.0, "千瓦")]
