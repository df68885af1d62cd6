"""Bounds every reader keeps, so one hostile or oversized file cannot exhaust memory or time.

`max_size_mb` (default 20, raised by ``--max-size``) bounds the text a file may yield: a TXT
file's bytes, and the characters extracted from a DOCX or PDF. A DOCX or PDF file itself may
be 2.5 times larger (images take room), at least 50 MB. Inside a DOCX package the uncompressed
parts are bounded too (zip bombs; each XML part by the bytes actually read), and a PDF is
bounded in pages (declared and walked), inflated stream bytes, what one page paints, form
XObject nesting, and parsing time (`readers/pdf_budget.py`).

The CLI calls `set_max_size`; it also exports ``NLP_TOOLKIT_MAX_SIZE_MB`` so worker processes
of a parallel engine see the same limit. The per-file time limit (and so the OCR share of it)
is exported the same way for this machine's workers (`set_time_limit`); a task that runs on a
worker that did not inherit this process's environment (a remote Dask worker) carries both
itself and reads under `file_time_limit` and `file_max_size`.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from nlp_toolkit.readers.base import ReadError
from nlp_toolkit.readers.txt import NO_TEXT_REASON

ENV_VAR = "NLP_TOOLKIT_MAX_SIZE_MB"
DEFAULT_MAX_SIZE_MB = 20.0
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_size_mb: float = DEFAULT_MAX_SIZE_MB
    max_pdf_pages: int = 2000  # the declared count is checked before any page is read
    pdf_seconds: float = 120.0  # checked inside a page too (readers/pdf_budget.py)
    max_pdf_page_operations: int = 500_000  # characters, paths and images painted on one page
    max_pdf_paths: int = 100_000  # lines and shapes of one page kept (more are passed over)
    max_pdf_forms: int = 10_000  # form XObjects drawn on one page …
    max_pdf_form_depth: int = 16  # … and nested inside each other
    max_docx_xml_mb: float = 64.0  # one XML part of a DOCX, counted as it is read (at least 3× the text limit)
    ocr_seconds: float | None = 100.0  # OCR of a scan, checked between pages (None: no limit); see `ocr_share`
    time_limit: float | None = 120.0  # the per-file limit `ocr_seconds` was derived from (named in its message)
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
    def max_pdf_stream_bytes(self) -> int:
        """One inflated PDF stream (a page's content, a font)."""
        return int(max(64.0, 2 * self.max_size_mb) * MB)

    @property
    def max_pdf_inflated_bytes(self) -> int:
        """All the streams of one PDF inflated together."""
        return int(max(512.0, 10 * self.max_size_mb) * MB)

    @property
    def max_docx_xml_bytes(self) -> int:
        return int(max(self.max_docx_xml_mb, 3 * self.max_size_mb) * MB)

    @property
    def max_unzipped_bytes(self) -> int:
        """Total uncompressed size of a DOCX package's parts."""
        return int(max(256.0, 10 * self.max_size_mb) * MB)


_configured: float | None = None
TIME_ENV_VAR = "NLP_TOOLKIT_TIME_LIMIT"
OCR_SHARE = 5 / 6  # of the per-file time limit, given to OCR: it stops first, so its reason (pages read) is shown


def ocr_seconds_for(time_limit: float | None) -> float | None:
    """The OCR budget under a per-file time limit (None: no limit, so none for OCR either)."""
    return None if time_limit is None else time_limit * OCR_SHARE


def set_time_limit(seconds: float | None) -> None:
    """Export the per-file time limit (None: none) so the OCR of a scan in this process and in
    the worker processes it starts follows it (`current`)."""
    os.environ[TIME_ENV_VAR] = "none" if seconds is None else repr(float(seconds))


def clear_time_limit() -> None:
    os.environ.pop(TIME_ENV_VAR, None)


_task = threading.local()  # the per-file limit a task brought with it, for the reads of its thread
_UNSET = object()


@contextmanager
def file_time_limit(seconds: float | None) -> Iterator[None]:
    """Reads in this thread follow `seconds` (None: no limit) whatever this process's environment
    says: a Dask task brings its run's limit to a worker started elsewhere (`engines.analyze_on_worker`)."""
    with _brought("seconds", seconds, _UNSET):
        yield


def _time_limit() -> float | None:
    """The limit of the task running in this thread, else the exported per-file limit, else the
    engines' default 120 s."""
    brought = getattr(_task, "seconds", _UNSET)
    if brought is not _UNSET:
        return None if brought is None else float(brought)
    value = os.environ.get(TIME_ENV_VAR, "")
    if value == "none":
        return None
    try:
        seconds = float(value)
    except ValueError:
        return Limits.time_limit
    return seconds if seconds > 0 else Limits.time_limit


@contextmanager
def file_max_size(mb: float | None) -> Iterator[None]:
    """Reads in this thread bound a file's text by `mb` MB (None: as this process is set up)
    whatever this process's environment says: a Dask task brings its run's `--max-size` to a
    worker started elsewhere (`engines.analyze_on_worker`)."""
    with _brought("max_size_mb", mb, None):
        yield


@contextmanager
def _brought(name: str, value, unset) -> Iterator[None]:
    """This thread's task setting `name` is `value` inside the block, as it was (or `unset`) after."""
    previous = getattr(_task, name, unset)
    setattr(_task, name, value)
    try:
        yield
    finally:
        setattr(_task, name, previous)


def set_max_size(mb: float | None) -> None:
    """Set the size limit for this process and the worker processes it starts (None: default)."""
    global _configured
    _configured = mb
    if mb is None:
        os.environ.pop(ENV_VAR, None)
    else:
        os.environ[ENV_VAR] = repr(float(mb))


def current(max_size_mb: float | None = None) -> Limits:
    """The limits in force: the size an explicit value, else the one the running task brought
    (`file_max_size`), else `set_max_size`, else the environment, else 20 MB; the OCR time a
    share of the per-file time limit (`file_time_limit`, `set_time_limit`)."""
    seconds = _time_limit()
    timing = {"time_limit": seconds, "ocr_seconds": ocr_seconds_for(seconds)}
    for value in (max_size_mb, getattr(_task, "max_size_mb", None), _configured, os.environ.get(ENV_VAR)):
        if value is None or value == "":
            continue
        try:
            mb = float(value)
        except ValueError:
            continue
        if mb > 0:
            return Limits(max_size_mb=mb, **timing)
    return Limits(**timing)


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
