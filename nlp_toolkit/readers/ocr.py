"""OCR reader (the optional extra ``nlp-toolkit[ocr]``): scanned PDFs and JPG/PNG/BMP/TIFF images of pages
(a multi-page TIFF read as pages).

Pages are rendered with pypdfium2 (a PDF page at `RENDER_DPI`) or decoded with Pillow (an
image, refused from the size its header states (`readers/images.py`) before anything is decoded), then read by
RapidOCR: the PP-OCR detection, direction and recognition models that ship inside the
rapidocr-onnxruntime wheel, run offline on the CPU (a page lying on its side or upside down is
turned upright first, `_recognise`). The recognised lines are re-joined into
paragraphs the way the PDF reader joins a text layer (a line broken only by the width of the
text block runs on; an indented line or a gap starts a paragraph; page numbers and running
headers are dropped), and half-width punctuation the engine puts between Chinese characters is
made full-width (`resources/ocr_punctuation.tsv`).

The Source has ``ocr=True`` and one `OcrLine` per kept line: its span in the text, its page,
its box in pixels and the engine's confidence. A scan is bounded in pages, in pixels per page
and in time (`Limits.ocr_seconds`, checked between pages: a share of the per-file
``--time-limit``, none when that is none).
"""
from __future__ import annotations

import importlib.util
import io
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from nlp_toolkit.model import OcrLine, Source
from nlp_toolkit.readers.base import ReadError
from nlp_toolkit.readers.images import INSTALL_HINT, header_size, image_kind, mixed_missing_reason, page_sizes  # noqa: F401 (the reader's API)
from nlp_toolkit.readers.limits import Limits
from nlp_toolkit.readers.pdf_lines import (CORRUPT_REASON, GAP_FACTOR, PageLine, block_edges, glue, is_latin_letter,
                                           drop_repeated_headers, join_page_lines, line_pitch, page_starts, remove_furniture,
                                           text_layer_source)
from nlp_toolkit.structure.chars import INK_LEFT, OCR_PARAGRAPH_END
from nlp_toolkit.resources import compiled, lines

RENDER_DPI = 200
MIN_CONFIDENCE = 0.5  # a line the engine read at a lower score is dropped (RapidOCR's own default)
MIN_CHARS = 4  # fewer recognised characters than this on the whole scan: nothing recognisable
SCAN_MISSING_REASON = f"PDF 没有文本层（疑似扫描件），需要文字识别（OCR）才能读取：{INSTALL_HINT}"
IMAGE_MISSING_REASON = f"这是图片（扫描件或照片），需要文字识别（OCR）才能读取：{INSTALL_HINT}"
SCAN_NO_TEXT_REASON = "PDF 没有文本层（疑似扫描件），文字识别（OCR）也未识别出文字（页面可能空白或过于模糊）"
IMAGE_NO_TEXT_REASON = "图片中未识别出文字（可能是空白页、照片过于模糊或不是文字材料）"
IMAGE_CORRUPT_REASON = "图片文件已损坏，无法打开"


@dataclass
class _Row(PageLine):
    """A recognised line, in the PDF reader's line shape plus what the engine said of it."""

    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    confidence: float = 0.0


def available() -> bool:
    """True when the OCR extra (rapidocr-onnxruntime, pypdfium2, Pillow) is installed."""
    return all(importlib.util.find_spec(name) is not None
               for name in ("rapidocr_onnxruntime", "pypdfium2", "PIL", "numpy"))


def too_many_pixels_reason(width: int, height: int, limits: Limits, what: str = "图片") -> str:
    return (f"{what}尺寸过大（{width}×{height} 像素，上限 {limits.max_image_pixels // 10000} 万像素），"
            "未读取；请缩小分辨率后重新提交")


_RECENT: dict[tuple, Source] = {}  # (sha256 of the bytes, path, limits) → Source: the same file OCR'd once per process
_RECENT_SIZE = 8


