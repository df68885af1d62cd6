"""DOCX reader (python-docx): body paragraphs and tables in document order, plus layout hints.

One Word paragraph becomes one line of `text` (a manual line break inside a paragraph stays a
``\\n``); one table row becomes one line with its cells joined by a tab (a cell's paragraphs joined
by a space, each marked by a "cell_paragraph" hint when there are several). Hints record Word
heading / title styles (and outline levels), automatic numbering, paragraphs all in bold (a
heading made by bolding a line) and table rows. Word does
not store automatic-numbering markers in the paragraph, so they are absent from `text`; the
"numbered" hint is what tells the structure parser an item starts there.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from docx.oxml.ns import qn

from nlp_toolkit.model import LayoutHint, Source
from nlp_toolkit.readers import limits as _limits
from nlp_toolkit.readers.base import ReadError
from nlp_toolkit.readers.limits import Limits, check_extracted_text, fmt_mb

CORRUPT_REASON = "DOCX 文件已损坏，无法打开"
ZIP_BOMB_REASON = "DOCX 文件解压后异常庞大（疑似“压缩炸弹”）"
ENTITY_REASON = "DOCX 文件内含 XML 实体声明（DOCTYPE/ENTITY，疑似“实体炸弹”），Word 不会生成这种文件，已拒绝读取"
_XML_SCAN_BYTES = 64 * 1024
_DTD_MARKERS = tuple(
    marker.encode(enc) for marker in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le", "utf-16-be")
)
_HEADING_RE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE_RE = re.compile(r"^(?:title|标题)$", re.IGNORECASE)
_SKIP_ANCESTORS = {qn("w:del"), qn("w:txbxContent"), qn("w:moveFrom")}
_MAX_STYLE_DEPTH = 10
_MAX_BOX_DEPTH = 3  # text boxes inside text boxes
_TXBX = qn("w:txbxContent")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


@dataclass
class _Line:
    text: str
    hints: list[tuple[str, int | None, str | None]] = field(default_factory=list)
    parts: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, kind) inside the line


def ole_reason(data: bytes) -> str:
    """Explain an OLE compound file: an encrypted OOXML package or a legacy binary .doc."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return "DOCX 文件已加密（设置了打开密码），无法读取，请取消密码后重新提交"
    if "WordDocument".encode("utf-16-le") in data:
        return "这是旧版 Word（.doc）文件，无法读取，请另存为 DOCX 后重新提交"
    return "文件已加密或为旧版 Office 格式（OLE 复合文档），无法读取"


def read_docx_bytes(data: bytes, path: str, *, limits: Limits | None = None) -> Source:
    """Read the bytes of a .docx package into a Source with layout hints.

    The package is checked before python-docx parses it: uncompressed sizes (zip bombs) and
    DTDs in the XML parts (entity bombs) are refused; the extracted text is bounded too.
    """
    limits = limits or _limits.current()
    check_package(data, path, limits)
    document = _open(data, path)
    lines = list(_iter_lines(document))
    text, hints = _assemble(lines)
    check_extracted_text(text, path, limits, "DOCX 中的文字")
    return Source(path=path, format="docx", text=text, encoding=None, hints=hints)


