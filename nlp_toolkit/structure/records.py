"""Labelled records: field lines (问题表现：…；整改措施：…) and table rows keyed by their header.

`find_records(text, lines, hints)` returns `Record`s whose fields are spans into `text`.
Labels are matched on each line's Simplified view, offsets stay those of the source.
"""
from __future__ import annotations

import re

from nlp_toolkit.model import LayoutHint, Record, RecordField, Span
from nlp_toolkit.resources import compiled, data
from nlp_toolkit.structure.chars import RECORD_TRIM
from nlp_toolkit.structure.lines import Line
from nlp_toolkit.structure.spanindex import SpanIndex
from nlp_toolkit.structure.view import to_simplified

__all__ = ["find_records", "find_label_rows", "field_kind", "deadline_reason"]

# an item marker before a line's first label: （1） 1. 一、, or a bracketed tag (【问题1】, [问题一])
_MARKER = r"(?:(?:[（(]?[0-9０-９一二三四五六七八九十]{1,3}[)）.．、]|[【\[〔][^】\]〕\n]{1,10}[】\]〕])\s*)?"
_NUMBERED = r"[（(]?[0-9０-９一二三四五六七八九十]{1,3}[)）.．、]"
GROUP_ROW_MAX_CHARS = 30  # a category row of a ledger (（一）贯彻落实党的路线方针政策方面), not a note


@compiled("record_labels.yml")
def _labels() -> dict[str, str]:
    """Label → kind, longest labels first."""
    kinds = data("record_labels.yml")["kinds"]
    pairs = [(label, kind) for kind, labels in kinds.items() for label in labels]
    return dict(sorted(pairs, key=lambda p: -len(p[0])))


@compiled("record_labels.yml")
def _field_re() -> re.Pattern:
    alts = "|".join(map(re.escape, _labels()))
    return re.compile(rf"(?:^{_MARKER}|(?<=[；;。\s]))({alts})\s*[：:]")


def field_kind(label: str) -> str | None:
    """The kind of a field label as written (Traditional or Simplified), or None."""
    key = to_simplified(label.strip().strip("：:"))
    return _labels().get(key)


def deadline_reason(value: str) -> str:
    """Why a deadline value cannot be read as a time, or "" when it can."""
    words = data("record_labels.yml")["deadline_words"]
    simple = to_simplified(value)
    if re.search(r"\d", simple) or any(w in simple for w in words):
        return ""
    return f"完成时限“{value}”不是可识别的日期或期限，按原文保留"


def find_records(text: str, lines: list[Line], hints: list[LayoutHint]) -> list[Record]:
    """Records from table rows (DOCX tables, one row a line with tab-joined cells) and field lines."""
    tables = SpanIndex([h for h in hints if h.kind == "table"], lambda h: (h.start, h.end + 1))
    rows = {i: _row_span(line, tables) for i, line in enumerate(lines)
            if _in_table(line, tables) or "\t" in line.text}
    cell_paragraphs = SpanIndex([h for h in hints if h.kind == "cell_paragraph"], lambda h: (h.start, h.end))
    records = _table_records(text, lines, rows, cell_paragraphs)
    records += _line_records(text, lines, set(rows))
    return sorted(records, key=lambda r: r.start)


def find_label_rows(text: str, lines: list[Line], hints: list[LayoutHint]) -> list[Span]:
    """Table rows that label the table rather than fill it: every header row (one typed again
    inside the table or over a continued table too) and, below a header, a group row of one
    short cell without a full stop (一、政治建设方面 merged across the table). They are never a
    problem, a measure or a repeated passage."""
    tables = SpanIndex([h for h in hints if h.kind == "table"], lambda h: (h.start, h.end + 1))
    rows = [_row_span(line, tables) for line in lines if _in_table(line, tables) or "\t" in line.text]
    out, under_header = [], False
    for row in rows:
        if _header(text, row):
            under_header = True
        elif not (under_header and _group_row(text, row)):
            continue
        out.append(Span(*_trimmed(text, row)))
    return out


def _group_row(text: str, row: tuple[int, int]) -> bool:
    filled = [text[a:b] for a, b in _cells(text, row) if b > a]
    return len(filled) == 1 and len(filled[0]) <= GROUP_ROW_MAX_CHARS and not re.search("[。；;！？]", filled[0])


def _trimmed(text: str, row: tuple[int, int]) -> tuple[int, int]:
    start, end = row
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _in_table(line: Line, tables: SpanIndex[LayoutHint]) -> bool:
    return tables.any_overlapping(line.start, line.start + 1)


def _row_span(line: Line, tables: SpanIndex[LayoutHint]) -> tuple[int, int]:
    """The span of a table row: the reader's row (hint) where it gives one, so that empty cells at
    the row's ends (a vertically merged first column) keep their column; else the stripped line."""
    hint = next(iter(tables.overlapping(line.start, line.start + 1)), None)
    if hint is not None and hint.start <= line.start and line.end <= hint.end:
        return hint.start, hint.end
    return line.start, line.end


# ---- field lines -------------------------------------------------------------------------------

def _line_fields(text: str, line: Line) -> list[RecordField]:
    """The labelled fields of one line, each value running to the next label."""
    simple = to_simplified(line.text)
    hits = list(_field_re().finditer(simple))
    out = []
    for hit, nxt in zip(hits, hits[1:] + [None]):
        vstart, vend = hit.end(), (nxt.start() if nxt else len(simple))
        while vstart < vend and line.text[vstart] in RECORD_TRIM:
            vstart += 1
        while vend > vstart and line.text[vend - 1] in RECORD_TRIM:
            vend -= 1
        if vend <= vstart:
            continue
        label = line.text[hit.start(1):hit.end(1)]
        out.append(_field(text, label, line.start + vstart, line.start + vend, _labels()[hit.group(1)]))
    return out


