"""Every demo report gives the same structure whichever format it was delivered in."""
from __future__ import annotations

from pathlib import Path

import pytest

from nlp_toolkit.readers import read
from nlp_toolkit.structure import parse

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo"
REPORTS = sorted(p.stem for p in (DEMO / "txt").glob("*.txt"))
OTHER_FORMATS = [("gbk", ".txt"), ("docx", ".docx"), ("pdf", ".pdf")]


def squeeze(text: str) -> str:
    return "".join(text.split())


def structure_of(path: Path):
    doc = parse(read(path))
    sections = [(squeeze(s.heading), s.role, s.level, len(s.items)) for s in doc.sections]
    headings = [(squeeze(h.text), h.style, h.level) for h in doc.headings]
    paragraphs = [squeeze(p.text) for p in doc.paragraphs]
    return squeeze(doc.title or ""), sections, headings, paragraphs


def test_demo_batch_is_there():
    assert len(REPORTS) >= 12


@pytest.mark.parametrize("stem", REPORTS)
@pytest.mark.parametrize("folder,suffix", OTHER_FORMATS, ids=[f for f, _ in OTHER_FORMATS])
def test_same_structure_as_utf8_txt(stem, folder, suffix):
    expected = structure_of(DEMO / "txt" / f"{stem}.txt")
    title, sections, headings, paragraphs = structure_of(DEMO / folder / f"{stem}{suffix}")
    assert title == expected[0]
    assert sections == expected[1]
    assert headings == expected[2]
    assert paragraphs == expected[3]
    assert sections, "every demo report has sections"


# One report each in the other forms an office receives (scripts/make_demo_kinds.py).
OTHER_KINDS = sorted(p.relative_to(DEMO) for folder in ("doc", "wps", "ofd", "jpg", "scan")
                     for p in (DEMO / folder).glob("*.*"))
OCR_KINDS = ("jpg", "scan")


def test_every_kind_is_there():
    assert {p.parts[0] for p in OTHER_KINDS} == {"doc", "wps", "ofd", "jpg", "scan"}


@pytest.mark.parametrize("relative", OTHER_KINDS, ids=[str(p) for p in OTHER_KINDS])
def test_other_kinds_same_structure(relative):
    from nlp_toolkit.readers import ocr

    if relative.parts[0] in OCR_KINDS and not ocr.available():
        pytest.skip("OCR extra not installed")
    expected = structure_of(DEMO / "txt" / f"{relative.stem}.txt")
    title, sections, headings, paragraphs = structure_of(DEMO / relative)
    assert title == expected[0]
    if relative.parts[0] in OCR_KINDS:  # recognised text may differ by a character here and there
        assert [s[1:] for s in sections] == [s[1:] for s in expected[1]]
        assert [h[1:] for h in headings] == [h[1:] for h in expected[2]]
        assert len(paragraphs) == len(expected[3])
    else:
        assert (sections, headings, paragraphs) == expected[1:]
