"""Readers: turn a TXT, DOCX, PDF, OFD, .doc/.wps or JPG/PNG/TIFF/BMP file into a `Source`, choosing the format by content.

`read(path)` sniffs the first bytes (``%PDF-`` → PDF, a ZIP holding ``word/document.xml`` →
DOCX, an OLE compound file → encrypted DOCX or legacy .doc, a JPEG/PNG/TIFF/BMP signature → OCR,
anything else → text) and only
falls back on the suffix to word the error when the content matches no format. Every
failure is a `ReadError` with a short Chinese reason; no other exception escapes.
"""
from __future__ import annotations

import errno
import os
import stat
import zipfile
from pathlib import Path

from nlp_toolkit.model import Source
from nlp_toolkit.readers import limits as _limits
from nlp_toolkit.readers.base import ReadError
from nlp_toolkit.readers.images import MAGICS, image_kind
from nlp_toolkit.readers.limits import Limits, set_max_size, too_large_reason
from nlp_toolkit.readers.txt import BINARY_REASON, normalize_newlines, read_txt_bytes

__all__ = ["Limits", "ReadError", "read", "read_text", "set_max_size", "sniff"]

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_PDF_MAGIC = b"%PDF-"
_SNIFF_BYTES = 1024


def read_text(text: str, path: str = "<text>") -> Source:
    """Wrap an in-memory string as a Source (line endings normalised, BOM dropped)."""
    if not isinstance(text, str):
        raise ReadError(path, "输入不是字符串")
    return Source(path=path, format="text", text=normalize_newlines(text))


def read(path: str | os.PathLike, *, max_size_mb: float | None = None) -> Source:
    """Read a report file of any supported format into a Source.

    `max_size_mb` bounds the text a file may yield (default: `limits.current()`, 20 MB).
    """
    name = str(path)
    limits = _limits.current(max_size_mb)
    try:
        return _dispatch(name, _load(name, limits), limits)
    except ReadError:
        raise
    except Exception as exc:  # a reader bug or a file no check foresaw: still a ReadError
        raise ReadError(name, f"文件无法读取（{type(exc).__name__}）") from exc


def sniff(data: bytes) -> str:
    """Name the format the bytes hold: "pdf", "docx", "ofd", "ole", "zip", "image" or "txt"."""
    head = data[:_SNIFF_BYTES]
    if image_kind(data):
        return "image"
    if _PDF_MAGIC in head:
        return "pdf"
    if data.startswith(OLE_MAGIC):
        return "ole"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    return "txt"


def _load(path: str, limits: Limits) -> bytes:
    """The file's bytes, refusing what is not a regular file or is larger than the limits allow."""
    p = Path(path)
    try:
        try:
            info = p.stat()
        except FileNotFoundError:
            raise ReadError(path, "符号链接指向的文件不存在" if p.is_symlink() else "文件不存在") from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise ReadError(path, "符号链接循环（链接最终指向自身），无法读取") from None
            raise
        if stat.S_ISDIR(info.st_mode):
            raise ReadError(path, "这是一个文件夹，不是文件")
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(path, "不是普通文件（设备、管道或套接字），未读取")
        with open(p, "rb") as fh:  # bounded even if the file grows after stat
            if info.st_size > limits.max_text_bytes and _plain_text(fh.read(_SNIFF_BYTES)):
                raise ReadError(path, too_large_reason(info.st_size, limits.max_text_bytes, "文本文件"))
            if info.st_size > limits.max_file_bytes:
                raise ReadError(path, too_large_reason(info.st_size, limits.max_file_bytes))
            fh.seek(0)
            data = fh.read(limits.max_file_bytes + 1)
        if len(data) > limits.max_file_bytes:
            raise ReadError(path, too_large_reason(len(data), limits.max_file_bytes))
        return data
    except FileNotFoundError:  # removed between stat and open
        raise ReadError(path, "文件不存在（可能在分析过程中被移走或删除）") from None
    except PermissionError:
        raise ReadError(path, "无权限读取文件") from None
    except IsADirectoryError:
        raise ReadError(path, "这是一个文件夹，不是文件") from None
    except OSError as exc:
        raise ReadError(path, f"文件无法打开（{exc.strerror or type(exc).__name__}）") from None


def _dispatch(path: str, data: bytes, limits: Limits | None = None) -> Source:
    limits = limits or _limits.current()
    if not data:
        raise ReadError(path, "文件为空")
    kind = sniff(data)
    suffix = Path(path).suffix.lower()
    if kind == "pdf":
        from nlp_toolkit.readers.pdf import read_pdf_bytes

        return read_pdf_bytes(data, path, limits=limits)
    if kind == "docx":
        from nlp_toolkit.readers.docx import read_docx_bytes

        return read_docx_bytes(data, path, limits=limits)
    if kind == "ofd":
        from nlp_toolkit.readers.ofd import read_ofd_bytes

        return read_ofd_bytes(data, path, limits=limits)
    if kind == "image":
        from nlp_toolkit.readers.ocr import read_image_bytes

        return read_image_bytes(data, path, limits=limits)
    if kind == "ole":
        return _read_ole(path, data, suffix, limits)
    if suffix == ".pdf":
        raise ReadError(path, "PDF 文件已损坏，无法打开（缺少 PDF 文件头）")
    if suffix == ".ofd":
        raise ReadError(path, "OFD 文件已损坏，无法打开")
    if suffix == ".docx":
        raise ReadError(path, "DOCX 文件已损坏，无法打开")
    if suffix in IMAGE_SUFFIXES:
        raise ReadError(path, "图片文件已损坏，无法打开")
    if kind == "zip":
        raise ReadError(path, BINARY_REASON)
    if len(data) > limits.max_text_bytes:
        raise ReadError(path, too_large_reason(len(data), limits.max_text_bytes, "文本文件"))
    return read_txt_bytes(data, path)


IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp")


def _read_ole(path: str, data: bytes, suffix: str, limits: Limits) -> Source:
    """A legacy .doc/.wps goes through LibreOffice; an encrypted package or other OLE file is refused."""
    from nlp_toolkit.readers.docx import ole_reason

    if "EncryptedPackage".encode("utf-16-le") in data or "WordDocument".encode("utf-16-le") not in data:
        raise ReadError(path, ole_reason(data))
    from nlp_toolkit.readers.legacy import read_legacy_bytes

    return read_legacy_bytes(data, path, limits=limits, kind="wps" if suffix == ".wps" else "doc")


def _plain_text(head: bytes) -> bool:
    """True when the first bytes of a file name no binary format (PDF, OLE, ZIP)."""
    return not (_PDF_MAGIC in head or head.startswith((OLE_MAGIC, b"PK", *MAGICS)) or image_kind(head) is not None)


def _zip_kind(data: bytes) -> str:
    """"docx" for a Word package, "ofd" for an OFD package, else "zip"."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    return "ofd" if "OFD.xml" in names else "zip"
