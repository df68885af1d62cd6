"""The batch as one self-contained HTML page, and one report highlighted for Jupyter.

The page needs no network: CSS and JS are inlined from `templates/`, charts are CSS bars.
Everything that came from a report (text, titles, units, paths, messages) is escaped with
`html.escape`; the page's Content-Security-Policy also runs only its own script (a nonce),
so markup in a report shows as text and runs nothing. Outputs only format: every count
and span comes from the Batch as the JSON holds it.
"""
from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib.resources import files
from pathlib import Path
from string import Template

from nlp_toolkit.model import CATEGORIES, Batch, Document, Finding, Problem
from nlp_toolkit.output.excel import KIND_LABELS, PAIR_LABELS, SEVERITY_LABELS

FACT_KINDS = {"metric": "数据", "problem": "问题", "commitment": "承诺"}
_SEV_CODE = {"error": "e", "warning": "w", "info": "i"}
_SEV_RANK = {"error": 0, "warning": 1, "info": 2}
_FACT_RANK = {"problem": 3, "commitment": 4, "metric": 5}
_FACT_COLOURS = {"metric": "#cfe2ff", "problem": "#ffe0b2", "commitment": "#c8f0d0"}
_FINDING_COLOURS = ("#ffc1cc", "#e5c7ff", "#fff2a8", "#b9f0f0", "#ffd0a8", "#d8d8ff", "#f5c6e6", "#d6f5a8",
                    "#ffcfcf", "#c9e7ff", "#f0e0c0", "#e0e0e0")


@dataclass
class Mark:
    """One highlighted span of a report: a fact or a finding."""

    start: int
    end: int
    kind: str  # "metric" | "problem" | "commitment" | a finding kind
    rank: int  # lower shows on top where marks overlap
    severity: str | None
    label: str  # the tooltip line
    anchor: str | None = None


@cache
def _template(name: str) -> str:
    return files("nlp_toolkit.output").joinpath("templates", name).read_text(encoding="utf-8")


def _kind_label(kind: str) -> str:
    return FACT_KINDS.get(kind) or KIND_LABELS.get(kind, kind)


def _finding_line(f: Finding) -> str:
    return f"[{f.code}] {SEVERITY_LABELS.get(f.severity, f.severity)}：{f.message}"


def _number(value) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


def document_marks(doc: Document, batch_findings: list[Finding] = (), prefix: str = "m") -> list[Mark]:
    """Every metric, problem, commitment and finding of `doc` (and the spans of cross-report
    findings that lie in it) as marks; `related` spans of a finding are marked with it."""
    marks: list[Mark] = []
    for m in doc.metrics:
        detail = f"{_number(m.value)}{m.unit or ''}" + (f"，对象：{m.subject}" if m.subject else "")
        marks.append(Mark(m.start, m.end, "metric", _FACT_RANK["metric"], None, f"数据：{m.surface} = {detail}"))
    for p in doc.problems:
        marks.append(Mark(p.start, p.end, "problem", _FACT_RANK["problem"], None, _problem_label(p)))
    for c in doc.commitments:
        bits = [f"时限 {c.deadline}" if c.deadline else "无时限", f"责任 {c.owner}" if c.owner else "无责任单位"]
        if c.vague:
            bits.append("空泛表态")
        marks.append(Mark(c.start, c.end, "commitment", _FACT_RANK["commitment"], None, "承诺：" + "，".join(bits)))
    for i, f in enumerate(doc.findings):
        rank = _SEV_RANK.get(f.severity, 2)
        marks.append(Mark(f.start, f.end, f.kind, rank, f.severity, _finding_line(f), anchor=f"{prefix}-f{i}"))
        for r in f.related:
            if _int(r.get("start")) is not None and _int(r.get("end")) is not None and not r.get("path"):
                marks.append(Mark(r["start"], r["end"], f.kind, rank, f.severity, "相关：" + _finding_line(f)))
    for i, f in enumerate(batch_findings):
        for start, end in _spans_in(f, doc.path):
            marks.append(Mark(start, end, f.kind, _SEV_RANK.get(f.severity, 2), f.severity, _finding_line(f),
                              anchor=f"{prefix}-b{i}-{start}"))
    n = len(doc.text)
    return [m for m in marks if 0 <= m.start < m.end <= n]


