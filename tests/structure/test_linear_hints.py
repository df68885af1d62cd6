"""Structure passes stay linear in the number of layout hints (issue 20: a 200,000-row
Word table made `hint_for` look at every hint for every line). Work is counted, not timed:
each hint's `kind` is read through a counting property, and doubling the rows must
roughly double the reads."""
from __future__ import annotations

from dataclasses import dataclass

from nlp_toolkit.model import LayoutHint, Source
from nlp_toolkit.structure import parse
from nlp_toolkit.structure.headings import hint_for, line_hints
from nlp_toolkit.structure.lines import split_lines
from nlp_toolkit.structure.spanindex import SpanIndex

READS = {"kind": 0}


@dataclass
class CountingHint(LayoutHint):
    """A hint that counts how often its kind is asked."""

    def __getattribute__(self, name):
        if name == "kind":
            READS["kind"] += 1
        return super().__getattribute__(name)


def _table_source(rows: int) -> Source:
    """A report whose body is a Word table of `rows` rows plus a few numbered headings."""
    lines = ["某县2026年工作总结"] + [f"第{i}行\t走访群众{i}户\t完成" for i in range(rows)]
    text = "\n".join(lines) + "\n"
    hints, pos = [], 0
    for i, line in enumerate(lines):
        kind = "title" if i == 0 else ("numbered" if i % 50 == 1 else "table")
        hints.append(CountingHint(pos, pos + len(line), kind, 1))
        pos += len(line) + 1
    return Source(path="t.docx", format="docx", text=text, hints=hints)


def _reads(rows: int) -> int:
    source = _table_source(rows)
    READS["kind"] = 0
    parse(source)
    return READS["kind"]


def test_doubling_the_table_roughly_doubles_the_hint_reads():
    small, large = _reads(400), _reads(800)
    assert small > 0
    assert large < 2.3 * small, (small, large)


def test_hint_for_finds_the_same_hint_as_a_scan():
    source = _table_source(60)
    index = line_hints(source.hints)
    for line in split_lines(source.text):
        scanned = next((h for h in source.hints if h.kind in ("heading", "title", "numbered")
                        and h.start <= line.start < h.end + 1), None)
        assert hint_for(line, index) is scanned
        assert hint_for(line, source.hints) is scanned


def test_span_index_returns_overlaps_in_given_order_even_when_spans_nest():
    spans = [(10, 20), (0, 100), (15, 16), (30, 40), (99, 120)]
    index = SpanIndex(spans, lambda s: s)
    for lo in range(0, 125, 3):
        for hi in (lo + 1, lo + 7):
            expected = [s for s in spans if s[0] < hi and s[1] > lo]
            assert index.overlapping(lo, hi) == expected
            assert index.any_overlapping(lo, hi) == bool(expected)
