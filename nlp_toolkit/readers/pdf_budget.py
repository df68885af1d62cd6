"""Budgets for reading one PDF, checked while pdfminer works rather than after.

A small hostile PDF can make pdfminer do unbounded work before the reader ever sees a page:

- a flate bomb (a 1 MB stream inflating to gigabytes): every stream pdfminer inflates goes
  through `BoundedZlib`, which stops at `Limits.max_pdf_stream_bytes` per stream and
  `Limits.max_pdf_inflated_bytes` per document;
- an XObject bomb (forms drawing forms drawing forms, a few KB, 10⁹ drawings): `BudgetInterpreter`
  counts form invocations per page and their nesting;
- a vector-heavy page (millions of path operators): `BudgetDevice` counts what a page paints
  and keeps at most `Limits.max_pdf_paths` paths of one page;
- a page tree of 300,000 pages: `iter_pages` walks it lazily and stops one page past the limit,
  after first reading the count the catalog declares.

Every budget also checks the reader's deadline (`Limits.pdf_seconds`), so the time limit fires
inside a page, not only between pages. Exceeding a budget raises `BudgetExceeded` with the
user's reason; the PDF reader turns it into that file's `ReadError`.

pdfminer calls the module-level ``zlib`` of ``pdfminer.pdftypes``; `install` replaces it once
with `BoundedZlib`, which behaves exactly as zlib while no budget is active (`active`).
"""
from __future__ import annotations

import re
import time
from functools import cache
import zlib as _zlib
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Iterator

from nlp_toolkit.readers.limits import Limits, fmt_mb

_CHECK_EVERY = 512  # painting operations between two looks at the clock
_CHUNK = 1024 * 1024


class BudgetExceeded(Exception):
    """One of a PDF's budgets is spent; `reason` is the user's (Chinese) message."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Budget:
    """What one PDF may still spend; `page` is the page being read (1-based, 0 before pages)."""

    limits: Limits
    started: float = field(default_factory=lambda: time.monotonic())
    inflated: int = 0
    page: int = 0
    painted: int = 0
    paths: int = 0
    forms: int = 0
    depth: int = 0

    def start_page(self, number: int) -> None:
        self.page, self.painted, self.paths, self.forms, self.depth = number, 0, 0, 0, 0
        self.check_time()

    def check_time(self) -> None:
        seconds = self.limits.pdf_seconds
        if time.monotonic() - self.started > seconds:
            where = f"读到第 {self.page} 页时" if self.page else "打开文件时"
            raise BudgetExceeded(f"PDF 解析超时（{where}超过 {seconds:.0f} 秒），文件可能异常，未读取")

    def paint(self) -> None:
        self.painted += 1
        if self.painted % _CHECK_EVERY == 0:
            self.check_time()
        if self.painted > self.limits.max_pdf_page_operations:
            raise BudgetExceeded(f"PDF 第 {self.page} 页的图形和文字元素过多（超过 "
                                 f"{self.limits.max_pdf_page_operations:,} 个），文件可能异常，未读取")

    def enter_form(self) -> None:
        self.forms += 1
        self.depth += 1
        self.check_time()
        if self.depth > self.limits.max_pdf_form_depth or self.forms > self.limits.max_pdf_forms:
            raise BudgetExceeded(f"PDF 第 {self.page} 页内嵌的图形对象（XObject）层层嵌套、反复引用"
                                 f"（疑似“XObject 炸弹”），未读取")

    def leave_form(self) -> None:
        self.depth -= 1

    def spend_inflated(self, n_bytes: int) -> None:
        self.inflated += n_bytes
        total = self.limits.max_pdf_inflated_bytes
        if self.inflated > total:
            raise BudgetExceeded(f"PDF 中压缩的数据解压后过大（超过 {fmt_mb(total)}，疑似“压缩炸弹”），未读取")


_active: ContextVar[Budget | None] = ContextVar("pdf_budget", default=None)


def active() -> Budget | None:
    return _active.get()


@contextmanager
def budget(limits: Limits) -> Iterator[Budget]:
    """Make a fresh budget the one pdfminer's work is charged to, inside the block."""
    install()
    current = Budget(limits)
    token = _active.set(current)
    try:
        yield current
    finally:
        _active.reset(token)


# --- inflating streams -----------------------------------------------------------------------


class _BoundedDecompressor:
    """zlib.decompressobj that charges what it produces to the active budget."""

    def __init__(self, *args, **kwargs):
        self._inner = _zlib.decompressobj(*args, **kwargs)
        self._produced = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        b = active()
        if b is None:
            return self._inner.decompress(data, max_length)
        room = b.limits.max_pdf_stream_bytes - self._produced
        out = self._inner.decompress(data, room + 1 if max_length <= 0 else min(max_length, room + 1))
        self._charge(b, len(out))
        return out

    def flush(self, *args) -> bytes:
        out = self._inner.flush(*args)
        if (b := active()) is not None:
            self._charge(b, len(out))
        return out

    def _charge(self, b: Budget, n: int) -> None:
        self._produced += n
        b.check_time()
        if self._produced > b.limits.max_pdf_stream_bytes:
            raise BudgetExceeded(f"PDF 中有一段压缩数据解压后超过 {fmt_mb(b.limits.max_pdf_stream_bytes)}"
                                 f"（疑似“压缩炸弹”），未读取")
        b.spend_inflated(n)

    def __getattr__(self, name):
        return getattr(self._inner, name)


