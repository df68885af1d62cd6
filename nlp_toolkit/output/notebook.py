"""What Jupyter shows: a batch as a short summary (`Batch._repr_html_`), and a Chinese font for charts.

    batch                 # in Jupyter: files read / failed / skipped, findings per severity and
                          # per rule, the units with the most findings — not a dump of every fact
    use_cjk_font()        # matplotlib draws Chinese labels with the first installed CJK font
                          # (resources/cjk_fonts.txt); None when there is none

Only formats what the batch holds.
"""
from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import PurePath

from nlp_toolkit.model import Batch

TOP_UNITS = 10  # units listed in the summary, most findings first
TOP_RULES = 10


def batch_summary_html(batch: Batch) -> str:
    """A few lines and two small tables: enough to see what the batch holds before asking for frames."""
    from nlp_toolkit.output.table import SEVERITY_LABELS, summary_line

    counted = batch.primaries()  # a report sent as several files counts once, by its primary
    every = [f for d in counted for f in d.findings] + list(batch.batch_findings)
    severities = Counter(f.severity for f in every)
    severity_text = "，".join(f"{SEVERITY_LABELS.get(s, s)} {n}" for s, n in severities.most_common()) or "无"
    lines = [f"<b>{escape(summary_line(batch))}</b>",
             f"质量提示 {len(every)} 条（{escape(severity_text)}），其中跨报告 {len(batch.batch_findings)} 条"
             + (f"；已处理未列出 {len(batch.dismissed)} 条" if batch.dismissed else ""),
             f"数据 {sum(len(d.metrics) for d in counted)} 项，问题 {sum(len(d.problems) for d in counted)} 条，"
             f"承诺 {sum(len(d.commitments) for d in counted)} 条"]
    if batch.submissions:
        lines.append(f"{len(batch.submissions)} 份报告各以多个文件报送，其他版本 {len(batch.versions())} 个文件"
                     "只列出、不重复计数（batch.frames()['versions']）")
    if batch.errors:
        names = "、".join(escape(PurePath(e.path).name) for e in batch.errors[:5])
        lines.append(f"读取失败：{names}{' 等' if len(batch.errors) > 5 else ''}")
    parts = [f'<div class="nlp-toolkit-batch">{"<br>".join(lines)}', _units(batch), _rules(every),
             "<p><small>batch.frames() 给出全部表格（DataFrame）；batch.documents[i] 显示一份材料的原文标注。</small></p></div>"]
    return "".join(parts)


def _table(head: list[str], rows: list[list]) -> str:
    if not rows:
        return ""
    cells = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in rows)
    return "<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>" + cells + "</table>"


def _units(batch: Batch) -> str:
    per_unit: dict[str, list] = {}
    for doc in batch.primaries():
        row = per_unit.setdefault(doc.unit or "（未识别单位）", [0, 0, set()])
        row[0] += 1
        row[1] += len(doc.findings) + sum(1 for f in batch.batch_findings if doc.path in f.documents)
        if doc.year:
            row[2].add(doc.year)
    rows = [[unit, n, found, "、".join(map(str, sorted(years))) or "—"]
            for unit, (n, found, years) in sorted(per_unit.items(), key=lambda kv: (-kv[1][1], kv[0]))]
    more = f"<p><small>另有 {len(rows) - TOP_UNITS} 个单位</small></p>" if len(rows) > TOP_UNITS else ""
    return _table(["单位", "材料", "质量提示", "年份"], rows[:TOP_UNITS]) + more


def _rules(every: list) -> str:
    counts = Counter(f.code for f in every)
    first = {}
    for f in every:
        first.setdefault(f.code, f.message.split("：")[0])
    return _table(["规则", "条数", "说明"], [[c, n, first[c]] for c, n in counts.most_common(TOP_RULES)])


def use_cjk_font() -> str | None:
    """Make matplotlib draw Chinese text with the first installed CJK font; its family name, or None."""
    try:
        from matplotlib import font_manager, rcParams
    except ImportError:
        return None
    family = _installed_family(font_manager)
    if family is None:
        return None
    rcParams["font.sans-serif"] = [family, *[f for f in rcParams["font.sans-serif"] if f != family]]
    rcParams["font.family"] = "sans-serif"
    rcParams["axes.unicode_minus"] = False  # CJK fonts often lack the Unicode minus sign
    return family


def _installed_family(font_manager) -> str | None:
    from nlp_toolkit import resources

    wanted = [w for w in resources.lines("cjk_fonts.txt") if not w.startswith("file:")]
    pieces = [w.split(":", 1)[1].strip().lower() for w in resources.lines("cjk_fonts.txt") if w.startswith("file:")]
    known = {f.name for f in font_manager.fontManager.ttflist}
    for family in wanted:
        if family in known:
            return family
    for path in sorted(font_manager.findSystemFonts()):  # installed after matplotlib built its cache
        if any(piece in PurePath(path).name.lower() for piece in pieces):
            try:
                font_manager.fontManager.addfont(path)
                name = font_manager.FontProperties(fname=path).get_name()
            except (OSError, RuntimeError, ValueError):
                continue
            if name:
                return name
    return None
