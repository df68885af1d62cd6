"""pandas views of a document's facts, one row per fact, for exploration in Jupyter.

Column labels are Chinese by default (they are shown to users); pass `english=True`
for the field names, which are easier to use in code.
"""
from __future__ import annotations

from dataclasses import asdict

from nlp_toolkit.explain import basis
from nlp_toolkit.model import Document, Explanation

METRIC_COLUMNS = {"surface": "原文", "value": "数值", "value_max": "上限", "unit": "计量单位", "subject": "计量对象",
                  "qualifier": "限定词", "parent": "所属总量", "section_heading": "所在部分", "sentence_text": "所在句子",
                  "explanation": "依据", "basis": "识别方式", "page": "页码", "start": "起", "end": "止"}
PROBLEM_COLUMNS = {"text": "问题", "category": "类别", "confidence": "置信度", "section_heading": "所在部分",
                   "marker": "序号", "explanation": "依据", "basis": "识别方式", "page": "页码", "start": "起", "end": "止"}
COMMITMENT_COLUMNS = {"text": "承诺", "action": "措施", "target": "目标", "deadline": "时限", "deadline_date": "截止日期",
                      "owner": "责任单位", "measurable": "可考核", "vague": "空泛表态", "section_heading": "所在部分",
                      "explanation": "依据", "basis": "识别方式", "page": "页码", "start": "起", "end": "止"}
FINDING_COLUMNS = {"code": "规则", "kind": "类型", "severity": "级别", "message": "说明", "text": "原文",
                   "section_heading": "所在部分", "explanation": "依据", "basis": "识别方式", "page": "页码",
                   "start": "起", "end": "止"}
# the report each row of a batch table is on (batch_frames puts them first)
TAG_COLUMNS = {"path": "文件", "report_unit": "单位", "report_year": "年份"}


def _frame(rows: list[dict], columns: dict[str, str], english: bool):
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(columns))
    return frame if english else frame.rename(columns=columns)


def _paged(doc: Document, row: dict) -> dict:
    """`row` with the page its span starts on (None for a document without pages) and its
    explanation as the two columns a reader reads: the line (依据) and the recognizer and entry (识别方式)."""
    row["page"] = doc.page_at(row["start"])
    return _explained(row)


def _explained(row: dict) -> dict:
    explanation = row.get("explanation")
    if isinstance(explanation, dict):
        row["explanation"], row["basis"] = explanation["text"], basis(Explanation(**explanation))
    else:
        row["explanation"] = row["basis"] = None
    return row


def _heading(doc: Document, section: int | None) -> str | None:
    return doc.sections[section].heading if section is not None else None


def metrics_frame(doc: Document, english: bool = False):
    rows = []
    for m in doc.metrics:
        row = asdict(m)
        row["section_heading"] = _heading(doc, m.section)
        row["sentence_text"] = doc.sentences[m.sentence].text if m.sentence is not None else None
        rows.append(_paged(doc, row))
    return _frame(rows, METRIC_COLUMNS, english)


def problems_frame(doc: Document, english: bool = False):
    rows = [_paged(doc, {**asdict(p), "section_heading": _heading(doc, p.section)}) for p in doc.problems]
    frame = _frame(rows, PROBLEM_COLUMNS, english)
    for category in ("理论学习", "政治素质", "能力本领", "担当作为", "廉洁自律"):
        frame[category] = [p.scores.get(category) for p in doc.problems]
    return frame


def commitments_frame(doc: Document, english: bool = False):
    rows = [_paged(doc, {**asdict(c), "section_heading": _heading(doc, c.section)}) for c in doc.commitments]
    return _frame(rows, COMMITMENT_COLUMNS, english)


def findings_frame(doc: Document, english: bool = False):
    rows = [_paged(doc, {**asdict(f), "section_heading": _heading(doc, doc.section_at(f.start))}) for f in doc.findings]
    return _frame(rows, FINDING_COLUMNS, english)


def facts_frame(doc: Document, name: str, english: bool = False):
    """The facts of a plug-in's extractor (`doc.extras[name]`), with the columns it registered."""
    from nlp_toolkit.extract.registry import EXTRACTORS
    from nlp_toolkit.output.json import fact_dict

    columns = {**EXTRACTORS.get(name).columns}
    rows = [fact_dict(fact) for fact in doc.extras.get(name, [])]
    if not columns:
        columns = {key: key for row in rows for key in row}
    if all("start" in row for row in rows):
        rows = [_paged(doc, row) for row in rows]
        columns.setdefault("page", "页码")
    return _frame(rows, columns, english)


def _extra_tables(batch, tagged) -> dict:
    """One table per plug-in extractor, named by its field."""
    from nlp_toolkit.extract.registry import extra_extractors

    return {e.field: _concat([tagged(lambda doc, english, name=e.field: facts_frame(doc, name, english), d)
                              for d in batch.primaries()]) for e in extra_extractors()}


