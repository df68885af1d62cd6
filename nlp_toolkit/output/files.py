"""Writing output files safely: atomically, never over an input, never over a file without --force."""
from __future__ import annotations

import os
import re
import stat
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


def check_target(path: Path, *, force: bool = False, inputs: Iterable[Path] = (), create_dirs: bool = False) -> None:
    """Refuse, before any work is done, an output that could not or must not be written: over an
    input file, over an existing file unless `force`, into a folder that does not exist (unless
    `create_dirs`: a mistyped folder should not silently appear), under a file, or unwritable."""
    target = os.path.realpath(path)  # realpath, unlike Path.resolve, never raises on a symlink loop
    if any(target == os.path.realpath(p) for p in inputs):
        raise OutputRefused(path, "输出文件与输入文件相同，已拒绝写入")
    if os.path.isdir(target):
        raise OutputRefused(path, "输出路径是一个文件夹")
    if _special(target):
        return  # /dev/null, /dev/stdout, a FIFO: written into in place, nothing is replaced
    if os.path.exists(target) and not force:
        raise OutputRefused(path, "输出文件已存在，未覆盖（如需覆盖请加 --force）")
    parent = os.path.dirname(target)
    while create_dirs and not os.path.exists(parent) and os.path.dirname(parent) != parent:
        parent = os.path.dirname(parent)  # the nearest existing folder is the one written into
    if os.path.exists(parent) and not os.path.isdir(parent):
        raise OutputRefused(path, f"输出文件的上级路径 {parent} 是一个文件，不是文件夹")
    if not os.path.isdir(parent):
        raise OutputRefused(path, f"输出文件夹 {parent} 不存在（不会自动创建：请先建好、改正路径或加 --create-dirs）")
    if not os.access(parent, os.W_OK | os.X_OK) or not _can_create_in(parent):
        raise OutputRefused(path, f"无法在输出文件夹 {parent} 中写入（无权限或只读）")


def _special(target: str) -> bool:
    """An existing path that is neither a regular file nor a folder (a device, a FIFO)."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _can_create_in(folder: str) -> bool:
    """Whether a file can really be created there (os.access says yes to root on /proc)."""
    try:
        fd, probe = tempfile.mkstemp(prefix=".nlp-toolkit-probe.", suffix=".part", dir=folder)
    except OSError:
        return False
    os.close(fd)
    os.unlink(probe)
    return True


class OutputAppeared(OutputRefused):
    """The output file was created by someone else while the batch ran; `kept` holds the result."""

    def __init__(self, path: Path, kept: Path):
        super().__init__(path, f"输出文件在分析期间已被创建，未覆盖（如需覆盖请加 --force）；本次结果已写入 {kept}")
        self.kept = kept


@contextmanager
def replacing(path: Path, *, overwrite: bool = True) -> Iterator[Path]:
    """A temporary file beside `path`, renamed into place when the block ends without error.

    An interrupted run (an exception, Ctrl-C, SIGTERM in the CLI) leaves no half-written file
    behind, and a temporary file left by a run that was killed outright is removed by the next
    write beside it (its name carries the writer's pid). `overwrite=False`: a `path` that
    appeared meanwhile is kept, the result goes to a free name beside it (`OutputAppeared`).
    """
    path = Path(path)
    if _special(os.path.realpath(path)):  # never rename a file over /dev/null: write into it
        yield path
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".part", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an output gets the usual mode
    try:
        yield Path(tmp)
        if overwrite:
            os.replace(tmp, path)
        elif not _place_new(Path(tmp), path):
            kept = _free_name(path)
            _place_new(Path(tmp), kept)
            raise OutputAppeared(path, kept)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _place_new(tmp: Path, path: Path) -> bool:
    """Give `tmp` the name `path` only if no file has it (atomically where links exist)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        return False
    except OSError:  # no hard links on this file system: exclusive create, then replace
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return False
        os.replace(tmp, path)
        return True
    tmp.unlink()
    return True


def _free_name(path: Path) -> Path:
    for n in range(1, 10_000):
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        if not candidate.exists():
            return candidate
    raise OutputRefused(path, "找不到可用的输出文件名")


_PART = re.compile(r"\.(\d+)\.[^.]+\.part")


def remove_stale_parts(path: Path) -> list[Path]:
    """Remove the temporary files beside `path` whose writer process no longer runs."""
    removed = []
    prefix = f".{path.name}."
    try:
        names = os.listdir(path.parent)
    except OSError:
        return removed
    for name in names:
        m = _PART.fullmatch(name[len(prefix) - 1:]) if name.startswith(prefix) else None
        if m and not _running(int(m.group(1))):
            try:
                (path.parent / name).unlink()
                removed.append(path.parent / name)
            except OSError:
                pass
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_atomic(path: Path, write: Callable[[Path], None], *, overwrite: bool = True) -> None:
    """Call `write(tmp_path)` on a temporary file beside `path`, then rename it into place."""
    with replacing(path, overwrite=overwrite) as tmp:
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


def write_text_atomic(path: Path, text: str, *, overwrite: bool = True) -> None:
    write_atomic(path, lambda tmp: tmp.write_text(visible(text), encoding="utf-8"), overwrite=overwrite)