def _remembered(read_fn):
    """Keep the last few results, so a file read twice in one process (a test session, a batch
    that names it twice) is recognised once; a copy is returned each time."""
    import copy
    import functools
    import hashlib

    @functools.wraps(read_fn)
    def wrapper(data: bytes, path: str, *, limits: Limits) -> Source:
        key = (hashlib.sha256(data).hexdigest(), path, limits)
        if key not in _RECENT:
            source = read_fn(data, path, limits=limits)
            if len(_RECENT) >= _RECENT_SIZE:
                _RECENT.pop(next(iter(_RECENT)))
            _RECENT[key] = source
        return copy.deepcopy(_RECENT[key])
    return wrapper


@_remembered
def read_image_bytes(data: bytes, path: str, *, limits: Limits) -> Source:
    """Recognise the text of a page image: a JPG, PNG or BMP, or each page of a TIFF in order
    (a multi-page TIFF is paged like a scanned PDF, within the same time limit)."""
    sizes = _checked_sizes(data, path, limits)
    if not available():
        raise ReadError(path, IMAGE_MISSING_REASON)
    started, pages = time.monotonic(), []
    for index, frame in enumerate(_frames(data, path, sizes, limits)):
        image, factor = _upscaled(frame)
        pages.append(_recognise(image, index, factor))
        if _out_of_time(started, limits) and index + 1 < len(sizes):
            raise ReadError(path, ocr_time_reason(limits, index + 1, len(sizes)))
    return _source(path, image_kind(data) or "image", pages, paged=len(sizes) > 1, no_text=IMAGE_NO_TEXT_REASON)


def _checked_sizes(data: bytes, path: str, limits: Limits) -> list[tuple[int, int]]:
    """The pages' sizes as the headers state them, refused before anything is decoded: no
    readable size, too many pages, or a page over the pixel limit."""
    sizes = page_sizes(data)
    if not sizes or any(0 in size for size in sizes):
        raise ReadError(path, IMAGE_CORRUPT_REASON)
    if len(sizes) > limits.max_pdf_pages:
        raise ReadError(path, f"图片页数过多（{len(sizes)} 页，上限 {limits.max_pdf_pages} 页），未读取")
    for number, (width, height) in enumerate(sizes, 1):
        if width * height > limits.max_image_pixels:
            raise ReadError(path, too_many_pixels_reason(width, height, limits,
                                                         f"第 {number} 页图片" if len(sizes) > 1 else "图片"))
    return sizes


def _frames(data: bytes, path: str, sizes: list[tuple[int, int]], limits: Limits):
    """Each page decoded, upright and in RGB: only as many as the headers stated, each checked
    against the pixel limit again before it is decoded (the decoder's own view of the page)."""
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(data)) as img:
            for index in range(len(sizes)):
                img.seek(index)
                if img.width * img.height > limits.max_image_pixels:
                    raise ReadError(path, too_many_pixels_reason(img.width, img.height, limits))
                img.load()
                yield ImageOps.exif_transpose(img).convert("RGB")
    except ReadError:
        raise
    except Exception:
        raise ReadError(path, IMAGE_CORRUPT_REASON) from None


def _upscaled(image):
    """(image, factor): a small photo or scan enlarged to about an A4 page at RENDER_DPI (at most twice): the
    detector misses whole lines of body text set less than about 30 pixels high."""
    from PIL import Image

    longest = max(image.size)
    target = round(841.89 / 72 * RENDER_DPI)
    if longest >= target:
        return image, 1.0
    factor = min(2.0, target / longest)
    return image.resize((round(image.width * factor), round(image.height * factor)), Image.LANCZOS), factor


@_remembered
def read_scanned_pdf(data: bytes, path: str, *, limits: Limits) -> Source:
    """Recognise every page of a PDF without a text layer, page by page within the time limit."""
    if not available():
        raise ReadError(path, SCAN_MISSING_REASON)
    with _pdf_document(data, path) as document:
        return _read_pages(document, path, limits)


