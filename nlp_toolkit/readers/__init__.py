"""Readers: turn a TXT, DOCX or PDF file into a `Source`, choosing the format by content.

`read(path)` sniffs the first bytes (``%PDF-`` → PDF, a ZIP holding ``word/document.xml`` →
DOCX, an OLE compound file → encrypted DOCX or legacy .doc, anything else → text) and only
falls back on the suffix to word the error when the content matches no format. Every
failure is a `ReadError` with a short Chinese reason; no other exception escapes.
"""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

from nlp_toolkit.model import Source
from nlp_toolkit.readers.base import ReadError
from nlp_toolkit.readers.txt import BINARY_REASON, normalize_newlines, read_txt_bytes

__all__ = ["ReadError", "read", "read_text", "sniff"]

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_PDF_MAGIC = b"%PDF-"
_SNIFF_BYTES = 1024


def read_text(text: str, path: str = "<text>") -> Source:
    """Wrap an in-memory string as a Source (line endings normalised, BOM dropped)."""
    if not isinstance(text, str):
        raise ReadError(path, "输入不是字符串")
    return Source(path=path, format="text", text=normalize_newlines(text))


def read(path: str | os.PathLike) -> Source:
    """Read a report file of any supported format into a Source."""
    name = str(path)
    try:
        return _dispatch(name, _load(name))
    except ReadError:
        raise
    except Exception as exc:  # a reader bug or a file no check foresaw: still a ReadError
        raise ReadError(name, f"文件无法读取（{type(exc).__name__}）") from exc


def sniff(data: bytes) -> str:
    """Name the format the bytes hold: "pdf", "docx", "ole", "zip" or "txt"."""
    head = data[:_SNIFF_BYTES]
    if _PDF_MAGIC in head:
        return "pdf"
    if data.startswith(OLE_MAGIC):
        return "ole"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "docx" if _zip_has_document(data) else "zip"
    return "txt"


def _load(path: str) -> bytes:
    p = Path(path)
    try:
        if not p.exists():
            raise ReadError(path, "文件不存在")
        if p.is_dir():
            raise ReadError(path, "这是一个文件夹，不是文件")
        return p.read_bytes()
    except PermissionError:
        raise ReadError(path, "无权限读取文件") from None
    except IsADirectoryError:
        raise ReadError(path, "这是一个文件夹，不是文件") from None
    except OSError as exc:
        raise ReadError(path, f"文件无法打开（{exc.strerror or type(exc).__name__}）") from None


def _dispatch(path: str, data: bytes) -> Source:
    if not data:
        raise ReadError(path, "文件为空")
    kind = sniff(data)
    suffix = Path(path).suffix.lower()
    if kind == "pdf":
        from nlp_toolkit.readers.pdf import read_pdf_bytes

        return read_pdf_bytes(data, path)
    if kind == "docx":
        from nlp_toolkit.readers.docx import read_docx_bytes

        return read_docx_bytes(data, path)
    if kind == "ole":
        from nlp_toolkit.readers.docx import ole_reason

        raise ReadError(path, ole_reason(data))
    if suffix == ".pdf":
        raise ReadError(path, "PDF 文件已损坏，无法打开（缺少 PDF 文件头）")
    if suffix == ".docx":
        raise ReadError(path, "DOCX 文件已损坏，无法打开")
    if kind == "zip":
        raise ReadError(path, BINARY_REASON)
    return read_txt_bytes(data, path)


def _zip_has_document(data: bytes) -> bool:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