def _problem_label(p: Problem) -> str:
    """Category and confidence; unclassified problems (`check` classifies none) say so."""
    if p.confidence is None:
        return "问题：未分类"
    return f"问题：{p.category or '未分类'}（置信度 {p.confidence:.2f}）"


def _int(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _related_path(r: dict) -> str | None:
    """The other report a related span is in (`path`, the one name `model.Related` gives it), if any."""
    return r["path"] if isinstance(r.get("path"), str) else None


def _spans_in(f: Finding, path: str) -> list[tuple[int, int]]:
    """The spans of a cross-report finding that lie in the document at `path`.

    `start`/`end` index the first document named; a related span names its document by
    `path` (or `document`), and one that names none belongs to the second document."""
    spans = []
    if f.documents and f.documents[0] == path:
        spans.append((f.start, f.end))
    for r in f.related:
        where = _related_path(r) or (f.documents[1] if len(f.documents) > 1 else None)
        if where == path and _int(r.get("start")) is not None and _int(r.get("end")) is not None:
            spans.append((r["start"], r["end"]))
    return spans


def _span_texts(f: Finding, doc: Document | None, path: str) -> list[str]:
    out = []
    if f.documents and f.documents[0] == path:
        out.append(f.text or (doc.text[f.start:f.end] if doc else ""))
    for r in f.related:
        where = _related_path(r) or (f.documents[1] if len(f.documents) > 1 else None)
        if where == path:
            text = r.get("text")
            if not isinstance(text, str) and doc is not None and _int(r.get("start")) is not None:
                text = doc.text[r["start"]:r.get("end", r["start"])]
            out.append(str(text or ""))
    return out


def highlight(text: str, marks: list[Mark], tokens: dict[str, str]) -> str:
    """`text` escaped, cut at every mark boundary; each marked piece lists its marks
    (overlaps included) most important first, and shows the first."""
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starts: dict[int, list[Mark]] = {}
    for m in marks:
        starts.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    out = []
    for a, b in zip(bounds, bounds[1:]):
        active = [m for m in active if m.end > a] + starts.get(a, [])
        for m in starts.get(a, []):
            if m.anchor:
                out.append(f'<span class="anchor" id="{escape(m.anchor)}"></span>')
        piece = escape(text[a:b])
        if not active:
            out.append(piece)
            continue
        ordered = sorted(active, key=lambda m: (m.rank, m.start, m.kind))
        seen, parts = set(), []
        for m in ordered:
            token = f"{tokens[m.kind]}.{_SEV_CODE.get(m.severity or '', '')}".rstrip(".")
            if token not in seen:
                seen.add(token)
                parts.append(token)
        top = ordered[0]
        sev = _SEV_CODE.get(top.severity or "")
        title = "\n".join(dict.fromkeys(m.label for m in ordered))
        out.append(f'<span class="hl" data-k="{escape(" ".join(parts))}" data-top="{tokens[top.kind]}"'
                   + (f' data-sev="{sev}"' if sev else "") + f' title="{escape(title)}">{piece}</span>')
    return "".join(out)


def _kind_tokens(kinds) -> dict[str, str]:
    """A CSS-safe token and a colour for every kind present, facts first."""
    ordered = [k for k in FACT_KINDS if k in kinds] + sorted(k for k in kinds if k not in FACT_KINDS)
    return {k: (k if k in FACT_KINDS else f"k{i}") for i, k in enumerate(ordered)}


def _colour(kind: str, token: str) -> str:
    if kind in _FACT_COLOURS:
        return _FACT_COLOURS[kind]
    return _FINDING_COLOURS[int(token[1:]) % len(_FINDING_COLOURS)]


def _kind_css(tokens: dict[str, str], scope: str = "") -> str:
    return "\n".join(f'{scope}.hl[data-top="{t}"] {{ background: {_colour(k, t)}; }}' for k, t in tokens.items())


def _legend(tokens: dict[str, str], counts: Counter) -> str:
    return "".join(f'<span class="legend-item"><span class="swatch" style="background:{_colour(k, t)}"></span>'
                   f"{escape(_kind_label(k))} {counts[k]}</span> " for k, t in tokens.items())


# ---------------------------------------------------------------- Jupyter: one report

_DOC_CSS = """
.nlpt-doc { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
.nlpt-doc .text { white-space: pre-wrap; word-break: break-all; line-height: 1.9; }
.nlpt-doc .hl { border-radius: 2px; }
.nlpt-doc .hl[data-sev="e"] { border-bottom: 2px solid #d1242f; }
.nlpt-doc .hl[data-sev="w"] { border-bottom: 2px solid #bf8700; }
.nlpt-doc .hl[data-sev="i"] { border-bottom: 2px dotted #57606a; }
.nlpt-doc .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 3px; }
.nlpt-doc .legend-item { margin-right: 12px; font-size: 13px; }
.nlpt-doc .findings { font-size: 13px; }
.nlpt-doc .sev { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 12px; color: #fff; }
.nlpt-doc .sev-error { background: #d1242f; } .nlpt-doc .sev-warning { background: #bf8700; }
.nlpt-doc .sev-info { background: #57606a; }
"""


def document_html(doc: Document, batch_findings: list[Finding] = ()) -> str:
    """One report's text with every finding and fact highlighted in place (no script: for
    Jupyter's `_repr_html_` and any HTML viewer). Hover a highlight for what it is."""
    marks = document_marks(doc, batch_findings, prefix="nlpt")
    counts = Counter(m.kind for m in marks if m.label and not m.label.startswith("相关："))
    tokens = _kind_tokens({m.kind for m in marks})
    head = " · ".join(escape(str(v)) for v in (doc.title, doc.unit, doc.path) if v)
    findings = "".join(f"<li>{_sev_badge(f.severity)} {escape(_finding_line(f))}</li>" for f in doc.findings)
    return (f'<div class="nlpt-doc"><style>{_DOC_CSS}{_kind_css(tokens, ".nlpt-doc ")}</style>'
            f"<div><b>{head}</b></div><div>{_legend(tokens, counts)}</div>"
            f'<div class="text">{highlight(doc.text, marks, tokens)}</div>'
            + (f'<ul class="findings">{findings}</ul>' if findings else "") + "</div>")


def _sev_badge(severity: str) -> str:
    return f'<span class="sev sev-{escape(severity)}">{escape(SEVERITY_LABELS.get(severity, severity))}</span>'


# ---------------------------------------------------------------- the batch page

def batch_html(batch: Batch, title: str = "上报材料分析报告") -> str:
    """The whole batch as one self-contained page: overview with charts, report pairs with
    the copied text, read failures, and every report highlighted, filterable by kind."""
    all_marks = [document_marks(d, batch.batch_findings, prefix=f"d{i}") for i, d in enumerate(batch.documents)]
    kinds = {m.kind for marks in all_marks for m in marks}
    tokens = _kind_tokens(kinds)
    body = [_overview(batch), _pairs(batch), _failures(batch), _documents(batch, all_marks, tokens)]
    meta = (f"共 {len(batch.documents)} 份材料，读取失败 {len(batch.errors)} 份，跳过 {len(batch.skipped)} 份；"
            f"质量提示 {sum(len(d.findings) for d in batch.documents)} 条，跨报告提示 {len(batch.batch_findings)} 条")
    return Template(_template("report.html")).substitute(
        title=escape(title), meta=escape(meta), nonce=secrets.token_urlsafe(16), style=_template("report.css"),
        kind_style=_kind_css(tokens), script=_template("report.js"), body="\n".join(body))


def write_html(batch: Batch, path: str | Path) -> None:
    Path(path).write_text(batch_html(batch), encoding="utf-8")


def _bars(rows: list[tuple[str, int]], css: list[str] | None = None, empty: str = "（无）") -> str:
    if not rows:
        return f'<p class="empty">{escape(empty)}</p>'
    top = max(n for _, n in rows) or 1
    out = []
    for i, (label, n) in enumerate(rows):
        cls = f" {css[i]}" if css else ""
        out.append(f'<tr><td class="label">{escape(label)}</td><td class="num">{n}</td>'
                   f'<td><div class="bar{cls}" style="width:{100 * n / top:.1f}%"></div></td></tr>')
    return '<table class="bars">' + "".join(out) + "</table>"


def _chart(title: str, inner: str) -> str:
    return f'<div class="chart"><h3>{escape(title)}</h3>{inner}</div>'


def _overview(batch: Batch) -> str:
    docs = batch.documents
    findings = [f for d in docs for f in d.findings] + list(batch.batch_findings)
    cards = [("材料", len(docs)), ("读取失败", len(batch.errors)), ("数据", sum(len(d.metrics) for d in docs)),
             ("问题", sum(len(d.problems) for d in docs)), ("承诺", sum(len(d.commitments) for d in docs)),
             ("质量提示", sum(len(d.findings) for d in docs)), ("跨报告提示", len(batch.batch_findings)),
             ("报告对", len(batch.pairs))]
    by_unit: Counter = Counter()
    for d in docs:
        by_unit[d.unit or "（未识别单位）"] += len(d.findings) + sum(1 for f in batch.batch_findings
                                                           if d.path in f.documents)
    rules = Counter(f"{f.code} {_kind_label(f.kind)}" for f in findings)
    severities = Counter(f.severity for f in findings)
    categories = Counter(p.category or "未分类" for d in docs for p in d.problems)
    cat_rows = [(c, categories[c]) for c in CATEGORIES if categories[c]]
    cat_rows += [(c, n) for c, n in categories.items() if c not in CATEGORIES]
    sev_rows = [(SEVERITY_LABELS.get(s, s), severities[s]) for s in ("error", "warning", "info") if severities[s]]
    sev_css = [f"sev-{s}" for s in ("error", "warning", "info") if severities[s]]
    unit_table = "".join(
        f"<tr><td>{escape(d.unit or '（未识别单位）')}</td><td>{escape(d.title or '')}</td>"
        f'<td><a href="#doc-{i}">{escape(Path(d.path).name)}</a></td><td>{len(d.metrics)}</td>'
        f"<td>{len(d.problems)}</td><td>{len(d.commitments)}</td><td>{len(d.findings)}</td>"
        f"<td>{sum(1 for f in batch.batch_findings if d.path in f.documents)}</td></tr>"
        for i, d in enumerate(docs))
    return ('<section id="overview"><h2>总览</h2><div class="cards">'
            + "".join(f'<div class="card"><b>{n}</b>{escape(label)}</div>' for label, n in cards)
            + '</div><div class="charts">'
            + _chart("各单位质量提示（含跨报告）", _bars(by_unit.most_common()))
            + _chart("各规则提示数", _bars(rules.most_common()))
            + _chart("问题类别", _bars(cat_rows))
            + _chart("提示级别", _bars(sev_rows, sev_css))
            + '</div><h3>各份材料</h3><table class="grid"><tr><th>单位</th><th>标题</th><th>文件</th><th>数据</th>'
            "<th>问题</th><th>承诺</th><th>质量提示</th><th>跨报告提示</th></tr>" + unit_table + "</table></section>")


def _cell(key: str, value, docs: dict | None = None) -> str:
    if docs and isinstance(value, str) and value in docs:
        return f'<a href="#doc-{docs[value]}">{escape(Path(value).name)}</a>'
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and 0 <= value <= 1 and any(w in key for w in ("share", "similar", "jaccard", "ratio")):
        return (f'{value:.1%}<div class="bar" style="width:{100 * value:.1f}%"></div>')
    if isinstance(value, (list, tuple)):
        return "；".join(escape(str(v)) for v in value)
    if isinstance(value, float):
        return escape(f"{value:.4g}")
    return escape("" if value is None else str(value))


def _pairs(batch: Batch) -> str:
    out = ['<section id="pairs"><h2>报告对比</h2>']
    if batch.pairs:
        keys = list(dict.fromkeys(k for p in batch.pairs for k in p))
        out.append('<table class="grid"><tr>' + "".join(f"<th>{escape(PAIR_LABELS.get(k, k))}</th>" for k in keys)
                   + "</tr>")
        index = {d.path: i for i, d in enumerate(batch.documents)}
        out.extend("<tr>" + "".join(f"<td>{_cell(k, p.get(k), index)}</td>" for k in keys) + "</tr>"
                   for p in batch.pairs)
        out.append("</table>")
    else:
        out.append('<p class="empty">没有报告对比结果。</p>')
    by_path = {d.path: (i, d) for i, d in enumerate(batch.documents)}
    if batch.batch_findings:
        out.append("<h3>跨报告提示与雷同文字</h3>")
    for j, f in enumerate(batch.batch_findings):
        sides = []
        for path in dict.fromkeys(f.documents):
            i, doc = by_path.get(path, (None, None))
            who = escape((doc.unit if doc and doc.unit else "") + "  " + Path(path).name)
            link = f'<a href="#doc-{i}">{who}</a>' if i is not None else who
            texts = _span_texts(f, doc, path)
            sides.append(f'<div class="side"><span class="who">{link}</span>'
                         + "<hr>".join(escape(t) for t in texts) + "</div>")
        out.append(f'<div class="pair" id="batch-{j}"><div>{_sev_badge(f.severity)} <b>{escape(f.code)}</b> '
                   f"{escape(_kind_label(f.kind))}：{escape(f.message)}</div>"
                   + (f'<div class="muted">{escape(f.reason)}</div>' if f.reason and f.reason != f.message else "")
                   + f'<div class="sides">{"".join(sides)}</div></div>')
    out.append("</section>")
    return "".join(out)


def _failures(batch: Batch) -> str:
    rows = [("读取失败", e) for e in batch.errors] + [("已跳过", e) for e in batch.skipped]
    if not rows:
        return '<section id="failures"><h2>读取失败</h2><p class="empty">所有文件均已读取。</p></section>'
    return ('<section id="failures"><h2>读取失败</h2><table class="grid"><tr><th>情况</th><th>文件</th><th>原因</th></tr>'
            + "".join(f"<tr><td>{what}</td><td>{escape(e.path)}</td><td>{escape(e.reason)}</td></tr>"
                      for what, e in rows) + "</table></section>")


def _documents(batch: Batch, all_marks: list[list[Mark]], tokens: dict[str, str]) -> str:
    counts = Counter(m.kind for marks in all_marks for m in marks if not m.label.startswith("相关："))
    boxes = "".join(
        f'<label><input type="checkbox" class="kind-filter" value="{t}" checked>'
        f'<span class="swatch" style="background:{_colour(k, t)}"></span>{escape(_kind_label(k))} ({counts[k]})</label>'
        for k, t in tokens.items())
    out = ['<section id="documents"><h2>各份材料</h2>',
           f'<div class="filters" id="filters">按类型显示：{boxes or "（无标注）"}'
           '<button type="button" id="filter-all">全选</button><button type="button" id="filter-none">全不选</button>'
           '<button type="button" id="open-all">展开/收起全部</button>'
           ' <span class="muted">显示中的标注片段：<span id="shown-count"></span></span></div>']
    open_attr = " open" if len(batch.documents) <= 20 else ""
    for i, (doc, marks) in enumerate(zip(batch.documents, all_marks)):
        head = " · ".join(escape(str(v)) for v in (doc.unit, doc.title, Path(doc.path).name) if v)
        rows = "".join(
            f'<tr><td>{_sev_badge(f.severity)}</td><td>{escape(f.code)}</td><td>{escape(_kind_label(f.kind))}</td>'
            f'<td>{escape(f.message)}</td><td><a href="#d{i}-f{k}">{escape(f.text[:60])}</a></td></tr>'
            for k, f in enumerate(doc.findings))
        table = ('<table class="grid"><tr><th>级别</th><th>规则</th><th>类型</th><th>说明</th><th>原文</th></tr>'
                 + rows + "</table>") if rows else '<p class="empty">没有质量提示。</p>'
        out.append(f'<section class="doc" id="doc-{i}"><details{open_attr}><summary>{head} '
                   f'<span class="muted">数据 {len(doc.metrics)} · 问题 {len(doc.problems)} · 承诺 {len(doc.commitments)}'
                   f' · 质量提示 {len(doc.findings)}</span></summary><div class="body">'
                   f'<div class="text">{highlight(doc.text, marks, tokens)}</div><h3>质量提示</h3>{table}</div>'
                   "</details></section>")
    out.append("</section>")
    return "".join(out)
