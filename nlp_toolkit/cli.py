"""Command line: argument parsing and exit codes only.

Exit codes: 0 every file was read (and, for `check`, nothing at or above --fail-on was found);
1 some file could not be read (or `check` found something); 2 usage error.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nlp_toolkit.output.formats import OutputFormat

EXIT_OK, EXIT_UNREAD, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: one line, exit 2, no traceback
        self.print_usage(sys.stderr)
        print(f"nlp-toolkit: 参数错误：{message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="nlp-toolkit", description="分析各单位上报的工作总结、对照检查材料和整改报告。")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    analyze = sub.add_parser("analyze", help="分析文件或文件夹（递归）")
    analyze.add_argument("paths", nargs="+", metavar="PATH", help="TXT / DOCX / PDF 文件或文件夹")
    analyze.add_argument("--format", choices=[f.value for f in OutputFormat], default=OutputFormat.table.value,
                         help="输出格式：table（默认，可读摘要）或 json（输出契约）")
    analyze.add_argument("--output", "-o", type=Path, help="写入文件而不是标准输出")
    analyze.add_argument("--force", action="store_true", help="允许覆盖已存在的 --output 文件")
    analyze.add_argument("--progress", action="store_true", help="显示进度条")

    check = sub.add_parser("check", help="像代码检查工具一样列出质量问题（规则编号、级别、位置）")
    check.add_argument("paths", nargs="+", metavar="PATH", help="TXT / DOCX / PDF 文件或文件夹")
    check.add_argument("--select", type=_codes, help="只检查这些规则或规则族，逗号分隔，如 NUM,WRD001")
    check.add_argument("--ignore", type=_codes, help="不检查这些规则或规则族，逗号分隔")
    check.add_argument("--output-format", "--format", dest="format", choices=["text", "json"], default="text",
                       help="输出格式")
    check.add_argument("--fail-on", choices=["error", "warning", "info"], default="warning",
                       help="达到该级别的提示即以退出码 1 结束（默认 warning）")

    rules = sub.add_parser("rules", help="列出质量规则，或显示某条规则的说明")
    rules.add_argument("code", nargs="?", help="规则编号，如 NUM003")
    return parser


def _codes(value: str) -> list[str]:
    codes = [c.strip().upper() for c in value.split(",") if c.strip()]
    from nlp_toolkit.rules.registry import all_rules

    known = [r.code for r in all_rules()]
    unknown = [c for c in codes if not any(k.startswith(c) for k in known)]
    if unknown:
        raise argparse.ArgumentTypeError(f"未知规则：{', '.join(unknown)}")
    return codes


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    return {"analyze": _analyze, "check": _check, "rules": _rules}[args.command](args)


def _check(args) -> int:
    from nlp_toolkit.batch.pipeline import analyze_batch
    from nlp_toolkit.output import lint
    from nlp_toolkit.rules.registry import select

    chosen = {r.code for r in select(args.select, args.ignore)}
    batch = analyze_batch(args.paths)
    batch.batch_findings = [f for f in batch.batch_findings if f.code in chosen]
    findings = {doc.path: [f for f in doc.findings if f.code in chosen] for doc in batch.documents}
    for error in batch.errors:
        print(f"nlp-toolkit: 无法读取 {error.path}：{error.reason}", file=sys.stderr)
    render = lint.render_json if args.format == "json" else lint.render_text
    sys.stdout.write(render(batch, findings))
    levels = ("error", "warning", "info")[: ("error", "warning", "info").index(args.fail_on) + 1]
    failing = [f for found in findings.values() for f in found if f.severity in levels]
    failing += [f for f in batch.batch_findings if f.severity in levels]
    return EXIT_UNREAD if failing or batch.errors else EXIT_OK


def _rules(args) -> int:
    from nlp_toolkit.rules.registry import all_rules, get

    if args.code:
        try:
            rule = get(args.code)
        except KeyError:
            print(f"nlp-toolkit: 没有规则 {args.code}", file=sys.stderr)
            return EXIT_USAGE
        print(f"{rule.code}  {rule.name}  级别：{rule.severity}  类型：{rule.kind}\n")
        print(rule.docs())
        return EXIT_OK
    for rule in all_rules():
        print(f"{rule.code}  {rule.severity:7s}  {rule.kind:22s}  {rule.message()}")
    return EXIT_OK


def _analyze(args) -> int:
    from nlp_toolkit.batch.pipeline import analyze_batch, expand_paths
    from nlp_toolkit.output import json as json_out
    from nlp_toolkit.output import table

    from nlp_toolkit.output.files import OutputRefused, check_target, write_text_atomic

    if args.output:
        try:
            check_target(args.output, force=args.force, inputs=expand_paths(args.paths))
        except OutputRefused as exc:
            print(f"nlp-toolkit: {exc.reason}：{args.output}", file=sys.stderr)
            return EXIT_USAGE
    batch = analyze_batch(args.paths, progress=args.progress)
    for error in batch.errors:
        print(f"nlp-toolkit: 无法读取 {error.path}：{error.reason}", file=sys.stderr)
    rendered = json_out.dumps(batch) if args.format == OutputFormat.json.value else table.render(batch)
    if args.output:
        write_text_atomic(args.output, rendered)
    else:
        sys.stdout.write(rendered)
        if not rendered.endswith("\n"):
            sys.stdout.write("\n")
    return EXIT_UNREAD if batch.errors else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
