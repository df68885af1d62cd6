"""Issue 20, decoding: a GBK report with one short UTF-8 line, UTF-16 without a BOM and HZ are read
as written (not refused, not mojibake); random bytes with zeros are still binary."""
from __future__ import annotations

import os
import random

import pytest

from nlp_toolkit.readers import ReadError, read
from nlp_toolkit.readers.txt import BINARY_REASON, utf16_without_bom
from script_loader import load_script

HOSTILE = load_script("make_hostile_inputs")
LINES = HOSTILE._report_lines()[:30]


@pytest.mark.parametrize("pasted", ["附：", "注", "备注：详见附件。", "（完）"])
def test_gbk_report_with_a_short_utf8_line(tmp_path, pasted):
    path = tmp_path / "mixed.txt"
    path.write_bytes("\n".join(LINES[:10]).encode("gbk") + f"\n{pasted}\n".encode("utf-8")
                     + "\n".join(LINES[10:]).encode("gbk"))
    source = read(path)
    assert source.text.splitlines() == LINES[:10] + [pasted] + LINES[10:]
    assert source.encoding == "utf-8+gb18030"


def test_the_generated_case_reads(tmp_path):
    path = tmp_path / "case.txt"
    HOSTILE.gbk_with_utf8_line(path)
    assert "备注：详见附件。" in read(path).text


@pytest.mark.parametrize("big_endian", [False, True])
def test_utf16_without_bom(tmp_path, big_endian):
    path = tmp_path / "u16.txt"
    HOSTILE.utf16_no_bom(path, big_endian=big_endian)
    source = read(path)
    assert source.text.splitlines() == LINES
    assert source.encoding == ("utf-16-be" if big_endian else "utf-16-le")


def test_random_bytes_with_zeros_stay_binary(tmp_path):
    rng = random.Random(20)
    path = tmp_path / "binary.txt"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(4000)))
    assert utf16_without_bom(path.read_bytes()) is None
    with pytest.raises(ReadError) as info:
        read(path)
    assert info.value.reason == BINARY_REASON


def test_hz(tmp_path):
    path = tmp_path / "hz.txt"
    HOSTILE.hz_text(path)
    source = read(path)
    assert source.encoding == "hz" and source.text.splitlines()[1] == LINES[1]


def test_ascii_with_a_tilde_brace_is_not_hz(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_bytes(b"See ~{home} and ~} for details.\n")
    assert read(path).encoding == "utf-8"
