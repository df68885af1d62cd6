"""What `nlp-toolkit archive list|show|remove|export` prints and writes (cli.py only parses).

Each function takes the parsed arguments and returns the exit code.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from nlp_toolkit.archive.store import Archive, ArchiveError, analysis_of
from nlp_toolkit.output.table import severity_label

EXPORT_TABLES = ("batches", "documents", "batch_documents", "metrics", "problems", "findings")


def run(args) -> int:
    try:
        with Archive(args.archive, create=False) as archive:
            return {"list": _list, "show": _show, "remove": _remove, "export": _export}[args.action](archive, args)
    except ArchiveError as exc:
        print(f"nlp-toolkit: {exc.reason}", file=sys.stderr)
        return 2


def _list(archive: Archive, args) -> int:
    rows = archive.batches()
    print(f"归档 {archive.shown}（结构版本 {archive.schema_version()}）：{len(rows)} 个批次")
    for row in rows:
        print(f"  {row['id']:>4}  {row['created_at'].astimezone():%Y-%m-%d %H:%M}  {row['documents']:>5} 份  {row['name']}")
    units = archive.units()
    print(f"\n{len(units)} 个单位")
    for row in units:
        print(f"  {row['documents']:>5} 份  {row['batches']:>3} 个批次  {row['unit'] or '（未识别单位）'}")
    return 0


def _show(archive: Archive, args) -> int:
    if args.unit:
        return _show_unit(archive, args.unit)
    if not args.batch:
        print("nlp-toolkit: 参数错误：请给出批次编号或名称，或 --unit 单位", file=sys.stderr)
        return 2
    batch = archive.batch(args.batch)
    if batch is None:
        print(f"nlp-toolkit: 归档中没有批次 {args.batch}", file=sys.stderr)
        return 1
    print(f"批次 {batch['id']}  {batch['name']}  {batch['created_at'].astimezone():%Y-%m-%d %H:%M}  "
          f"{len(batch['documents'])} 份")
    for doc in batch["documents"]:
        print(f"  [{doc['id']}] {doc['path']}  {doc['unit'] or '—'}  {doc['year'] or '—'}  {doc['title'] or ''}")
    if batch["findings"]:
        print(f"\n{len(batch['findings'])} 条批次提示")
        for f in batch["findings"]:
            detail = json.loads(f["detail"] or "{}")
            where = (detail.get("documents") or ["—"])[0]
            print(f"  {f['code']} {severity_label(f['severity'])} {where}:{f['start']}-{f['end']}  {f['message']}")
    return 0


def _show_unit(archive: Archive, unit: str) -> int:
    known = {row["unit"] for row in archive.units()}
    if unit not in known:
        close = sorted(u for u in known if u and unit in u)
        hint = f"（相近的单位：{'、'.join(close[:5])}）" if close else ""
        print(f"nlp-toolkit: 归档中没有单位 {unit}{hint}", file=sys.stderr)
        return 1
    import pandas as pd

    print(f"{unit}：归档中的报告")
    for row in archive.unit_reports(unit):
        print(f"  {row['created_at'].astimezone():%Y-%m-%d}  批次「{row['batch']}」  {row['year'] or '—'}  "
              f"{row['title'] or ''}  {row['path']}" + ("  （同一报告的其他版本，不计数）" if row.get("other_file") else ""))
    table = archive.unit_figures(unit)
    print(f"\n{unit}：在多个批次中报告的数字")
    if table.empty:
        print("  （没有在两个以上批次中都出现的指标）")
    else:
        with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 200):
            print(table.fillna("—").to_string())
    return 0


def _remove(archive: Archive, args) -> int:
    removed = archive.remove_batch(args.batch)
    if removed is None:
        print(f"nlp-toolkit: 归档中没有批次 {args.batch}", file=sys.stderr)
        return 1
    name, documents = removed
    print(f"已删除批次 {name}，以及仅属于该批次的 {documents} 份报告")
    return 0


def _export(archive: Archive, args) -> int:
    out = Path(args.directory)
    targets = {name: out / f"{name}.csv" for name in EXPORT_TABLES}
    existing = [str(p) for p in targets.values() if p.exists()]
    if existing and not args.force:
        print(f"nlp-toolkit: 文件已存在（用 --force 覆盖）：{', '.join(existing)}", file=sys.stderr)
        return 2
    frames = export_frames(archive, text=args.text)
    out.mkdir(parents=True, exist_ok=True)
    from nlp_toolkit.output.files import write_text_atomic

    for name, frame in frames.items():  # cells starting = + - @ neutralised, as the workbook's are
        write_text_atomic(targets[name], neutralise_formulas(frame).to_csv(index=False))
        print(f"{targets[name]}  {len(frame)} 行")
    return 0


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as the start of a formula


def neutralise_formula(value):
    """A text cell a spreadsheet would run as a formula, with a leading ' so it stays text
    (the workbook stores such cells as text the same way); other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralise_formulas(frame):
    """The frame with every text cell made safe to open in a spreadsheet (`neutralise_formula`)."""
    from pandas.api.types import is_numeric_dtype

    out = frame.copy()
    for column in out.columns:
        if not is_numeric_dtype(out[column]):
            out[column] = out[column].map(neutralise_formula)
    return out


def export_frames(archive: Archive, *, text: bool = False) -> dict:
    """The archive's tables as pandas DataFrames (document findings flattened out of the analysis).

    `documents` leaves out the text and the analysis unless `text`; `findings` holds the
    batch findings stored with each batch and every document's own findings (batch_id empty).
    """
    import pandas as pd
    from sqlalchemy import select

    from nlp_toolkit.archive.schema import batch_documents, batches, documents, findings, metrics, problems

    frames = {}
    with archive.read() as conn:
        frames["batches"] = pd.DataFrame(conn.execute(select(batches).order_by(batches.c.id)).mappings().all(),
                                         columns=[c.name for c in batches.c])
        doc_cols = [c for c in documents.c if c.name != "analysis" and (text or c.name != "text")]
        frames["documents"] = pd.DataFrame(conn.execute(select(*doc_cols).order_by(documents.c.id)).mappings().all(),
                                           columns=[c.name for c in doc_cols])
        for name, table in (("batch_documents", batch_documents), ("metrics", metrics), ("problems", problems)):
            frames[name] = pd.DataFrame(conn.execute(select(table)).mappings().all(), columns=[c.name for c in table.c])
        rows = [dict(r) for r in conn.execute(select(findings).order_by(findings.c.id)).mappings()]
        for doc_id, blob in conn.execute(select(documents.c.id, documents.c.analysis).order_by(documents.c.id)):
            for f in analysis_of(blob).get("findings", []):
                rows.append({"id": None, "batch_id": None, "document_id": doc_id, "code": f["code"], "kind": f["kind"],
                             "severity": f["severity"], "message": f["message"], "start": f["start"], "end": f["end"],
                             "text": f["text"], "detail": json.dumps({"reason": f.get("reason"),
                                                                      "related": f.get("related")}, ensure_ascii=False)})
        frames["findings"] = pd.DataFrame(rows, columns=[c.name for c in findings.c])
    return frames
