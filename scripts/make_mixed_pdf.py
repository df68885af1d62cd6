"""Write a mixed PDF: a demo report whose first page keeps its text layer and whose other pages
were scanned (each page rendered at 150 dpi with light scanner noise, an image and no text), the
way an office sends a report with a signed and scanned last page.

    tests/fixtures/files/mixed/16_county_library_annual_summary.pdf   (page 1 text, page 2 scan)

Usage: python scripts/make_mixed_pdf.py [--out tests/fixtures/files/mixed] [--stem 16_county_library_annual_summary]
Needs pypdfium2 and Pillow (the ocr extra).
"""
from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import scan_render  # noqa: E402

DPI = 150
STEM = "16_county_library_annual_summary"


def mixed_pdf(text_pdf: bytes, scanned: set[int], *, dpi: int = DPI) -> bytes:
    """`text_pdf` with the pages of index `scanned` replaced by noisy page images (no text layer)."""
    import pypdfium2

    source = pypdfium2.PdfDocument(text_pdf)
    out = pypdfium2.PdfDocument.new()
    try:
        for index in range(len(source)):
            if index in scanned:
                image = source[index].render(scale=dpi / 72, grayscale=True).to_pil()
                scan = pypdfium2.PdfDocument(scan_render.scan_bytes([scan_render.degrade(image, noise=0.001, seed=index)],
                                                                    dpi, title="scan"))
                out.import_pages(scan, [0])
                scan.close()
            else:
                out.import_pages(source, [index])
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()
    finally:
        out.close()
        source.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "files" / "mixed")
    parser.add_argument("--stem", default=STEM)
    args = parser.parse_args(argv)
    data = (ROOT / "corpora" / "demo" / "pdf" / f"{args.stem}.pdf").read_bytes()
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"{args.stem}.pdf"
    target.write_bytes(mixed_pdf(data, scanned={1}))
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
