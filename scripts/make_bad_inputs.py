"""Build the folder of bad inputs that every reader and the whole batch must survive.

    .venv/bin/python scripts/make_bad_inputs.py DIR [--force]

Writes into DIR (created; refused if it exists and is not empty, unless --force) one file per
way a submission arrives broken, plus a few good reports taken from corpora/demo/txt. Each
file's expected outcome is in `MANIFEST` (and DIR/MANIFEST.tsv, which the batch skips as an
unsupported file): "read", "failed" with a fragment of the Chinese reason, or "skipped".
Needs the dev extra (reportlab, Pillow) for the PDFs.

A file that disappears mid-batch cannot be a fixture; tests/reliability simulates it.
"""
from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_TXT = ROOT / "corpora" / "demo" / "txt"
GOOD_SOURCES = {  # name in DIR → demo report it is made from
    "good_county.txt": "01_county_committee_theme_education.txt",
    "good_street_gbk.txt": "09_street_office_annual_summary.txt",
    "good_leadership.docx": "05_leadership_team_inspection_material.txt",
    "报告 目录/某村 党支部 2024年 工作总结.txt": "12_village_party_branch_annual_summary.txt",
}
# Readable bad inputs take their text from a report none of the good files copies, so that
# cross-report (copying) findings of the good files are the same with and without them.
OTHER_SOURCE = "03_soe_party_committee_theme_education.txt"
MB = 1024 * 1024


@dataclass(frozen=True)
class Expected:
    outcome: str  # "read" | "failed" | "skipped"
    reason: str = ""  # a fragment of the Chinese reason (failed / skipped)
    note: str = ""  # what the file is


MANIFEST: dict[str, Expected] = {
    "good_county.txt": Expected("read", note="good UTF-8 report"),
    "good_street_gbk.txt": Expected("read", note="good GBK report"),
    "good_leadership.docx": Expected("read", note="good DOCX report"),
    "报告 目录/某村 党支部 2024年 工作总结.txt": Expected("read", note="path with spaces and Chinese characters"),
    "empty.txt": Expected("failed", "文件为空", "0 bytes"),
    "whitespace.txt": Expected("failed", "没有文字内容", "spaces, tabs, newlines, full-width spaces"),
    "binary.txt": Expected("failed", "二进制", "random bytes with a .txt name"),
    "truncated.docx": Expected("failed", "DOCX 文件已损坏", "a good DOCX cut after 40% of its bytes"),
    "corrupt.docx": Expected("failed", "DOCX 文件已损坏", "a ZIP whose document.xml is not XML"),
    "truncated.pdf": Expected("failed", "PDF 文件已损坏", "a good PDF cut after 40% of its bytes"),
    "corrupt.pdf": Expected("failed", "PDF 文件已损坏", "a PDF header followed by garbage"),
    "encrypted.pdf": Expected("failed", "PDF 已加密", "user password set"),
    "scanned.pdf": Expected("failed", "没有文本层", "images only, no text layer"),
    "zip_bomb.docx": Expected("failed", "压缩炸弹", "document.xml inflates to 200 MB (ratio about 1000:1)"),
    "entity_bomb.docx": Expected("failed", "实体炸弹", "billion laughs DTD in document.xml"),
    "huge_50mb.txt": Expected("failed", "文本文件过大", "50 MB of report text"),
    "one_long_line.txt": Expected("read", note="a single 1 MB line of prose, no newline"),
    "mixed_encodings.txt": Expected("read", note="UTF-8 paragraphs among GBK ones"),
    "control_chars.txt": Expected("read", note="zero-width, BOM, bell, escape, bidi characters in the text"),
    "loop_a.txt": Expected("failed", "符号链接循环", "loop_a.txt → loop_b.txt → loop_a.txt"),
    "loop_b.txt": Expected("failed", "符号链接循环", "the other half of the loop"),
    "dangling_link.txt": Expected("failed", "符号链接指向的文件不存在", "a symlink to nowhere"),
    "no_permission.txt": Expected("failed", "无权限读取文件", "mode 000 (root reads it anyway)"),
    "notes.md": Expected("skipped", "不支持的文件类型", "unsupported suffix"),
    "MANIFEST.tsv": Expected("skipped", "不支持的文件类型", "this list"),
}


