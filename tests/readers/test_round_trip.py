"""The same report read from TXT, GBK TXT, DOCX and PDF yields the same lines."""
from __future__ import annotations

import re

import pytest

from nlp_toolkit.readers import read
from reader_helpers import GENERATOR, built_paths, round_trip_sources


def _lines(text: str) -> list[str]:
    """Non-empty lines with all whitespace removed."""
    squeezed = (re.sub(r"\s+", "", line) for line in text.split("\n"))
    return [line for line in squeezed if line]


SOURCES = round_trip_sources()


@pytest.mark.parametrize("src", SOURCES, ids=[f"{p.parent.name}/{p.name}" for p in SOURCES])
@pytest.mark.parametrize("fmt", ["gbk", "docx", "pdf"])
def test_round_trip(built, src, fmt):
    original = read(src)
    assert original.encoding in ("utf-8", "utf-8-sig")
    expected = _lines(original.text)
    if fmt == "pdf":  # characters the PDF font cannot show are left out (and reported)
        drop = str.maketrans("", "", "".join(GENERATOR.missing_pdf_chars(original.text)))
        expected = _lines(original.text.translate(drop))
    assert _lines(read(built_paths(built, src)[fmt]).text) == expected


def test_round_trip_covers_a_multi_page_pdf(built):
    import pdfplumber

    pages = []
    for src in SOURCES:
        with pdfplumber.open(built_paths(built, src)["pdf"]) as pdf:
            pages.append(len(pdf.pages))
    assert max(pages) >= 2