def check_package(data: bytes, path: str, limits: Limits) -> None:
    """Refuse a package whose parts would inflate beyond the limits, or whose XML declares a DTD.

    Sizes come from the zip directory; Python's zipfile never inflates a part beyond the size
    its directory states (and fails on a CRC mismatch), so the check bounds what is parsed.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > limits.max_zip_members:
                raise ReadError(path, f"{ZIP_BOMB_REASON}：包含 {len(infos)} 个部件，已拒绝读取")
            total = sum(info.file_size for info in infos)
            if total > limits.max_unzipped_bytes:
                raise ReadError(path, f"{ZIP_BOMB_REASON}：解压后 {fmt_mb(total)}，"
                                      f"上限 {fmt_mb(limits.max_unzipped_bytes)}，已拒绝读取")
            for info in infos:
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > limits.zip_ratio_floor_mb * _limits.MB and ratio > limits.max_zip_ratio:
                    raise ReadError(path, f"{ZIP_BOMB_REASON}：部件 {info.filename} 压缩比 {ratio:.0f}:1，"
                                          f"解压后 {fmt_mb(info.file_size)}，已拒绝读取")
            for info in infos:
                if info.filename.lower().endswith((".xml", ".rels")):
                    _check_xml_part(zf, info, path, limits)
    except ReadError:
        raise
    except Exception:  # bad zip, bad CRC, unsupported compression: python-docx would fail too
        raise ReadError(path, CORRUPT_REASON) from None


def _check_xml_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: str, limits: Limits) -> None:
    """Refuse an XML part that declares a DTD, or whose bytes, counted as they are inflated
    (not as the zip directory states them), exceed `limits.max_docx_xml_bytes`: parsing XML
    takes about ten times its size in memory, whatever the compression ratio was."""
    limit = limits.max_docx_xml_bytes
    with zf.open(info) as part:
        head = part.read(_XML_SCAN_BYTES)
        if any(marker in head for marker in _DTD_MARKERS):
            raise ReadError(path, ENTITY_REASON)
        size = len(head)
        while size <= limit and (chunk := part.read(_limits.MB)):
            size += len(chunk)
    if size > limit:
        raise ReadError(path, f"DOCX 文件中的 {info.filename} 过大（解压后超过 {fmt_mb(limit)}，"
                              f"解析所需内存过多），未读取；如确需分析，请用 --max-size 提高上限")


def _open(data: bytes, path: str):
    from docx import Document

    try:
        return Document(io.BytesIO(data))
    except Exception:
        raise ReadError(path, CORRUPT_REASON) from None


def _assemble(lines: list[_Line]) -> tuple[str, list[LayoutHint]]:
    parts: list[str] = []
    hints: list[LayoutHint] = []
    pos = 0
    for line in lines:
        for kind, level, style in line.hints:
            hints.append(LayoutHint(pos, pos + len(line.text), kind=kind, level=level, style=style))
        for start, end, kind in line.parts:
            hints.append(LayoutHint(pos + start, pos + end, kind=kind))
        parts.append(line.text)
        pos += len(line.text) + 1
    return "\n".join(parts), hints


def _iter_lines(document):
    yield from _block_lines(document.element.body, _StyleIndex(document))


def _block_lines(parent, styles: "_StyleIndex", depth: int = 0):
    """Lines of the paragraphs and tables under `parent`; a paragraph's text boxes follow it."""
    for el in _iter_blocks(parent):
        if el.tag == qn("w:p"):
            yield _paragraph_line(el, styles)
            if depth < _MAX_BOX_DEPTH:
                for box in text_boxes(el):
                    yield from _block_lines(box, styles, depth + 1)
        else:
            yield from _table_lines(el)


def text_boxes(p) -> list:
    """The text boxes anchored in paragraph `p` (w:txbxContent), each once: Word writes a box
    twice, as DrawingML and as a VML fallback (mc:Fallback), and only the first is read; boxes
    inside a box are found from that box's own paragraphs."""
    return [box for box in p.iter(_TXBX) if not _inside(box, p, (_TXBX, _FALLBACK))]


def _inside(el, stop, tags) -> bool:
    """Whether an ancestor of `el` below `stop` has one of `tags`."""
    node = el.getparent()
    while node is not None and node is not stop:
        if node.tag in tags:
            return True
        node = node.getparent()
    return False


def _iter_blocks(parent):
    """Paragraphs and tables in order, looking through content controls and custom XML."""
    for child in parent.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _iter_blocks(content)
        elif child.tag == qn("w:customXml"):
            yield from _iter_blocks(child)


def paragraph_text(p) -> str:
    """Visible text of a w:p: runs (also in hyperlinks, insertions, fields), no deleted text."""
    out = []
    for r in p.iter(qn("w:r")):
        if not _inside(r, p, _SKIP_ANCESTORS):
            out.append(r.text)
    return "".join(out)


def _paragraph_line(p, styles: "_StyleIndex") -> _Line:
    ppr = p.find(qn("w:pPr"))
    style_id = _val(ppr, "w:pStyle") if ppr is not None else None
    chain = styles.chain(style_id)
    name = chain[0][0] if chain else None
    hints: list[tuple[str, int | None, str | None]] = []
    kind, level = _heading_kind(ppr, chain)
    if kind:
        hints.append((kind, level, name))
    ilvl = _numbering_level(ppr, chain)
    if ilvl is not None:
        hints.append(("numbered", ilvl + 1, name))
    if not hints and _all_bold(p, chain):
        hints.append(("bold", None, name))
    return _Line(paragraph_text(p), hints)


_BOLD_OFF = ("0", "false", "off")


