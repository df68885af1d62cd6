"""OCR reader: scanned PDFs and JPG/PNG photos (the extra nlp-toolkit[ocr]).

Recognition runs on the demo photo (one page, corpora/demo/jpg) only, once per module: OCR is
slow on a shared CPU. Bad inputs are made here: blank pages, a 200-page scan, images whose
header states 40,000 × 40,000 pixels (a few hundred bytes, never decoded).
"""
from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest

from nlp_toolkit.readers import ReadError, ocr, read
from nlp_toolkit.readers.limits import Limits
from nlp_toolkit.structure import parse

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo"
PHOTO = DEMO / "jpg" / "17_tax_bureau_party_committee_theme_education.jpg"
needs_ocr = pytest.mark.skipif(not ocr.available(), reason="OCR extra not installed: pip install nlp-toolkit[ocr]")


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose IHDR states the size, followed by one empty data chunk: never a real image."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def _jpeg_header(width: int, height: int) -> bytes:
    """A small real JPEG with the frame header's size patched (what a hostile upload does)."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (16, 16), 255).save(buf, "JPEG")
    data = bytearray(buf.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _blank_scan(pages: int) -> bytes:
    """A PDF of `pages` pages holding a picture and no text layer (as a scanner writes it)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(200, 280), invariant=1)
    picture = ImageReader(Image.new("RGB", (8, 8), (235, 235, 235)))
    for _ in range(pages):
        c.drawImage(picture, 20, 20, 40, 40)
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("make", [_png_header, _jpeg_header], ids=["png", "jpg"])
def test_huge_image_refused_from_its_header(tmp_path, make):
    path = tmp_path / "photo.img"
    path.write_bytes(make(40000, 40000))
    assert path.stat().st_size < 2000
    assert ocr.header_size(path.read_bytes()) == (40000, 40000)
    with pytest.raises(ReadError) as err:
        read(path)
    assert "40000×40000" in err.value.reason and "尺寸过大" in err.value.reason


