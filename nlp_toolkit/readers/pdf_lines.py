"""The lines of a PDF's pages, however they were read (text layer or OCR): page furniture
(page numbers, running headers) removed, and lines re-joined into paragraphs by their geometry.

Shared by the PDF reader and the OCR reader, which both import it (neither imports the other for it).
"""
from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass

from nlp_toolkit.model import LayoutHint, Source
from nlp_toolkit.readers.base import ReadError
from nlp_toolkit.readers.txt import NO_TEXT_REASON
from nlp_toolkit.structure.chars import CLAUSE_MARKS, FULL_STOPS

CORRUPT_REASON = "PDF 文件已损坏，无法打开"
_PAGE_NO_RE = re.compile(
    r"""^(?:
        [-—–－~～]*\s*\d+\s*[-—–－~～]*
      | 第\s*[\d〇零一二三四五六七八九十百]+\s*页(?:\s*[,，/、]?\s*共\s*\d+\s*页)?
      | 共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页
      | \d+\s*/\s*\d+
      | (?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?
    )$""",
    re.X | re.I,
)
_FURNITURE_SLOTS = 2  # lines at the top and at the bottom of a page that may be furniture
_SAME_Y = 3.0  # points: a running header sits at the same height on every page
GAP_FACTOR = 1.6  # a vertical gap this many line pitches wide ends a paragraph
SHORT_LINE = 0.6  # share of the block's width: a shorter line without punctuation after a full stop is a line of its own


