"""The batch as self-contained HTML: one page (`batch_html`), or an index page with one page
per report in a folder beside it (`write_html`, what `analyze --html FILE` writes); and one
report highlighted for Jupyter (`document_html`).

No page needs the network or reads another file: CSS and JS are inlined from `templates/`,
charts are CSS bars, pages link to each other by relative paths, so the folder opens from
file:// anywhere. Everything that came from a report (text, titles, units, paths, messages)
is escaped with `html.escape`; each page's Content-Security-Policy runs only its own script
(a nonce), so markup in a report shows as text and runs nothing. Outputs only format: every
count and span comes from the Batch as the JSON holds it.

Findings are highlighted by default; facts (数据/问题/承诺) only when their kind is switched on,
in hues no finding uses.
"""
from __future__ import annotations

import colorsys
import os
import secrets
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib.resources import files
from pathlib import Path
from string import Template
from urllib.parse import quote

from nlp_toolkit.model import CATEGORIES, Batch, Document, Finding, Problem
from nlp_toolkit.output.labels import PAIR_LABELS, kind_label
from nlp_toolkit.output.pages import is_ocr_page, ocr_note, page_label, unread_note
from nlp_toolkit.output.table import SEVERITY_LABELS
from nlp_toolkit.explain import basis
from nlp_toolkit.output.wording import plain_reason

FACT_KINDS = {"metric": "数据", "problem": "问题", "commitment": "承诺"}
_SEV_CODE = {"error": "e", "warning": "w", "info": "i"}
_SEV_RANK = {"error": 0, "warning": 1, "info": 2}
_FACT_RANK = {"problem": 3, "commitment": 4, "metric": 5}
# Hues (degrees): facts are cool (blue, teal, green), findings warm (red … yellow, magenta),
# so a fact and a finding never share a hue whatever kinds a batch holds.
FACT_HUES = {"metric": 212, "problem": 178, "commitment": 120}
FINDING_HUES = (350, 28, 50, 320, 8, 40, 300, 15, 335, 58, 285, 22)
_TOP_ROWS = 20  # bars shown per chart; the rest are summed in one line
SITE_SUFFIX = "_files"


@dataclass
class Mark:
    """One highlighted span of a report: a fact or a finding."""

    start: int
    end: int
    kind: str  # "metric" | "problem" | "commitment" | a finding kind
    rank: int  # lower shows on top where marks overlap
    severity: str | None
    label: str  # the tooltip line
    anchor: str | None = None  # id placed where the mark starts (a link target)
    group: str | None = None  # the finding the mark belongs to: its pieces flash together after a jump


@dataclass(frozen=True)
class Links:
    """Where reports and passages live: in one page (`site` False) or one page per report
    in the folder `folder` beside the index page `index`."""

    site: bool = False
    index: str = ""
    folder: str = ""

    def prefix(self, i: int) -> str:
        """What report i's anchor ids start with (ids are unique in their page)."""
        return "" if self.site else f"d{i}-"

    def report(self, i: int, here: str = "index") -> str:
        if not self.site:
            return f"#doc-{i}"
        return report_page_name(i) if here == "report" else f"{quote(self.folder)}/{report_page_name(i)}"

    def passage(self, i: int, anchor: str, here: str = "index") -> str:
        page = "" if not self.site else self.report(i, here)
        return f"{page}#{self.prefix(i)}{anchor}"

    def home(self, fragment: str, here: str = "index") -> str:
        if self.site and here == "report":
            return f"../{quote(self.index)}#{fragment}"
        return f"#{fragment}"


def report_page_name(i: int) -> str:
    """The file name of report i's page inside the site folder."""
    return f"report-{i + 1:05d}.html"


def site_folder(index: str | Path) -> Path:
    """The folder of report pages beside the index page `index` (out.html → out_files/)."""
    index = Path(index)
    return index.with_name(index.stem + SITE_SUFFIX)


def finding_href(index: str | Path, doc_index: int, finding_index: int | None = None, *,
                 batch_index: int | None = None, relative_to: str | Path | None = None) -> str:
    """A link to a finding's passage in the report pages `write_html(batch, index)` writes.

    Args:
        index: the index page's path, as given to `write_html`.
        doc_index: the report's position in `batch.documents`.
        finding_index: the finding's position in that document's `findings`; or
        batch_index: the position of a cross-report finding in `batch.batch_findings`
            (the link goes to its first passage in report `doc_index`).
        relative_to: the folder the link is followed from (a workbook's folder); by default
            the index page's folder.
    Returns:
        A relative URL ('/' separators, the names percent-encoded) with a '#' fragment, or
        the report's top when neither finding_index nor batch_index is given.
    """
    if finding_index is not None:
        fragment = f"#f{finding_index}"
    else:
        fragment = f"#b{batch_index}-0" if batch_index is not None else ""
    target = site_folder(index) / report_page_name(doc_index)
    base = Path(relative_to) if relative_to is not None else Path(index).parent
    rel = os.path.relpath(os.path.abspath(target), os.path.abspath(base))
    return quote(Path(rel).as_posix()) + fragment


@cache
def _template(name: str) -> str:
    return files("nlp_toolkit.output").joinpath("templates", name).read_text(encoding="utf-8")