def test_without_the_extra_a_scan_names_it(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    scan, photo = tmp_path / "scan.pdf", tmp_path / "photo.png"
    scan.write_bytes(_blank_scan(1))
    photo.write_bytes(_png_header(100, 100))
    for path, what in ((scan, "没有文本层"), (photo, "图片")):
        with pytest.raises(ReadError) as err:
            read(path)
        assert "pip install nlp-toolkit[ocr]" in err.value.reason and what in err.value.reason


def test_corrupt_image(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with pytest.raises(ReadError) as err:
        read(path)
    assert "图片文件已损坏" in err.value.reason


def test_full_width_punctuation():
    assert ocr.full_width_punctuation('围绕"书香*县"建设,开展工作;共3,200册') == "围绕“书香*县”建设，开展工作；共3,200册"
    assert ocr.full_width_punctuation("Page 3, line 2") == "Page 3, line 2"


@needs_ocr
def test_blank_photo_has_no_recognisable_text(tmp_path):
    from PIL import Image

    path = tmp_path / "blank.png"
    Image.new("L", (600, 800), 250).save(path)
    with pytest.raises(ReadError) as err:
        read(path)
    assert "未识别出文字" in err.value.reason


@needs_ocr
def test_blank_scan_has_no_recognisable_text(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(_blank_scan(2))
    with pytest.raises(ReadError) as err:
        read(path)
    assert "没有文本层" in err.value.reason and "未识别出文字" in err.value.reason


@needs_ocr
def test_long_scan_stops_at_the_time_limit_and_says_so():
    with pytest.raises(ReadError) as err:
        ocr.read_scanned_pdf(_blank_scan(200), "long.pdf", limits=Limits(ocr_seconds=0))
    reason = err.value.reason
    assert "超时" in reason and "1/200 页" in reason and err.value.path == "long.pdf"


@pytest.fixture(scope="module")
def photo():
    if not ocr.available():
        pytest.skip("OCR extra not installed")
    return read(PHOTO)


def test_photo_reads_as_an_ocr_source(photo):
    expected = (DEMO / "txt" / PHOTO.with_suffix(".txt").name).read_text(encoding="utf-8")
    assert photo.ocr and photo.format == "jpg" and not photo.pages
    title = expected.splitlines()[0]
    assert photo.text.startswith(title)
    assert "".join(photo.text.split())[:200] == "".join(expected.split())[:200]


def test_photo_lines_keep_confidence_and_boxes(photo):
    from PIL import Image

    width, height = Image.open(PHOTO).size
    lines = photo.ocr_lines
    assert len(lines) > 10
    previous_end = -1
    for line in lines:
        assert 0.5 <= line.confidence <= 1.0 and line.page == 1
        x0, y0, x1, y1 = line.box
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
        assert line.start > previous_end and line.end > line.start  # in text order, disjoint
        assert photo.text[line.start:line.end].strip() == photo.text[line.start:line.end]
        previous_end = line.end - 1
    assert [ln.box[1] for ln in lines] == sorted(ln.box[1] for ln in lines)


def test_photo_paragraphs_rejoined_and_headings_kept(photo):
    doc = parse(photo)
    expected = parse(read(DEMO / "txt" / PHOTO.with_suffix(".txt").name))
    assert doc.title == expected.title and doc.ocr
    assert [h.text for h in doc.headings] == [h.text for h in expected.headings]
    assert len(doc.paragraphs) == len(expected.paragraphs)


def test_json_gives_ocr_lines(photo):
    from nlp_toolkit.output.json import document_dict

    out = document_dict(parse(photo))
    assert out["ocr"] is True and len(out["ocr_lines"]) == len(photo.ocr_lines)
    assert set(out["ocr_lines"][0]) == {"start", "end", "page", "box", "confidence"}
    plain = document_dict(parse(read(DEMO / "txt" / PHOTO.with_suffix(".txt").name)))
    assert "ocr" not in plain and "ocr_lines" not in plain


def test_bad_images_in_a_batch_are_one_line_errors(tmp_path):
    from nlp_toolkit.batch.pipeline import analyze_batch

    (tmp_path / "huge.png").write_bytes(_png_header(40000, 40000))
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 truncated")
    (tmp_path / "report.txt").write_text("*县图书馆2024年工作总结\n一、主要工作\n全年开馆358天。\n", encoding="utf-8")
    batch = analyze_batch([tmp_path])
    reasons = {Path(e.path).name: e.reason for e in batch.errors}
    assert set(reasons) == {"huge.png", "broken.jpg"} and len(batch.documents) == 1
    assert all("\n" not in r and "Traceback" not in r for r in reasons.values())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.jpg", "huge.png", "report.txt"]


def test_readable_summary_says_the_text_was_recognised(photo):
    from nlp_toolkit.batch.pipeline import analyze_source
    from nlp_toolkit.output.table import _document

    shown = _document(analyze_source(photo, classify=False))
    assert "文字识别（OCR）所得文本" in shown and f"{len(photo.ocr_lines)} 行" in shown
    plain = _document(analyze_source(read(DEMO / "txt" / PHOTO.with_suffix(".txt").name), classify=False))
    assert "文字识别" not in plain


@needs_ocr
@pytest.mark.parametrize("angle", [90, 180])
def test_a_page_scanned_on_its_side_is_turned_upright(tmp_path, angle):
    from PIL import Image

    with Image.open(PHOTO) as img:
        top = img.crop((0, 0, img.width, img.height // 4)).rotate(angle, expand=True)
    path = tmp_path / "turned.png"
    top.save(path)
    title = (DEMO / "txt" / PHOTO.with_suffix(".txt").name).read_text(encoding="utf-8").splitlines()[0]
    assert read(path).text.startswith(title)


def test_ocr_time_message_names_the_limit_that_stopped_it():
    from nlp_toolkit.readers.limits import ocr_seconds_for

    under_cli = ocr.ocr_time_reason(Limits(ocr_seconds=ocr_seconds_for(30), time_limit=30), 3, 40)
    assert "--time-limit 30 秒" in under_cli and "25 秒" in under_cli and "3/40 页" in under_cli
    alone = ocr.ocr_time_reason(Limits(ocr_seconds=7, time_limit=None), 1, 9)
    assert "7 秒" in alone and "--time-limit 提高" in alone and "单份材料时间限制 --time-limit" not in alone


def test_no_time_limit_never_stops_ocr():
    import time as _time

    assert not ocr._out_of_time(_time.monotonic() - 10_000, Limits(ocr_seconds=None, time_limit=None))
    assert ocr._out_of_time(_time.monotonic() - 2, Limits(ocr_seconds=1, time_limit=None))
