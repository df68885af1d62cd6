"""Write GBK, DOCX and PDF versions of the demo reports.

Reads every ``<src>/*.txt`` (UTF-8, one paragraph per line) and writes
``<out>/gbk/<name>.txt`` (GBK, or GB18030 when a character is not in GBK; CRLF line ends),
``<out>/docx/<stem>.docx`` (one Word paragraph per line: Title, Heading 1 for 一、/第一部分
headings, Heading 2 for （一） heading lines, body with a 2-character first-line indent) and
``<out>/pdf/<stem>.pdf`` (A4, STSong-Light, character-level wrapping, running header and a
``- N -`` footer on every page). Output is deterministic: fixed dates and ZIP timestamps,
reportlab's invariant mode. Characters STSong-Light cannot show are reported and left out
of the PDF.

Usage: python scripts/make_demo_formats.py [--src corpora/demo/txt] [--out corpora/demo]
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONT = "STSong-Light"
FIXED_DATE = dt.datetime(2024, 1, 1, 0, 0, 0)
ZIP_DATE = (2024, 1, 1, 0, 0, 0)
DEFAULT_HEADER = "内部资料 注意保存"

_H1_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
_H2_RE = re.compile(r"^（[一二三四五六七八九十]+）")
_MAX_HEADING_CHARS = 40


@dataclass(frozen=True)
class PdfLayout:
    width: float = 595.27  # A4 in points
    height: float = 841.89
    margin_x: float = 72.0
    margin_top: float = 72.0
    margin_bottom: float = 72.0
    body_size: float = 12.0
    leading: float = 1.5
    title_size: float = 18.0
    h1_size: float = 14.0
    header_size: float = 9.0


# -- classifying TXT lines ------------------------------------------------------------------


def classify(lines: list[str]) -> list[str]:
    """Kind of each line: "title", "h1", "h2", "body" or "blank".

    The title is the first non-empty line, plus the next one when both are short title-like
    lines before any blank line (a unit name over "关于……的报告").
    """
    kinds = []
    for i, line in enumerate(lines):
        text = line.strip()
        if not text:
            kinds.append("blank")
        elif _is_heading_line(text, _H1_RE):
            kinds.append("h1")
        elif _is_heading_line(text, _H2_RE):
            kinds.append("h2")
        elif _is_title_line(text, kinds, lines[i + 1 : i + 2]):
            kinds.append("title")
        else:
            kinds.append("body")
    return kinds


def _is_title_line(text: str, before: list[str], after: list[str]) -> bool:
    shown = [k for k in before if k != "blank"]
    if not shown:
        return True
    short = len(text) <= _MAX_HEADING_CHARS and "。" not in text
    return shown == ["title"] and before[-1] == "title" and short and (not after or not after[0].strip())


def _is_heading_line(text: str, pattern: re.Pattern) -> bool:
    """A heading on a line of its own: the marker, short, no sentence inside it."""
    return bool(pattern.match(text)) and len(text) <= _MAX_HEADING_CHARS and "。" not in text[:-1]


def header_text(lines: list[str], kinds: list[str]) -> str:
    """The running header: the title when it is short, else a fixed confidentiality line."""
    titles = [ln.strip() for ln, k in zip(lines, kinds) if k == "title"]
    if titles and len(titles[0]) <= 20:
        return titles[0]
    return DEFAULT_HEADER


# -- GBK ------------------------------------------------------------------------------------


def write_gbk(text: str, path: Path) -> str:
    """Write `text` with CRLF line ends in GBK, falling back to GB18030; return the codec."""
    text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    try:
        data, codec = text.encode("gbk"), "gbk"
    except UnicodeEncodeError:
        data, codec = text.encode("gb18030"), "gb18030"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return codec


def not_in_gbk(text: str) -> list[str]:
    return sorted({ch for ch in text if not _encodable(ch, "gbk")})


def _encodable(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
        return True
    except UnicodeEncodeError:
        return False


# -- DOCX -----------------------------------------------------------------------------------


def write_docx(lines: list[str], kinds: list[str], path: Path) -> None:
    """One Word paragraph per line, styled by kind; saved with fixed dates and timestamps."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    style = {"title": "Title", "h1": "Heading 1", "h2": "Heading 2"}
    for line, kind in zip(lines, kinds):
        para = doc.add_paragraph(line.strip(), style=style.get(kind))
        if kind == "body":
            para.paragraph_format.first_line_indent = Pt(24)
        elif kind == "title":
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fix_core_properties(doc)
    buf = io.BytesIO()
    doc.save(buf)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_normalise_zip(buf.getvalue()))


def _fix_core_properties(doc) -> None:
    props = doc.core_properties
    props.author = props.last_modified_by = "nlp_toolkit"
    props.created = props.modified = FIXED_DATE
    props.revision = 1


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a ZIP with fixed member timestamps so the bytes do not depend on the clock."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


# -- PDF ------------------------------------------------------------------------------------


@cache
def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@cache
def _cid_maps():
    from pdfminer.cmapdb import CMapDB

    return CMapDB.get_cmap("UniGB-UCS2-H"), CMapDB.get_unicode_map("Adobe-GB1", False)


@cache
def _drawable() -> dict[str, str]:
    """Each character a PDF reader gets back from STSong-Light → the code point to draw.

    Mostly the character itself; a few live under another code point in the CMap (U+00B7
    middle dot is drawn as U+30FB and read back as U+00B7).
    """
    cmap, umap = _cid_maps()
    out: dict[str, str] = {}
    for code in range(0x20, 0x10000):
        cids = list(cmap.decode(code.to_bytes(2, "big")))
        back = umap.cid2unichr.get(cids[0]) if cids else None
        if back and (back == chr(code) or back not in out):
            out[back] = chr(code)
    return out