def _kind_label(kind: str) -> str:
    return FACT_KINDS.get(kind) or kind_label(kind)


def _finding_line(f: Finding) -> str:
    line = f"[{f.code}] {SEVERITY_LABELS.get(f.severity, f.severity)}：{f.message}"
    return line + (f"\n依据：{basis(f.explanation)}" if f.explanation else "")


def _with_why(label: str, fact) -> str:
    """A highlighted fact's hover text: what it is, then its explanation."""
    return label + (f"\n依据：{fact.explanation.text}" if fact.explanation else "")


def _why(f: Finding) -> str:
    """A finding's 判断依据 in its card, from its explanation: the line (when it says more than the
    message), then the rule, check or word list entry and score. A finding without one (from an
    older archive) shows its reason worded."""
    e = f.explanation
    said = [plain_reason(f)] if e is None else ["" if e.text.startswith(f.message) else e.text, basis(e)]
    said = [r for r in said if r]
    return f'<div class="muted">判断依据：{escape("；".join(said))}</div>' if said else ""


def _number(value) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


def document_marks(doc: Document, batch_findings: list[Finding] = (), prefix: str = "m",
                   involved: list[int] | None = None) -> list[Mark]:
    """Every metric, problem, commitment and finding of `doc` (and the spans of cross-report
    findings that lie in it) as marks; `related` spans of a finding are marked with it.

    Anchors: finding k of the document is `{prefix}f{k}`; span n in this document of
    cross-report finding j is `{prefix}b{j}-{n}`. `involved`: the indexes of the cross-report
    findings worth looking at (all by default)."""
    marks = _fact_marks(doc)
    for i, f in enumerate(doc.findings):
        rank, anchor = _SEV_RANK.get(f.severity, 2), f"{prefix}f{i}"
        marks.append(Mark(f.start, f.end, f.kind, rank, f.severity, _finding_line(f), anchor=anchor, group=anchor))
        for r in f.related:
            if _int(r.get("start")) is not None and _int(r.get("end")) is not None and not r.get("path"):
                marks.append(Mark(r["start"], r["end"], f.kind, rank, f.severity, "相关：" + _finding_line(f),
                                  group=anchor))
    for j in range(len(batch_findings)) if involved is None else involved:
        f, group = batch_findings[j], f"{prefix}b{j}-0"
        for n, (start, end) in enumerate(_spans_in(f, doc.path)):
            marks.append(Mark(start, end, f.kind, _SEV_RANK.get(f.severity, 2), f.severity, _finding_line(f),
                              anchor=f"{prefix}b{j}-{n}", group=group))
    n = len(doc.text)
    return [m for m in marks if 0 <= m.start < m.end <= n]


def _fact_marks(doc: Document) -> list[Mark]:
    marks: list[Mark] = []
    for m in doc.metrics:
        detail = f"{_number(m.value)}{m.unit or ''}" + (f"，对象：{m.subject}" if m.subject else "")
        marks.append(Mark(m.start, m.end, "metric", _FACT_RANK["metric"], None,
                          _with_why(f"数据：{m.surface} = {detail}", m)))
    for p in doc.problems:
        marks.append(Mark(p.start, p.end, "problem", _FACT_RANK["problem"], None, _with_why(_problem_label(p), p)))
    for c in doc.commitments:
        bits = [f"时限 {c.deadline}" if c.deadline else "无时限", f"责任 {c.owner}" if c.owner else "无责任单位"]
        if c.vague:
            bits.append("空泛表态")
        marks.append(Mark(c.start, c.end, "commitment", _FACT_RANK["commitment"], None,
                          _with_why("承诺：" + "，".join(bits), c)))
    return marks


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


def highlight(text: str, marks: list[Mark], tokens: dict[str, str], shown: set[str] | None = None,
              pages: list[int] = (), doc: Document | None = None) -> str:
    """`text` escaped, cut at every mark boundary; each marked piece lists its marks
    (overlaps included) most important first, and shows the first whose kind is in `shown`
    (every kind by default). Pieces of findings name their finding (`data-m`) so a jump can
    mark them; `pages` (start offsets) put a page marker where each page begins, saying (with
    the `doc` they are of) which pages OCR read and which scanned pages were left unread."""
    page_starts: dict[int, list[int]] = {}
    for n, p in enumerate(pages, start=1):
        if 0 <= p < len(text) or (doc is not None and n in doc.unread_pages and 0 <= p <= len(text)):
            page_starts.setdefault(p, []).append(n)  # an unread page has no text: it starts where the next one does
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks), *page_starts})
    starts: dict[int, list[Mark]] = {}
    for m in marks:
        starts.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    out = []
    for a, b in zip(bounds, bounds[1:]):
        out.extend(_page_marker(doc, n) for n in page_starts.get(a, ()))
        active = [m for m in active if m.end > a] + starts.get(a, [])
        out.extend(f'<span class="anchor" id="{escape(m.anchor)}"></span>' for m in starts.get(a, []) if m.anchor)
        piece = escape(text[a:b])
        out.append(_piece(piece, active, tokens, shown) if active else piece)
    out.extend(_page_marker(doc, n) for n in page_starts.get(len(text), ()) if len(text))  # unread last pages
    return "".join(out)