@contextmanager
def _pdf_document(data: bytes, path: str):
    """The PDF opened with pypdfium2 (a file it cannot open is corrupt), closed on leaving."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except Exception:
        raise ReadError(path, CORRUPT_REASON) from None
    try:
        yield document
    finally:
        document.close()


def _recognised_pages(document, indices, path: str, limits: Limits) -> list[list[_Row]]:
    """The pages `indices` rendered and recognised in order, the OCR time limit checked between pages."""
    started, pages = time.monotonic(), []
    for n, index in enumerate(indices):
        image, scale = _render(document[index], path, limits)
        pages.append(_recognise(image, index, scale))
        if _out_of_time(started, limits) and n + 1 < len(indices):
            raise ReadError(path, ocr_time_reason(limits, n + 1, len(indices)))
    return pages


def _read_pages(document, path: str, limits: Limits) -> Source:
    n_pages = len(document)
    if n_pages > limits.max_pdf_pages:
        raise ReadError(path, f"PDF 页数过多（{n_pages} 页，上限 {limits.max_pdf_pages} 页），未读取")
    pages = _recognised_pages(document, range(n_pages), path, limits)
    source = _source(path, "pdf", pages, paged=True, no_text=SCAN_NO_TEXT_REASON)
    source.ocr_pages = list(range(1, n_pages + 1))
    return source


def read_mixed_pdf(data: bytes, path: str, pages: list, scanned: list[int], *, limits: Limits) -> Source:
    """A PDF with a text layer on some pages and scans on others: the scanned pages (indices
    `scanned`) recognised and merged with the text pages in page order, `ocr_pages` naming them.
    Without the extra the text pages are read and `unread_pages` names the rest (a warning)."""
    if not available():
        source = text_layer_source(pages, path)
        source.unread_pages = [i + 1 for i in scanned]
        source.warnings.append(mixed_missing_reason(source.unread_pages))
        return source
    with _pdf_document(data, path) as document:
        recognised = _recognised_pages(document, scanned, path, limits)
    pages = list(pages)
    for index, rows in zip(scanned, recognised):
        pages[index] = rows
    return _mixed_source(path, pages, set(scanned))


def _mixed_source(path: str, pages: list, scanned: set[int]) -> Source:
    """Runs of consecutive text pages joined as the PDF reader joins them, runs of OCR'd pages
    as a scan is joined; the runs follow each other in page order."""
    import dataclasses
    from itertools import groupby

    from nlp_toolkit.model import LayoutHint

    body = drop_repeated_headers(remove_furniture(pages, same_y=MIXED_SAME_Y))
    parts, size, lines, hints, firsts = [], 0, [], [], {}
    for recognised, run in groupby(range(len(body)), key=lambda i: i in scanned):
        run_pages = [body[i] for i in run]
        if recognised:
            text, run_lines, run_firsts = _join(run_pages)
            spans = []
        else:
            text, run_firsts, spans = join_page_lines([ln for page in run_pages for ln in page])
            run_lines = []
        if not text:
            continue
        if parts:
            parts.append("\n")
            size += 1
        lines += [dataclasses.replace(ln, start=ln.start + size, end=ln.end + size) for ln in run_lines]
        hints += [LayoutHint(a + size, b + size, kind="table") for a, b in spans]
        firsts.update({page: offset + size for page, offset in run_firsts.items()})
        parts.append(text)
        size += len(text)
    text = "".join(parts)
    if not text.strip():
        raise ReadError(path, SCAN_NO_TEXT_REASON)
    return Source(path=path, format="pdf", text=text, encoding=None, hints=hints,
                  pages=page_starts(firsts, len(pages), len(text)), ocr=True, ocr_lines=lines,
                  ocr_pages=sorted(i + 1 for i in scanned))


def _out_of_time(started: float, limits: Limits) -> bool:
    return limits.ocr_seconds is not None and time.monotonic() - started > limits.ocr_seconds


def ocr_time_reason(limits: Limits, done: int, n_pages: int) -> str:
    """The message for a scan stopped by the OCR time limit, naming which limit that was."""
    if limits.time_limit is None:
        which = f"文字识别时间上限 {limits.ocr_seconds:g} 秒"
    else:
        which = (f"文字识别时间上限 {limits.ocr_seconds:g} 秒"
                 f"（单份材料时间限制 --time-limit {limits.time_limit:g} 秒的 {round(limits.ocr_seconds / limits.time_limit * 100)}%）")
    return (f"扫描件文字识别超时（已达{which}，已识别 {done}/{n_pages} 页），未读取；文字识别每页需数秒，"
            "请用 --time-limit 提高时间限制（none 表示不限时），或拆分为页数较少的文件、提交带文本层的 PDF")


def _render(page, path: str, limits: Limits):
    """(image, pixels per point): the page at RENDER_DPI, or smaller when that would exceed the pixel limit."""
    width, height = page.get_size()
    scale = RENDER_DPI / 72
    pixels = width * height * scale * scale
    if pixels > limits.max_image_pixels:
        scale *= (limits.max_image_pixels / pixels) ** 0.5
    if width * scale < 1 or height * scale < 1:
        raise ReadError(path, CORRUPT_REASON)
    return page.render(scale=scale, grayscale=True).to_pil().convert("RGB"), scale


@cache
def _engine():
    from rapidocr_onnxruntime import RapidOCR

    threads = {f"{part}intra_op_num_threads": 1 for part in ("", "det_", "cls_", "rec_")}
    threads |= {f"{part}inter_op_num_threads": 1 for part in ("", "det_", "cls_", "rec_")}
    return RapidOCR(use_cls=False, **threads)  # pages are upright; the line classifier flips good lines


MIXED_SAME_Y = 6.0  # points: a running header's OCR box (padded) and its text-layer line on another page
UPRIGHT_CONFIDENCE = 0.85  # a page read at a lower median confidence, or in tall boxes, may lie on its side


def _recognise(image, page: int, unit: float = 1.0) -> list[_Row]:
    """The lines of a page image, turned upright first when it was scanned on its side or upside
    down: a page whose text boxes are tall and narrow, or read at a low confidence, is read again
    turned by 90°, 270° and 180°, and the reading with the most confidently recognised characters
    is kept (its boxes are then in the turned page)."""
    rows, boxes = _read_rows(image, page, unit)
    if not boxes or _upright(rows):
        return rows  # a blank page reads the same whichever way up
    best = rows
    for angle in (90, 270, 180):
        turned, _ = _read_rows(image.rotate(angle, expand=True), page, unit)
        if _weight(turned) > _weight(best):
            best = turned
        if _upright(best):
            break
    return best


def _upright(rows: list[_Row]) -> bool:
    import statistics

    if not rows:
        return False
    wide = sum(1 for row in rows if row.x1 - row.x0 >= row.bottom - row.top)
    return wide * 2 > len(rows) and statistics.median(row.confidence for row in rows) >= UPRIGHT_CONFIDENCE


def _weight(rows: list[_Row]) -> float:
    return sum(row.confidence * len(row.text) for row in rows)


def _read_rows(image, page: int, unit: float) -> tuple[list[_Row], int]:
    """The engine's lines on one page image that it read with confidence at least MIN_CONFIDENCE,
    as rows in reading order (boxes divided by `unit`: pixels per point for a rendered PDF page,
    the enlargement factor for a photo); and how many text boxes it found at all."""
    import numpy as np

    result, _ = _engine()(np.asarray(image), text_score=0.0)
    found = [(box, text, score) for box, text, score in (result or [])]
    rows = [_row([(x / unit, y / unit) for x, y in box], text, score, page, image.width / unit)
            for box, text, score in found if score >= MIN_CONFIDENCE]
    return [row for row in rows if row is not None], len(found)


def _row(box, text: str, score: float, page: int, page_width: float) -> _Row | None:
    text = full_width_punctuation(text.strip())
    if not text:
        return None
    xs, ys = [float(p[0]) for p in box], [float(p[1]) for p in box]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    char = (x1 - x0) / max(1, len(text))
    first = re.match(r"[A-Za-z]+", text)
    return _Row(text=text, x0=x0, x1=x1, top=top, bottom=bottom, size=bottom - top, page=page,
                page_width=page_width, trailing_space=False,
                first_unit=char * (len(first.group()) if first else 1),
                box=(round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1)), confidence=float(score))


@compiled("ocr_punctuation.tsv")
def _punctuation() -> dict[str, str]:
    table = {}
    for line in lines("ocr_punctuation.tsv"):
        half, full = line.split("\t")[:2]
        table[half] = full
    return table


def full_width_punctuation(text: str) -> str:
    """Half-width punctuation next to a Chinese character made full-width; straight quotes paired."""
    table = _punctuation()
    out, open_quote = [], False
    for i, ch in enumerate(text):
        near_cjk = _cjk_at(text, i - 1) or _cjk_at(text, i + 1)
        if ch == '"' and near_cjk:
            ch, open_quote = ("”", False) if open_quote else ("“", True)
        elif ch in table and near_cjk and not _between_digits(text, i):
            ch = table[ch]
        elif ch == "“":
            open_quote = True
        elif ch == "”":
            open_quote = False
        out.append(ch)
    return "".join(out)


def _cjk_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and "\u4e00" <= text[i] <= "\u9fff"


def _between_digits(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def _source(path: str, fmt: str, pages: list[list[_Row]], *, paged: bool, no_text: str) -> Source:
    body = remove_furniture(pages)
    text, lines, firsts = _join(body)
    if sum(1 for ch in text if not ch.isspace()) < MIN_CHARS:
        raise ReadError(path, no_text)
    starts = page_starts(firsts, len(pages), len(text)) if paged else []
    return Source(path=path, format=fmt, text=text, encoding=None, pages=starts, ocr=True, ocr_lines=lines)


def _join(pages: list[list[_Row]]) -> tuple[str, list[OcrLine], dict[int, int]]:
    """The joined text, each row's OcrLine and the offset of the first row of each page."""
    rows = [row for page in pages for row in page]
    if not rows:
        return "", [], {}
    left, right = _edges(rows)
    pitch = line_pitch(rows)
    em = _em(rows)
    parts, size, lines, firsts = [], 0, [], {}
    for i, row in enumerate(rows):
        if i:
            prev = rows[i - 1]
            sep = glue(prev, row) if _runs_on(prev, row, (left, right), pitch, em) else "\n"
            parts.append(sep)
            size += len(sep)
        firsts.setdefault(row.page, size)
        lines.append(OcrLine(size, size + len(row.text), row.page + 1, row.box, round(row.confidence, 4)))
        parts.append(row.text)
        size += len(row.text)
    return "".join(parts), lines, firsts


