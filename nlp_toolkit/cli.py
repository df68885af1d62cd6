"""Command line: argument parsing and exit codes only.

Exit codes: 0 every file was read (and, for `check`, nothing at or above --fail-on was found);
1 some file could not be read (or `check` found something); 2 usage error.
"""
from __future__ import annotations

import argparse
import math
import sys
from contextlib import contextmanager
from pathlib import Path

from nlp_toolkit.output.formats import formats, formats_help, writer
from nlp_toolkit import __version__
from nlp_toolkit.resources import compiled

EXIT_OK, EXIT_UNREAD, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_BROKEN_PIPE = 141  # as a shell tool killed by SIGPIPE


@compiled("argparse_zh.yml")
def _argparse_chinese() -> dict[str, str]:
    from nlp_toolkit import resources

    return resources.data("argparse_zh.yml")


def _translate(message: str) -> str:
    return _argparse_chinese().get(message, message)


def _translate_plural(singular: str, plural: str, n: int) -> str:
    return _translate(singular if n == 1 else plural)


@contextmanager
def _chinese_argparse():
    """argparse's own messages (usage:, options, show this help message…) in Chinese while inside.

    argparse looks its gettext functions up as module globals when it builds a parser, formats
    help or reports an error, so they are swapped only for the parser's own calls and restored after.
    """
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _translate, _translate_plural
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        with _chinese_argparse():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs):
        with _chinese_argparse():
            return super().add_subparsers(**kwargs)

    def parse_known_args(self, *args, **kwargs):
        with _chinese_argparse():
            return super().parse_known_args(*args, **kwargs)

    def parse_args(self, *args, **kwargs):
        with _chinese_argparse():
            return super().parse_args(*args, **kwargs)

    def format_usage(self) -> str:
        with _chinese_argparse():
            return super().format_usage()

    def format_help(self) -> str:
        with _chinese_argparse():
            text = super().format_help()
        for group in self._action_groups:  # argparse ends each section heading with an ASCII colon
            if group.title:
                text = text.replace(f"\n{group.title}:\n", f"\n{group.title}：\n")
        return text

    def error(self, message: str):  # usage errors: one line, exit 2, no traceback
        self.print_usage(sys.stderr)
        print(f"nlp-toolkit: 参数错误：{message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="nlp-toolkit", description="分析各单位上报的工作总结、对照检查材料和整改报告。")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    analyze = sub.add_parser("analyze", help="分析文件或文件夹（递归）")
    analyze.add_argument("paths", nargs="+", metavar="PATH", help=_paths_help())
    analyze.add_argument("--format", choices=formats("analyze"), default="table",
                         help=f"输出格式：{formats_help('analyze')}")
    analyze.add_argument("--output", "-o", type=Path, help="写入文件而不是标准输出")
    analyze.add_argument("--force", action="store_true", help="允许覆盖已存在的 --output 文件")
    analyze.add_argument("--create-dirs", action="store_true",
                         help="输出文件夹不存在时创建它（默认不创建，报错退出，以免路径写错时悄悄新建文件夹）")
    analyze.add_argument("--excel", type=Path, metavar="FILE", help="另写一份 Excel 工作簿（.xlsx）")
    analyze.add_argument("--html", type=Path, metavar="FILE",
                         help="另写一份 HTML 报告（无需联网）：FILE 为总览页，每份材料一页，放在同目录的 FILE名_files 文件夹中")
    analyze.add_argument("--progress", action="store_true", help="显示进度条")
    _rule_arguments(analyze)
    _review_arguments(analyze)
    _max_size_argument(analyze)
    _engine_arguments(analyze)
    _archive_argument(analyze)

    check = sub.add_parser("check", help="像代码检查工具一样列出质量问题（规则编号、级别、位置）")
    check.add_argument("paths", nargs="+", metavar="PATH", help=_paths_help())
    _rule_arguments(check)
    _review_arguments(check)
    check.add_argument("--output-format", "--format", dest="format", choices=formats("check"),
                       default="text", help=f"输出格式：{formats_help('check')}")
    check.add_argument("--fail-on", choices=["error", "warning", "info"], default=None,
                       help="达到该级别的提示即以退出码 1 结束（默认 warning，或配置文件中的 fail-on）")
    check.add_argument("--statistics", action="store_true", help="只列出每条规则的提示数量")
    check.add_argument("--exit-zero", action="store_true", help="有质量提示也以退出码 0 结束（读取失败仍为 1）")
    check.add_argument("--quiet", "-q", action="store_true", help="只列出质量提示，不显示末尾的汇总行")
    _max_size_argument(check)

    _engine_arguments(check)
    _archive_argument(check)

    rules = sub.add_parser("rules", help="列出质量规则，或显示某条规则的说明")
    rules.add_argument("code", nargs="?", help="规则编号（如 NUM003，显示说明）或规则族（如 NUM，列出该族规则）")

    _review_parser(sub)

    archive = sub.add_parser("archive", help="查看和管理归档：list | show | remove | export")
    actions = archive.add_subparsers(dest="action", required=True, parser_class=_Parser, metavar="ACTION")
    action = {name: actions.add_parser(name, help=text) for name, text in (
        ("list", "归档中的批次和单位"), ("show", "一个批次的材料和提示，或 --unit 某单位历次报告的数字"),
        ("remove", "删除一个批次（及仅属于该批次的材料）"), ("export", "把归档的各表导出为 CSV（供 pandas 读取）"))}
    for each in action.values():
        each.add_argument("archive", metavar="ARCHIVE", type=_archive_target,
                          help="归档：SQLite 文件路径或 postgresql://… 连接串")
    action["show"].add_argument("batch", nargs="?", metavar="BATCH", help="批次编号或名称")
    action["show"].add_argument("--unit", help="单位名称：列出该单位在各批次中报告的同一指标的数字")
    action["remove"].add_argument("batch", metavar="BATCH", help="批次编号或名称")
    action["export"].add_argument("directory", type=_export_directory, metavar="DIR", help="写入 CSV 文件的文件夹")
    action["export"].add_argument("--force", action="store_true", help="允许覆盖已存在的 CSV 文件")
    action["export"].add_argument("--text", action="store_true", help="documents.csv 中包含材料全文")
    return parser


def _paths_help() -> str:
    """The formats every registered reader reads (plug-ins included)."""
    from nlp_toolkit.readers import format_labels

    return f"{' / '.join(format_labels())} 文件或文件夹"


def _rule_arguments(parser: argparse.ArgumentParser) -> None:
    """--select/--ignore and the settings file: the same RuleSet for `analyze` and `check`."""
    parser.add_argument("--select", type=_codes, help="只检查这些规则或规则族，逗号分隔，如 NUM,WRD001")
    parser.add_argument("--ignore", type=_codes, help="不检查这些规则或规则族，逗号分隔")
    parser.add_argument("--config", type=Path, help="配置文件（nlp-toolkit.toml 或含 [tool.nlp-toolkit] 的 "
                        "pyproject.toml）；默认从所查文件夹向上查找")
    parser.add_argument("--no-config", action="store_true", help="不读取任何配置文件")


def _load_rules(args):
    """(settings, RuleSet) of the run — flags win over the settings file — or an exit code."""
    from nlp_toolkit import config
    from nlp_toolkit.rules.ruleset import RuleSet

    try:
        settings = (config.Settings() if args.no_config else
                    config.load(args.config) if args.config else config.settings_for(args.paths))
    except config.ConfigError as exc:
        print(f"nlp-toolkit: 配置错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    return settings, RuleSet.from_settings(settings, select=args.select, ignore=args.ignore)


def _review_arguments(parser: argparse.ArgumentParser, listing: bool = True) -> None:
    """The review file (inspectors' decisions on findings) for `analyze`, `check` and `review`."""
    parser.add_argument("--review", type=Path, metavar="FILE",
                        help="处理意见文件（默认为所查文件夹中的 nlp-toolkit-review.toml）")
    if listing:
        parser.add_argument("--no-review", action="store_true", help="不读取处理意见文件，列出全部提示")
        parser.add_argument("--show-dismissed", action="store_true", help="也列出已有处理意见（误报、已核实、已反馈）的提示")


def _review_parser(sub) -> None:
    review = sub.add_parser("review", help="处理意见：baseline 把现有提示记为已处理 | import 从 Excel 读回处理意见")
    actions = review.add_subparsers(dest="action", required=True, parser_class=_Parser, metavar="ACTION")
    baseline = actions.add_parser("baseline", help="把本批现有的每条提示写入处理意见文件（已核实），此后只显示新提示")
    imported = actions.add_parser("import", help="把 Excel 工作簿“质量提示”表中填写的处理意见读回处理意见文件")
    imported.add_argument("book", type=Path, metavar="BOOK", help="analyze --excel 写出并填好“处理意见”列的工作簿")
    for each in (baseline, imported):
        each.add_argument("paths", nargs="+", metavar="PATH", help="这批材料的文件或文件夹（与生成工作簿时相同）")
        _rule_arguments(each)
        _review_arguments(each, listing=False)
        _max_size_argument(each)
        _engine_arguments(each)


def _review(args) -> int:
    """`review baseline|import`: analyse the batch as `check` does, then write the review file."""
    from nlp_toolkit.batch.pipeline import analyze_batch
    from nlp_toolkit.review import commands

    loaded = _load_rules(args)
    if isinstance(loaded, int):
        return loaded
    if args.action == "import" and not args.book.is_file():
        print(f"nlp-toolkit: 找不到工作簿：{args.book}", file=sys.stderr)
        return EXIT_USAGE
    _apply_max_size(args)
    batch = analyze_batch(args.paths, progress=None, classify=False, rules=loaded[1], **_engine_options(args))
    _report_files(batch)
    run = commands.baseline if args.action == "baseline" else commands.import_book
    return run(args, batch)


def _apply_review(args, batch) -> None:
    from nlp_toolkit.review.commands import apply_to

    apply_to(args, batch)


def _archive_target(value: str) -> str:
    """An archive path, or a database URL that parses (the URL itself is never echoed: it may
    hold a password)."""
    if "://" not in value:
        return value
    from sqlalchemy.engine import make_url

    try:
        url = make_url(value)
        url.port  # noqa: B018 — parsing the port is what fails on "host:abc"
    except Exception as exc:  # noqa: BLE001 — ArgumentError, ValueError …
        detail = "端口必须是数字" if isinstance(exc, ValueError) else "格式不正确"
        raise argparse.ArgumentTypeError(
            f"归档连接串无法解析（{detail}）；格式为 postgresql://用户:密码@主机:端口/数据库，"
            f"密码中的 @ : / 需写成 %40 %3A %2F") from None
    return value


def _export_directory(value: str) -> Path:
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value} 已存在且是一个文件；导出需要一个文件夹（将在其中写入各表的 CSV）")
    return path


def _archive_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--archive", nargs="?", const=True, metavar="PATH_OR_URL", type=_archive_target,
                        help="把本批材料存入归档，并与归档中所有早先的材料比对（抄用、问题反复出现）："
                             "SQLite 文件路径（不填为 nlp-toolkit-archive.sqlite，首次使用时创建）或 postgresql://… 连接串")


