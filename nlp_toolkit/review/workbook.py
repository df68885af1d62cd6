"""Decisions read back from the workbook's 处理意见 column (`nlp-toolkit review import book.xlsx`).

The 质量提示 sheet of `output/excel.py` carries, beside each finding, a 处理意见 cell (a list
of the statuses), a 备注 cell and a hidden 提示指纹 cell with the keys of `keys.py`. A row whose
处理意见 is filled becomes a decision. A book without those columns, or whose reports are none
of the batch's, is refused with a `ReviewError` and nothing is imported.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from nlp_toolkit.model import Batch, Decision
from nlp_toolkit.review.keys import BatchReports
from nlp_toolkit.review.store import STATUSES, ReviewError

SHEET = "质量提示"
STATUS_COLUMN, NOTE_COLUMN, KEY_COLUMN = "处理意见", "备注", "提示指纹"


def _from_key(cell) -> tuple[str, str, str, str | None] | None:
    try:
        code, passage, document, unit = json.loads(cell)
    except (TypeError, ValueError):
        return None
    if not all(isinstance(v, str) for v in (code, passage, document)) or not (unit is None or isinstance(unit, str)):
        return None
    return code, passage, document, unit


def _rows(book: Path):
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(book, read_only=True, data_only=True)
    except (OSError, BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        raise ReviewError(f"{book}：无法作为 Excel 工作簿读取（{type(exc).__name__}）") from exc
    try:
        if SHEET not in wb.sheetnames:
            raise ReviewError(f"{book}：没有“{SHEET}”工作表，不是 nlp-toolkit analyze --excel 写出的工作簿，未导入任何处理意见")
        rows = list(wb[SHEET].iter_rows(values_only=True))
    finally:
        wb.close()
    header = [str(c) if c is not None else "" for c in (rows[0] if rows else [])]
    for column in (STATUS_COLUMN, KEY_COLUMN):
        if column not in header:
            raise ReviewError(f"{book}：“{SHEET}”表没有“{column}”列，无法导入处理意见（请用本版本 analyze --excel 重新生成工作簿）")
    return header, rows[1:]


def decisions_from_workbook(book: str | os.PathLike, batch: Batch) -> tuple[list[Decision], list[str]]:
    """The decisions the book's 处理意见 column holds, and messages about rows passed over.

    Raises ReviewError when the book cannot be used at all (no 处理意见 column, or a book of another batch).
    """
    book = Path(book)
    header, rows = _rows(book)
    col = {name: header.index(name) for name in header if name}
    decisions, messages, keyed = [], [], []
    for number, row in enumerate(rows, start=2):
        cell = lambda name: row[col[name]] if name in col and col[name] < len(row) else None  # noqa: E731
        key = _from_key(cell(KEY_COLUMN))
        if key is None:
            continue
        keyed.append(key)
        status = str(cell(STATUS_COLUMN) or "").strip()
        if not status:
            continue
        if status not in STATUSES:
            messages.append(f"{book}：第 {number} 行的处理意见“{status}”不是 {' / '.join(STATUSES)} 之一，已跳过")
            continue
        code, passage, document, unit = key
        decisions.append(Decision(code, passage, document, unit, status, str(cell(NOTE_COLUMN) or "").strip(),
                                  file=Path(str(cell("文件") or "")).name, text=str(cell("原文") or "")[:80]))
    reports = BatchReports(batch.documents)
    _same_batch(book, keyed, reports)
    known = [d for d in decisions if d in reports]
    if len(known) < len(decisions):
        messages.append(f"{book}：{len(decisions) - len(known)} 条处理意见所指的材料不在本批中，未导入")
    return known, messages


def _same_batch(book: Path, keys: list[tuple], reports: BatchReports) -> None:
    probes = [Decision(code, passage, document, unit) for code, passage, document, unit in keys]
    if probes and not any(p in reports for p in probes):
        raise ReviewError(f"{book}：工作簿中的材料都不在本批中，像是另一批次的工作簿，未导入任何处理意见")
