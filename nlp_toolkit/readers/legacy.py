"""Legacy Word (.doc) and WPS (.wps) files: converted to DOCX by LibreOffice, then read as DOCX.

The conversion runs ``soffice --headless --convert-to docx`` on a copy of the bytes in a
temporary folder (the input file is never touched and nothing is written beside it), under a
time limit and with its own LibreOffice profile, so a hanging or password-prompting
LibreOffice ends with one clear `ReadError`.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from nlp_toolkit.model import Source
from nlp_toolkit.readers.base import ReadError
from nlp_toolkit.readers.limits import Limits

CONVERT_SECONDS = 120.0
MISSING_REASON = (
    "这是旧版 Word（.doc）或 WPS 文件，需要 LibreOffice 转换后才能读取：请安装 LibreOffice"
    "（Debian/Ubuntu：apt-get install libreoffice-writer-nogui），或另存为 DOCX 后重新提交"
)
TIMEOUT_REASON = "旧版 Word（.doc）或 WPS 文件：LibreOffice 转换超时（{seconds:.0f} 秒），文件可能设置了打开密码或已损坏，请另存为 DOCX 后重新提交"
FAILED_REASON = "旧版 Word（.doc）或 WPS 文件：LibreOffice 无法转换（可能设置了打开密码或已损坏），请另存为 DOCX 后重新提交"


def soffice_path() -> str | None:
    """The LibreOffice executable on PATH (``soffice`` or ``libreoffice``), or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_legacy_bytes(data: bytes, path: str, *, limits: Limits, kind: str = "doc",
                      seconds: float = CONVERT_SECONDS) -> Source:
    """Convert .doc/.wps bytes to DOCX with LibreOffice and read that; format is `kind`."""
    from nlp_toolkit.readers.docx import read_docx_bytes

    converted = convert_to_docx(data, path, kind=kind, seconds=seconds)
    source = read_docx_bytes(converted, path, limits=limits)
    source.format = kind
    return source


def convert_to_docx(data: bytes, path: str, *, kind: str = "doc", seconds: float = CONVERT_SECONDS) -> bytes:
    """The DOCX bytes LibreOffice makes of `data`; every failure is a ReadError naming `path`."""
    exe = soffice_path()
    if exe is None:
        raise ReadError(path, MISSING_REASON)
    with tempfile.TemporaryDirectory(prefix="nlp-toolkit-convert-") as tmp:
        work = Path(tmp)
        src = work / f"input.{kind}"
        src.write_bytes(data)
        _run(exe, src, work, path, seconds)
        out = work / "out" / "input.docx"
        if not out.is_file() or out.stat().st_size == 0:
            raise ReadError(path, FAILED_REASON)
        return out.read_bytes()


def _run(exe: str, src: Path, work: Path, path: str, seconds: float) -> None:
    profile = (work / "profile").as_uri()
    cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
           "--convert-to", "docx", "--outdir", str(work / "out"), str(src)]
    env = dict(os.environ, HOME=str(work))
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, cwd=work, env=env, start_new_session=True)
    except OSError as exc:
        raise ReadError(path, f"LibreOffice 无法启动（{exc.strerror or type(exc).__name__}）") from None
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ReadError(path, TIMEOUT_REASON.format(seconds=seconds)) from None
    if proc.returncode != 0:
        raise ReadError(path, FAILED_REASON)


def _kill_group(proc: subprocess.Popen) -> None:
    import signal

    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()
    proc.wait()
