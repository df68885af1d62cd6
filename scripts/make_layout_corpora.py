#!/usr/bin/env python3
"""Build the layout corpora (issue 15) from marked-up sources: TXT, DOCX with real tables, PDF with tables.

Usage: python scripts/make_layout_corpora.py [SET ...]   (SET: heldout_layouts, annotated_layouts,
annotated_mixed, heldout_fresh, annotated_fresh, heldout_more, demo;
default all of them)

Each source `corpora/layout_sources/SET/NN_name.src` starts with `key: value` header lines
(format: txt|docx|pdf, about, title, unit), then a line `---`, then the report, one paragraph a line.
A line starting with `|` is a table row (cells between `|`); consecutive rows are one table, the
first its header; a cell `^` (DOCX only) is merged with the cell above. Gold annotations are written inline as tags, removed from the output text:

    <S:role:items>heading</S>              a section heading with its role and item count
    <P:category[:alt]>text</P>             a problem
    <C>text</C> / <c>text</c>              a commitment / a commitment made only of pledges; as in
                                           corpora/annotated, a <C> is measurable only when its
                                           deadline is checkable (a date, 年底前, 立行立改, a cadence),
                                           not 长期坚持 / 另行通知 / none
    <D>deadline</D> <O>owner</O>           fields of the enclosing commitment, or (outside one) of
                                           the last commitment opened in the same line
    <E>deadline</E> <A>owner</A>           fields of every commitment of the line (an item's own
                                           field stated once for all its measures)
    <M:value:unit:subject[:qualifier[:parent]]>surface</M>   a metric
    <N>text</N>                            a not-metric
    <K:kind>text</K>                       a finding (check_passes, vague_commitments, ...)

It writes NN_name.{txt,docx,pdf} and NN_name.gold.json into corpora/SET/, reads each file back
through the toolkit's reader and checks that every gold text occurs in what the reader returns.
Files are byte-stable (fixed dates, reportlab invariant mode).
"""
from __future__ import annotations

import datetime
import io
import json
import re
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "corpora" / "layout_sources"
SETS = ["heldout_layouts", "annotated_layouts", "annotated_mixed", "heldout_fresh", "annotated_fresh", "heldout_more",
        "demo"]
FONT = "STSong-Light"
FIXED_DATE = datetime.datetime(2026, 1, 1, 0, 0, 0)
TAG = re.compile(r"<(/?)([SPCcDOAEMNK])((?::[^<>]*)?)>")


# -- parsing ------------------------------------------------------------------------------------

def parse_source(path: Path) -> tuple[dict, list[str]]:
    head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    meta = dict(line.split(": ", 1) for line in head.splitlines() if line.strip())
    return meta, [line for line in body.splitlines() if line.strip()]


def strip_tags(line: str, gold: dict) -> str:
    """The line without tags; what the tags mark is appended to `gold`.

    Tags may stay open across lines: the open tags and the text so far live in gold["_state"].
    """
    state = gold.setdefault("_state", {"stack": [], "buf": []})
    stack, buf = state["stack"], state["buf"]
    last_c = gold.get("_last")
    begin = len("".join(buf))
    pos = 0
    for m in TAG.finditer(line):
        buf.append(line[pos:m.start()])
        pos = m.end()
        closing, kind, args = m.group(1), m.group(2), m.group(3).lstrip(":")
        if not closing:
            stack.append((kind, args, len("".join(buf))))
            continue
        open_kind, open_args, start = stack.pop()
        if open_kind != kind:
            raise ValueError(f"tag <{open_kind}> closed by </{kind}> in: {line}")
        text = "".join(buf)[start:]
        last_c = _record(kind, open_args, text, gold, stack, last_c)
    buf.append(line[pos:])
    gold["_last"] = last_c
    return "".join(buf)[begin:]


def _separator(gold: dict, sep: str) -> None:
    gold.setdefault("_state", {"stack": [], "buf": []})["buf"].append(sep)


