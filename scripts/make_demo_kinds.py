"""Write the demo reports in the other forms a receiving office gets: .doc, .wps, .ofd, .jpg, scanned PDF.

Each file is another version of a report already in the demo batch (never a new copy between
units), one report per kind, so a batch of `corpora/demo` still gives one submission per report:

    doc/   14 (LibreOffice: docx/ → Word 97 .doc)
    wps/   11 (LibreOffice: docx/ → Word 97 binary saved as .wps, as WPS Office writes it)
    ofd/   18 (OFD written here: OFD.xml, Document.xml, one Content.xml per page, a TextObject per
               paragraph with a TextCode per laid-out line)
    jpg/   17 (one page rendered at 150 dpi with `scan_render`, as a photo of the page)
    scan/  16 (two pages rendered at 150 dpi with light scanner noise (0.1 % of pixels), a PDF of images, no text layer)

Needs LibreOffice (soffice) for .doc/.wps and a CJK TrueType font for the images (see
`scan_render.find_font`). Usage: python scripts/make_demo_kinds.py [--out corpora/demo] [--only KIND ...]
"""
from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scan_render  # noqa: E402
from make_demo_formats import classify  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpora" / "demo"
CHOICE = {
    "doc": "14_sasac_annual_summary",
    "wps": "11_school_annual_summary",
    "ofd": "18_county_hrss_bureau_rectification_report",
    "jpg": "17_tax_bureau_party_committee_theme_education",
    "scan": "16_county_library_annual_summary",
}
ZIP_DATE = (2024, 1, 1, 0, 0, 0)
SCAN_DPI = 150