def _engine_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", "-j", type=_jobs, default=1, metavar="N",
                        help="并行分析的进程数（默认 1；0 表示使用全部 CPU 核）")
    parser.add_argument("--engine", type=_engine, choices=["local", "dask"], default="local",
                        help="执行引擎：local（本机，默认）或 dask（需安装 nlp-toolkit[dask]）")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="Dask 调度器地址，如 tcp://10.0.0.5:8786（不填则在本机启动）")
    parser.add_argument("--time-limit", type=_seconds, metavar="SECONDS",
                        help="单份材料的分析时间上限（秒，默认 120；none 或 inf 表示不限时）；超时的文件记为失败，其余照常分析")
    parser.add_argument("--memory-limit", type=_memory_megabytes, metavar="MB",
                        help="每个并行分析进程（--jobs 2 及以上，或指定了 --time-limit）的内存上限（MB，默认 2048；"
                             "none 表示不限）；超出的文件记为失败，其余照常分析")


def _engine_options(args) -> dict:
    """The engine keywords; without --time-limit the engines' default limit applies."""
    options = {"jobs": args.jobs, "engine": "dask" if args.scheduler else args.engine, "scheduler": args.scheduler}
    if args.time_limit is not None:
        options["time_limit"] = None if args.time_limit == math.inf else args.time_limit
    return options


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"进程数必须是整数：{value}") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"进程数不能为负：{value}")
    return jobs