def _page_marker(doc: Document | None, page: int) -> str:
    if doc is None:
        return f'<span class="page-no" data-p="第 {page} 页"></span>'
    kind = " unread" if page in doc.unread_pages else " ocr" if is_ocr_page(doc, page) else ""
    return f'<span class="page-no{kind}" data-p="{escape(page_label(doc, page))}"></span>'


def _page_badge(doc: Document, start: int | None) -> str:
    """A findings table's 页码 cell: the page, with an OCR badge when its text was recognised."""
    page = doc.page_at(start) if start is not None else None
    badge = '<span class="ocr-badge" title="此页文字由文字识别（OCR）得到，可能有个别字识别错误">OCR</span>'
    return f"{page if page is not None else ''}{badge if start is not None and is_ocr_page(doc, page) else ''}"


def _reading_note(doc: Document) -> str:
    """How the report's pages were read, when not all from a text layer: OCR'd and unread pages."""
    parts = []
    if ocr_note(doc):
        parts.append(f"文字识别（OCR）页：{escape(ocr_note(doc))}，可能有个别字识别错误")
    if unread_note(doc):
        parts.append(f'<span class="unread-pages">未读页：{escape(unread_note(doc))}</span>')
    return f'<p class="reading">{"；".join(parts)}。</p>' if parts else ""


def _piece(piece: str, active: list[Mark], tokens: dict[str, str], shown: set[str] | None) -> str:
    ordered = sorted(active, key=lambda m: (m.rank, m.start, m.kind))
    parts = list(dict.fromkeys(f"{tokens[m.kind]}.{_SEV_CODE.get(m.severity or '', '')}".rstrip(".")
                               for m in ordered))
    top = next((m for m in ordered if shown is None or tokens[m.kind] in shown), None)
    groups = " ".join(dict.fromkeys(m.group for m in ordered if m.group))
    title = "\n".join(dict.fromkeys(m.label for m in ordered))
    sev = _SEV_CODE.get(top.severity or "") if top else None
    return (f'<span class="hl" data-k="{escape(" ".join(parts))}" data-top="{tokens[top.kind] if top else ""}"'
            + (f' data-sev="{sev}"' if sev else "") + (f' data-m="{escape(groups)}"' if groups else "")
            + f' title="{escape(title)}">{piece}</span>')


def _kind_tokens(kinds) -> dict[str, str]:
    """A CSS-safe token for every kind present, facts first."""
    ordered = [k for k in FACT_KINDS if k in kinds] + sorted(k for k in kinds if k not in FACT_KINDS)
    return {k: (k if k in FACT_KINDS else f"k{i}") for i, k in enumerate(ordered)}


def kind_hue(kind: str, token: str) -> int:
    """The hue (degrees) a kind is highlighted in: a fact's own, or a finding's by its token."""
    if kind in FACT_HUES:
        return FACT_HUES[kind]
    return FINDING_HUES[int(token[1:]) % len(FINDING_HUES)]


def _colour(kind: str, token: str) -> str:
    lightness, saturation = (0.88, 0.75) if kind in FACT_HUES else (0.82, 0.95)
    r, g, b = colorsys.hls_to_rgb(kind_hue(kind, token) / 360, lightness, saturation)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def _kind_css(tokens: dict[str, str], scope: str = "") -> str:
    return "\n".join(f'{scope}.hl[data-top="{t}"] {{ background: {_colour(k, t)}; }}' for k, t in tokens.items())


def _legend(tokens: dict[str, str], counts: Counter) -> str:
    return "".join(f'<span class="legend-item"><span class="swatch" style="background:{_colour(k, t)}"></span>'
                   f"{escape(_kind_label(k))} {counts[k]}</span> " for k, t in tokens.items())


def _finding_tokens(tokens: dict[str, str]) -> set[str]:
    return {t for k, t in tokens.items() if k not in FACT_KINDS}


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
    marks = document_marks(doc, batch_findings, prefix="nlpt-")
    counts = Counter(m.kind for m in marks if m.label and not m.label.startswith("相关："))
    tokens = _kind_tokens({m.kind for m in marks})
    head = " · ".join(escape(str(v)) for v in (doc.title, doc.unit, doc.path) if v)
    findings = "".join(f"<li>{_sev_badge(f.severity)} {escape(_finding_line(f))}</li>" for f in doc.findings)
    return (f'<div class="nlpt-doc"><style>{_DOC_CSS}{_kind_css(tokens, ".nlpt-doc ")}</style>'
            f"<div><b>{head}</b></div><div>{_legend(tokens, counts)}</div>"
            f'<div class="text">{highlight(doc.text, marks, tokens, pages=doc.pages, doc=doc)}</div>'
            + (f'<ul class="findings">{findings}</ul>' if findings else "") + "</div>")


def _sev_badge(severity: str) -> str:
    return f'<span class="sev sev-{escape(severity)}">{escape(SEVERITY_LABELS.get(severity, severity))}</span>'


# ---------------------------------------------------------------- pages

