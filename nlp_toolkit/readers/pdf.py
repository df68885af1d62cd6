"""PDF reader (pdfplumber): the text layer in reading order, page furniture removed,
lines re-joined into paragraphs.

Steps: (1) group each page's upright characters into lines (top to bottom, left to right);
(2) drop page numbers and running headers/footers — lines among the first/last two of a page
that look like a page number, or that recur at the same height on many pages (digits may
differ); (3) re-join: a line continues into the next one (no newline) when it was broken
only by the width of the text block — the next line's first unit (a character with any
closing punctuation after it, or a whole Latin word) would not have fitted before the right
edge — and the next line is not indented, is in the same font size and does not follow a
blank gap. This also works across a page break.

Ruled tables (pdfplumber's table finder) are read as tables: each row becomes one line of
tab-joined cells (as in the DOCX reader) with a "table" layout hint, the lines inside a cell
joined without a break; a row repeating the header of the table before it (a header printed
on every page) is read once; cells of a merge that pdfplumber gives as None are empty.
"""
from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass

from nlp_toolkit.model import Source
from nlp_toolkit.readers import limits as _limits
from nlp_toolkit.readers import pdf_budget, pdf_fonts
from nlp_toolkit.readers.base import ReadError
from nlp_toolkit.readers.limits import Limits, too_large_reason
from nlp_toolkit.readers.pdf_lines import CORRUPT_REASON, PageLine, is_latin_letter, text_layer_source
from nlp_toolkit.structure.chars import NO_LINE_START

ENCRYPTED_REASON = "PDF 已加密，无法读取"
SCANNED_REASON = "PDF 没有文本层（疑似扫描件），请先进行文字识别（OCR）"
GARBLED_REASON = "PDF 的文字无法解码（字体缺少 Unicode 映射），无法提取文字"
PRIVATE_USE_REASON = ("PDF 的字体把文字映射到了 Unicode 私用区（PUA），提取出的不是可读的文字；"
                      "请用原文档重新导出 PDF（嵌入字体）或提交 DOCX")
_PRIVATE_USE_SHARE = 0.3  # of the visible characters

_CID_RE = re.compile(r"^\(cid:\d+\)$")
_CLOSING = frozenset(NO_LINE_START)  # a pdfminer char may be a longer string
SCAN_IMAGE_SHARE = 0.5  # an image covering this share of a page makes it a scan …
SCAN_PAGE_MAX_CHARS = 20  # … when its text layer holds fewer characters than this


def read_pdf_bytes(data: bytes, path: str, *, limits: Limits | None = None) -> Source:
    """Read the bytes of a PDF into a Source; its only layout hints are "table" (one per table row).

    Bounded by `limits` (`readers/pdf_budget.py`): pages, inflated streams, what a page paints,
    form XObjects, parsing time (inside a page too) and the size of the extracted text. A PDF
    without a text layer (a scan) goes to the OCR reader (`readers.ocr`, the extra
    ``nlp-toolkit[ocr]``), which names the extra when it is absent.
    """
    limits = limits or _limits.current()
    try:
        pages, covered = _extract_pages(data, path, limits)
    except ReadError as exc:
        if exc.reason != SCANNED_REASON:
            raise
        from nlp_toolkit.readers.ocr import read_scanned_pdf

        return read_scanned_pdf(data, path, limits=limits)
    scanned = scanned_pages(pages, covered)
    if scanned:  # a mixed PDF: some pages are scans (`readers.ocr.read_mixed_pdf`)
        from nlp_toolkit.readers.ocr import read_mixed_pdf

        return read_mixed_pdf(data, path, pages, scanned, limits=limits)
    return text_layer_source(pages, path)


def scanned_pages(pages: list[list[PageLine]], covered: list[bool]) -> list[int]:
    """Indices of the pages that are scans in a PDF that has a text layer elsewhere: an image
    covers at least half of the page and its text layer holds almost nothing (a stamped page
    number at most). A blank page, or a page of text with a picture, is not one."""
    return [i for i, (lines, image) in enumerate(zip(pages, covered))
            if image and sum(len(ln.text.strip()) for ln in lines) < SCAN_PAGE_MAX_CHARS]