def _site_refused(args) -> str | None:
    """Why the folder of report pages beside `--html FILE` must not be written, or None."""
    from nlp_toolkit.output.files import OutputRefused
    from nlp_toolkit.output.html import check_site_target

    try:
        check_site_target(args.html, force=args.force)
    except OutputRefused as exc:
        return exc.reason
    return None


def _max_size_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-size", type=_megabytes, metavar="MB",
                        help="单份材料的文字量上限（MB，默认 20；DOCX/PDF 文件本身可为其 2.5 倍，至少 50 MB）")


UNLIMITED_WORDS = ("none", "inf", "infinity", "不限")


def _positive(kind: str, unit: str, *, unlimited: bool = False):
    """An argparse type for a positive finite number, with Chinese messages naming what it limits.

    `unlimited`: none / inf / 不限 are accepted and give math.inf (no limit).
    """
    def parse(value: str) -> float:
        if unlimited and value.strip().lower() in UNLIMITED_WORDS:
            return math.inf
        try:
            number = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{kind}必须是以{unit}计的数字：{value}") from None
        if not number > 0:
            hint = "（不设上限请写 none）" if unlimited else ""
            raise argparse.ArgumentTypeError(f"{kind}必须大于 0：{value}{hint}")
        if number == math.inf:
            if unlimited:
                return math.inf
            raise argparse.ArgumentTypeError(f"{kind}必须是有限的数字：{value}")
        return number

    return parse


