"""Readers: turn a TXT, DOCX, PDF, OFD, .doc/.wps or JPG/PNG/TIFF/BMP file into a `Source`, choosing the format by content.

`read(path)` asks each registered reader (`READERS`, `readers/builtin.py` and plug-ins) whether
it knows the first bytes (``%PDF-`` → PDF, a ZIP holding ``word/document.xml`` → DOCX, an OLE
compound file → encrypted DOCX or legacy .doc, a JPEG/PNG/TIFF/BMP signature → OCR, anything else →
text) and only falls back on the suffix to word the error when the content matches no format. Every
failure is a `ReadError` with a short Chinese reason; no other exception escapes.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from nlp_toolkit.model import Source
from nlp_toolkit.readers import limits as _limits
from nlp_toolkit.readers.base import READERS, ReadError, Reader
from nlp_toolkit.readers.builtin import OLE_MAGIC, PDF_MAGIC, SNIFF_BYTES, ZIP_MAGICS
from nlp_toolkit.readers.images import image_kind
from nlp_toolkit.readers.limits import Limits, set_max_size, too_large_reason
from nlp_toolkit.readers.txt import normalize_newlines

__all__ = ["READERS", "Limits", "ReadError", "Reader", "format_labels", "read", "read_text", "readers", "set_max_size", "sniff",
           "supported_suffixes", "unsupported_reason"]


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
    """Name the format the bytes hold: a reader's name ("pdf", "docx", "ofd", "ole", "image" …),
    "zip" for another ZIP package, or "txt"."""
    for reader in readers():
        if reader.sniff is not None and reader.sniff(data):
            return reader.name
    return "zip" if data.startswith(ZIP_MAGICS) else "txt"


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
            if info.st_size > limits.max_text_bytes and _plain_text(fh.read(SNIFF_BYTES)):
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


def readers() -> list[Reader]:
    """Every registered reader in sniffing order (the plain-text fallback last)."""
    return sorted(READERS.all().values(), key=lambda r: r.priority)


def supported_suffixes() -> tuple[str, ...]:
    """The suffixes read from a folder: every reader's, in registration order."""
    return tuple(s for reader in READERS.all().values() for s in reader.suffixes)


def format_labels() -> list[str]:
    """The formats as the user is told them (TXT, DOCX, PDF …), in registration order."""
    return [label for reader in READERS.all().values() for label in reader.labels]


def unsupported_reason(suffix: str) -> str:
    """Why a file of a folder with this suffix is skipped, naming every format that is read."""
    labels = format_labels()
    listed = "、".join(labels[:-1]) + f" 和 {labels[-1]}" if len(labels) > 1 else "".join(labels)
    return f"不支持的文件类型（{suffix or '无扩展名'}），已跳过；支持 {listed}"


def _dispatch(path: str, data: bytes, limits: Limits | None = None) -> Source:
    """The first reader whose sniff claims the bytes; a known suffix with unknown content is
    damaged; anything else is read as text."""
    limits = limits or _limits.current()
    if not data:
        raise ReadError(path, "文件为空")
    ordered = readers()
    for reader in ordered:
        if reader.sniff is not None and reader.sniff(data):
            return reader.read(data, path, limits)
    suffix = Path(path).suffix.lower()
    for reader in ordered:
        if reader.damaged and suffix in reader.suffixes:
            raise ReadError(path, reader.damaged)
    fallback = next(r for r in ordered if r.sniff is None)
    return fallback.read(data, path, limits)


def _plain_text(head: bytes) -> bool:
    """True when the first bytes of a file name no binary format (PDF, OLE, ZIP, an image)."""
    return not (PDF_MAGIC in head or head.startswith((OLE_MAGIC, b"PK")) or image_kind(head) is not None)