def batch_frames(batch, english: bool = False) -> dict:
    """Every table of a batch as a DataFrame: one row per document, section, metric, problem,
    commitment, finding and report pair, each row naming its document (文件, 单位, 年份 first).

    A report sent as several files is counted once, by its primary file: the other files are
    rows of `versions` (with the findings only they have), not of the other tables."""
    import pandas as pd

    primaries = batch.primaries()

    def tagged(frames, doc):
        frame = frames(doc, english)
        for position, (key, label) in enumerate(TAG_COLUMNS.items()):
            value = {"path": doc.path, "report_unit": doc.unit, "report_year": doc.year}[key]
            frame.insert(position, key if english else label, [value] * len(frame))
        return frame

    documents = pd.DataFrame([{"path": d.path, "title": d.title, "unit": d.unit, "year": d.year,
                               "metrics": len(d.metrics), "problems": len(d.problems),
                               "commitments": len(d.commitments), "findings": len(d.findings),
                               "versions": len(d.versions)}
                              for d in primaries], columns=list(DOCUMENT_COLUMNS))
    tables = {
        "documents": documents if english else documents.rename(columns=DOCUMENT_COLUMNS),
        "sections": _concat([tagged(sections_frame, d) for d in primaries]),
        "metrics": _concat([tagged(metrics_frame, d) for d in primaries]),
        "problems": _concat([tagged(problems_frame, d) for d in primaries]),
        "commitments": _concat([tagged(commitments_frame, d) for d in primaries]),
        "findings": _concat([tagged(findings_frame, d) for d in primaries]),
        "versions": versions_frame(batch, english),
        "pairs": pd.DataFrame(batch.pairs),
        "errors": pd.DataFrame([{"path": e.path, "reason": e.reason} for e in batch.errors],
                               columns=["path", "reason"]),
        "summary": summary_frame(batch, english),
        "batch_findings": batch_findings_frame(batch, english),
        "skipped": pd.DataFrame([{"path": e.path, "reason": e.reason} for e in batch.skipped],
                                columns=["path", "reason"]),
        **_extra_tables(batch, tagged),
    }
    return tables


DOCUMENT_COLUMNS = {"path": "文件", "title": "标题", "unit": "单位", "year": "年份", "metrics": "数据",
                    "problems": "问题", "commitments": "承诺", "findings": "质量提示", "versions": "其他版本"}
VERSION_COLUMNS = {"path": "文件", "format": "格式", "unit": "单位", "title": "标题", "version_of": "主文件",
                   "reason": "说明", "findings": "仅此版本的提示数", "finding_texts": "仅此版本的提示"}


def versions_frame(batch, english: bool = False):
    """One row per other file of a report sent as several files: its primary, why it is one
    report, and the findings only it has (listed here, counted nowhere)."""
    rows = [{"path": d.path, "format": d.format, "unit": d.unit, "title": d.title, "version_of": d.version_of,
             "reason": d.version_reason, "findings": len(d.findings),
             "finding_texts": "；".join(version_finding(d, f) for f in d.findings) or None}
            for d in batch.versions()]
    return _frame(rows, VERSION_COLUMNS, english)


def version_finding(doc: Document, f) -> str:
    """A version's own finding on one line: rule, message, page, passage."""
    page = doc.page_at(f.start)
    return f"{f.code} {f.message}" + (f"（第{page}页）" if page else "") + f"：{f.text[:40]}"


SECTION_COLUMNS = {"heading": "标题", "role": "类别", "level": "层级", "items": "条目数", "page": "页码",
                   "start": "起", "end": "止"}


def sections_frame(doc: Document, english: bool = False):
    rows = [_paged(doc, {"heading": s.heading, "role": s.role, "level": s.level, "items": len(s.items),
                         "start": s.start, "end": s.end}) for s in doc.sections]
    return _frame(rows, SECTION_COLUMNS, english)


def _concat(frames):
    import pandas as pd

    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


SUMMARY_COLUMNS = {"unit": "单位", "documents": "材料份数", "metrics": "数据", "problems": "问题",
                   "commitments": "承诺", "findings": "质量提示", "errors": "错误", "warnings": "警告",
                   "infos": "提示", "batch_findings": "跨报告提示", "files": "文件"}
BATCH_FINDING_COLUMNS = {"code": "规则", "kind": "类型", "severity": "级别", "message": "说明", "text": "原文",
                         "documents": "涉及文件", "start": "起", "end": "止", "related": "相关片段",
                         "explanation": "依据", "basis": "识别方式"}
UNKNOWN_UNIT = "（未识别单位）"


def summary_frame(batch, english: bool = False):
    """One row per unit: how many reports it sent and what was found in them (cross-report
    findings counted for every unit whose report they name)."""
    import pandas as pd

    rows: dict[str, dict] = {}
    for doc in batch.primaries():
        row = rows.setdefault(doc.unit or UNKNOWN_UNIT, {
            "unit": doc.unit or UNKNOWN_UNIT, "documents": 0, "metrics": 0, "problems": 0, "commitments": 0,
            "findings": 0, "errors": 0, "warnings": 0, "infos": 0, "batch_findings": 0, "files": []})
        row["documents"] += 1
        row["metrics"] += len(doc.metrics)
        row["problems"] += len(doc.problems)
        row["commitments"] += len(doc.commitments)
        row["findings"] += len(doc.findings)
        for f in doc.findings:
            key = {"error": "errors", "warning": "warnings"}.get(f.severity, "infos")
            row[key] += 1
        row["batch_findings"] += sum(1 for f in batch.batch_findings if doc.path in f.documents)
        row["files"].extend([doc.path, *doc.versions])
    for row in rows.values():
        row["files"] = "；".join(row["files"])
    frame = pd.DataFrame(list(rows.values()), columns=list(SUMMARY_COLUMNS))
    return frame if english else frame.rename(columns=SUMMARY_COLUMNS)


def batch_findings_frame(batch, english: bool = False):
    """Cross-report findings (copied passages, formulaic problem lists), one row each."""
    rows = [_explained({**asdict(f), "documents": "；".join(f.documents),
                        "related": "；".join(str(r.get("text", "")) for r in f.related)}) for f in batch.batch_findings]
    return _frame(rows, BATCH_FINDING_COLUMNS, english)