def _extract_pages(data: bytes, path: str, limits: Limits | None = None) -> tuple[list[list[PageLine]], list[bool]]:
    """Each page's lines (tables' rows among them), and whether an image covers the page, every
    budget of `pdf_budget` checked while pdfminer works."""
    limits = limits or _limits.current()
    try:
        with pdf_budget.budget(limits) as spent:
            raw, widths, tables, encrypted, covered = _read_chars(data, limits, spent)
    except pdf_budget.BudgetExceeded as exc:
        raise ReadError(path, exc.reason) from None
    except ReadError as exc:
        raise ReadError(path, exc.reason) from None
    except Exception as exc:
        raise ReadError(path, _open_error_reason(exc)) from None
    _readable_or_fail([r + [c for t in ts for c in t.chars] for r, ts in zip(raw, tables)], encrypted, path)
    chars = [[c for c in page if not _CID_RE.match(c["text"])] for page in raw]
    out = []
    for i, (page, width, found) in enumerate(zip(chars, widths, tables)):
        lines = group_lines(page, i, width) + [ln for t in found for ln in t.lines(i, width)]
        out.append(sorted(lines, key=lambda ln: ln.top))
    return out, covered


def _read_chars(data: bytes, limits: Limits, spent: pdf_budget.Budget):
    """Every page's characters outside tables, its width and tables, and whether the file is encrypted."""
    import pdfplumber

    scanned = pdf_budget.scanned_page_count(data)
    if scanned is not None and scanned > limits.max_pdf_pages:
        raise pdf_budget.BudgetExceeded(pdf_budget.too_many_pages(scanned, limits))
    pdf = pdfplumber.open(io.BytesIO(data))  # never pdf.pages or pdf.close(): both walk the whole page tree
    pdf.rsrcmgr = pdf_fonts.resource_manager_class()()
    encrypted = bool(getattr(pdf.doc, "encryption", None))
    page_class = pdf_budget.page_class()
    raw, widths, tables, covered, size = [], [], [], [], 0
    for number, page_obj in enumerate(pdf_budget.iter_pages(pdf.doc, limits), start=1):
        spent.start_page(number)
        page = page_class(pdf, page_obj, page_number=number)
        chars = _page_chars(page)
        found = _page_tables(page, chars)
        spent.check_time()
        tables.append(found)
        raw.append([c for c in chars if not any(_inside(c, t.bbox) for t in found)])
        widths.append(float(page.width))
        covered.append(_image_covers(page))
        page.close()
        size += sum(len(c["text"].encode("utf-8")) for c in chars)
        if size > limits.max_text_bytes:
            raise ReadError("", too_large_reason(size, limits.max_text_bytes, "PDF 中的文字"))
    return raw, widths, tables, encrypted, covered


def _image_covers(page) -> bool:
    """True when one image on the page covers at least SCAN_IMAGE_SHARE of it (a scanned page)."""
    area = float(page.width) * float(page.height)
    for image in page.images:
        width = min(image["x1"], page.width) - max(image["x0"], 0)
        height = min(image["bottom"], page.height) - max(image["top"], 0)
        if area > 0 and width > 0 and height > 0 and width * height >= SCAN_IMAGE_SHARE * area:
            return True
    return False


# -- tables -------------------------------------------------------------------------------------

@dataclass
class _Table:
    bbox: tuple[float, float, float, float]
    rows: list[list[str]]
    tops: list[tuple[float, float]]  # (top, bottom) of each row
    chars: list[dict]
    size: float

    def lines(self, page: int, page_width: float) -> list[PageLine]:
        """One line per row that has any text: the cells joined by tabs."""
        x0, _, x1, _ = self.bbox
        return [PageLine(text="\t".join(row), x0=x0, x1=x1, top=top, bottom=bottom, size=self.size,
                      page=page, page_width=page_width, trailing_space=False, first_unit=0.0, table=True)
                for row, (top, bottom) in zip(self.rows, self.tops) if any(c.strip() for c in row)]


def _page_tables(page, chars: list[dict]) -> list[_Table]:
    """The ruled tables of a page with at least two rows and two columns; none if finding fails."""
    try:
        found = page.find_tables()
    except Exception:  # a malformed drawing: read the page as text alone
        return []
    out = []
    for table in found:
        try:
            rows = table.extract()
        except Exception:
            continue
        if len(rows) < 2 or max((len(r) for r in rows), default=0) < 2:
            continue
        inside = [c for c in chars if _inside(c, table.bbox)]
        if not inside:
            continue
        tops = [(float(r.bbox[1]), float(r.bbox[3])) for r in table.rows]
        size = statistics.median(_size(c) for c in inside)
        cells = [[_cell_text(cell) for cell in row] for row in rows]
        out.append(_Table(tuple(map(float, table.bbox)), cells, tops, inside, size))
    return out


