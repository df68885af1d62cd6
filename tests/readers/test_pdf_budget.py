"""Issue 20: a small hostile PDF is refused by a budget checked while pdfminer works — before the
page tree is walked, while a stream inflates, while a page is interpreted — never after."""
from __future__ import annotations

import zlib

import pytest

from nlp_toolkit.readers import ReadError, limits, pdf_budget, read
from nlp_toolkit.readers.limits import Limits
from script_loader import load_script

HOSTILE = load_script("make_hostile_inputs")


@pytest.fixture
def made(tmp_path):
    """Build one hostile input in tmp and delete it after the test, whatever its size."""
    paths = []

    def make(builder, name, *args, **kwargs):
        path = tmp_path / name
        builder(path, *args, **kwargs)
        paths.append(path)
        return path

    yield make
    for path in paths:
        path.unlink(missing_ok=True)


def _reason(path) -> str:
    with pytest.raises(ReadError) as info:
        read(path)
    return info.value.reason


def _use(monkeypatch, **kwargs) -> None:
    monkeypatch.setattr(limits, "current", lambda mb=None: Limits(**kwargs))


def test_control_pdf_of_the_generator_reads(made):
    path = made(HOSTILE.page_tree, "small.pdf", pages=3)
    assert "Annual work report" in read(path).text


def test_xobject_bomb_is_refused_by_form_count(made, monkeypatch):
    path = made(HOSTILE.xobject_bomb, "bomb.pdf")
    assert path.stat().st_size < 4096
    counted = []
    enter = pdf_budget.Budget.enter_form

    def counting(self):
        counted.append(self.forms)
        enter(self)

    monkeypatch.setattr(pdf_budget.Budget, "enter_form", counting)
    assert "XObject 炸弹" in _reason(path)
    assert len(counted) == Limits().max_pdf_forms + 1  # stopped at the budget, not after 10^10 drawings


def test_flate_bomb_stops_inflating_at_the_stream_limit(made, monkeypatch):
    path = made(HOSTILE.flate_bomb, "flate.pdf", inflated_mb=100)
    produced = []
    charge = pdf_budget._BoundedDecompressor._charge

    def recording(self, budget, n):
        produced.append(n)
        charge(self, budget, n)

    monkeypatch.setattr(pdf_budget._BoundedDecompressor, "_charge", recording)
    _use(monkeypatch, max_size_mb=5)  # stream limit max(64 MB, 2 × 5 MB) = 64 MB
    assert "压缩炸弹" in _reason(path)
    assert sum(produced) <= Limits().max_pdf_stream_bytes + 1


def test_total_inflated_bytes_are_bounded_across_streams(monkeypatch):
    b = pdf_budget.Budget(Limits())
    with pytest.raises(pdf_budget.BudgetExceeded) as info:
        for _ in range(10):
            b.spend_inflated(Limits().max_pdf_inflated_bytes // 8)
    assert "压缩炸弹" in info.value.reason


def test_bounded_zlib_is_plain_zlib_without_a_budget():
    data = zlib.compress(b"report " * 1000)
    pdf_budget.install()
    from pdfminer import pdftypes

    assert pdftypes.zlib.decompress(data) == b"report " * 1000
    with pytest.raises(zlib.error):
        pdftypes.zlib.decompress(data[:-6])


def test_declared_page_count_is_refused_before_the_tree_is_walked(made, monkeypatch):
    path = made(HOSTILE.page_tree, "tree.pdf", pages=3000)
    walked = []
    from pdfminer.pdfpage import PDFPage

    create = PDFPage.create_pages
    monkeypatch.setattr(PDFPage, "create_pages", classmethod(lambda cls, doc: walked.append(1) or create(doc)))
    assert "PDF 页数过多（3001 页，上限 2000 页）" in _reason(path)
    assert walked == []


def test_a_tree_lying_about_its_count_stops_one_page_past_the_limit(made, monkeypatch):
    path = made(HOSTILE.page_tree, "liar.pdf", pages=400, declared=1)
    _use(monkeypatch, max_pdf_pages=100)
    made_pages = []
    page_class = pdf_budget.page_class()
    init = page_class.__init__

    def counting(self, *args, **kwargs):
        made_pages.append(1)
        init(self, *args, **kwargs)

    monkeypatch.setattr(page_class, "__init__", counting)
    assert "PDF 页数过多（超过 100 页" in _reason(path)
    assert len(made_pages) == 100


def test_vector_heavy_page_is_stopped_inside_the_page(made, monkeypatch):
    path = made(HOSTILE.vector_page, "vector.pdf", paths=20_000)
    _use(monkeypatch, max_pdf_page_operations=5_000)
    assert "第 1 页的图形和文字元素过多" in _reason(path)


def test_paths_past_the_cap_are_not_kept(made, monkeypatch):
    path = made(HOSTILE.vector_page, "lines.pdf", paths=3_000)
    _use(monkeypatch, max_pdf_paths=1_000)
    kept = []
    device = pdf_budget.device_class()
    paint = device.__mro__[1].paint_path

    def spy(self, *args, **kwargs):
        kept.append(1)
        return paint(self, *args, **kwargs)

    monkeypatch.setattr(device.__mro__[1], "paint_path", spy)
    assert "Annual work report" in read(path).text
    assert len(kept) == 1_000


def test_time_limit_fires_inside_a_page(made, monkeypatch):
    """A clock that advances one second per look: past 30 s the budget stops the page being read,
    which happens in the middle of page 1 (20,000 paintings, a look every 512)."""
    path = made(HOSTILE.vector_page, "slow.pdf", paths=20_000)
    ticks = iter(range(10**9))
    monkeypatch.setattr(pdf_budget.time, "monotonic", lambda: float(next(ticks)))
    _use(monkeypatch, pdf_seconds=30)
    assert "PDF 解析超时（读到第 1 页时超过 30 秒）" in _reason(path)


def test_private_use_text_is_a_clear_error(made):
    path = made(HOSTILE.pua_pdf, "pua.pdf")
    assert "私用区" in _reason(path)


def test_page_count_is_found_in_the_bytes_whichever_order_the_keys_are_in():
    assert pdf_budget.scanned_page_count(b"1 0 obj << /Type /Pages /Kids [3 0 R] /Count 7 >> endobj") == 7
    assert pdf_budget.scanned_page_count(b"<< /Count 300001 /Kids [3 0 R] /Type /Pages >>") == 300001
    assert pdf_budget.scanned_page_count(b"<< /Type /Outlines /Count 9000 >>") is None  # not a page tree
