"""The toolkit's own writers (`output/formats.py`), each loading its module on first use."""
from __future__ import annotations

from nlp_toolkit.output.formats import Writer


def _table(batch, *, show_dismissed: bool = False) -> str:
    from nlp_toolkit.output import table

    return table.render(batch, show_dismissed=show_dismissed)


def _json(batch, *, show_dismissed: bool = False) -> str:
    from nlp_toolkit.output import json as json_out

    return json_out.dumps(batch)


def _jsonl(batch, *, show_dismissed: bool = False) -> str:
    """The whole batch as JSON Lines at once (the CLI streams it instead, as documents finish)."""
    from nlp_toolkit.output.json import batch_lines, result_line

    return "".join([result_line(i, doc) for i, doc in enumerate(batch.documents)] + list(batch_lines(batch)))


def _lint(name: str):
    def render(batch, findings, *, quiet: bool = False, show_dismissed: bool = False) -> str:
        from nlp_toolkit.output import lint

        return getattr(lint, name)(batch, findings, quiet=quiet, show_dismissed=show_dismissed)

    return render


def _excel(batch, path, *, overwrite: bool = False, show_dismissed: bool = False, html=None, folder=None) -> None:
    from nlp_toolkit.output.excel import write_workbook
    from nlp_toolkit.output.files import write_atomic

    write_atomic(path, lambda tmp: write_workbook(batch, tmp, show_dismissed=show_dismissed, html=html,
                                                  folder=folder), overwrite=overwrite)


def _html(batch, path, *, overwrite: bool = False, show_dismissed: bool = False, html=None, folder=None) -> None:
    from nlp_toolkit.output.html import write_html

    write_html(batch, path, overwrite=overwrite)


BUILTIN = {
    "table": Writer("table", _table, help="默认，可读摘要"),
    "json": Writer("json", _json, help="输出契约"),
    "jsonl": Writer("jsonl", _jsonl, help="每份材料一行，边分析边写出", streams=True),
    "lint-text": Writer("text", _lint("render_text"), "check", help="每条一行，默认"),
    "lint-json": Writer("json", _lint("render_json"), "check"),
    "lint-json-lines": Writer("json-lines", _lint("render_json_lines"), "check", help="每条提示一行 JSON"),
    "lint-grouped": Writer("grouped", _lint("render_grouped"), "check", help="按材料和单位分组"),
    "excel": Writer("excel", _excel, "file", help="Excel 工作簿"),
    "html": Writer("html", _html, "file", help="HTML 报告"),
}


def register(writers) -> None:
    for name, writer in BUILTIN.items():
        writers.register(name, writer)
