#!/usr/bin/env python3
"""Build the Word-format gold sets (corpora/heldout_docx, corpora/annotated_docx) from marked-up sources.

Usage: python scripts/make_docx_corpora.py [SET ...]   (SET: heldout_docx, annotated_docx; default both)

Each source `corpora/SET/src/NN_name.src` is written like those of `scripts/make_layout_corpora.py`
(header lines, `---`, one paragraph a line, the same inline gold tags <S> <P> <C> <c> <D> <O> <E> <A>
<M> <N> <K>, whose docstring describes them), with Word layout on top:

    @head text        letterhead: centred, bold, red, large (红头)
    @c text / @r text centred / right-aligned paragraph (title, signature, date)
    @h1 / @h2 / @h3   paragraph in Word's Heading 1/2/3 style
    @b text           a paragraph that is one bold run
    @n text           a paragraph in Word's List Number style (automatic numbering, no marker in the text)
    @pb               a page break (no text)
    @end              ends a table, so that the next `|` row starts another one
    **text**          inline: a bold run inside a paragraph
    {tab}             inline: a tab character in a paragraph (文号 … 签发人 on one line)
    {br}              in a table cell: a new paragraph inside the cell (read as a space)

Directives combine (`@c @b text`). A line starting with `|` is a table row (cells between `|`), `|!` a
header row (bold, marked to repeat on each page); a cell `^` is merged with the cell above, `<` with the
cell to its left. Gold text in a table is the reading order of its cells: a row's cells joined by a tab,
a vertically merged continuation cell empty, a horizontally merged cell absent.

Writes NN_name.docx and NN_name.gold.json into corpora/SET/ (byte-stable: fixed dates and zip times)
and checks the gold against the document's own text with scripts/validate_gold.py (which reads
word/document.xml itself, not through the toolkit).
"""
from __future__ import annotations

import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
sys.path.insert(0, str(SCRIPTS))
import make_layout_corpora as layout  # noqa: E402  (tag parsing, zip normalising)
import validate_gold  # noqa: E402

REPO = SCRIPTS.parent
SETS = ["heldout_docx", "annotated_docx"]
DIRECTIVES = {"@head", "@c", "@r", "@h1", "@h2", "@h3", "@b", "@n", "@pb", "@end"}
TAB = "{tab}"
BR = "{br}"


@dataclass
class Para:
    runs: list[tuple[str, bool]]
    directives: set[str] = field(default_factory=set)


@dataclass
class Table:
    rows: list[list[str]] = field(default_factory=list)
    header_rows: set[int] = field(default_factory=set)


def split_directives(line: str) -> tuple[set[str], str]:
    found: set[str] = set()
    while line.startswith("@"):
        token, _, rest = line.partition(" ")
        if token not in DIRECTIVES:
            raise ValueError(f"unknown directive {token!r} in: {line}")
        found.add(token)
        line = rest.lstrip()
    return found, line


def new_gold(meta: dict, name: str) -> dict:
    return {"document": f"{name}.docx", "about": meta.get("about", ""), "title": meta.get("title", ""),
            "unit": meta.get("unit", ""), "sections": [], "metrics": [], "not_metrics": [], "problems": [],
            "commitments": [], "findings": []}


def build(meta: dict, lines: list[str], name: str) -> tuple[list, dict]:
    """The blocks (Para or Table) and the gold of one source."""
    gold = new_gold(meta, name)
    blocks: list = []
    for line in lines:
        gold["_last"], gold["_line"] = None, []
        directives, body = split_directives(line.strip())
        if "@end" in directives or "@pb" in directives:
            blocks.append(Para([], directives))
            if not body:
                continue
        if body.startswith("|"):
            add_row(blocks, body, gold)
        else:
            runs = [(layout.strip_tags(seg, gold), i % 2 == 1) for i, seg in enumerate(body.split("**"))]
            blocks.append(Para([(t, b) for t, b in runs if t], directives - {"@end", "@pb"}))
        layout._separator(gold, "\n")
    if gold.pop("_state")["stack"]:
        raise ValueError(f"{name}: a tag is never closed")
    for entry in gold["commitments"]:
        entry["measurable"] = entry["measurable"] and layout.checkable(entry["deadline"])
    for key in ("_pending", "_last", "_line"):
        gold.pop(key, None)
    return blocks, gold


