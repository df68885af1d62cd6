"""A Traditional-character ledger and its Simplified version give the same records, problems and categories."""
from __future__ import annotations

from pathlib import Path

import pytest

from nlp_toolkit.batch.pipeline import analyze_source
from nlp_toolkit.readers import read_text
from nlp_toolkit.structure.view import to_simplified

DEV = Path(__file__).resolve().parents[2] / "corpora" / "annotated_layouts"


@pytest.mark.parametrize("name", ["06_county_forestry_traditional_list.txt"])
def test_traditional_and_simplified_agree(name):
    traditional = (DEV / name).read_text(encoding="utf-8")
    simplified = to_simplified(traditional)
    assert simplified != traditional
    a = analyze_source(read_text(traditional, name))
    b = analyze_source(read_text(simplified, name))
    assert [to_simplified(p.text) for p in a.problems] == [p.text for p in b.problems]
    assert [p.category for p in a.problems] == [p.category for p in b.problems]
    assert len(a.problems) == 4
    assert [(c.owner and to_simplified(c.owner), c.measurable) for c in a.commitments] == \
        [(c.owner, c.measurable) for c in b.commitments]
