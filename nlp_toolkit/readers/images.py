"""Page images by their first bytes: which kind (JPG, PNG, TIFF, BMP) and the size their headers
state, read without decoding a pixel, so an oversized image is refused before it is loaded.

Standard library only (the sniffer imports it on every read); the decoding and OCR are in
`readers/ocr.py`, the optional extra.
"""
from __future__ import annotations

import struct

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
TIFF_MAGICS = (b"II*\x00", b"MM\x00*")
BMP_MAGIC = b"BM"
_BMP_HEADER_SIZES = (12, 40, 52, 56, 64, 108, 124)  # the DIB headers Windows and OS/2 write
MAX_TIFF_PAGES = 10_000  # IFDs walked at most (a loop of IFD offsets ends here too)
INSTALL_HINT = "请安装文字识别组件：pip install nlp-toolkit[ocr]"


def mixed_missing_reason(unread: list[int]) -> str:
    """The warning for a mixed PDF read without the OCR extra: which pages were left unread."""
    pages = "、".join(map(str, unread))
    return f"第 {pages} 页为扫描页（无文本层），未安装文字识别组件，这些页未读取：{INSTALL_HINT}"


def image_kind(data: bytes) -> str | None:
    """"jpg", "png", "tiff" or "bmp" when the bytes start like such an image, else None."""
    if data.startswith(PNG_MAGIC):
        return "png"
    if data.startswith(JPEG_MAGIC):
        return "jpg"
    if data.startswith(TIFF_MAGICS):
        return "tiff"
    if data.startswith(BMP_MAGIC) and len(data) >= 26 and _u32(data, 14, "<") in _BMP_HEADER_SIZES:
        return "bmp"
    return None


def header_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) as the header states it (a TIFF: its largest page), None when unreadable."""
    sizes = page_sizes(data)
    if not sizes:
        return None
    return max(sizes, key=lambda size: size[0] * size[1])


def page_sizes(data: bytes) -> list[tuple[int, int]]:
    """The stated (width, height) of each page: one for JPG, PNG and BMP, one per IFD for a TIFF."""
    kind = image_kind(data)
    if kind == "png":
        return [struct.unpack(">II", data[16:24])] if data[12:16] == b"IHDR" and len(data) >= 24 else []
    if kind == "jpg":
        size = _jpeg_size(data)
        return [size] if size else []
    if kind == "bmp":
        return [_bmp_size(data)]
    if kind == "tiff":
        return _tiff_sizes(data)
    return []


def _u32(data: bytes, pos: int, order: str) -> int:
    return struct.unpack(order + "I", data[pos:pos + 4])[0]


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC) and pos + 9 <= len(data):
            height, width = struct.unpack(">HH", data[pos + 5:pos + 9])
            return width, height
        pos += 2 + length
    return None


def _bmp_size(data: bytes) -> tuple[int, int]:
    if _u32(data, 14, "<") == 12:  # OS/2 core header: unsigned 16-bit
        return struct.unpack("<HH", data[18:22])
    width, height = struct.unpack("<ii", data[18:26])
    return abs(width), abs(height)  # a negative height is a top-down bitmap


def _tiff_sizes(data: bytes) -> list[tuple[int, int]]:
    """Width and height (tags 256, 257) of each IFD in the chain; an IFD without them ends it."""
    order = "<" if data.startswith(b"II") else ">"
    sizes, seen = [], set()
    offset = _u32(data, 4, order) if len(data) >= 8 else 0
    while offset and offset not in seen and offset + 2 <= len(data) and len(sizes) < MAX_TIFF_PAGES:
        seen.add(offset)
        (count,) = struct.unpack(order + "H", data[offset:offset + 2])
        end = offset + 2 + 12 * count
        if end + 4 > len(data):
            break
        tags = _tiff_tags(data, offset + 2, count, order)
        if 256 not in tags or 257 not in tags:
            break
        sizes.append((tags[256], tags[257]))
        offset = _u32(data, end, order)
    return sizes


def _tiff_tags(data: bytes, start: int, count: int, order: str) -> dict[int, int]:
    tags = {}
    for pos in range(start, start + 12 * count, 12):
        tag, kind = struct.unpack(order + "HH", data[pos:pos + 4])
        if tag in (256, 257) and kind in (3, 4):  # SHORT or LONG, held in the entry itself
            fmt = "H" if kind == 3 else "I"
            tags[tag] = struct.unpack(order + fmt, data[pos + 8:pos + 8 + struct.calcsize(fmt)])[0]
    return tags
