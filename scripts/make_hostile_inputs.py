"""Generate the hostile inputs of issue 20, one function per case, each writing one file.

    .venv/bin/python scripts/make_hostile_inputs.py DIR [CASE ...]   # all cases, or the ones named

The tests build each input on the fly in a temporary folder (large ones are deleted after);
`scripts/reliability_table.py` runs every case through the command line and measures it.
The PDFs are written by hand (`pdf_file`), so each hostile structure is exactly what it says.
"""
from __future__ import annotations

import argparse
import io
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_TXT = ROOT / "corpora" / "demo" / "txt"
MB = 1024 * 1024
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


# --- a minimal PDF writer --------------------------------------------------------------------


def stream(body: bytes, extra: bytes = b"", *, compress: bool = False) -> bytes:
    """A stream object's text; `compress` deflates `body` (or pass pre-deflated bytes in `extra`)."""
    if compress:
        body = zlib.compress(body)
        extra = b"/Filter /FlateDecode " + extra
    return b"<< " + extra + b"/Length %d >>\nstream\n" % len(body) + body + b"\nendstream"


def pdf_file(objects: Iterable[bytes], out) -> None:
    """Write objects 1..n (1 is the catalog) with a correct cross-reference table to `out`."""
    offsets = []
    pos = out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(pos)
        pos += out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % off for off in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, pos))


def _one_page(content: bytes, resources: bytes = b"") -> list[bytes]:
    """Catalog, page tree, one page (objects 1–3), its content (4) and font (5)."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> " + resources + b">> >>",
        content,
        _FONT,
    ]


_TEXT = b"BT /F1 12 Tf 72 760 Td (Annual work report of the county office) Tj ET\n"


def xobject_bomb(path: Path) -> None:
    """2.5 KB: ten levels of form XObjects, each drawing the next ten times (10^10 drawings)."""
    levels = 10
    first = 6  # object number of form 0
    forms = []
    for level in range(levels):
        if level + 1 < levels:
            body = b" ".join(b"q /X Do Q" for _ in range(10))
            res = b"/Resources << /XObject << /X %d 0 R >> >> " % (first + level + 1)
        else:
            body, res = b"0 0 m 1 1 l S", b""
        forms.append(stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + res))
    objects = _one_page(stream(_TEXT + b"/X Do"), b"/XObject << /X %d 0 R >> " % first)
    with open(path, "wb") as out:
        pdf_file(objects + forms, out)


def flate_bomb(path: Path, inflated_mb: int = 2048) -> None:
    """About 2 MB: a page content stream that inflates to `inflated_mb` MB of spaces."""
    squeeze = zlib.compressobj(9)
    chunk = b" " * MB
    deflated = b"".join(squeeze.compress(chunk) for _ in range(inflated_mb)) + squeeze.flush()
    content = b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(deflated) + deflated + b"\nendstream"
    with open(path, "wb") as out:
        pdf_file(_one_page(content), out)


def page_tree(path: Path, pages: int = 300_000, *, declared: int | None = None) -> None:
    """A page tree of `pages` empty pages (declaring `declared`, default the truth) and one text page."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R " + kids + b"] /Count %d >>" % (declared or pages + 1),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (5 + pages),
        stream(_TEXT),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    objects.append(_FONT)
    with open(path, "wb") as out:
        pdf_file(objects, out)


def vector_page(path: Path, paths: int = 3_000_000) -> None:
    """One page with a line of text and `paths` stroked line segments (deflated: a few MB)."""
    ops = b"".join(b"%d %d m %d %d l S\n" % (i % 500, i % 700, i % 500 + 3, i % 700 + 2) for i in range(paths))
    with open(path, "wb") as out:
        pdf_file(_one_page(stream(_TEXT + ops, compress=True)), out)


def pua_pdf(path: Path) -> None:
    """A page whose font's ToUnicode maps every code into the private-use area (U+E000…)."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"/CMapName /PUA def 1 begincodespacerange <00> <FF> endcodespacerange\n"
            b"1 beginbfrange <20> <7E> <E020> endbfrange\nendcmap CMapName currentdict /CMap defineresource pop end end")
    objects = _one_page(stream(_TEXT * 5), b"")
    objects[4] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    objects.append(stream(cmap))
    with open(path, "wb") as out:
        pdf_file(objects, out)


# --- DOCX ------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>')


def docx_file(path: Path, body_parts: Iterable[str], *, level: int = 6) -> None:
    """A minimal DOCX whose body is the concatenation of `body_parts` (streamed into the zip)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>'
                       .encode())
            for piece in body_parts:
                part.write(piece.encode("utf-8"))
            part.write(b"</w:body></w:document>")


def _para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _report_lines() -> list[str]:
    return [line for line in (DEMO_TXT / "03_soe_party_committee_theme_education.txt")
            .read_text(encoding="utf-8").splitlines() if line.strip()]


def docx_xml_heavy(path: Path, xml_mb: int = 240) -> None:
    """240 MB of document.xml that compresses only about 6:1 (under any ratio check): runs of
    varied text with per-run formatting, as a document pasted from many sources looks."""
    lines = _report_lines()

    def parts():
        written, i = 0, 0
        while written < xml_mb * MB:
            line = lines[i % len(lines)]
            run = (f'<w:p><w:pPr><w:spacing w:after="{i % 97}"/></w:pPr><w:r><w:rPr><w:sz w:val="{20 + i % 9}"/>'
                   f'<w:color w:val="{i * 7919 % 0xFFFFFF:06X}"/></w:rPr><w:t>{i}：{line}</w:t></w:r></w:p>')
            written += len(run.encode("utf-8"))
            i += 1
            yield run

    docx_file(path, parts(), level=1)