@dataclass
class _Context:
    """What every part of a page needs: the batch, where things live, kinds and their tokens."""

    batch: Batch
    links: Links
    tokens: dict[str, str]
    by_path: dict[str, int]
    cross: dict[str, list[int]]  # path → indexes of the cross-report findings naming it
    submission: dict  # path → the Submission it is a file of
    meta: str  # the line under every page's title

    @classmethod
    def of(cls, batch: Batch, links: Links) -> "_Context":
        kinds = {*(k for k in FACT_KINDS), *(f.kind for d in batch.documents for f in d.findings),
                 *(f.kind for f in batch.batch_findings)}
        submission = {p: s for s in batch.submissions for p in (s.primary, *s.versions)}
        return cls(batch, links, _kind_tokens(kinds), {d.path: i for i, d in enumerate(batch.documents)},
                   _cross_index(batch), submission, _meta(batch))


def _page(title: str, meta: str, nav: str, body: str, tokens: dict[str, str], kind: str, heading: str = "") -> str:
    return Template(_template("report.html")).substitute(
        title=escape(title), heading=escape(heading or title), meta=escape(meta), nonce=secrets.token_urlsafe(16),
        style=_template("report.css"), kind_style=_kind_css(tokens), script=_template("report.js"), nav=nav,
        body=body, page=kind)


def _meta(batch: Batch) -> str:
    versions = len(batch.versions())
    merged = f"（另有同一报告的其他版本 {versions} 个文件，不重复计数）" if versions else ""
    return (f"共 {len(batch.primaries())} 份材料{merged}，读取失败 {len(batch.errors)} 份，跳过 {len(batch.skipped)} 份；"
            f"质量提示 {sum(len(d.findings) for d in batch.primaries())} 条，跨报告提示 {len(batch.batch_findings)} 条")


def batch_html(batch: Batch, title: str = "上报材料分析报告") -> str:
    """The whole batch as one self-contained page: overview with charts, the reports table,
    report pairs with the copied text, read failures, and every report highlighted.

    For a small batch or a test; `write_html` writes a batch of any size as an index page
    and one page per report."""
    ctx = _Context.of(batch, Links())
    docs = "".join(_report_section(ctx, i) for i in range(len(batch.documents)))
    body = [_overview(ctx), _pairs(ctx), _failures(batch), _decisions(batch),
            f'<section id="documents"><h2>各份材料</h2>{_filters(ctx.tokens, True)}{docs}</section>']
    nav = ('<a href="#overview">总览</a> <a href="#reports">材料列表</a> <a href="#pairs">报告对比</a> '
           '<a href="#failures">读取失败</a> <a href="#documents">各份材料</a>')
    return _page(title, ctx.meta, nav + _decisions_nav(batch), "\n".join(body), ctx.tokens, "single")


def index_html(batch: Batch, links: Links, title: str = "上报材料分析报告") -> str:
    """The index page of a site: overview, the reports table, pairs, read failures."""
    ctx = _Context.of(batch, links)
    nav = ('<a href="#overview">总览</a> <a href="#reports">材料列表</a> <a href="#pairs">报告对比</a> '
           '<a href="#failures">读取失败</a>')
    body = "\n".join([_overview(ctx), _pairs(ctx), _failures(batch), _decisions(batch)])
    return _page(title, ctx.meta, nav + _decisions_nav(batch), body, ctx.tokens, "index")


def report_html(ctx: _Context, i: int, title: str = "上报材料分析报告") -> str:
    """Report i's own page of a site: its findings, versions and highlighted text."""
    doc = ctx.batch.documents[i]
    nav = (f'<a href="{ctx.links.home("overview", "report")}">返回总览</a> '
           f'<a href="{ctx.links.home("reports", "report")}">材料列表</a>'
           + (f' <a href="{report_page_name(i - 1)}">上一份</a>' if i > 0 else "")
           + (f' <a href="{report_page_name(i + 1)}">下一份</a>' if i + 1 < len(ctx.batch.documents) else ""))
    kinds = {*FACT_KINDS, *(f.kind for f in doc.findings),
             *(ctx.batch.batch_findings[j].kind for j in ctx.cross.get(doc.path, []))}
    body = (_filters({k: t for k, t in ctx.tokens.items() if k in kinds}, False)
            + _report_section(ctx, i, here="report"))
    return _page(f"{_doc_name(doc)} · {title}", ctx.meta, nav, body, ctx.tokens, "report", title)