def bounded_decompress(data: bytes, *args, **kwargs) -> bytes:
    """zlib.decompress, stopped (BudgetExceeded) once the active budget's limits are passed."""
    if active() is None:
        return _zlib.decompress(data, *args, **kwargs)
    d = _BoundedDecompressor(*args[:1])
    parts = []
    view = memoryview(data)
    for start in range(0, len(data), _CHUNK):  # feed in slices: never more than a stream's limit at once
        parts.append(d.decompress(view[start:start + _CHUNK]))
        while d.unconsumed_tail:
            parts.append(d.decompress(d.unconsumed_tail))
    parts.append(d.flush())
    if not d.eof:
        raise _zlib.error("incomplete or truncated stream")
    return b"".join(parts)


class BoundedZlib:
    """Stands in for the zlib module inside pdfminer.pdftypes."""

    error = _zlib.error
    decompress = staticmethod(bounded_decompress)
    decompressobj = _BoundedDecompressor

    def __getattr__(self, name):
        return getattr(_zlib, name)


def install() -> None:
    """Route pdfminer's stream inflation through `BoundedZlib` (once; harmless without a budget)."""
    from pdfminer import pdftypes

    if not isinstance(pdftypes.zlib, BoundedZlib):
        pdftypes.zlib = BoundedZlib()


# --- interpreting pages ----------------------------------------------------------------------


@cache
def page_class():
    """A pdfplumber Page whose layout is interpreted within the active budget."""
    from pdfplumber.page import Page
    from pdfplumber.utils.exceptions import PdfminerException

    device, interpreter = device_class(), interpreter_class()

    class BudgetPage(Page):
        @property
        def layout(self):
            if hasattr(self, "_layout"):
                return self._layout
            dev = device(self.pdf.rsrcmgr, pageno=self.page_number, laparams=self.pdf.laparams)
            try:
                interpreter(self.pdf.rsrcmgr, dev).process_page(self.page_obj)
            except BudgetExceeded:
                raise
            except Exception as exc:
                raise PdfminerException(exc) from exc
            self._layout = dev.get_result()
            return self._layout

    return BudgetPage


@cache
def device_class():
    """pdfplumber's aggregator, charging every char and path to the budget."""
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    class BudgetDevice(PDFPageAggregatorWithMarkedContent):
        def render_char(self, *args, **kwargs):
            _charge_paint()
            return super().render_char(*args, **kwargs)

        def paint_path(self, *args, **kwargs):
            b = _charge_paint()
            if b is not None:
                b.paths += 1
                if b.paths > b.limits.max_pdf_paths:
                    return None  # past the cap a page's lines are not kept (only its text is read)
            return super().paint_path(*args, **kwargs)

        def render_image(self, *args, **kwargs):
            _charge_paint()
            return super().render_image(*args, **kwargs)

    return BudgetDevice


@cache
def interpreter_class():
    """pdfminer's page interpreter, counting form XObjects (their nesting and repetitions)."""
    from pdfminer.pdfinterp import PDFPageInterpreter

    class BudgetInterpreter(PDFPageInterpreter):
        def do_Do(self, xobjid_arg) -> None:
            b = active()
            if b is None:
                return super().do_Do(xobjid_arg)
            b.enter_form()
            try:
                return super().do_Do(xobjid_arg)
            finally:
                b.leave_form()

    return BudgetInterpreter


def _charge_paint() -> Budget | None:
    b = active()
    if b is not None:
        b.paint()
    return b


_PAGES_TYPE = re.compile(rb"/Type\s*/Pages\b")
_COUNT = re.compile(rb"/Count\s+(\d{1,12})")
_MAX_NODES_SCANNED = 10_000


def scanned_page_count(data: bytes) -> int | None:
    """The largest /Count of a page-tree node written plainly in the file's bytes, found without
    parsing (a node listing 300,000 kids takes pdfminer minutes to parse): each ``/Type /Pages``
    is looked at within its own ``<< … >>``, so the scan stays linear in the file. Nodes inside
    compressed object streams are not seen: `declared_page_count` and the lazy walk remain."""
    counts = []
    for n, match in enumerate(_PAGES_TYPE.finditer(data)):
        if n >= _MAX_NODES_SCANNED:
            break
        start = data.rfind(b"<<", 0, match.start())
        end = data.find(b">>", match.end())
        window = data[max(start, 0): end if end >= 0 else len(data)]
        counts += [int(c) for c in _COUNT.findall(window)]
    return max(counts) if counts else None


def declared_page_count(doc) -> int | None:
    """The page count the catalog's page tree declares (/Count), read without walking it."""
    from pdfminer.pdftypes import resolve1

    try:
        pages = resolve1(doc.catalog.get("Pages"))
        count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    except Exception:  # noqa: BLE001 — a damaged catalog: walk the tree instead
        return None
    return count if isinstance(count, int) else None


def iter_pages(doc, limits: Limits) -> Iterator[object]:
    """pdfminer's pages one by one, refusing a tree that declares or holds too many."""
    from pdfminer.pdfpage import PDFPage

    declared = declared_page_count(doc)
    if declared is not None and declared > limits.max_pdf_pages:
        raise BudgetExceeded(too_many_pages(declared, limits))
    for number, page in enumerate(PDFPage.create_pages(doc), start=1):
        if number > limits.max_pdf_pages:
            raise BudgetExceeded(too_many_pages(None, limits))
        if (b := active()) is not None and number % 64 == 0:
            b.check_time()
        yield page


def too_many_pages(n_pages: int | None, limits: Limits) -> str:
    counted = f"{n_pages} 页" if n_pages is not None else f"超过 {limits.max_pdf_pages} 页"
    return f"PDF 页数过多（{counted}，上限 {limits.max_pdf_pages} 页），未读取"
