"""Bounds every reader keeps, so one hostile or oversized file cannot exhaust memory or time.

`max_size_mb` (default 20, raised by ``--max-size``) bounds the text a file may yield: a TXT
file's bytes, and the characters extracted from a DOCX or PDF. A DOCX or PDF file itself may
be 2.5 times larger (images take room), at least 50 MB. Inside a DOCX package the uncompressed
parts are bounded too (zip bombs), and a PDF is bounded in pages and in parsing time.

The CLI calls `set_max_size`; it also exports ``NLP_TOOLKIT_MAX_SIZE_MB`` so worker processes
of a parallel engine see the same limit.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from nlp_toolkit.readers.base import ReadError
from nlp_toolkit.readers.txt import NO_TEXT_REASON

ENV_VAR = "NLP_TOOLKIT_MAX_SIZE_MB"
DEFAULT_MAX_SIZE_MB = 20.0
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_size_mb: float = DEFAULT_MAX_SIZE_MB
    max_pdf_pages: int = 2000
    pdf_seconds: float = 120.0  # checked between pages; the worker pool's time limit covers a single page
    ocr_seconds: float = 100.0  # OCR of a scan, checked between pages (below the per-file 120 s, so its reason is the one shown)
    max_image_pixels: int = 80_000_000  # an image (or a rendered page) larger than this is refused from its header
    max_zip_members: int = 5000
    max_zip_ratio: float = 100.0  # a part this much larger than its compressed size …
    zip_ratio_floor_mb: float = 10.0  # … and larger than this is a zip bomb

    @property
    def max_text_bytes(self) -> int:
        return int(self.max_size_mb * MB)

    @property
    def max_file_bytes(self) -> int:
        return int(max(50.0, 2.5 * self.max_size_mb) * MB)

    @property
    def max_unzipped_bytes(self) -> int:
        """Total uncompressed size of a DOCX package's parts."""
        return int(max(256.0, 10 * self.max_size_mb) * MB)


_configured: float | None = None


def set_max_size(mb: float | None) -> None:
    """Set the size limit for this process and the worker processes it starts (None: default)."""
    global _configured
    _configured = mb
    if mb is None:
        os.environ.pop(ENV_VAR, None)
    else:
        os.environ[ENV_VAR] = repr(float(mb))


def current(max_size_mb: float | None = None) -> Limits:
    """The limits in force: an explicit value, else `set_max_size`, else the environment, else 20 MB."""
    for value in (max_size_mb, _configured, os.environ.get(ENV_VAR)):
        if value is None or value == "":
            continue
        try:
            mb = float(value)
        except ValueError:
            continue
        if mb > 0:
            return Limits(max_size_mb=mb)
    return Limits()


def fmt_mb(n_bytes: float) -> str:
    """A size as the user reads it: 52.4 MB, 20 MB, 0.8 MB, 12 KB, 300 字节."""
    mb = n_bytes / MB
    if mb < 0.1:
        return f"{n_bytes / 1024:.0f} KB" if n_bytes >= 1024 else f"{n_bytes:.0f} 字节"
    return f"{mb:.0f} MB" if mb >= 100 or mb == int(mb) else f"{mb:.1f} MB"


def too_large_reason(size: int, limit: int, what: str = "文件") -> str:
    return f"{what}过大（{fmt_mb(size)}，上限 {fmt_mb(limit)}），未读取；如确需分析，请用 --max-size 提高上限"


def check_extracted_text(text: str, path: str, limits: Limits, what: str) -> None:
    """Refuse text a reader extracted from a package (DOCX, OFD …) that is empty or over the limit."""
    if not text.strip():
        raise ReadError(path, NO_TEXT_REASON)
    size = len(text.encode("utf-8"))
    if size > limits.max_text_bytes:
        raise ReadError(path, too_large_reason(size, limits.max_text_bytes, what))