def build(out: Path, *, force: bool = False, log=print) -> dict[str, Expected]:
    """Write every file of MANIFEST into `out`; return the manifest (adjusted for root)."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        if not force:
            raise SystemExit(f"{out} 已存在且不为空（如需覆盖请加 --force）")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    _good(out)
    _bad_text(out)
    _bad_docx(out)
    _bad_pdf(out)
    _links(out)
    manifest = dict(MANIFEST)
    _no_permission(out, manifest)
    (out / "notes.md").write_text("# 说明\n本文件不是报告。\n", encoding="utf-8")
    (out / "MANIFEST.tsv").write_text(
        "".join(f"{name}\t{e.outcome}\t{e.reason}\t{e.note}\n" for name, e in manifest.items()), encoding="utf-8")
    missing = [name for name in manifest if not os.path.lexists(out / name)]
    assert not missing, missing
    log(f"wrote {len(manifest)} files to {out}")
    return manifest


def good_names() -> list[str]:
    return list(GOOD_SOURCES)


def _good(out: Path) -> None:
    for name, demo in GOOD_SOURCES.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        text = (DEMO_TXT / demo).read_text(encoding="utf-8")
        if name.endswith(".docx"):
            target.write_bytes(_docx(text.splitlines()))
        elif "gbk" in name:
            target.write_bytes(text.encode("gbk"))
        else:
            target.write_text(text, encoding="utf-8")


def _report_lines() -> list[str]:
    return (DEMO_TXT / OTHER_SOURCE).read_text(encoding="utf-8").splitlines()


def _bad_text(out: Path) -> None:
    (out / "empty.txt").write_bytes(b"")
    (out / "whitespace.txt").write_text(" \t\n\r\n\u3000\u3000\n   \n", encoding="utf-8")
    rng = _rng()
    (out / "binary.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x01\x02")
    para = "".join(_report_lines()[2:12]) + "\n"
    with open(out / "huge_50mb.txt", "w", encoding="utf-8") as fh:
        written, chunk = 0, para * 200
        size = len(chunk.encode("utf-8"))
        while written < 50 * MB:
            fh.write(chunk)
            written += size
    # The report's prose run together, figures removed: thousands of figures in one document
    # make the metric comparisons quadratic (minutes), which is the worker pool's time limit's
    # business, not the reader's.
    prose = re.sub(r"[0-9０-９一二三四五六七八九十百千万亿两]", "", "".join(_report_lines()[2:]))
    line = (prose * (MB // len(prose.encode("utf-8")) + 1)).encode("utf-8")[:MB]
    (out / "one_long_line.txt").write_bytes(line.decode("utf-8", "ignore").encode("utf-8"))
    lines = _report_lines()[:20]
    mixed = b"\n".join(ln.encode("utf-8") if i % 3 == 1 else ln.encode("gbk") for i, ln in enumerate(lines))
    (out / "mixed_encodings.txt").write_bytes(mixed)
    odd = [
        "某县\u200b2024年\u200c工作\u200d总结",
        "一、\ufeff主要做法",
        "全年\u2060共开展\u00ad培训12期，\x07培训党员1.3万\u200b人次。",
        "二、存在问题\x1b[31m红字\x1b[0m",
        "一是学习\u202e不够深入\u202c；二是\x0b调研不够\x0c扎实。",
        "三、下一步打算",
        "（一）6月底前完成全体党员干部轮训，由县委组织部牵头。",
    ] + _report_lines()[2:8]
    (out / "control_chars.txt").write_text("\n".join(odd) + "\n", encoding="utf-8")


def _rng():
    import random

    return random.Random(9)


def _docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _rewrite_docx(data: bytes, replace: dict[str, bytes], *, level: int = 6) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as dst:
        for info in src.infolist():
            body = replace.get(info.filename, src.read(info.filename))
            dst.writestr(info.filename, body)
    return buf.getvalue()


def _bad_docx(out: Path) -> None:
    good = _docx(_report_lines())
    (out / "truncated.docx").write_bytes(good[: int(len(good) * 0.4)])
    (out / "corrupt.docx").write_bytes(_rewrite_docx(good, {"word/document.xml": b"<w:document \x00\xff garbage"}))
    # Zip bomb: a valid start of document.xml padded with 300 MB of spaces, built in a stream
    # so the generator itself never holds the inflated part in memory.
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    src = zipfile.ZipFile(io.BytesIO(good))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, src.read(info.filename))
                continue
            with dst.open("word/document.xml", "w", force_zip64=True) as part:
                part.write(head)
                block = b" " * MB
                for _ in range(200):
                    part.write(block)
                part.write(b"</w:body></w:document>")
    (out / "zip_bomb.docx").write_bytes(buf.getvalue())
    laughs = ['<!ENTITY lol "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                                         for i in range(1, 10)]
    bomb = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<!DOCTYPE w:document [{"".join(laughs)}]>\n'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:body><w:p><w:r><w:t>某县工作总结&lol9;</w:t></w:r></w:p></w:body></w:document>')
    (out / "entity_bomb.docx").write_bytes(_rewrite_docx(good, {"word/document.xml": bomb.encode("utf-8")}))


def _pdf(draw, **kwargs) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1, **kwargs)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def _text_page(c) -> None:
    c.setFont("STSong-Light", 12)
    for i, line in enumerate(_report_lines()[:30]):
        c.drawString(72, 760 - 18 * i, line[:38])


def _scan_page(c) -> None:
    from PIL import Image, ImageDraw

    img = Image.new("L", (600, 800), 255)
    pen = ImageDraw.Draw(img)
    for y in range(40, 760, 24):  # strokes where a scanner would have seen lines of text
        pen.line((40, y, 560, y), fill=30, width=9)
    c.drawInlineImage(img, 0, 0, 595, 842)


def _bad_pdf(out: Path) -> None:
    good = _pdf(_text_page)
    (out / "truncated.pdf").write_bytes(good[: int(len(good) * 0.4)])
    (out / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + bytes(_rng().randrange(256) for _ in range(3000)) + b"\n%%EOF")
    (out / "encrypted.pdf").write_bytes(_pdf(_text_page, encrypt="secret"))
    (out / "scanned.pdf").write_bytes(_pdf(_scan_page))


def _links(out: Path) -> None:
    os.symlink("loop_b.txt", out / "loop_a.txt")
    os.symlink("loop_a.txt", out / "loop_b.txt")
    os.symlink("nowhere/missing.txt", out / "dangling_link.txt")


def _no_permission(out: Path, manifest: dict[str, Expected]) -> None:
    path = out / "no_permission.txt"
    path.write_text("\n".join(_report_lines()[:8]) + "\n", encoding="utf-8")
    path.chmod(0)
    if os.access(path, os.R_OK):  # root: the file is read after all
        manifest["no_permission.txt"] = Expected("read", note="mode 000, but this user can read anyway")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--force", action="store_true", help="replace DIR if it exists")
    args = parser.parse_args(argv)
    build(args.dir, force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
