"""Command line: argument parsing and exit codes only.

Exit codes: 0 every file was read; 1 some file could not be read; 2 usage error.
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
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    return _analyze(args)


def _analyze(args) -> int:
    from nlp_toolkit.batch.pipeline import analyze_batch
    from nlp_toolkit.output import json as json_out
    from nlp_toolkit.output import table

    if args.output and args.output.exists() and not args.force:
        print(f"nlp-toolkit: 输出文件已存在，未覆盖：{args.output}（如需覆盖请加 --force）", file=sys.stderr)
        return EXIT_USAGE
    batch = analyze_batch(args.paths, progress=args.progress)
    for error in batch.errors:
        print(f"nlp-toolkit: 无法读取 {error.path}：{error.reason}", file=sys.stderr)
    rendered = json_out.dumps(batch) if args.format == OutputFormat.json.value else table.render(batch)
    if args.output:
        args.output.write_text(rendered, encoding="utf-8")
    else:
        sys.stdout.write(rendered)
        if not rendered.endswith("\n"):
            sys.stdout.write("\n")
    return EXIT_UNREAD if batch.errors else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