def _em(rows: list[_Row]) -> float:
    """The width of one Chinese character: the median per-character width of all-Chinese lines."""
    import statistics

    widths = [(row.x1 - row.x0) / len(row.text) for row in rows
              if len(row.text) >= 4 and all(_cjk_at(row.text, i) or row.text[i] in INK_LEFT for i in range(len(row.text)))]
    return statistics.median(widths) if widths else statistics.median(row.size for row in rows) / 1.15


def _runs_on(cur: _Row, nxt: _Row, edges: tuple[float, float], pitch: float, em: float) -> bool:
    """The PDF reader's rule for a line broken by the width (`pdf_lines._continues`), measured in the
    page's character width: the next line's first character would not have fitted after this
    line (whose last punctuation mark inks only the left part of its square), and the next
    line is not indented, not set apart by a gap and not in another size — nor, after a line that
    ended a sentence, worded like a heading or an item (`_opens_paragraph`)."""
    left, right = edges
    if cur.page == nxt.page and nxt.top - cur.top > GAP_FACTOR * pitch:
        return False
    if abs(nxt.size - cur.size) > 0.25 * cur.size or nxt.x0 > left + 0.5 * em:
        return False
    if cur.text[-1] in OCR_PARAGRAPH_END and _opens_paragraph(nxt.text):
        return False
    end = cur.x1 + (0.5 * em if cur.text[-1] in INK_LEFT else 0.0)
    first = em if not is_latin_letter(nxt.text[0]) else nxt.first_unit
    return right - end < first + 0.4 * em


@compiled("ocr_paragraph_openers.txt")
def _openers() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in lines("ocr_paragraph_openers.txt")))


def _opens_paragraph(text: str) -> bool:
    """True when a line starts like a heading or an enumerated item (resources/ocr_paragraph_openers.txt)."""
    return _openers().match(text) is not None


def _edges(rows: list[_Row]) -> tuple[float, float]:
    """Left and right edge of the text block: the PDF reader's left; on the right the median end
    of the lines reaching the margin, so one line with hanging punctuation or a box drawn a
    little wide does not move the edge every other full line is measured against."""
    import statistics

    left, right = block_edges(rows)
    em = statistics.median(row.size for row in rows)
    full = [row.x1 for row in rows if row.x1 >= right - 1.5 * em]
    return left, statistics.median(full) if full else right