def add_row(blocks: list, body: str, gold: dict) -> None:
    header = body.startswith("|!")
    raw_cells = body[2 if header else 1:].strip().rstrip("|").split("|")
    cells, written = [], 0
    for raw in raw_cells:
        raw = raw.strip()
        if raw == "<":
            cells.append("<")
            continue
        layout._separator(gold, "\t" if written else "")
        written += 1
        if raw == "^":
            cells.append(raw)
            continue
        pieces = []
        for i, piece in enumerate(raw.split(BR)):
            if i:
                layout._separator(gold, " ")
            pieces.append(layout.strip_tags(piece.strip(), gold))
        cells.append(BR.join(pieces))
    if not (blocks and isinstance(blocks[-1], Table)):
        blocks.append(Table())
    table = blocks[-1]
    if header:
        table.header_rows.add(len(table.rows))
    table.rows.append(cells)


# -- writing ------------------------------------------------------------------------------------

def write_docx(blocks: list, path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    for block in blocks:
        if isinstance(block, Table):
            write_table(doc, block)
            continue
        d = block.directives
        if not block.runs and "@pb" in d:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            continue
        if not block.runs:
            continue
        style = next((f"Heading {s[-1]}" for s in ("@h1", "@h2", "@h3") if s in d),
                     "List Number" if "@n" in d else None)
        para = doc.add_paragraph(style=style)
        if "@c" in d or "@head" in d:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif "@r" in d:
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for text, bold in block.runs:
            for i, piece in enumerate(text.split(TAB)):
                if i:
                    para.add_run().add_tab()
                if not piece:
                    continue
                run = para.add_run(piece)
                run.bold = bold or "@b" in d or "@head" in d or None
                if "@head" in d:
                    run.font.size = Pt(26)
                    run.font.color.rgb = RGBColor(0xE0, 0x00, 0x00)
    props = doc.core_properties
    props.author = props.last_modified_by = "nlp_toolkit"
    props.created = props.modified = layout.FIXED_DATE
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(layout._normalise_zip(buf.getvalue()))


def write_table(doc, block: Table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ncols = max(len(r) for r in block.rows)
    table = doc.add_table(rows=len(block.rows), cols=ncols)
    table.style = "Table Grid"
    for r, row in enumerate(block.rows):
        for c, cell in enumerate(row):
            if cell not in ("^", "<"):
                first, *more = cell.split(BR)
                table.cell(r, c).text = first
                for piece in more:
                    table.cell(r, c).add_paragraph(piece)
                if r in block.header_rows:
                    for run in table.cell(r, c).paragraphs[0].runs:
                        run.bold = True
        if r in block.header_rows:
            tr_pr = table.rows[r]._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:tblHeader"))
    for r, row in enumerate(block.rows):  # merge after the text is in, from each run's first cell
        for c, cell in enumerate(row):
            if cell == "<":
                first = c
                while row[first] == "<":
                    first -= 1
                table.cell(r, first).merge(table.cell(r, c))
            elif cell == "^":
                top = r
                while block.rows[top][c] == "^":
                    top -= 1
                table.cell(top, c).merge(table.cell(r, c))


def make_set(name: str) -> int:
    failures = 0
    out_dir = REPO / "corpora" / name
    for src in sorted((out_dir / "src").glob("*.src")):
        meta, lines = layout.parse_source(src)
        blocks, gold = build(meta, lines, src.stem)
        write_docx(blocks, out_dir / gold["document"])
        gold_path = out_dir / f"{src.stem}.gold.json"
        gold_path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        errors = validate_gold.check(gold_path)
        failures += bool(errors)
        for e in errors:
            print(f"{gold['document']}: {e}")
        size = len(re.sub(r"\s", "", validate_gold.document_text(out_dir / gold["document"])))
        print(f"{gold['document']}: {size} characters, {len(gold['metrics'])} metrics, "
              f"{len(gold['problems'])} problems, {len(gold['commitments'])} commitments, "
              f"{len(gold['findings'])} findings")
    return failures


def main(argv: list[str] | None = None) -> int:
    names = (argv if argv is not None else sys.argv[1:]) or SETS
    return 1 if sum(make_set(n) for n in names) else 0


if __name__ == "__main__":
    sys.exit(main())