def docx_table_rows(path: Path, rows: int = 200_000) -> None:
    """A report whose body is one table of `rows` rows (序号, 任务, 责任单位, 时限)."""
    def parts():
        yield _para("某县2024年整改落实情况台账")
        yield "<w:tbl>"
        for i in range(rows):
            cells = (str(i + 1), f"整改任务{i + 1}：完善制度{i % 37 + 1}项", f"第{i % 12 + 1}责任单位", "2024年12月底前")
            yield "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc>" for c in cells) + "</w:tr>"
        yield "</w:tbl>"

    docx_file(path, parts())


def docx_text_boxes(path: Path) -> None:
    """Every paragraph of the report sits in a Word text box (DrawingML with a VML fallback)."""
    ns = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml"')
    inner = "".join(_para(line) for line in _report_lines()[:25])
    box = (f'<w:p><w:r><mc:AlternateContent {ns}><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
           f'<a:graphicData><wps:wsp><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx></wps:wsp>'
           f'</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>'
           f'<v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
           f'</mc:AlternateContent></w:r></w:p>')
    docx_file(path, [box])


# --- text ------------------------------------------------------------------------------------


def unpunctuated_line(path: Path, mb: float = 5) -> None:
    """`mb` MB of report wording on one line with every punctuation mark and space removed."""
    import re

    text = re.sub(r"[\s，。、；：？！“”‘’（）《》【】,.;:?!()\-—…·]", "", "".join(_report_lines()))
    reps = int(mb * MB) // len(text.encode("utf-8")) + 1
    data = (text * reps).encode("utf-8")[: int(mb * MB)]
    path.write_bytes(data.decode("utf-8", "ignore").encode("utf-8"))


def big_report(path: Path, mb: float = 19.5) -> None:
    """A report of `mb` MB (just under the default 20 MB limit): the demo reports over and over,
    each copy with its own numbers, as a year of collected monthly reports."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(DEMO_TXT.glob("*.txt"))]
    with open(path, "w", encoding="utf-8") as out:
        written, i = 0, 0
        while written < mb * MB:
            block = texts[i % len(texts)].replace("2024", str(1990 + i % 35)) + f"\n（第{i + 1}部分完）\n"
            written += out.write(block) * 3  # ~3 bytes per character
            i += 1


def gbk_with_utf8_line(path: Path) -> None:
    """A GBK report with one short line typed in UTF-8 (pasted from a web page)."""
    lines = _report_lines()[:30]
    data = "\n".join(lines[:10]).encode("gbk") + "\n备注：详见附件。\n".encode("utf-8") + \
        "\n".join(lines[10:]).encode("gbk")
    path.write_bytes(data)


def utf16_no_bom(path: Path, big_endian: bool = False) -> None:
    path.write_bytes("\n".join(_report_lines()[:30]).encode("utf-16-be" if big_endian else "utf-16-le"))


def hz_text(path: Path) -> None:
    """The report in HZ (RFC 1843: GB2312 between ~{ and ~}), as old mail gateways sent it."""
    path.write_bytes("\n".join(_report_lines()[:30]).encode("hz", "replace"))


def unpunctuated_chars(path: Path, chars: int = 80_000) -> None:
    """`chars` characters of report wording without punctuation (issue 20: 80k took 260 s)."""
    unpunctuated_line(path, mb=chars * 3 / MB)


def owner_password_cjk_pdf(path: Path) -> None:
    """A PDF with an owner password only (opens without one) in a standard CJK font that is not
    embedded; needs reportlab (the dev extra)."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0))
    c.setFont("STSong-Light", 12)
    for i, line in enumerate(_report_lines()[:30]):
        c.drawString(60, 800 - 18 * i, line[:38])
    c.save()


CASES: dict[str, tuple[str, Callable[[Path], None]]] = {
    "xobject_bomb": ("xobject_bomb.pdf", xobject_bomb),
    "flate_bomb": ("flate_bomb.pdf", flate_bomb),
    "page_tree": ("page_tree_300000.pdf", page_tree),
    "page_tree_lying": ("page_tree_lying.pdf", lambda p: page_tree(p, declared=1)),
    "vector_page": ("vector_page.pdf", vector_page),
    "pua_pdf": ("pua.pdf", pua_pdf),
    "docx_xml_heavy": ("xml_heavy.docx", docx_xml_heavy),
    "docx_table_rows": ("table_200000_rows.docx", docx_table_rows),
    "docx_text_boxes": ("text_boxes.docx", docx_text_boxes),
    "unpunctuated_80k": ("unpunctuated_80k.txt", unpunctuated_chars),
    "unpunctuated_5mb": ("unpunctuated_5mb.txt", unpunctuated_line),
    "owner_password_cjk_pdf": ("owner_password_cjk.pdf", owner_password_cjk_pdf),
    "report_20mb": ("report_20mb.txt", big_report),
    "gbk_utf8_line": ("gbk_utf8_line.txt", gbk_with_utf8_line),
    "utf16_no_bom": ("utf16_no_bom.txt", utf16_no_bom),
    "hz": ("hz.txt", hz_text),
}


def build(out: Path, names: Iterable[str] | None = None) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    made = {}
    for name in names or CASES:
        file_name, make = CASES[name]
        make(out / file_name)
        made[name] = out / file_name
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("cases", nargs="*", metavar="CASE", help=", ".join(CASES))
    args = parser.parse_args(argv)
    for name, path in build(args.dir, args.cases).items():
        print(f"{name}\t{path}\t{path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
