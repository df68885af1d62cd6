"""The model's contracts: `Finding.related` holds `Related` spans (one way to name another report)."""
from __future__ import annotations

import pytest

from nlp_toolkit.model import RELATED_KEYS, Finding, MatchView
from nlp_toolkit.structure.view import build_view


def _finding(related):
    return Finding(0, 2, "CPY001", "copied_passage", "warning", "与其他单位的材料有大段文字相同", "全年",
                   documents=["a.txt", "b.txt"], related=related)


def test_a_related_span_names_the_other_report_by_path():
    f = _finding([{"path": "b.txt", "unit": "*县水利局", "start": 3, "end": 9, "text": "全年完成"}])
    assert f.related[0]["path"] == "b.txt"


@pytest.mark.parametrize("name", ["document", "doc"])
def test_other_names_for_the_report_are_refused(name):
    with pytest.raises(TypeError, match=name):
        _finding([{name: "b.txt", "start": 3, "end": 9, "text": "全年完成"}])


def test_related_keys_are_the_ones_outputs_read():
    assert {"path", "unit", "start", "end", "text"} <= RELATED_KEYS and "document" not in RELATED_KEYS


def test_the_structure_view_is_a_match_view():
    view = build_view("全年完成\n培训 12 次。")
    for name in MatchView.__annotations__:
        assert hasattr(view, name)
    for method in ("to_source", "from_source", "slice_source"):
        assert callable(getattr(view, method))