_megabytes = _positive("大小上限", " MB ")
_seconds = _positive("时间限制", "秒", unlimited=True)
_memory_megabytes = _positive("内存上限", " MB ", unlimited=True)


def _apply_max_size(args) -> None:
    from nlp_toolkit.readers import set_max_size

    set_max_size(args.max_size)  # also exported to the environment, for worker processes
    from nlp_toolkit.batch.memory import set_memory_limit

    set_memory_limit(getattr(args, "memory_limit", None))


def _report_files(batch) -> None:
    """On stderr: one line per failed file and per skipped file, then the read/failed/skipped counts."""
    from nlp_toolkit.output.table import file_report

    for line in file_report(batch):
        print(line, file=sys.stderr)




def _engine(value: str) -> str:
    if value == "dask":
        from importlib.util import find_spec

        if find_spec("distributed") is None:
            from nlp_toolkit.batch.dask_engine import INSTALL_HINT

            raise argparse.ArgumentTypeError(INSTALL_HINT)
    return value


def _codes(value: str) -> list[str]:
    codes = [c.strip().upper() for c in value.split(",") if c.strip()]
    from nlp_toolkit.rules.registry import all_rules

    known = [r.code for r in all_rules()]
    unknown = [c for c in codes if not any(k.startswith(c) for k in known)]
    if unknown:
        raise argparse.ArgumentTypeError(f"未知规则：{', '.join(unknown)}")
    return codes