def _inside(ch: dict, bbox: tuple) -> bool:
    x0, top, x1, bottom = bbox
    mid_x, mid_y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return x0 <= mid_x <= x1 and top <= mid_y <= bottom


def _cell_text(cell: str | None) -> str:
    """A cell on one line: its lines joined (a space only between Latin letters), tabs removed."""
    if not cell:
        return ""
    parts = [p.strip() for p in re.split(r"[\n\t]+", cell) if p.strip()]
    out = parts[:1]
    for part in parts[1:]:
        glue = " " if is_latin_letter(out[-1][-1]) and is_latin_letter(part[0]) else ""
        out.append(glue + part)
    return "".join(out)


def _open_error_reason(exc: Exception) -> str:
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    name = type(inner).__name__
    if "Password" in name or "Encrypt" in name:
        return ENCRYPTED_REASON
    return CORRUPT_REASON


def _page_chars(page) -> list[dict]:
    chars = page.dedupe_chars().chars
    return [c for c in chars if c.get("upright", True) and c.get("text")]


def _readable_or_fail(raw: list[list[dict]], encrypted: bool, path: str) -> list[list[dict]]:
    total = sum(len(chars) for chars in raw)
    readable = [[c for c in chars if not _CID_RE.match(c["text"])] for chars in raw]
    visible = sum(1 for chars in readable for c in chars if not c["text"].isspace())
    if visible == 0 and total > 0:
        raise ReadError(path, ENCRYPTED_REASON if encrypted else GARBLED_REASON)
    if visible == 0:
        raise ReadError(path, SCANNED_REASON)
    private = sum(1 for chars in readable for c in chars if _is_private_use(c["text"]))
    if private > _PRIVATE_USE_SHARE * visible:
        raise ReadError(path, PRIVATE_USE_REASON)
    return readable


def _is_private_use(text: str) -> bool:
    return any(0xE000 <= ord(ch) <= 0xF8FF or ord(ch) >= 0xF0000 for ch in text)


def group_lines(chars: list[dict], page: int, page_width: float) -> list[PageLine]:
    """Cluster characters into lines by vertical position, each sorted left to right."""
    rows: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if rows and ch["top"] <= rows[-1][0]["top"] + 0.5 * _size(rows[-1][0]):
            rows[-1].append(ch)
        else:
            rows.append([ch])
    lines = [_make_line(sorted(row, key=lambda c: c["x0"]), page, page_width) for row in rows]
    return [line for line in lines if line is not None]


def _make_line(row: list[dict], page: int, page_width: float) -> PageLine | None:
    text = _row_text(row)
    visible = [c for c in row if not c["text"].isspace()]
    if not visible:
        return None
    return PageLine(
        text=text.strip(),
        x0=visible[0]["x0"],
        x1=visible[-1]["x1"],
        top=min(c["top"] for c in visible),
        bottom=max(c["bottom"] for c in visible),
        size=statistics.median(_size(c) for c in visible),
        page=page,
        page_width=page_width,
        trailing_space=row[-1]["text"].isspace(),
        first_unit=_first_unit_width(visible),
    )


def _row_text(row: list[dict]) -> str:
    """Join characters, adding a space only for a wide gap where the PDF drew none."""
    out: list[str] = []
    prev = None
    for ch in row:
        if prev is not None and not ch["text"].isspace() and not prev["text"].isspace():
            if ch["x0"] - prev["x1"] > _space_gap(prev, ch):
                out.append(" ")
        out.append(ch["text"])
        prev = ch
    return "".join(out)


def _space_gap(a: dict, b: dict) -> float:
    """The gap that reads as a space: wide between CJK characters (justification stretches
    them) and between CJK and Latin (Word adds ~1/4 em there), narrow between Latin ones."""
    cjk = _is_cjk(a["text"][-1]) + _is_cjk(b["text"][0])
    return (0.2, 0.4, 1.0)[cjk] * _size(a)


def _first_unit_width(chars: list[dict]) -> float:
    """Width of the first unbreakable unit: a Latin word, or a character with the
    closing punctuation that may not start a line."""
    end = 0
    if is_latin_letter(chars[0]["text"]):
        while end + 1 < len(chars) and is_latin_letter(chars[end + 1]["text"]):
            end += 1
    while end + 1 < len(chars) and chars[end + 1]["text"] in _CLOSING:
        end += 1
    return chars[end]["x1"] - chars[0]["x0"]


def _size(ch: dict) -> float:
    return float(ch.get("size") or (ch["bottom"] - ch["top"]) or 10.0)


def _is_cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