def _record(kind: str, args: str, text: str, gold: dict, stack: list, last_c: dict | None) -> dict | None:
    parts = args.split(":") if args else []
    if kind == "S":
        gold["sections"].append({"heading": text, "role": parts[0], "items": int(parts[1])})
    elif kind == "P":
        entry = {"text": text, "category": parts[0]}
        if len(parts) > 1:
            entry["alt_category"] = parts[1]
        gold["problems"].append(entry)
    elif kind in "Cc":
        entry = {"text": text, "deadline": None, "owner": None, "measurable": kind == "C"}
        entry.update(gold.pop("_pending", {}))
        gold["commitments"].append(entry)
        gold["_line"].append(entry)
        return entry
    elif kind in "EA":
        for entry in gold["_line"]:
            entry["deadline" if kind == "E" else "owner"] = text
    elif kind in "DO":
        key = "deadline" if kind == "D" else "owner"
        inside = any(k in "Cc" for k, _, _ in stack)
        if inside:
            gold.setdefault("_pending", {})[key] = text
        elif last_c is not None:
            last_c[key] = text
        else:
            gold.setdefault("_pending", {})[key] = text
    elif kind == "M":
        value = float(parts[0]) if "." in parts[0] else int(parts[0])
        gold["metrics"].append({"surface": text, "value": value, "unit": parts[1], "subject": parts[2],
                                "qualifier": (parts[3] or None) if len(parts) > 3 else None,
                                "parent": (parts[4] or None) if len(parts) > 4 else None})
    elif kind == "N":
        gold["not_metrics"].append(text)
    elif kind == "K":
        gold["findings"].append({"kind": parts[0], "text": text})
    return last_c


def build(meta: dict, lines: list[str], name: str) -> tuple[list, dict]:
    """Blocks (("p", text) or ("table", rows)) and the gold of one source."""
    gold = {"document": f"{name}.{meta['format']}", "about": meta.get("about", ""),
            "title": meta.get("title", ""), "unit": meta.get("unit", ""),
            "sections": [], "metrics": [], "not_metrics": [], "problems": [], "commitments": [],
            "findings": []}
    blocks: list = []
    for line in lines:
        gold["_last"], gold["_line"] = None, []
        if line.startswith("|"):
            cells = []
            for i, raw in enumerate(line.strip().strip("|").split("|")):
                _separator(gold, "\t" if i else "")
                cells.append(strip_tags(raw.strip(), gold))
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(cells)
            else:
                blocks.append(("table", [cells]))
        else:
            blocks.append(("p", strip_tags(line.strip(), gold)))
        _separator(gold, "\n")
    if gold.pop("_state")["stack"]:
        raise ValueError(f"{name}: a tag is never closed")
    for entry in gold["commitments"]:
        entry["measurable"] = entry["measurable"] and checkable(entry["deadline"])
    gold.pop("_pending", None)
    gold.pop("_last", None)
    gold.pop("_line", None)
    return blocks, gold


OPEN_DEADLINES = ("长期坚持", "长期", "持续推进", "另行通知", "長期", "持續推進")


def checkable(deadline: str | None) -> bool:
    """A deadline one can check a measure against: not missing, open-ended or deferred."""
    return bool(deadline) and not any(word in deadline for word in OPEN_DEADLINES)


# -- writers ------------------------------------------------------------------------------------