def _field(text: str, label: str, start: int, end: int, kind: str) -> RecordField:
    value = text[start:end]
    reason = deadline_reason(value) if kind == "deadline" else ""
    return RecordField(start, end, label=label, kind=kind, text=value, reason=reason)


def _line_records(text: str, lines: list[Line], skip: set[int]) -> list[Record]:
    """One line of several fields is a record; a run of field lines is a record until a kind repeats."""
    records: list[Record] = []
    run: list[RecordField] = []
    for i, line in enumerate(lines):
        fields = [] if i in skip else _line_fields(text, line)
        if not fields:
            _close(run, records)
            run = []
            continue
        starts_numbered = re.match(_NUMBERED, line.text) is not None
        repeats = {f.kind for f in run} & {f.kind for f in fields} - {"other"}
        if len(fields) >= 2 or repeats or (starts_numbered and run):
            _close(run, records)
            run = []
        run.extend(fields)
        if len(fields) >= 2:
            _close(run, records)
            run = []
    _close(run, records)
    return records


def _close(run: list[RecordField], records: list[Record], source: str = "lines", start: int | None = None) -> None:
    """Keep a run as a record when it has at least two fields of a known kind."""
    if len([f for f in run if f.kind != "other"]) >= 2:
        first = run[0].start if start is None else start
        records.append(Record(first, run[-1].end, fields=list(run), source=source))


# ---- tables ------------------------------------------------------------------------------------

def _cells(text: str, row: tuple[int, int]) -> list[tuple[int, int]]:
    """(start, end) of each tab-separated cell of a table row, in source offsets, spaces trimmed."""
    out, pos = [], row[0]
    for cell in text[row[0]:row[1]].split("\t"):
        lead = len(cell) - len(cell.lstrip())
        out.append((pos + lead, pos + len(cell.rstrip())))
        pos += len(cell) + 1
    return out


def _header(text: str, row: tuple[int, int]) -> list[str | None] | None:
    """The field kinds of a header row, or None when the row is not a header."""
    names = [text[a:b] for a, b in _cells(text, row)]
    kinds = [field_kind(n) if n else None for n in names]
    known = [k for k in kinds if k and k != "other"]
    return kinds if len(known) >= 2 and len(known) >= (len(names) + 1) // 2 else None


def _table_records(text: str, lines: list[Line], rows: dict[int, tuple[int, int]],
                   cell_paragraphs: SpanIndex[LayoutHint]) -> list[Record]:
    """Rows after a header row become records; a repeated header (every page) is skipped. Rows
    under no header that are a label and its value (问题表现 | …, a table per problem) are fields,
    gathered into records as field lines are."""
    records: list[Record] = []
    header: list[str | None] | None = None
    labels: list[str] = []
    prev = None
    run: list[RecordField] = []
    run_start = 0  # where the run's first label|value row starts: the record holds its labels
    for i in sorted(rows):
        row = rows[i]
        kinds = _header(text, row)
        if prev is not None and i != prev + 1 and not kinds:
            header = None if _gap_breaks(lines, prev, i) else header
            _close(run, records, "table", run_start)
            run = []
        prev = i
        if kinds:
            header, labels = kinds, [text[a:b] for a, b in _cells(text, row)]
            continue
        if header:
            record = _row_record(text, row, header, labels, cell_paragraphs)
            if record:
                records.append(record)
            continue
        field = _label_value_field(text, row)
        if field is None or field.kind in {f.kind for f in run} - {"other"}:
            _close(run, records, "table", run_start)
            run = []
        if field is not None:
            run_start = run_start if run else row[0]
            run.append(field)
    _close(run, records, "table", run_start)
    return records


def _label_value_field(text: str, row: tuple[int, int]) -> RecordField | None:
    """A row of two cells, a field label and its value (整改措施 | 建立…): that field."""
    filled = [(a, b) for a, b in _cells(text, row) if b > a]
    if len(filled) != 2:
        return None
    (la, lb), (va, vb) = filled
    kind = field_kind(text[la:lb])
    return _field(text, text[la:lb], va, vb, kind) if kind else None


def _gap_breaks(lines: list[Line], prev: int, i: int) -> bool:
    """Lines between two table rows end the table unless they are only page debris (a page number)."""
    return any(not re.fullmatch(r"[-—\s第页/0-9]*", lines[j].text) for j in range(prev + 1, i))


def _row_record(text: str, row: tuple[int, int], header: list[str | None], labels: list[str],
                cell_paragraphs: SpanIndex[LayoutHint]) -> Record | None:
    """One body row as a record; cells beyond the header (merged or ragged rows) are `other`.
    A measures cell of several paragraphs gives a measure field per paragraph."""
    fields = []
    for col, (a, b) in enumerate(_cells(text, row)):
        if b <= a:
            continue  # empty cell or the continuation of a vertical merge
        kind = header[col] if col < len(header) and header[col] else "other"
        label = labels[col] if col < len(labels) else ""
        parts = [(h.start, h.end) for h in cell_paragraphs.overlapping(a, b) if a <= h.start and h.end <= b]
        for start, end in (parts if kind == "measure" and len(parts) > 1 else [(a, b)]):
            value = text[start:end]
            reason = deadline_reason(value) if kind == "deadline" else ""
            fields.append(RecordField(start, end, label=label, kind=kind, text=value, reason=reason))
    if not any(f.kind != "other" for f in fields):
        return None
    return Record(fields[0].start, fields[-1].end, fields=fields, source="table")