def font_has(ch: str) -> bool:
    """True if STSong-Light shows `ch` and a PDF reader maps it back to the same character."""
    return ch.isspace() or ch in _drawable()


def missing_pdf_chars(text: str) -> list[str]:
    return sorted({ch for ch in text if not font_has(ch)})


def pdf_form(text: str) -> str:
    """`text` as it must be drawn: characters the font lacks dropped, aliases substituted."""
    table = _drawable()
    return "".join(table.get(ch, ch if ch.isspace() else "") for ch in text)


def wrap(text: str, size: float, first_width: float, width: float) -> list[str]:
    """Greedy wrapping by character; Latin words stay whole, a space may overhang the edge."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, cur, used, avail = [], "", 0.0, first_width
    for token in re.findall(r"[A-Za-z]+|.", text, re.S):
        w = stringWidth(token, FONT, size)
        if used + w <= avail or not cur:
            cur, used = cur + token, used + w
        elif token == " ":
            lines.append(cur + token)
            cur, used, avail = "", 0.0, width
        else:
            lines.append(cur)
            cur, used, avail = token, w, width
    lines.append(cur)
    return [ln for ln in lines if ln]


class _PdfWriter:
    """Flows styled paragraphs down A4 pages, adding header and footer to each page."""

    def __init__(self, path: Path, header: str, layout: PdfLayout):
        from reportlab.pdfgen import canvas

        _register_font()
        self.lay = layout
        self.header = header
        self.canvas = canvas.Canvas(str(path), pagesize=(layout.width, layout.height), invariant=1)
        self.canvas.setTitle(header)
        self.canvas.setAuthor("nlp_toolkit")
        self.page = 0
        self._new_page()

    @property
    def text_width(self) -> float:
        return self.lay.width - 2 * self.lay.margin_x

    def _new_page(self) -> None:
        if self.page:
            self.canvas.showPage()
        self.page += 1
        c, lay = self.canvas, self.lay
        c.setFont(FONT, lay.header_size)
        c.drawCentredString(lay.width / 2, lay.height - 45, self.header)
        c.setFont(FONT, 10.5)
        c.drawCentredString(lay.width / 2, 40, f"- {self.page} -")
        self.y = lay.height - lay.margin_top

    def space(self, points: float) -> None:
        if self.y < self.lay.height - self.lay.margin_top:  # no space at the top of a page
            self.y -= points

    def paragraph(self, text: str, size: float, indent: float, centred: bool = False) -> None:
        rows = wrap(text, size, self.text_width - indent, self.text_width)
        for i, row in enumerate(rows):
            if self.y - size * self.lay.leading < self.lay.margin_bottom:
                self._new_page()
            self.y -= size * self.lay.leading
            self.canvas.setFont(FONT, size)
            if centred:
                self.canvas.drawCentredString(self.lay.width / 2, self.y, row)
            else:
                self.canvas.drawString(self.lay.margin_x + (indent if i == 0 else 0), self.y, row)

    def save(self) -> None:
        self.canvas.showPage()
        self.canvas.save()


def write_pdf(lines: list[str], kinds: list[str], path: Path, header: str | None = None,
              layout: PdfLayout = PdfLayout()) -> list[str]:
    """Lay the lines out as an A4 PDF; return the characters the font could not show."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    missing = missing_pdf_chars("".join(lines) + (header or ""))
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = _PdfWriter(path, pdf_form(header or header_text(lines, kinds)), layout)
    body = layout.body_size
    for line, kind in zip(lines, kinds):
        text = pdf_form(line.strip())
        if kind == "blank":
            pdf.space(body * layout.leading)
        elif kind == "title":
            size = layout.title_size
            while size > 10 and stringWidth(text, FONT, size) > pdf.text_width:
                size -= 1
            pdf.paragraph(text, size, 0, centred=True)
            pdf.space(body)
        elif kind == "h1":
            pdf.space(body * 0.5)
            pdf.paragraph(text, layout.h1_size, 2 * layout.h1_size)
        else:
            pdf.paragraph(text, body, 2 * body)
    pdf.save()
    return missing


# -- driver ---------------------------------------------------------------------------------


def convert(src: Path, out: Path, log=print) -> None:
    """Write the GBK, DOCX and PDF versions of one UTF-8 TXT file."""
    text = src.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    kinds = classify(lines)
    codec = write_gbk(text, out / "gbk" / src.name)
    if codec != "gbk":
        log(f"{src.name}: 含 GBK 以外的字符 {''.join(not_in_gbk(text))}，已改用 gb18030 编码")
    write_docx(lines, kinds, out / "docx" / f"{src.stem}.docx")
    missing = write_pdf(lines, kinds, out / "pdf" / f"{src.stem}.pdf")
    if missing:
        log(f"{src.name}: STSong-Light 缺少字符 {''.join(missing)!r}，PDF 中已略去")
    log(f"{src.name}: gbk({codec}) docx pdf 已写出")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=ROOT / "corpora/demo/txt")
    parser.add_argument("--out", type=Path, default=ROOT / "corpora/demo")
    args = parser.parse_args(argv)
    files = sorted(args.src.glob("*.txt"))
    if not files:
        print(f"{args.src}: 没有 .txt 文件", file=sys.stderr)
        return 1
    for path in files:
        convert(path, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