def write_txt(blocks: list, path: Path) -> None:
    lines = [text if kind == "p" else "\n".join("\t".join(r) for r in text) for kind, text in blocks]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_docx(blocks: list, path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    for i, (kind, content) in enumerate(blocks):
        if kind == "p":
            para = doc.add_paragraph(content)
            if i == 0:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            continue
        table = doc.add_table(rows=len(content), cols=max(len(r) for r in content))
        table.style = "Table Grid"
        for r, row in enumerate(content):
            for c, cell in enumerate(row):
                if cell == "^":  # merged with the cell above (a vertical merge)
                    table.cell(r - 1, c).merge(table.cell(r, c))
                else:
                    table.cell(r, c).text = cell
    props = doc.core_properties
    props.author = props.last_modified_by = "nlp_toolkit"
    props.created = props.modified = FIXED_DATE
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(_normalise_zip(buf.getvalue()))


def _normalise_zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write_pdf(blocks: list, path: Path) -> None:
    """A4 pages: paragraphs, and tables with grid lines whose header row repeats on every page."""
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    rl_config.invariant = 1
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=17, firstLineIndent=22, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=15, leading=22, alignment=1, firstLineIndent=0)
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=12, wordWrap="CJK")
    story: list = []
    for i, (kind, content) in enumerate(blocks):
        if kind == "p":
            story.append(Paragraph(content, title if i == 0 else body))
            continue
        ncols = max(len(r) for r in content)
        widths = _column_widths(content, ncols, A4[0] - 100)
        rows = [[Paragraph(c, cell) for c in r] + [""] * (ncols - len(r)) for r in content]
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story += [Spacer(1, 6), table, Spacer(1, 6)]
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=50, rightMargin=50, topMargin=60,
                            bottomMargin=60, title="", author="nlp_toolkit", creator="nlp_toolkit")
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)


def _column_widths(rows: list[list[str]], ncols: int, total: float) -> list[float]:
    """Column widths in proportion to the longest cell of each column (at least 4 characters)."""
    longest = [max(4, min(40, max(len(r[c]) if c < len(r) else 0 for r in rows))) for c in range(ncols)]
    return [total * n / sum(longest) for n in longest]


def _page_number(canvas, doc) -> None:
    canvas.setFont(FONT, 9)
    canvas.drawCentredString(297, 30, f"- {doc.page} -")


WRITERS = {"txt": write_txt, "docx": write_docx, "pdf": write_pdf}


# -- checking -----------------------------------------------------------------------------------

def squash(text: str) -> str:
    return "".join(text.split())


def check(path: Path, gold: dict) -> list[str]:
    """Gold texts that the toolkit's reader does not return (whitespace ignored)."""
    sys.path.insert(0, str(REPO))
    from nlp_toolkit.readers import read

    text = squash(read(path).text)
    wanted = [s["heading"] for s in gold["sections"]] + [p["text"] for p in gold["problems"]]
    for c in gold["commitments"]:
        wanted += [c["text"]] + [c[k] for k in ("deadline", "owner") if c[k]]
    wanted += [m["surface"] for m in gold["metrics"]] + gold["not_metrics"]
    wanted += [f["text"] for f in gold["findings"]]
    return [w for w in wanted if squash(w) not in text]


def make_set(name: str) -> int:
    """Write one set; the demo reports (no gold) go into corpora/demo/<format>/."""
    failures = 0
    for src in sorted((SOURCES / name).glob("*.src")):
        meta, lines = parse_source(src)
        blocks, gold = build(meta, lines, src.stem)
        out_dir = REPO / "corpora" / name / (meta["format"] if name == "demo" else "")
        out_dir.mkdir(parents=True, exist_ok=True)
        doc_path = out_dir / gold["document"]
        WRITERS[meta["format"]](blocks, doc_path)
        if name != "demo":
            (out_dir / f"{src.stem}.gold.json").write_text(
                json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        missing = check(doc_path, gold)
        failures += bool(missing)
        for m in missing:
            print(f"{doc_path.name}: gold text not in the read text: {m}")
        print(f"{doc_path.relative_to(REPO)}: {len(gold['problems'])} problems, "
              f"{len(gold['commitments'])} commitments")
    return failures


def main(argv: list[str] | None = None) -> int:
    names = (argv if argv is not None else sys.argv[1:]) or SETS
    return 1 if sum(make_set(n) for n in names) else 0


if __name__ == "__main__":
    sys.exit(main())