def _all_bold(p, chain) -> bool:
    """Every run with visible text is bold (directly or by the paragraph's style): a heading made
    by bolding a line rather than by a heading style."""
    style_bold = next((_bold(ppr.getparent()) for _, ppr in chain if ppr is not None
                       and _bold(ppr.getparent()) is not None), None)
    runs = [r for r in p.iter(qn("w:r")) if not _inside(r, p, _SKIP_ANCESTORS) and (r.text or "").strip()]
    return bool(runs) and all((b if (b := _bold(r)) is not None else style_bold) for r in runs)


def _bold(element) -> bool | None:
    """The w:b of an element's run properties: True, False, or None when it sets none."""
    rpr = element.find(qn("w:rPr"))
    b = rpr.find(qn("w:b")) if rpr is not None else None
    if b is None:
        return None
    return b.get(qn("w:val"), "true").lower() not in _BOLD_OFF


def _heading_kind(ppr, chain) -> tuple[str | None, int | None]:
    for name, _ in chain:
        if m := _HEADING_RE.match(name.strip()):
            return "heading", int(m.group(1))
        if _TITLE_RE.match(name.strip()):
            return "title", None
    for element in [ppr] + [style_ppr for _, style_ppr in chain]:
        outline = _val(element, "w:outlineLvl")
        if outline is not None and outline.isdigit() and int(outline) < 9:
            return "heading", int(outline) + 1
    return None, None


def _numbering_level(ppr, chain) -> int | None:
    """The list level (ilvl) of automatic numbering, direct or from the style; None if none."""
    for element in [ppr] + [style_ppr for _, style_ppr in chain]:
        numpr = element.find(qn("w:numPr")) if element is not None else None
        if numpr is None:
            continue
        num_id = _val(numpr, "w:numId")
        if num_id is None:
            continue
        if num_id == "0":  # numbering explicitly switched off
            return None
        ilvl = _val(numpr, "w:ilvl")
        return int(ilvl) if ilvl and ilvl.isdigit() else 0
    return None


def _table_lines(tbl):
    """One line a row; a cell of several paragraphs (two measures in one 整改措施 cell) is read
    with a space between them and a "cell_paragraph" hint over each."""
    for tr in tbl.iterchildren(qn("w:tr")):
        cells = [_cell_paragraphs(tc) for tc in tr.iterchildren(qn("w:tc"))]
        if not any(cells):
            continue
        parts, pos = [], 0
        for paragraphs in cells:
            if len(paragraphs) > 1:
                at = pos
                for text in paragraphs:
                    parts.append((at, at + len(text), "cell_paragraph"))
                    at += len(text) + 1
            pos += len(" ".join(paragraphs)) + 1
        yield _Line("\t".join(" ".join(p) for p in cells), [("table", None, None)], parts)


def _cell_paragraphs(tc) -> list[str]:
    """The non-empty paragraphs of one cell, each on one line; a vertical merge's continuation
    cells have none."""
    tcpr = tc.find(qn("w:tcPr"))
    vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
    if vmerge is not None and vmerge.get(qn("w:val"), "continue") == "continue":
        return []
    texts = (paragraph_text(p) for p in tc.iter(qn("w:p")) if not _inside(p, tc, _SKIP_ANCESTORS))
    return [re.sub(r"[\t\n]+", " ", t) for t in texts if t.strip()]


def _val(element, tag: str) -> str | None:
    if element is None:
        return None
    child = element.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None


class _StyleIndex:
    """Paragraph styles by id, with their base-style chains (name, pPr) resolved."""

    def __init__(self, document):
        self._by_id: dict[str, tuple[str, object, str | None]] = {}
        self._default: str | None = None
        styles = document.styles.element
        for s in styles.iterchildren(qn("w:style")):
            if s.get(qn("w:type")) != "paragraph":
                continue
            sid = s.get(qn("w:styleId"))
            name = _val(s, "w:name") or sid or ""
            self._by_id[sid] = (_ui_name(name), s.find(qn("w:pPr")), _val(s, "w:basedOn"))
            if s.get(qn("w:default")) in ("1", "true", "on"):
                self._default = sid

    def chain(self, style_id: str | None) -> list[tuple[str, object]]:
        sid = style_id if style_id in self._by_id else self._default
        out: list[tuple[str, object]] = []
        while sid in self._by_id and len(out) < _MAX_STYLE_DEPTH:
            name, ppr, based_on = self._by_id[sid]
            out.append((name, ppr))
            sid = based_on
        return out


def _ui_name(name: str) -> str:
    """Word stores built-in names in lower case ("heading 1"); show them as Word does."""
    if re.match(r"^(heading [1-9]|title)$", name):
        return name[0].upper() + name[1:]
    return name
