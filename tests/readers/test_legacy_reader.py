"""Legacy .doc / .wps files: converted by LibreOffice (a stand-in soffice on PATH here), then read as DOCX."""
from __future__ import annotations

import os
import stat
import sys

import docx
import pytest

from nlp_toolkit.readers import ReadError, legacy, read

OLE = bytes.fromhex("D0CF11E0A1B11AE1")
DOC_BYTES = OLE + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(64)


def _fake_soffice(bin_dir, body: str):
    """Write an executable `soffice` that runs `body` (Python) with argv as LibreOffice would get it."""
    bin_dir.mkdir()
    exe = bin_dir / "soffice"
    exe.write_text(f"#!{sys.executable}\nimport sys, os, shutil, time\nargs = sys.argv[1:]\n{body}\n", encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    return exe


@pytest.fixture
def converter(tmp_path, monkeypatch):
    """A soffice that 'converts' by copying a prepared DOCX into --outdir as input.docx."""
    made = tmp_path / "made.docx"
    document = docx.Document()
    document.add_paragraph("一、主要工作")
    document.add_paragraph("全年完成培训12场。")
    document.save(made)
    body = (
        "out = args[args.index('--outdir') + 1]\n"
        "os.makedirs(out, exist_ok=True)\n"
        "assert args[-1].startswith(os.getcwd())\n"
        f"shutil.copy({str(made)!r}, os.path.join(out, 'input.docx'))"
    )
    _fake_soffice(tmp_path / "bin", body)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")


@pytest.mark.parametrize("suffix, fmt", [(".doc", "doc"), (".wps", "wps")])
def test_legacy_file_is_converted_and_read(converter, tmp_path, suffix, fmt):
    src = tmp_path / "in" / f"报告{suffix}"
    src.parent.mkdir()
    src.write_bytes(DOC_BYTES)
    source = read(src)
    assert source.format == fmt
    assert "全年完成培训12场。" in source.text
    assert sorted(p.name for p in src.parent.iterdir()) == [src.name]  # nothing written beside the input
    assert src.read_bytes() == DOC_BYTES


def test_missing_soffice_names_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(legacy, "soffice_path", lambda: None)
    src = tmp_path / "a.doc"
    src.write_bytes(DOC_BYTES)
    with pytest.raises(ReadError, match="libreoffice-writer-nogui"):
        read(src)


def test_hanging_libreoffice_gives_one_line(tmp_path, monkeypatch):
    _fake_soffice(tmp_path / "bin", "time.sleep(60)")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(ReadError, match="超时") as info:
        legacy.convert_to_docx(DOC_BYTES, "a.doc", seconds=0.5)
    assert "\n" not in str(info.value)


def test_failed_conversion_is_a_read_error(tmp_path, monkeypatch):
    _fake_soffice(tmp_path / "bin", "sys.exit(1)")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    src = tmp_path / "locked.doc"
    src.write_bytes(DOC_BYTES)
    with pytest.raises(ReadError, match="无法转换"):
        read(src)


def test_encrypted_docx_is_not_sent_to_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr(legacy, "soffice_path", lambda: pytest.fail("soffice must not run"))
    src = tmp_path / "enc.docx"
    src.write_bytes(OLE + bytes(504) + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(ReadError, match="加密"):
        read(src)


@pytest.mark.skipif(legacy.soffice_path() is None, reason="LibreOffice not installed (CI installs it)")
def test_real_libreoffice_round_trip(tmp_path):
    made = tmp_path / "src.docx"
    document = docx.Document()
    document.add_paragraph("二、存在问题")
    document.save(made)
    import subprocess

    subprocess.run([legacy.soffice_path(), f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path / "o"), str(made)], check=True, timeout=120)
    assert "二、存在问题" in read(tmp_path / "o" / "src.doc").text