def main(argv: list[str] | None = None) -> int:
    from nlp_toolkit.registry import PluginError

    try:
        return _main(argv)
    except PluginError as exc:  # a plug-in that does not load: named with its reason, no traceback
        print(f"nlp-toolkit: {exc.reason}", file=sys.stderr)
        return EXIT_USAGE


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    command = {"analyze": _analyze, "check": _check, "rules": _rules, "archive": _archive,
               "review": _review}[args.command]
    previous = _interrupt_on_signals()
    try:
        return command(args)
    except KeyboardInterrupt:  # outputs are written atomically, so nothing half-written is left
        print("nlp-toolkit: 已中断，未写入任何不完整的输出文件", file=sys.stderr)
        return EXIT_INTERRUPTED
    except _scheduler_unreachable() as exc:
        print(f"nlp-toolkit: {exc.reason}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `… | head`: the reader has gone, which is not an error of ours
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    finally:
        _restore_signals(previous)


def _scheduler_unreachable():
    """The Dask engine's connection error class, imported only once it can have been raised."""
    module = sys.modules.get("nlp_toolkit.batch.dask_engine")
    return module.SchedulerUnreachable if module else _Never


class _Never(Exception):
    """Raised by nothing: what `except` names while the Dask engine is not loaded."""


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _interrupt_on_signals() -> dict:
    """SIGTERM (kill, a service stopping) unwinds like Ctrl-C: temporary files are removed,
    workers stopped; Ctrl-C itself raises `Interrupted` rather than a bare KeyboardInterrupt
    (left alone when SIGINT is ignored, as under nohup). Only in the main thread; returns the
    handlers to restore."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return {}

    def terminated(signum, frame):
        raise Terminated

    def interrupted(signum, frame):
        raise Interrupted

    previous = {signal.SIGTERM: signal.signal(signal.SIGTERM, terminated)}
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        previous[signal.SIGINT] = signal.signal(signal.SIGINT, interrupted)
    return previous


class Terminated(KeyboardInterrupt):
    """What SIGTERM raises: caught wherever Ctrl-C is, but not KeyboardInterrupt itself.

    CPython remembers a bare KeyboardInterrupt that passes through code a C extension runs
    with PyRun_String (Cython modules do on import) and, even when we catch it later, kills
    itself with SIGINT on exit (`_Py_UnhandledKeyboardInterrupt`, compared by exact type), so
    a SIGTERM during a lazy import ended the run with -2 instead of our exit code 130."""


class Interrupted(KeyboardInterrupt):
    """What Ctrl-C raises during a command, for the reason `Terminated` gives: a Ctrl-C landing in
    a lazy import of a Cython module ended the run with -2 instead of 130."""


def _restore_signals(previous: dict) -> None:
    if previous:
        import signal

        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _archive(args) -> int:
    from nlp_toolkit.archive.commands import run

    if args.action == "export":
        try:  # before the archive is read: a folder that cannot be made is a usage error
            args.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            print(f"nlp-toolkit: 无法创建导出文件夹 {args.directory}（{exc.strerror or type(exc).__name__}）",
                  file=sys.stderr)
            return EXIT_USAGE
    return run(args)


def _open_archive(args):
    """The archive named by --archive (created on first use), None without it, or an exit code."""
    if not getattr(args, "archive", None):
        return None
    from nlp_toolkit.archive import DEFAULT_ARCHIVE, ArchiveError, open_archive

    try:
        return open_archive(DEFAULT_ARCHIVE if args.archive is True else args.archive)
    except ArchiveError as exc:
        print(f"nlp-toolkit: {exc.reason}", file=sys.stderr)
        return EXIT_USAGE


def _store_in_archive(archive, args, batch, rules) -> int | None:
    """Store the batch and add the findings of the check against the archive (the archive rules
    `rules` selects, run only if selected); an exit code on failure."""
    from nlp_toolkit.archive import ArchiveError, archive_batch

    try:
        result = archive_batch(batch, archive, sources=" ".join(map(str, args.paths)), rules=rules)
    except ArchiveError as exc:
        print(f"nlp-toolkit: 归档失败：{exc.reason}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        archive.close()
    stored = result.stored
    corrected = f"，其中 {stored.corrected} 份是此前报告的更正版本" if stored.corrected else ""
    print(f"nlp-toolkit: 已归档为批次「{stored.name}」（新增 {stored.new_documents} 份{corrected}，已有 "
          f"{stored.known_documents} 份）；与归档比对：{len(result.check.findings)} 条提示", file=sys.stderr)
    return None


def _check(args) -> int:
    from nlp_toolkit.batch.pipeline import analyze_batch
    from nlp_toolkit.output import lint

    loaded = _load_rules(args)
    if isinstance(loaded, int):
        return loaded
    settings, rules = loaded
    fail_on = args.fail_on or settings.fail_on or "warning"
    archive = _open_archive(args)
    if isinstance(archive, int):
        return archive
    _apply_max_size(args)
    # No rule reads the problem categories and the lint output shows none: classify (load the
    # model) only when the archive is to store them.
    batch = analyze_batch(args.paths, progress=None, classify=archive is not None, rules=rules,
                          **_engine_options(args))
    if archive is not None:
        if (failed := _store_in_archive(archive, args, batch, rules)) is not None:
            return failed
    _apply_review(args, batch)
    findings = lint.report_findings(batch)  # a report sent as several files: its primary's, once
    _report_files(batch)
    render = lint.render_statistics if args.statistics else writer("check", args.format).write
    sys.stdout.write(render(batch, findings, quiet=args.quiet, show_dismissed=args.show_dismissed))
    if args.exit_zero:
        return EXIT_UNREAD if batch.errors else EXIT_OK
    levels = ("error", "warning", "info")[: ("error", "warning", "info").index(fail_on) + 1]
    failing = [f for found in findings.values() for f in found if f.severity in levels]
    failing += [f for f in batch.batch_findings if f.severity in levels]
    return EXIT_UNREAD if failing or batch.errors else EXIT_OK


def _rules(args) -> int:
    """`rules` lists every rule, `rules CODE` shows one rule's docs, `rules FAMILY` lists a family."""
    from nlp_toolkit.output.lint import severity_label
    from nlp_toolkit.rules.registry import all_rules, get, select

    if args.code:
        try:
            rule = get(args.code)
        except KeyError:
            listed = select([args.code.strip()])
            if not listed:
                print(f"nlp-toolkit: 没有规则或规则族 {args.code}", file=sys.stderr)
                return EXIT_USAGE
        else:
            print(f"{rule.code}  {rule.name}  级别：{severity_label(rule.severity)}  类型：{rule.kind}\n")
            print(rule.docs())
            _print_rule_options(rule)
            return EXIT_OK
    else:
        listed = all_rules()
    for rule in listed:
        print(f"{rule.code}  {severity_label(rule.severity)}  {rule.kind:22s}  {rule.message()}")
    return EXIT_OK


def _print_rule_options(rule) -> None:
    """A rule's settable options and defaults (`[tool.nlp-toolkit.options.CODE]` in the settings file)."""
    if rule.options:
        print(f"\n选项（在配置文件的 [tool.nlp-toolkit.options.{rule.code}] 中设置）：")
        for name, default in rule.options.items():
            print(f"    {name} = {default!r}")


def _analyze(args) -> int:
    from nlp_toolkit.batch.pipeline import analyze_batch, expand_paths
    from nlp_toolkit.output.files import OutputRefused, check_target

    if args.output:
        try:
            check_target(args.output, force=args.force, inputs=expand_paths(args.paths), create_dirs=args.create_dirs)
        except OutputRefused as exc:
            print(f"nlp-toolkit: {exc.reason}：{args.output}", file=sys.stderr)
            return EXIT_USAGE
    for report_path in (p for p in (args.excel, args.html) if p):
        try:
            check_target(report_path, force=args.force, inputs=expand_paths(args.paths),
                         create_dirs=args.create_dirs)
        except OutputRefused as exc:
            print(f"nlp-toolkit: {exc.reason}：{report_path}", file=sys.stderr)
            return EXIT_USAGE
    if args.html and (refused := _site_refused(args)):
        print(f"nlp-toolkit: {refused}", file=sys.stderr)
        return EXIT_USAGE
    named = [p.resolve() for p in (args.output, args.excel, args.html) if p]
    if len(set(named)) < len(named):
        print("nlp-toolkit: --output、--excel、--html 不能写入同一个文件", file=sys.stderr)
        return EXIT_USAGE
    loaded = _load_rules(args)
    if isinstance(loaded, int):
        return loaded
    rules = loaded[1]
    archive = _open_archive(args)
    if isinstance(archive, int):
        return archive
    _apply_max_size(args)
    if writer("analyze", args.format).streams:
        batch = _analyze_streaming(args, rules)
    else:
        batch = analyze_batch(args.paths, progress=args.progress or None, rules=rules, **_engine_options(args))
    _report_files(batch)
    if archive is not None:
        if (failed := _store_in_archive(archive, args, batch, rules)) is not None:
            return failed
    if not writer("analyze", args.format).streams:  # the JSON Lines run reviewed each document as it came
        _apply_review(args, batch)
    try:
        _write_outputs(args, batch)
        if getattr(args, "late_refusal", None):
            raise args.late_refusal
    except OutputRefused as exc:  # an output file appeared while the batch ran
        print(f"nlp-toolkit: {exc.reason}：{exc.path}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_UNREAD if batch.errors else EXIT_OK


def _write_outputs(args, batch) -> None:
    """-o (or stdout), --excel and --html; none is written over a file that appeared meanwhile
    unless --force (`files.OutputAppeared`: that result goes to a free name beside it)."""
    from nlp_toolkit.output.files import write_text_atomic

    failed = None
    chosen = writer("analyze", args.format)
    if not chosen.streams:
        rendered = chosen.write(batch, show_dismissed=args.show_dismissed)
        if args.output:
            failed = _attempt(failed, args.output, lambda: write_text_atomic(args.output, rendered, overwrite=args.force))
        else:
            from nlp_toolkit.output.files import visible

            sys.stdout.write(visible(rendered))
            if not rendered.endswith("\n"):
                sys.stdout.write("\n")
    for name, path in (("excel", args.excel), ("html", args.html)):  # files of their own, through the registry
        if path:
            failed = _attempt(failed, path, lambda w=writer("file", name), p=path: w.write(
                batch, p, overwrite=args.force, show_dismissed=args.show_dismissed, html=args.html,
                folder=p.parent))
    if failed is not None:
        raise failed


def _attempt(failed, path, write):
    """Run `write`; an output refused or failing (a full disk) is remembered, the other outputs
    are still written."""
    from nlp_toolkit.output.files import OutputRefused

    try:
        write()
    except (OutputRefused, OSError) as exc:
        if failed is not None:
            print(f"nlp-toolkit: {failed.reason}：{failed.path}", file=sys.stderr)
        if isinstance(exc, OutputRefused):
            return exc
        return OutputRefused(path, f"输出文件写入失败（{exc.strerror or type(exc).__name__}）")
    return failed


def _analyze_streaming(args, rules=None):
    """`analyze --format jsonl`: each file's line is written as soon as the file is done, the
    batch's own lines (cross-report findings, pairs, summary) once all are in."""
    from nlp_toolkit.batch.pipeline import analyze_batch
    from nlp_toolkit.output.files import OutputAppeared, replacing
    from nlp_toolkit.output.json import batch_lines, result_line
    from nlp_toolkit.model import ReadFailure
    from nlp_toolkit.review.commands import finish, reviewer_for

    reviewer = reviewer_for(args)

    def run(out):
        def write(index, result):
            if reviewer is not None and not isinstance(result, ReadFailure):
                reviewer.document(result)
            out.write(result_line(index, result))
            out.flush()

        # Written out as it finished, a document is kept only for the cross-report rules,
        # unless the archive, the workbook or the HTML report still needs all of it.
        whole = bool(args.archive or args.excel or args.html)
        batch = analyze_batch(args.paths, progress=args.progress or None, on_result=write, rules=rules,
                              keep_only_for_batch=not whole, **_engine_options(args))
        finish(reviewer, batch)
        out.writelines(batch_lines(batch))
        return batch

    if not args.output:
        return run(sys.stdout)
    done = []
    try:
        with replacing(args.output, overwrite=args.force) as tmp, tmp.open("w", encoding="utf-8") as out:
            done.append(run(out))
    except OutputAppeared as exc:
        args.late_refusal = exc  # reported with the batch's own lines
    return done[0]


if __name__ == "__main__":
    sys.exit(main())
