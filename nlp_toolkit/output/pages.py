"""How a page was read, as the Excel and HTML writers show it beside a page number.

A page of a scanned PDF, a photo or the scanned pages of a mixed PDF were read by OCR
(`Document.ocr_pages`; a scan or photo that lists none was recognised whole); the scanned pages
of a mixed PDF read without the OCR extra were not read at all (`Document.unread_pages`).

    page_cell(doc, offset)   # 3, "第3页（OCR）", "图片（OCR）" or None: an Excel 页码 cell
    page_label(doc, page)    # "第 3 页", "第 3 页（OCR）", "第 2 页（扫描页，未读取）": a page marker
    ocr_note(doc), unread_note(doc)   # "第1—2页" / "第2、5页（扫描页，未安装文字识别组件，未读取）"
"""
from __future__ import annotations

from nlp_toolkit.model import Document

OCR_MARK = "（OCR）"
UNREAD_MARK = "（扫描页，未读取）"


def is_ocr_page(doc: Document, page: int | None) -> bool:
    """Whether the text of `page` (None: a document without pages) was recognised from its image."""
    if not doc.ocr:
        return False
    if doc.ocr_pages:
        return page in doc.ocr_pages
    return True  # a scan or photo recognised whole


def page_cell(doc: Document, offset: int):
    """The 页码 of a span starting at `offset`: the page number, marked when OCR read it."""
    page = doc.page_at(offset)
    if not is_ocr_page(doc, page):
        return page
    return f"第{page}页{OCR_MARK}" if page is not None else f"图片{OCR_MARK}"


def page_label(doc: Document, page: int) -> str:
    """The marker shown where page `page` begins in the text."""
    if page in doc.unread_pages:
        return f"第 {page} 页{UNREAD_MARK}"
    return f"第 {page} 页" + (OCR_MARK if is_ocr_page(doc, page) else "")


def _runs(pages: list[int]) -> str:
    """`[1, 2, 3, 5]` → "1—3、5"."""
    runs: list[list[int]] = []
    for page in sorted(set(pages)):
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return "、".join(f"{r[0]}—{r[-1]}" if len(r) > 2 else "、".join(map(str, r)) for r in runs)


def ocr_note(doc: Document) -> str | None:
    """Which pages OCR read: "第1—2页", "全部（图片）", or None when none were."""
    if not doc.ocr:
        return None
    if doc.ocr_pages:
        return f"第{_runs(doc.ocr_pages)}页"
    return f"第{_runs(range(1, len(doc.pages) + 1))}页" if doc.pages else "全部（图片）"


def unread_note(doc: Document) -> str | None:
    """Which scanned pages were left unread (no OCR extra), or None."""
    if not doc.unread_pages:
        return None
    return f"第{_runs(doc.unread_pages)}页（扫描页，未安装文字识别组件，未读取）"
