"""OFD reader (GB/T 33190): the text layer of a ZIP of XML, pages in the order OFD.xml/Document.xml give.

Each TextObject becomes a line (its TextCode pieces joined); pages are separated by a blank
line. The package passes the same zip-bomb and XML-entity checks as DOCX (`docx.check_package`).
"""
from __future__ import annotations

import io
import posixpath
import zipfile
import xml.etree.ElementTree as ET

from nlp_toolkit.model import Source
from nlp_toolkit.readers.base import ReadError
from nlp_toolkit.readers.limits import Limits, check_extracted_text

CORRUPT_REASON = "OFD 文件已损坏，无法打开"


def is_ofd(names: list[str]) -> bool:
    """True when a ZIP's member names hold an OFD entry file."""
    return "OFD.xml" in names


def read_ofd_bytes(data: bytes, path: str, *, limits: Limits) -> Source:
    from nlp_toolkit.readers.docx import check_package

    try:
        check_package(data, path, limits)
    except ReadError as exc:
        raise ReadError(path, exc.reason.replace("DOCX", "OFD")) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            pages = [_page_lines(zf, page) for page in _page_paths(zf)]
    except ReadError:
        raise
    except Exception:
        raise ReadError(path, CORRUPT_REASON) from None
    blocks = ["\n".join(lines) for lines in pages]
    text = "\n\n".join(blocks)
    starts = _starts(blocks)
    check_extracted_text(text, path, limits, "OFD 中的文字")
    return Source(path=path, format="ofd", text=text, encoding=None, pages=starts)


def _starts(blocks: list[str]) -> list[int]:
    """Start offset of each page block in the text joined with blank lines."""
    starts, pos = [], 0
    for block in blocks:
        starts.append(pos)
        pos += len(block) + 2
    return starts


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(root: ET.Element, name: str) -> list[ET.Element]:
    return [el for el in root.iter() if _local(el.tag) == name]


def _page_paths(zf: zipfile.ZipFile) -> list[str]:
    """Content.xml of every page, in document order (first DocBody's Document.xml)."""
    root = ET.fromstring(zf.read("OFD.xml"))
    roots = [el.text.strip().lstrip("/") for el in _find(root, "DocRoot") if el.text]
    if not roots:
        raise ValueError("no DocRoot")
    doc_path = roots[0]
    base = posixpath.dirname(doc_path)
    doc = ET.fromstring(zf.read(doc_path))
    return [_resolve(base, page.get("BaseLoc", "")) for page in _find(doc, "Page")]


def _resolve(base: str, loc: str) -> str:
    loc = loc.strip()
    if loc.startswith("/"):
        return posixpath.normpath(loc.lstrip("/"))
    return posixpath.normpath(posixpath.join(base, loc))


def _page_lines(zf: zipfile.ZipFile, page_path: str) -> list[str]:
    root = ET.fromstring(zf.read(page_path))
    lines = []
    for obj in _find(root, "TextObject"):
        line = "".join(code.text or "" for code in _find(obj, "TextCode")).strip()
        if line:
            lines.append(line)
    return lines