def write_legacy(stem: str, out: Path, kind: str) -> Path:
    """The DOCX version converted by LibreOffice to Word 97 binary, named .doc or .wps."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise SystemExit("LibreOffice (soffice) is needed for .doc/.wps: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"{stem}.docx"
        shutil.copy(DEMO / "docx" / f"{stem}.docx", src)
        profile = (Path(tmp) / "profile").as_uri()
        subprocess.run([exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                        'doc:MS Word 97', "--outdir", tmp, str(src)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
        target = out / kind / f"{stem}.{kind}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(Path(tmp) / f"{stem}.doc", target)
    return target


# -- OFD ------------------------------------------------------------------------------------

_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
_PAGE = (595.27 / 72 * 25.4, 841.89 / 72 * 25.4)  # A4 in millimetres, OFD's unit
_MARGIN, _SIZE, _LEADING = 25.4, 4.23, 1.5  # mm: 1 inch margins, 12 pt text


def ofd_bytes(text: str, title: str) -> bytes:
    """An OFD package of the report: A4 pages, one TextObject per paragraph, a TextCode per line."""
    pages = _ofd_pages(text)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        _put(zf, "OFD.xml", _ofd_entry(title))
        _put(zf, "Doc_0/Document.xml", _ofd_document(len(pages)))
        _put(zf, "Doc_0/PublicRes.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res {_NS} BaseLoc="Res">'
             '<ofd:Fonts><ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
        for i, objects in enumerate(pages):
            _put(zf, f"Doc_0/Pages/Page_{i}/Content.xml", _ofd_content(objects, first_id=100 * (i + 1)))
    return buf.getvalue()


def _put(zf: zipfile.ZipFile, name: str, xml: str) -> None:
    info = zipfile.ZipInfo(name, ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, xml.encode("utf-8"))


def _ofd_entry(title: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {_NS} Version="1.0" DocType="OFD"><ofd:DocBody>'
            f'<ofd:DocInfo><ofd:DocID>0f1d2c3b4a5968778695a4b3c2d1e0f0</ofd:DocID><ofd:Title>{escape(title)}</ofd:Title>'
            '<ofd:CreationDate>2024-12-05</ofd:CreationDate></ofd:DocInfo>'
            '<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')


def _ofd_document(n_pages: int) -> str:
    pages = "".join(f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(n_pages))
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {_NS}><ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID>'
            f'<ofd:PageArea><ofd:PhysicalBox>0 0 {_PAGE[0]:.2f} {_PAGE[1]:.2f}</ofd:PhysicalBox></ofd:PageArea>'
            f'<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>{pages}</ofd:Pages></ofd:Document>')


def _ofd_pages(text: str) -> list[list[tuple[float, float, list[str], float]]]:
    """Paragraphs laid out on A4 pages: per page, (x, y, lines, size) of each text object."""
    per_line = int((_PAGE[0] - 2 * _MARGIN) // _SIZE)
    pitch = _SIZE * _LEADING
    pages, y = [[]], _MARGIN
    lines = text.splitlines()
    for line, kind in zip(lines, classify(lines)):
        if kind == "blank":
            continue
        indent = 0 if kind in ("title", "h1", "h2") else 2
        pieces = _fixed_wrap(line.strip(), per_line, indent)
        if y + pitch * len(pieces) > _PAGE[1] - _MARGIN and pages[-1]:
            pages.append([])
            y = _MARGIN
        pages[-1].append((_MARGIN + indent * _SIZE, y, pieces, _SIZE))
        y += pitch * len(pieces)
    return pages


def _fixed_wrap(text: str, per_line: int, indent: int) -> list[str]:
    out, room = [], per_line - indent
    while text:
        out.append(text[:room])
        text, room = text[room:], per_line
    return out


def _ofd_content(objects, first_id: int) -> str:
    body = []
    for n, (x, y, pieces, size) in enumerate(objects):
        codes = "".join(
            f'<ofd:TextCode X="0" Y="{size * (1 + i * _LEADING):.2f}">{escape(piece)}</ofd:TextCode>'
            for i, piece in enumerate(pieces))
        height = size * _LEADING * len(pieces)
        body.append(f'<ofd:TextObject ID="{first_id + n}" Boundary="{x:.2f} {y:.2f} {_PAGE[0] - _MARGIN - x:.2f} '
                    f'{height:.2f}" Font="1" Size="{size}">{codes}</ofd:TextObject>')
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {_NS}><ofd:Content><ofd:Layer ID="{first_id - 1}">'
            f'{"".join(body)}</ofd:Layer></ofd:Content></ofd:Page>')


# -- images ---------------------------------------------------------------------------------


def write_jpg(stem: str, out: Path, font: str) -> Path:
    pages = scan_render.render_pages(_txt(stem), SCAN_DPI, font, footer=False)
    if len(pages) != 1:
        raise SystemExit(f"{stem} does not fit one page; a photo shows one page")
    target = out / "jpg" / f"{stem}.jpg"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(scan_render.jpeg_bytes(pages[0]))
    return target


def write_scan(stem: str, out: Path, font: str) -> Path:
    pages = scan_render.render_pages(_txt(stem), SCAN_DPI, font)
    noisy = [scan_render.degrade(p, noise=0.001, seed=i) for i, p in enumerate(pages)]
    target = out / "scan" / f"{stem}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(scan_render.scan_bytes(noisy, SCAN_DPI, title=stem))
    return target


def write_ofd(stem: str, out: Path) -> Path:
    text = _txt(stem)
    target = out / "ofd" / f"{stem}.ofd"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(ofd_bytes(text, title=text.strip().splitlines()[0]))
    return target


def _txt(stem: str) -> str:
    return (DEMO / "txt" / f"{stem}.txt").read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEMO)
    parser.add_argument("--only", nargs="*", choices=sorted(CHOICE), default=sorted(CHOICE))
    parser.add_argument("--font", default=None, help="a CJK TrueType font for the images")
    args = parser.parse_args(argv)
    for kind in args.only:
        stem = CHOICE[kind]
        if kind in ("doc", "wps"):
            path = write_legacy(stem, args.out, kind)
        elif kind == "ofd":
            path = write_ofd(stem, args.out)
        elif kind == "jpg":
            path = write_jpg(stem, args.out, scan_render.find_font(args.font))
        else:
            path = write_scan(stem, args.out, scan_render.find_font(args.font))
        print(f"wrote {path.relative_to(args.out) if path.is_relative_to(args.out) else path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