def write_html(batch: Batch, path: str | Path, title: str = "上报材料分析报告", *, overwrite: bool = True) -> Path:
    """Write the batch as the index page `path` and one page per report in the folder beside
    it (`out.html` → `out_files/report-00001.html` …); returns that folder.

    Pages are written one at a time (memory does not grow with the batch); the folder is
    built under a temporary name and swapped in whole, the index page written last, so an
    interrupted run leaves the previous report as it was. `overwrite=False`: an index page
    that appeared meanwhile is kept (as `write_text_atomic` does)."""
    from nlp_toolkit.output.files import visible, write_text_atomic

    path = Path(path)
    folder = site_folder(path)
    links = Links(site=True, index=path.name, folder=folder.name)
    ctx = _Context.of(batch, links)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".part", dir=folder.parent))
    try:
        for i in range(len(batch.documents)):
            (tmp / report_page_name(i)).write_text(visible(report_html(ctx, i, title)), encoding="utf-8")
        _swap_in(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    write_text_atomic(path, index_html(batch, links, title), overwrite=overwrite)
    return folder


def check_site_target(index: str | Path, *, force: bool = False) -> None:
    """Refuse (`OutputRefused`) to write the site of `index` when its place is a file's, or
    its folder of pages exists and `force` is not given (as `check_target` does for a file)."""
    from nlp_toolkit.output.files import OutputRefused

    folder = site_folder(index)
    parent = next((p for p in Path(os.path.abspath(index)).parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise OutputRefused(Path(index), f"HTML 报告所在的位置 {parent} 不是文件夹")
    if folder.exists() and not folder.is_dir():
        raise OutputRefused(Path(index), f"HTML 报告的分页文件夹 {folder} 处已有同名文件")
    if folder.exists() and not force:
        raise OutputRefused(Path(index), f"HTML 报告的分页文件夹 {folder} 已存在，未覆盖（如需覆盖请加 --force）")


def _swap_in(new: Path, folder: Path) -> None:
    os.chmod(new, 0o777 & ~_umask())
    if folder.exists():
        old = folder.with_name(f".{folder.name}.old-{secrets.token_hex(4)}")
        os.replace(folder, old)
        os.replace(new, folder)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, folder)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _doc_name(doc: Document) -> str:
    return " · ".join(str(v) for v in (doc.unit, doc.title, Path(doc.path).name) if v)


# ---------------------------------------------------------------- the overview and the reports table

def _bars(rows: list[tuple[str, int]], css: list[str] | None = None, empty: str = "（无）") -> str:
    if not rows:
        return f'<p class="empty">{escape(empty)}</p>'
    top = max(n for _, n in rows) or 1
    out = []
    for i, (label, n) in enumerate(rows[:_TOP_ROWS]):
        cls = f" {css[i]}" if css else ""
        out.append(f'<tr><td class="label">{escape(label)}</td><td class="num">{n}</td>'
                   f'<td><div class="bar{cls}" style="width:{100 * n / top:.1f}%"></div></td></tr>')
    if len(rows) > _TOP_ROWS:
        rest = rows[_TOP_ROWS:]
        out.append(f'<tr><td class="label muted">其余 {len(rest)} 项</td><td class="num">{sum(n for _, n in rest)}</td>'
                   "<td></td></tr>")
    return '<table class="bars">' + "".join(out) + "</table>"


def _chart(title: str, inner: str) -> str:
    return f'<div class="chart"><h3>{escape(title)}</h3>{inner}</div>'


def _cross_index(batch: Batch) -> dict[str, list[int]]:
    """For each path, the indexes of the cross-report findings that involve it: name it among
    their documents or in a related span (built once: a page per report must not scan every
    finding of the batch)."""
    out: dict[str, list[int]] = {}
    for j, f in enumerate(batch.batch_findings):
        for path in dict.fromkeys([*f.documents, *filter(None, map(_related_path, f.related))]):
            out.setdefault(path, []).append(j)
    return out


def _overview(ctx: _Context) -> str:
    batch = ctx.batch
    docs = batch.primaries()  # a report sent as several files counts once, by its primary
    findings = [f for d in docs for f in d.findings] + list(batch.batch_findings)
    versions = [("其他版本", len(batch.versions()))] if batch.submissions else []
    cards = [("材料", len(docs)), *versions, ("读取失败", len(batch.errors)),
             ("质量提示", sum(len(d.findings) for d in docs)),
             ("跨报告提示", len(batch.batch_findings)), ("报告对", len(batch.pairs)),
             ("数据", sum(len(d.metrics) for d in docs)), ("问题", sum(len(d.problems) for d in docs)),
             ("承诺", sum(len(d.commitments) for d in docs))]
    by_unit: Counter = Counter()
    for d in docs:
        by_unit[d.unit or "（未识别单位）"] += len(d.findings)
    for f in batch.batch_findings:
        for path in dict.fromkeys(f.documents):
            if path in ctx.by_path:
                by_unit[batch.documents[ctx.by_path[path]].unit or "（未识别单位）"] += 1
    rules = Counter(f"{f.code} {_kind_label(f.kind)}" for f in findings)
    severities = Counter(f.severity for f in findings)
    categories = Counter(p.category or "未分类" for d in docs for p in d.problems)
    cat_rows = [(c, categories[c]) for c in CATEGORIES if categories[c]]
    cat_rows += [(c, n) for c, n in categories.items() if c not in CATEGORIES]
    sev_rows = [(SEVERITY_LABELS.get(s, s), severities[s]) for s in ("error", "warning", "info") if severities[s]]
    sev_css = [f"sev-{s}" for s in ("error", "warning", "info") if severities[s]]
    return ('<section id="overview"><h2>总览</h2><div class="cards">'
            + "".join(f'<div class="card"><b>{n}</b>{escape(label)}</div>' for label, n in cards)
            + '</div><div class="charts">'
            + _chart("各单位质量提示（含跨报告）", _bars([r for r in by_unit.most_common() if r[1]]))
            + _chart("各规则提示数", _bars(rules.most_common()))
            + _chart("提示级别", _bars(sev_rows, sev_css))
            + _chart("问题类别", _bars(cat_rows))
            + "</div></section>" + _reports_table(ctx))


# (label, sort type, key): the script finds the unit and rule columns by their key
_REPORT_COLUMNS = (("单位", "text", "unit"), ("标题", "text", ""), ("文件", "text", ""), ("质量提示", "num", ""),
                   ("跨报告提示", "num", ""), ("最高级别", "num", ""), ("规则", "text", "rules"), ("数据", "num", ""),
                   ("问题", "num", ""), ("承诺", "num", ""))


def _reports_table(ctx: _Context) -> str:
    """Every report, one row: sortable by each column, filterable by unit, rule and severity
    (the page's script reads the unit and rule cells and each row's `data-sev`)."""
    batch = ctx.batch
    rows, all_rules, units = [], set(), set()
    for i, doc in enumerate(batch.documents):
        cross = [batch.batch_findings[j] for j in ctx.cross.get(doc.path, [])]
        involved = list(doc.findings) + cross
        codes = sorted({f.code for f in involved})
        sevs = sorted({f.severity for f in involved}, key=lambda s: _SEV_RANK.get(s, 3))
        all_rules.update(codes)
        units.add(doc.unit or "")
        rows.append(_report_row(ctx, i, doc, len(cross), codes, sevs))
    head = "".join(f'<th data-type="{t}"' + (f' data-key="{key}"' if key else "")
                   + f' aria-sort="none"><button type="button">{escape(label)}</button></th>'
                   for label, t, key in _REPORT_COLUMNS)
    return ('<section id="reports"><h2>材料列表</h2>' + _table_controls(sorted(all_rules), sorted(units))
            + f'<table class="grid sortable" id="reports-table"><thead><tr>{head}</tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></section>")


def _report_row(ctx: _Context, i: int, doc: Document, cross: int, codes: list[str], sevs: list[str]) -> str:
    worst = _SEV_RANK.get(sevs[0], 3) if sevs else 3
    worst_cell = _sev_badge(sevs[0]) if sevs else '<span class="muted">无</span>'
    name = escape(Path(doc.path).name)
    if doc.versions:
        name += f' <span class="muted">（另有 {len(doc.versions)} 个版本）</span>'
    elif doc.version_of:
        name += ' <span class="muted">（其他版本，不计数）</span>'
    cells = [(escape(doc.unit or "（未识别单位）"), None), (escape(doc.title or ""), None),
             (f'<a href="{ctx.links.report(i)}">{name}</a>', None), (str(len(doc.findings)), None),
             (str(cross), None), (worst_cell, 3 - worst), (escape(" ".join(codes)), None),
             (str(len(doc.metrics)), None), (str(len(doc.problems)), None), (str(len(doc.commitments)), None)]
    tds = "".join(f'<td data-v="{v}">{c}</td>' if v is not None else f"<td>{c}</td>" for c, v in cells)
    return f'<tr data-sev="{" ".join(sevs)}">{tds}</tr>'


def _table_controls(rules: list[str], units: list[str]) -> str:
    rule_opts = "".join(f'<option value="{escape(c)}">{escape(c)}</option>' for c in rules)
    sev_opts = "".join(f'<option value="{s}">{SEVERITY_LABELS[s]}</option>' for s in ("error", "warning", "info"))
    unit_opts = "".join(f'<option value="{escape(u)}"></option>' for u in units if u)
    return ('<div class="controls" id="reports-controls">'
            '<label>单位 <input type="search" id="filter-unit" list="unit-list" placeholder="输入单位名称的一部分"></label>'
            f'<datalist id="unit-list">{unit_opts}</datalist>'
            f'<label>规则 <select id="filter-rule"><option value="">全部</option>{rule_opts}</select></label>'
            f'<label>级别 <select id="filter-sev"><option value="">全部</option>{sev_opts}</select></label>'
            '<button type="button" id="filter-clear">清除筛选</button>'
            ' <span class="muted">显示 <span id="rows-shown"></span> 份</span></div>')


def _cell(key: str, value, ctx: _Context) -> str:
    if isinstance(value, str) and value in ctx.by_path:
        return f'<a href="{ctx.links.report(ctx.by_path[value])}">{escape(Path(value).name)}</a>'
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and 0 <= value <= 1 and any(w in key for w in ("share", "similar", "jaccard", "ratio")):
        return (f'{value:.1%}<div class="bar" style="width:{100 * value:.1f}%"></div>')
    if isinstance(value, (list, tuple)):
        return "；".join(escape(str(v)) for v in value)
    if isinstance(value, float):
        return escape(f"{value:.4g}")
    return escape("" if value is None else str(value))


def _pairs(ctx: _Context) -> str:
    batch = ctx.batch
    out = ['<section id="pairs"><h2>报告对比</h2>']
    if batch.pairs:
        keys = list(dict.fromkeys(k for p in batch.pairs for k in p))
        out.append('<table class="grid"><tr>' + "".join(f"<th>{escape(PAIR_LABELS.get(k, k))}</th>" for k in keys)
                   + "</tr>")
        out.extend("<tr>" + "".join(f"<td>{_cell(k, p.get(k), ctx)}</td>" for k in keys) + "</tr>"
                   for p in batch.pairs)
        out.append("</table>")
    else:
        out.append('<p class="empty">没有报告对比结果。</p>')
    if batch.batch_findings:
        out.append("<h3>跨报告提示与雷同文字</h3>")
    out.extend(_copy_card(ctx, j, f) for j, f in enumerate(batch.batch_findings))
    out.append("</section>")
    return "".join(out)


def _copy_card(ctx: _Context, j: int, f: Finding) -> str:
    """A cross-report finding: the passage of each report side by side, each linking to its
    place in its report."""
    sides = []
    for path in dict.fromkeys(f.documents):
        i = ctx.by_path.get(path)
        doc = ctx.batch.documents[i] if i is not None else None
        who = escape((doc.unit if doc and doc.unit else "") + "  " + Path(path).name)
        if i is not None and _first_passage(f, doc):
            link = (f'<a href="{ctx.links.report(i)}">{who}</a> '
                    f'<a class="goto" href="{ctx.links.passage(i, f"b{j}-0")}">看原文位置</a>')
        elif i is not None:
            link = f'<a href="{ctx.links.report(i)}">{who}</a>'
        else:
            link = who
        texts = _span_texts(f, doc, path)
        sides.append(f'<div class="side"><span class="who">{link}</span>' + "<hr>".join(escape(t) for t in texts)
                     + "</div>")
    return (f'<div class="pair" id="batch-{j}"><div>{_sev_badge(f.severity)} <b>{escape(f.code)}</b> '
            f"{escape(_kind_label(f.kind))}：{escape(f.message)}</div>"
            + _why(f)
            + f'<div class="sides">{"".join(sides)}</div></div>')


def _failures(batch: Batch) -> str:
    rows = [("读取失败", e) for e in batch.errors] + [("已跳过", e) for e in batch.skipped]
    if not rows:
        return '<section id="failures"><h2>读取失败</h2><p class="empty">所有文件均已读取。</p></section>'
    return ('<section id="failures"><h2>读取失败</h2><table class="grid"><tr><th>情况</th><th>文件</th><th>原因</th></tr>'
            + "".join(f"<tr><td>{what}</td><td>{escape(e.path)}</td><td>{escape(e.reason)}</td></tr>"
                      for what, e in rows) + "</table></section>")


def _decisions_nav(batch: Batch) -> str:
    return ' <a href="#decisions">处理意见</a>' if batch.dismissed else ""


def _decisions(batch: Batch) -> str:
    """The findings the review file decided, and a download of those decisions as a review file
    (`nlp-toolkit-review.toml`), so the report can hand them on with the batch."""
    if not batch.dismissed:
        return ""
    from nlp_toolkit.output.decisions import review_file_text

    counts = Counter(d.decision.status for d in batch.dismissed)
    rows = "".join(
        f"<tr><td>{escape(d.finding.code)}</td><td>{escape(os.path.basename(d.path))}</td>"
        f"<td>{escape(d.finding.message)}</td><td>{escape(d.decision.status)}</td>"
        f"<td>{escape(d.decision.note or '')}</td></tr>" for d in batch.dismissed)
    href = "data:text/plain;charset=utf-8," + quote(review_file_text([d.decision for d in batch.dismissed]))
    summary = "，".join(f"{status} {n} 条" for status, n in counts.most_common())
    return ('<section id="decisions"><h2>处理意见</h2>'
            f'<p>处理意见文件中已有决定、本报告未列出的质量提示共 {len(batch.dismissed)} 条（{escape(summary)}）。'
            f' <a class="download" download="nlp-toolkit-review.toml" href="{href}">下载处理意见文件</a></p>'
            '<table class="grid"><tr><th>规则</th><th>文件</th><th>说明</th><th>处理意见</th><th>备注</th></tr>'
            f"{rows}</table></section>")


# ---------------------------------------------------------------- one report

def _filters(tokens: dict[str, str], single: bool) -> str:
    """The sticky bar: findings by kind (shown), facts by kind (shown on demand)."""
    def box(kind: str, token: str, on: bool) -> str:
        return (f'<label><input type="checkbox" class="kind-filter" value="{token}"{" checked" if on else ""}>'
                f'<span class="swatch" style="background:{_colour(kind, token)}"></span>{escape(_kind_label(kind))}'
                "</label>")
    findings = "".join(box(k, t, True) for k, t in tokens.items() if k not in FACT_KINDS)
    facts = "".join(box(k, t, False) for k, t in tokens.items() if k in FACT_KINDS)
    return ('<div class="filters" id="filters">'
            f'<span class="group">质量提示：{findings or "（无）"}</span>'
            f'<span class="group">显示事实：{facts}</span>'
            + ('<button type="button" id="open-all">展开/收起全部</button>' if single else "")
            + ' <span class="muted">显示中的标注片段：<span id="shown-count"></span></span></div>')


def _report_section(ctx: _Context, i: int, here: str = "index") -> str:
    doc = ctx.batch.documents[i]
    prefix = ctx.links.prefix(i)
    cross = ctx.cross.get(doc.path, [])
    marks = document_marks(doc, ctx.batch.batch_findings, prefix=prefix, involved=cross)
    counts = (f'数据 {len(doc.metrics)} · 问题 {len(doc.problems)} · 承诺 {len(doc.commitments)}'
              f' · 质量提示 {len(doc.findings)} · 跨报告提示 {len(cross)}')
    text = highlight(doc.text, marks, ctx.tokens, _finding_tokens(ctx.tokens), pages=doc.pages, doc=doc)
    heading = "仅此版本有的质量提示（不计数）" if doc.version_of else "质量提示"
    if doc.version_of:
        counts = f'其他版本，不计数 · 仅此版本有的质量提示 {len(doc.findings)}'
    inner = (f"{_versions(ctx, doc, here)}{_reading_note(doc)}<h3>{heading}</h3>{_findings_table(ctx, i, cross, here)}"
             f'<h3>原文</h3><div class="text">{text}</div>')
    head = escape(_doc_name(doc))
    if here == "report":
        return (f'<section class="doc" id="doc-{i}"><h2>{head}</h2><p class="muted">{counts}</p>'
                f'<div class="body">{inner}</div></section>')
    open_attr = " open" if len(ctx.batch.documents) <= 20 else ""
    return (f'<section class="doc" id="doc-{i}"><details{open_attr}><summary>{head} '
            f'<span class="muted">{counts}</span></summary><div class="body">{inner}</div></details></section>')


def _versions(ctx: _Context, doc: Document, here: str) -> str:
    """The other files of the same submission, linked, and why they are one report."""
    sub = ctx.submission.get(doc.path)
    if sub is None and not doc.versions and not doc.version_of:
        return ""
    primary = sub.primary if sub else (doc.version_of or doc.path)
    members = [primary, *(sub.versions if sub else doc.versions)]
    links = []
    for path in members:
        name = escape(Path(path).name) + ("（主版本）" if path == primary else "")
        k = ctx.by_path.get(path)
        links.append(name if path == doc.path or k is None
                     else f'<a href="{ctx.links.report(k, here)}">{name}</a>')
    why = f"：{escape(sub.reason)}" if sub and sub.reason else ""
    note = ("跨报告比对以主版本为准；数据、问题、承诺和质量提示也以主版本为准，此文件不重复计数。"
            if doc.path != primary else "")
    return f'<p class="versions">同一份报告的各个文件{why}。{"、".join(links)}。{note}</p>'


def _findings_table(ctx: _Context, i: int, cross: list[int], here: str) -> str:
    """The report's own findings, then its cross-report ones, each linking to its passage
    (and a cross-report one also to the passage in the other report)."""
    doc = ctx.batch.documents[i]
    rows = [_finding_row(ctx, i, doc, f, f"f{k}" if _marked(doc, f.start, f.end) else None, here)
            for k, f in enumerate(doc.findings)]
    for j in cross:
        f = ctx.batch.batch_findings[j]
        rows.append(_finding_row(ctx, i, doc, f, f"b{j}-0" if _first_passage(f, doc) else None, here, j))
    if not rows:
        return '<p class="empty">没有质量提示。</p>'
    page_head = "<th>页码</th>" if doc.pages else ""
    return ('<table class="grid findings"><tr><th>级别</th><th>规则</th><th>类型</th><th>说明</th>'
            f"{page_head}<th>原文</th><th>另一份材料</th></tr>" + "".join(rows) + "</table>")


def _marked(doc: Document, start: int, end: int) -> bool:
    """Whether a span is highlighted (and so has an anchor): it lies inside the text."""
    return 0 <= start < end <= len(doc.text)


def _first_passage(f: Finding, doc: Document | None) -> bool:
    """Whether a cross-report finding's first span in `doc` is highlighted there."""
    spans = _spans_in(f, doc.path) if doc is not None else []
    return bool(spans) and _marked(doc, *spans[0])


def _finding_row(ctx: _Context, i: int, doc: Document, f: Finding, anchor: str | None, here: str,
                 batch_index: int | None = None) -> str:
    spans = [(f.start, f.end)] if batch_index is None else _spans_in(f, doc.path)
    start, end = spans[0] if spans else (None, None)
    passage = escape((doc.text[start:min(end, start + 60)] if start is not None else f.text[:60]) or "（原文）")
    own = f'<a href="{ctx.links.passage(i, anchor, here)}">{passage}</a>' if anchor else passage
    page = ""
    if doc.pages:
        page = f"<td>{_page_badge(doc, start)}</td>"
    message = escape(f.message) + _why(f)
    scope = "跨报告" if batch_index is not None else "本报告"
    return (f'<tr data-scope="{scope}"><td>{_sev_badge(f.severity)}</td><td>{escape(f.code)}</td>'
            f"<td>{escape(_kind_label(f.kind))}</td><td>{message}</td>{page}<td>{own}</td>"
            f"<td>{_other_sides(ctx, i, f, batch_index, here)}</td></tr>")


def _other_sides(ctx: _Context, i: int, f: Finding, j: int | None, here: str) -> str:
    if j is None:
        return ""
    doc = ctx.batch.documents[i]
    out = []
    for path in dict.fromkeys(p for p in f.documents if p != doc.path):
        k = ctx.by_path.get(path)
        other = ctx.batch.documents[k] if k is not None else None
        name = escape(" ".join(v for v in ((other.unit if other else None) or "", Path(path).name) if v))
        out.append(f'<a href="{ctx.links.passage(k, f"b{j}-0", here)}">{name}</a>' if _first_passage(f, other)
                   else name)
    card = f'<a class="muted" href="{ctx.links.home(f"batch-{j}", here)}">对照</a>'
    return "；".join(out) + " " + card
