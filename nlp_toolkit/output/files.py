"""Writing output files safely: atomically, never over an input, never over a file without --force."""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


class OutputRefused(Exception):
    """An output path that must not be written; `reason` is Chinese, for the user."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def check_target(path: Path, *, force: bool = False, inputs: Iterable[Path] = ()) -> None:
    """Refuse to write over an input file, or over an existing file unless `force`."""
    target = os.path.realpath(path)  # realpath, unlike Path.resolve, never raises on a symlink loop
    if any(target == os.path.realpath(p) for p in inputs):
        raise OutputRefused(path, "输出文件与输入文件相同，已拒绝写入")
    if os.path.isdir(target):
        raise OutputRefused(path, "输出路径是一个文件夹")
    if os.path.exists(target) and not force:
        raise OutputRefused(path, "输出文件已存在，未覆盖（如需覆盖请加 --force）")


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside `path`, renamed into place when the block ends without error.

    An interrupted run (an exception, Ctrl-C) leaves no half-written file behind.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an output gets the usual mode
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Call `write(tmp_path)` on a temporary file beside `path`, then rename it into place."""
    with replacing(path) as tmp:
        write(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_SURROGATE = re.compile("[\ud800-\udfff]")


def visible(text: str, backslash: str = "\\") -> str:
    r"""`text` with every lone surrogate (a file name's undecodable byte) as a visible escape.

    Such a byte arrives as U+DC80..U+DCFF (Python's surrogateescape) and is written ``\xb9``;
    any other lone surrogate is written ``\udXXX``. The result always encodes as UTF-8.
    `backslash`: how the escape's backslash is written (``\\`` inside a JSON string).
    """
    return _SURROGATE.sub(lambda match: backslash + _escape(ord(match.group())), text)


def _escape(code: int) -> str:
    return f"x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"u{code:04x}"


def write_text_atomic(path: Path, text: str) -> None:
    write_atomic(path, lambda tmp: tmp.write_text(visible(text), encoding="utf-8"))
