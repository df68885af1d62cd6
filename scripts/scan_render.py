"""Render a demo TXT report as page images the way a scanner or a phone would give them.

Shared by `scripts/ocr_eval.py` and `scripts/make_demo_kinds.py`. Pages are A4 at the given
dpi, grey on white: the title centred and larger, `一、`/`（一）` headings flush left, body
paragraphs with a two-character first-line indent, lines wrapped by measured width (closing
punctuation may hang past the right edge, as Chinese typesetting allows), a `- N -` footer.
`degrade` skews a page and adds scanner noise. Needs a CJK TrueType font: the first of
`FONT_CANDIDATES` that exists, or `--font` (Debian: apt-get install fonts-wqy-zenhei).
"""
from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_demo_formats import classify  # noqa: E402

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
CLOSING = set("，。、；：？！）》」』】〕”’%…")


@dataclass(frozen=True)
class Page:
    width_pt: float = 595.27
    height_pt: float = 841.89
    margin_pt: float = 72.0
    body_pt: float = 12.0
    title_pt: float = 16.0
    leading: float = 1.5


def find_font(explicit: str | None = None) -> str:
    for candidate in ([explicit] if explicit else []) + list(FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return candidate
    raise SystemExit("no CJK font found: install fonts-wqy-zenhei or pass --font PATH")


def render_pages(text: str, dpi: int, font_path: str, page: Page = Page(), footer: bool = True):
    """The report as a list of greyscale PIL images, one per A4 page."""
    from PIL import ImageFont

    scale = dpi / 72
    body = ImageFont.truetype(font_path, round(page.body_pt * scale))
    title = ImageFont.truetype(font_path, round(page.title_pt * scale))
    lines = text.splitlines()
    blocks = []
    for line, kind in zip(lines, classify(lines)):
        if kind == "blank":
            continue
        font = title if kind == "title" else body
        indent = 0 if kind in ("title", "h1", "h2") else 2 * font.size
        blocks.append((line.strip(), font, indent, kind == "title"))
    return _lay_out(blocks, scale, page, footer)


def _lay_out(blocks, scale: float, page: Page, footer: bool):
    from PIL import Image, ImageDraw

    width, height = round(page.width_pt * scale), round(page.height_pt * scale)
    margin = round(page.margin_pt * scale)
    text_width = width - 2 * margin
    pages, draw, y = [], None, height

    def new_page():
        nonlocal draw, y
        image = Image.new("L", (width, height), 255)
        pages.append(image)
        draw, y = ImageDraw.Draw(image), margin

    for text, font, indent, centred in blocks:
        pitch = round(font.size * page.leading)
        for i, piece in enumerate(wrap(text, font, text_width, indent)):
            if y + pitch > height - margin:
                new_page()
            x = margin + (indent if i == 0 else 0)
            if centred:
                x = margin + (text_width - font.getlength(piece)) / 2
            draw.text((x, y), piece, font=font, fill=20)
            y += pitch
    if footer:
        _footers(pages, blocks[0][1] if blocks else None, margin)
    return pages


def _footers(pages, _font, margin: int) -> None:
    from PIL import ImageDraw, ImageFont

    for n, image in enumerate(pages, 1):
        font = ImageFont.truetype(_font.path, max(8, round(_font.size * 0.75))) if _font else None
        label = f"- {n} -"
        draw = ImageDraw.Draw(image)
        x = (image.width - draw.textlength(label, font=font)) / 2
        draw.text((x, image.height - margin * 0.7), label, font=font, fill=20)


def wrap(text: str, font, width: float, indent: float) -> list[str]:
    """Break `text` into lines no wider than `width` (the first one `indent` narrower)."""
    lines, current, limit = [], "", width - indent
    for ch in text:
        if current and font.getlength(current + ch) > limit and ch not in CLOSING:
            lines.append(current)
            current, limit = "", width
        current += ch
    if current:
        lines.append(current)
    return lines


def degrade(image, *, rotate: float = 0.0, noise: float = 0.0, seed: int = 0):
    """The page skewed by `rotate` degrees and with a fraction `noise` of pixels flipped to grey specks."""
    from PIL import Image

    out = image.rotate(rotate, resample=Image.BICUBIC, expand=True, fillcolor=255) if rotate else image.copy()
    if noise:
        rng = random.Random(seed)
        pixels = out.load()
        for _ in range(int(noise * out.width * out.height)):
            x, y = rng.randrange(out.width), rng.randrange(out.height)
            pixels[x, y] = rng.choice((40, 90, 140))
    return out


FIXED_TIME = (2024, 1, 1, 0, 0, 0, 0, 1, 0)  # a struct_time tuple: PDF dates fixed so output is deterministic


def scan_bytes(images, dpi: int, title: str = "scan") -> bytes:
    """The pages as a PDF of JPEG images and no text layer, as a scanner writes it."""
    import io
    import time

    buf = io.BytesIO()
    pages = [im.convert("L") for im in images]
    stamp = time.struct_time(FIXED_TIME)
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=dpi, quality=80,
                  title=title, creationDate=stamp, modDate=stamp)
    return buf.getvalue()


def jpeg_bytes(image, quality: int = 85) -> bytes:
    import io

    buf = io.BytesIO()
    image.convert("L").save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()
