"""Chinese numerals: one-character ones read without cn2an agree with cn2an; longer ones go to it."""
from __future__ import annotations

import subprocess
import sys

import cn2an
import pytest

from nlp_toolkit.structure.numerals import _DIGITS, cn_to_number, ordinal


@pytest.mark.parametrize("written", sorted(_DIGITS))
def test_one_character_numerals_agree_with_cn2an(written):
    assert cn_to_number(written) == cn2an.cn2an(written, "normal")


@pytest.mark.parametrize("written, value", [("十二", 12), ("二十", 20), ("九十九", 99), ("一百零五", 105)])
def test_longer_numerals_are_read_by_cn2an(written, value):
    assert ordinal(written, "cn") == value


def test_not_a_numeral_is_none():
    assert ordinal("甲", "cn") is None


def test_a_report_with_one_character_numerals_does_not_import_cn2an():
    code = ("import sys\nfrom nlp_toolkit.batch.pipeline import analyze\n"
            "analyze('一、主要工作\\n全年开展培训三次。\\n二、存在问题\\n一是学习不够。\\n')\n"
            "print('cn2an' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
