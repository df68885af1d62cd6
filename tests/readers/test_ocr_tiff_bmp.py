"""TIFF (multi-page TIFF as pages) and BMP images go the OCR path, refused from their headers
when too large, like JPG and PNG (issue 16)."""
from __future__ import annotations

import io
import struct

import pytest

from nlp_toolkit.readers import ReadError, images, ocr, read, sniff
from nlp_toolkit.readers.limits import Limits
from test_ocr_reader import PHOTO, needs_ocr


def _tiff_header(*sizes: tuple[int, int]) -> bytes:
    """A little-endian TIFF whose IFD chain states these page sizes and holds no pixels."""
    out = bytearray(b"II*\x00" + struct.pack("<I", 8))
    for n, (width, height) in enumerate(sizes):
        nxt = 0 if n == len(sizes) - 1 else len(out) + 2 + 24 + 4
        out += struct.pack("<H", 2) + struct.pack("<HHII", 256, 4, 1, width) + struct.pack("<HHII", 257, 4, 1, height)
        out += struct.pack("<I", nxt)
    return bytes(out)


def _bmp(width: int = 16, height: int = 16, stated: tuple[int, int] | None = None) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buf, "BMP")
    data = bytearray(buf.getvalue())
    if stated:
        data[18:26] = struct.pack("<ii", *stated)
    return bytes(data)


def _saved(frames, fmt: str) -> bytes:
    buf = io.BytesIO()
    frames[0].save(buf, fmt, save_all=len(frames) > 1, append_images=frames[1:])
    return buf.getvalue()


def test_headers_give_each_pages_size_without_decoding():
    from PIL import Image

    pil_tiff = _saved([Image.new("L", (30, 20), 255), Image.new("L", (12, 40), 255)], "TIFF")
    assert images.image_kind(pil_tiff) == "tiff" and images.page_sizes(pil_tiff) == [(30, 20), (12, 40)]
    assert images.page_sizes(_tiff_header((5, 6), (7, 8), (9, 10))) == [(5, 6), (7, 8), (9, 10)]
    assert images.image_kind(_bmp(24, 9)) == "bmp" and images.header_size(_bmp(24, 9)) == (24, 9)
    assert images.header_size(_bmp(stated=(300, -200))) == (300, 200)  # a top-down bitmap


def test_a_text_file_starting_with_bm_is_still_text(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("BMW 车辆管理工作总结\n一、主要做法\n全年检修车辆12台次。\n", encoding="utf-8")
    assert sniff(path.read_bytes()) == "txt"
    assert read(path).format == "txt"


@pytest.mark.parametrize("name, data, what", [
    ("huge.bmp", _bmp(stated=(40000, 40000)), "图片尺寸过大"),
    ("huge.tif", _tiff_header((40000, 40000)), "图片尺寸过大"),
    ("second.tiff", _tiff_header((800, 1000), (40000, 40000)), "第 2 页图片尺寸过大"),
])
def test_huge_tiff_or_bmp_refused_from_its_header(tmp_path, name, data, what):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as err:
        read(path)
    assert what in err.value.reason and "40000×40000" in err.value.reason and err.value.path == str(path)


def test_too_many_tiff_pages_refused_before_decoding():
    with pytest.raises(ReadError) as err:
        ocr.read_image_bytes(_tiff_header(*[(10, 10)] * 6), "many.tif", limits=Limits(max_pdf_pages=5))
    assert "页数过多" in err.value.reason and "6 页" in err.value.reason


def test_corrupt_tiff_and_bmp(tmp_path):
    for name, data in (("bad.tif", b"II*\x00" + b"\xff" * 40), ("bad.bmp", _bmp()[:30])):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(ReadError) as err:
            read(path)
        assert "损坏" in err.value.reason or "未识别出文字" in err.value.reason


@needs_ocr
def test_multi_page_tiff_is_read_as_pages_in_order():
    from PIL import Image

    photo = Image.open(PHOTO).convert("L")
    top = photo.crop((0, 0, photo.width, photo.height // 2))
    bottom = photo.crop((0, photo.height // 2, photo.width, photo.height))
    source = ocr.read_image_bytes(_saved([top, bottom], "TIFF"), "scan.tif", limits=Limits())
    whole = read(PHOTO)
    assert source.ocr and source.format == "tiff" and len(source.pages) == 2 and source.pages[0] == 0
    assert {line.page for line in source.ocr_lines} == {1, 2}  # pages numbered from 1
    first_line_of_page_2 = next(line for line in source.ocr_lines if line.page == 2)
    assert first_line_of_page_2.start >= source.pages[1] > 0
    assert whole.text[:12] in source.text[:source.pages[1]]  # the top half comes first


@needs_ocr
def test_bmp_reads_like_the_photo():
    from PIL import Image

    buf = io.BytesIO()
    Image.open(PHOTO).convert("RGB").save(buf, "BMP")
    source = ocr.read_image_bytes(buf.getvalue(), "page.bmp", limits=Limits())
    assert source.ocr and source.format == "bmp" and source.pages == []
    assert source.text == read(PHOTO).text


@needs_ocr
def test_multi_page_tiff_stops_at_the_time_limit():
    from PIL import Image

    blank = _saved([Image.new("L", (400, 500), 250)] * 3, "TIFF")
    with pytest.raises(ReadError) as err:
        ocr.read_image_bytes(blank, "long.tif", limits=Limits(ocr_seconds=0, time_limit=None))
    assert "超时" in err.value.reason and "1/3 页" in err.value.reason
