"""The HTML page without a browser: self-contained, everything from a report escaped,
overlapping spans cut into pieces that each list every mark over them."""
from __future__ import annotations

from html.parser import HTMLParser

from nlp_toolkit.output.html import Mark, batch_html, document_html, highlight

from output_samples import SHARED, XSS


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(page: str):
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def test_page_is_self_contained(batch):
    page = batch_html(batch)
    tags = _tags(page)
    assert [t for t, _ in tags].count("script") == 1
    for tag, attrs in tags:
        for key in ("src", "href"):
            value = attrs.get(key)
            assert value is None or value.startswith(("#", "data:")), (tag, attrs)
    assert not [a for t, a in tags if t == "link" and a.get("rel") == "stylesheet"]
    assert "Content-Security-Policy" in page


def test_report_markup_is_escaped(batch):
    page = batch_html(batch)
    assert XSS not in page
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page
    assert "&lt;/b&gt;&lt;/div&gt;" in page
    assert not [a for t, a in _tags(page) if t == "img" or "onerror" in a]
    jupyter = batch.documents[2]._repr_html_()
    assert XSS not in jupyter and "&lt;img src=x onerror=" in jupyter


def test_overview_pairs_and_documents(batch):
    page = batch_html(batch)
    for part in ('id="overview"', 'id="pairs"', 'id="failures"', 'id="documents"', "各规则提示数", "问题类别",
                 "CPY001", "文件已损坏，无法读取", 'class="kind-filter"'):
        assert part in page, part
    assert page.count('<div class="side">') == 2 and SHARED in page
    assert page.count('<section class="doc"') == len(batch.documents)


def test_overlapping_marks_are_cut_at_every_boundary():
    marks = [Mark(0, 4, "metric", 5, None, "数据"), Mark(2, 6, "copied_passage", 1, "warning", "雷同<b>")]
    tokens = {"metric": "metric", "copied_passage": "k1"}
    out = highlight("ab<def", marks, tokens)
    assert out.count('class="hl"') == 3
    assert 'data-k="metric" data-top="metric" title="数据">ab</span>' in out
    assert 'data-k="k1.w metric" data-top="k1" data-sev="w" title="雷同&lt;b&gt;\n数据">&lt;d</span>' in out
    assert 'data-k="k1.w" data-top="k1" data-sev="w" title="雷同&lt;b&gt;">ef</span>' in out


def test_document_html_highlights_every_fact(batch):
    doc = batch.documents[0]
    out = document_html(doc, batch.batch_findings)
    assert out.count('class="hl"') >= len(doc.metrics)
    assert "<script" not in out
    assert doc._repr_html_().startswith('<div class="nlpt-doc">')
