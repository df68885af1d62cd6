"""The toolkit's own readers, registered in the order they are named to the user.

Each `read` imports its module on first use, so PDF, DOCX or OCR libraries load only when a
file of that format comes.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from nlp_toolkit.readers.base import ReadError, Reader
from nlp_toolkit.readers.images import image_kind
from nlp_toolkit.readers.limits import too_large_reason
from nlp_toolkit.readers.txt import BINARY_REASON, read_txt_bytes

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
PDF_MAGIC = b"%PDF-"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
SNIFF_BYTES = 1024


def register(readers) -> None:
    for reader in (TEXT, DOCX, PDF, OFD, OLE, IMAGE):
        readers.register(reader.name, reader)


def _read_text(data: bytes, path: str, limits):
    """The fallback: anything no other reader claimed (a ZIP of another kind is refused as binary)."""
    if data.startswith(ZIP_MAGICS):
        raise ReadError(path, BINARY_REASON)
    if len(data) > limits.max_text_bytes:
        raise ReadError(path, too_large_reason(len(data), limits.max_text_bytes, "文本文件"))
    return read_txt_bytes(data, path)


def _read_docx(data, path, limits):
    from nlp_toolkit.readers.docx import read_docx_bytes

    return read_docx_bytes(data, path, limits=limits)


def _read_pdf(data, path, limits):
    from nlp_toolkit.readers.pdf import read_pdf_bytes

    return read_pdf_bytes(data, path, limits=limits)


def _read_ofd(data, path, limits):
    from nlp_toolkit.readers.ofd import read_ofd_bytes

    return read_ofd_bytes(data, path, limits=limits)


def _read_image(data, path, limits):
    from nlp_toolkit.readers.ocr import read_image_bytes

    return read_image_bytes(data, path, limits=limits)


def _read_ole(data, path, limits):
    """A legacy .doc/.wps goes through LibreOffice; an encrypted package or other OLE file is refused."""
    from nlp_toolkit.readers.docx import ole_reason

    if "EncryptedPackage".encode("utf-16-le") in data or "WordDocument".encode("utf-16-le") not in data:
        raise ReadError(path, ole_reason(data))
    from nlp_toolkit.readers.legacy import read_legacy_bytes

    kind = "wps" if Path(path).suffix.lower() == ".wps" else "doc"
    return read_legacy_bytes(data, path, limits=limits, kind=kind)


def zip_names(data: bytes) -> list[str]:
    """The member names of a ZIP package ([] when it is not one that opens)."""
    if not data.startswith(ZIP_MAGICS):
        return []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return []


def _is_image(data: bytes) -> bool:
    return image_kind(data) is not None


TEXT = Reader("txt", (".txt",), None, _read_text, labels=("TXT",), priority=100)
DOCX = Reader("docx", (".docx",), lambda data: "word/document.xml" in zip_names(data), _read_docx,
              labels=("DOCX",), damaged="DOCX 文件已损坏，无法打开", priority=40)
PDF = Reader("pdf", (".pdf",), lambda data: PDF_MAGIC in data[:SNIFF_BYTES], _read_pdf,
             labels=("PDF",), damaged="PDF 文件已损坏，无法打开（缺少 PDF 文件头）", priority=20)
OFD = Reader("ofd", (".ofd",), lambda data: "OFD.xml" in zip_names(data), _read_ofd,
             labels=("OFD",), damaged="OFD 文件已损坏，无法打开", priority=45)  # after DOCX: a Word package wins
OLE = Reader("ole", (".doc", ".wps"), lambda data: data.startswith(OLE_MAGIC), _read_ole,
             labels=("DOC", "WPS"), priority=30)
IMAGE = Reader("image", (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp"), _is_image, _read_image,
               labels=("JPG/PNG/TIFF/BMP 图片",), damaged="图片文件已损坏，无法打开", priority=10)
