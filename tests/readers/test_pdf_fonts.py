"""Issue 20: an owner-password PDF (opens without a password) whose CJK font is not embedded is
read, not called encrypted."""
from __future__ import annotations

import pytest

from nlp_toolkit.readers import read
from nlp_toolkit.readers.pdf_fonts import collection_for, repaired_cid_spec

LINES = ["某县2024年工作总结", "一、主要做法", "全年开展培训12次，覆盖党员1.3万名。"]


def _cjk_pdf(path, *, owner_password: str | None):
    pytest.importorskip("reportlab")
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # a standard CJK font, never embedded
    encrypt = None
    if owner_password:
        encrypt = pdfencrypt.StandardEncryption("", ownerPassword=owner_password, canCopy=0, canModify=0)
    c = canvas.Canvas(str(path), encrypt=encrypt)
    c.setFont("STSong-Light", 12)
    for i, line in enumerate(LINES):
        c.drawString(72, 760 - 20 * i, line)
    c.save()


@pytest.mark.parametrize("owner", [None, "owner-secret"])
def test_non_embedded_cjk_font_reads_with_or_without_owner_password(tmp_path, owner):
    path = tmp_path / "report.pdf"
    _cjk_pdf(path, owner_password=owner)
    assert read(path).text.splitlines() == LINES


def test_collection_named_by_cmap():
    assert collection_for("UniGB-UCS2-H") == "GB1"
    assert collection_for("UniCNS-UTF16-H") == "CNS1"
    assert collection_for("Identity-H") is None


def test_only_a_garbled_collection_is_replaced():
    from pdfminer.psparser import LIT

    good = {"CIDSystemInfo": {"Registry": b"Adobe", "Ordering": b"Japan1"}, "Encoding": LIT("UniGB-UCS2-H")}
    assert repaired_cid_spec(good) is good
    bad = {"CIDSystemInfo": {"Registry": b"\xc3\x0c", "Ordering": b"\xc5*~"}, "Encoding": LIT("UniGB-UCS2-H")}
    assert repaired_cid_spec(bad)["CIDSystemInfo"]["Ordering"] == b"GB1"


def test_a_collection_garbled_into_printable_bytes_is_replaced_too():
    from pdfminer.psparser import LIT

    printable = {"CIDSystemInfo": {"Registry": b"t1vx)", "Ordering": b"r7("}, "Encoding": LIT("UniGB-UCS2-H")}
    assert repaired_cid_spec(printable)["CIDSystemInfo"]["Ordering"] == b"GB1"
    identity = {"CIDSystemInfo": {"Registry": b"Adobe", "Ordering": b"Identity"}, "Encoding": LIT("UniGB-UCS2-H")}
    assert repaired_cid_spec(identity) is identity