@dataclass
class PageLine:
    """One line of a page as the PDF text layer (or the OCR engine) placed it."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    page_width: float
    trailing_space: bool
    first_unit: float  # width of what would have had to fit on the previous line
    table: bool = False  # a table row: cells joined by tabs, never joined to its neighbours


def remove_furniture(pages: list[list[PageLine]], same_y: float = _SAME_Y) -> list[list[PageLine]]:
    """Drop page numbers and running headers/footers from every page (a header recurs within
    `same_y` points; wider where OCR boxes, padded by the detector, meet text-layer lines)."""
    n_pages = sum(1 for p in pages if p)
    candidates = [_slots(page) for page in pages]
    need = max(2, math.ceil(0.5 * n_pages))
    out = []
    for page in pages:
        ordered = sorted(page, key=lambda ln: ln.top)
        drop = set()
        for edge in (ordered[:_FURNITURE_SLOTS], ordered[::-1][:_FURNITURE_SLOTS]):
            for line in edge:  # peel from the page edge inwards, stop at the first body line
                if line.table or not (is_page_number(line.text) or _recurs(line, candidates, need, same_y)):
                    break
                drop.add(id(line))
        if n_pages == 1 and (header := _small_print_header(ordered)):
            drop.add(id(header))
        out.append([ln for ln in page if id(ln) not in drop])
    return out


def _small_print_header(page: list[PageLine]) -> PageLine | None:
    """On a single page, where nothing can recur: a top line in small print set apart
    from the body by a wide gap is a running header."""
    lines = sorted(page, key=lambda ln: ln.top)
    if len(lines) < 3:
        return None
    first, second = lines[0], lines[1]
    body = statistics.median(ln.size for ln in lines[1:])
    if first.size <= 0.85 * body and second.top - first.bottom > body:
        return first
    return None


def _slots(page: list[PageLine]) -> list[PageLine]:
    lines = sorted(page, key=lambda ln: ln.top)
    if len(lines) <= 2 * _FURNITURE_SLOTS:
        return lines
    return lines[:_FURNITURE_SLOTS] + lines[-_FURNITURE_SLOTS:]


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NO_RE.match(text.strip()))


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _recurs(line: PageLine, candidates: list[list[PageLine]], need: int, same_y: float) -> bool:
    """True if a line like this one (digits aside) sits at the same height on `need` pages."""
    key = _furniture_key(line.text)
    pages = sum(
        1
        for slots in candidates
        if any(_furniture_key(o.text) == key and abs(o.top - line.top) <= same_y for o in slots)
    )
    return pages >= need


def join_lines(lines: list[PageLine]) -> str:
    """Re-join lines broken by the page width; every other break becomes a newline."""
    return join_page_lines(lines)[0]


def join_pages(pages: list[list[PageLine]]) -> tuple[str, list[int]]:
    """Join the lines of all pages; also return where each page starts in the text.

    A page starts where its first line's first character lands (a paragraph running on
    from the page before starts the page mid-paragraph); a page without body lines starts
    where the next page with text does, so `bisect` never lands on it.
    """
    text, starts, _ = join_pages_and_tables(pages)
    return text, starts


def join_pages_and_tables(pages: list[list[PageLine]]) -> tuple[str, list[int], list[tuple[int, int]]]:
    """join_pages, and the (start, end) of every table row line."""
    text, firsts, spans = join_page_lines([line for page in pages for line in page])
    return text, page_starts(firsts, len(pages), len(text)), spans


def page_starts(firsts: dict[int, int], n_pages: int, end: int) -> list[int]:
    """Start offset of every page from the offsets of the pages' first lines (`firsts`); a page
    without text starts where the next one with text does, and page 1 starts at 0 (anything
    before the first line, nothing in practice, is on page 1)."""
    starts, pending = [], end
    for page in reversed(range(n_pages)):
        pending = firsts.get(page, pending)
        starts.append(pending)
    starts.reverse()
    if starts:
        starts[0] = 0
    return starts


def join_page_lines(lines: list[PageLine]) -> tuple[str, dict[int, int], list[tuple[int, int]]]:
    """The joined text, the offset of the first line of each page index and the spans of table rows."""
    if not lines:
        return "", {}, []
    prose = [ln for ln in lines if not ln.table] or lines
    left, right = block_edges(prose)
    pitch = line_pitch(prose)
    parts, size, firsts = [lines[0].text], len(lines[0].text), {lines[0].page: 0}
    spans = [(0, size)] if lines[0].table else []
    for cur, nxt in zip(lines, lines[1:]):
        sep = glue(cur, nxt) if _continues(cur, nxt, left, right, pitch) else "\n"
        firsts.setdefault(nxt.page, size + len(sep))
        if nxt.table:
            spans.append((size + len(sep), size + len(sep) + len(nxt.text)))
        parts.append(sep + nxt.text)
        size += len(sep) + len(nxt.text)
    return "".join(parts), firsts, spans


def _continues(cur: PageLine, nxt: PageLine, left: float, right: float, pitch: float) -> bool:
    if cur.table or nxt.table:
        return False
    if cur.page == nxt.page and nxt.top - cur.top > GAP_FACTOR * pitch:
        return False
    if abs(nxt.size - cur.size) > 0.15 * cur.size:
        return False
    if nxt.x0 > left + 0.5 * nxt.size:
        return False
    if _own_line_after_full_stop(cur, nxt, left, right):
        return False
    return right - cur.x1 < nxt.first_unit + 0.25 * cur.size


def _own_line_after_full_stop(cur: PageLine, nxt: PageLine, left: float, right: float) -> bool:
    """…开展“回头看”。|中共××委员会: after a sentence that ends at the margin, a short line with no
    punctuation is a signature, 特此报告 or a label — the end of a wrapped sentence would carry its
    full stop."""
    short = nxt.x1 - left < SHORT_LINE * (right - left)
    return cur.text[-1] in FULL_STOPS and short and not any(ch in CLAUSE_MARKS for ch in nxt.text)


def glue(cur: PageLine, nxt: PageLine) -> str:
    if cur.trailing_space:
        return " "
    if is_latin_letter(cur.text[-1]) and is_latin_letter(nxt.text[0]):
        return " "
    return ""


def block_edges(lines: list[PageLine]) -> tuple[float, float]:
    """Left and right edge of the text block.

    Left: the leftmost x0 shared by two or more lines. Right: the rightmost x1, unless no
    line comes near the margin mirroring the left one — then nothing was broken by the
    width, and that mirrored margin is the edge.
    """
    em = statistics.median(ln.size for ln in lines)
    left = _shared_min([ln.x0 for ln in lines], em)
    mirrored = statistics.median(ln.page_width for ln in lines) - left
    right = max(ln.x1 for ln in lines)
    return left, right if right >= mirrored - 3 * em else mirrored


def _shared_min(xs: list[float], em: float) -> float:
    for x in sorted(xs):
        if sum(1 for o in xs if abs(o - x) <= 0.5 * em) >= 2:
            return x
    return min(xs)


def line_pitch(lines: list[PageLine]) -> float:
    steps = [
        b.top - a.top
        for a, b in zip(lines, lines[1:])
        if a.page == b.page and b.top > a.top and abs(a.size - b.size) <= 0.15 * a.size
    ]
    return statistics.median(steps) if steps else 1.5 * statistics.median(ln.size for ln in lines)


def is_latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def text_layer_source(pages: list[list[PageLine]], path: str) -> Source:
    """The Source of the text layer's lines, furniture and repeated headers dropped."""
    body = drop_repeated_headers(remove_furniture(pages))
    text, starts, spans = join_pages_and_tables(body)
    if not text.strip():
        raise ReadError(path, NO_TEXT_REASON)
    hints = [LayoutHint(a, b, kind="table") for a, b in spans]
    return Source(path=path, format="pdf", text=text, encoding=None, hints=hints, pages=starts)


def _row_key(line: PageLine) -> str:
    return re.sub(r"\s+", "", line.text)


def drop_repeated_headers(pages: list[list[PageLine]]) -> list[list[PageLine]]:
    """Drop the first row of a table continued from the page before when it repeats that table's
    first row (a header row printed on every page)."""
    header, previous, out = None, None, []
    for page in pages:
        kept = []
        for line in page:
            continued = line.table and previous is not None and previous.table
            if continued and not kept and _row_key(line) == header:
                continue  # the repeated header at the top of a continued table
            if line.table and not continued:
                header = _row_key(line)
            kept.append(line)
            previous = line
        out.append(kept)
    return out
