"""A batch through the flow: collect the files, run them (`engines`), then the cross-report rules.

One file's analysis (read → structure → extract → rules) is `batch.analysis`; it is re-exported here.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from nlp_toolkit.batch.analysis import analyze_file, analyze_source  # noqa: F401 (the batch's public face)
from nlp_toolkit.batch.engines import DEFAULT_TIME_LIMIT
from nlp_toolkit.model import Batch, Document, ReadFailure
from nlp_toolkit.readers import read, read_text

SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf", ".doc", ".wps", ".ofd", ".jpg", ".jpeg", ".png")


def analyze(path_or_text: str | os.PathLike, *, classify: bool = True) -> Document:
    """Analyse one file (a path) or a string of report text."""
    if isinstance(path_or_text, os.PathLike) or _looks_like_path(path_or_text):
        return analyze_source(read(path_or_text), classify=classify)
    return analyze_source(read_text(path_or_text), classify=classify)


def _looks_like_path(value: str) -> bool:
    if "\n" in value or len(value) > 400:
        return False
    return Path(value).suffix.lower() in SUPPORTED_SUFFIXES or Path(value).exists()


def expand_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files named, and the supported files under folders named (recursive, sorted)."""
    yield from collect_paths(paths)[0]


def collect_paths(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[ReadFailure]]:
    """The files to read, and the files under the folders named that are passed over, with why.

    A file named is always read (its format is sniffed from its content). Under a folder: files
    with a supported suffix are read — also broken or looping symbolic links, so that the reader
    names the fault; other files are skipped (unsupported type, Word lock files ``~$…``, links to
    folders, which are not followed). Hidden files and folders (``.name``) are not submissions
    and are not listed at all. A file reached twice (named twice, or a folder and its
    subfolder both named) is listed once, where it is first reached.
    """
    files, skipped = _collect_all(paths)
    return _unique(files), _unique_failures(skipped)


def _file_key(path: Path) -> str:
    """The same key for every name of one file (never raises, also for broken or looping links)."""
    return os.path.normcase(os.path.realpath(path))


def _unique(files: list[Path]) -> list[Path]:
    seen: set[str] = set()
    kept = []
    for path in files:
        key = _file_key(path)
        if key not in seen:
            seen.add(key)
            kept.append(path)
    return kept


def _unique_failures(skipped: list[ReadFailure]) -> list[ReadFailure]:
    keys = {_file_key(Path(f.path)): f for f in reversed(skipped)}
    return [f for f in skipped if keys[_file_key(Path(f.path))] is f]


def _collect_all(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[ReadFailure]]:
    files: list[Path] = []
    skipped: list[ReadFailure] = []
    for path in map(Path, paths):
        if not path.is_dir():
            files.append(path)
            continue
        for p in sorted(path.rglob("*")):
            if any(part.startswith(".") for part in p.relative_to(path).parts):
                continue
            reason = _skip_reason(p)
            if reason == "":
                continue
            if reason:
                skipped.append(ReadFailure(str(p), reason))
            else:
                files.append(p)
    return files, skipped


def _skip_reason(p: Path) -> str | None:
    """None: read the file; "": not a file at all (a folder); else why it is skipped."""
    if p.is_symlink() and p.is_dir():
        return "指向文件夹的符号链接，未进入，已跳过"
    if p.is_dir():
        return ""
    if p.name.startswith("~$"):
        return "Word 临时锁定文件，已跳过"
    if p.suffix.lower() not in SUPPORTED_SUFFIXES:
        return f"不支持的文件类型（{p.suffix or '无扩展名'}），已跳过；支持 TXT、DOCX、PDF、OFD、DOC、WPS 和 JPG/PNG 图片"
    return None


def analyze_batch(paths: Iterable[str | os.PathLike], *, progress: bool | None = False, jobs: int = 1,
                  engine: str = "local", scheduler: str | None = None,
                  time_limit: float | None = DEFAULT_TIME_LIMIT, classify: bool = True, on_result=None,
                  keep_only_for_batch: bool = False) -> Batch:
    """Analyse many files; a file that cannot be read becomes an error, not an exception.

    Documents run where the engine puts them (`nlp_toolkit.batch.engines`: in this process,
    `jobs` local processes, or Dask with `engine="dask"` / `scheduler`); `time_limit` seconds per
    document (default 120, None: no limit) make a slower one an error. Results come back in input order; cross-report rules
    run here, after gathering. `progress`: True a bar, None a bar when stderr is a terminal.
    Files that are one report (`batch.submissions`) are compared once, by their primary.
    `classify=False`: problems stay unclassified (see `analyze_source`). `on_result(index,
    result)` hears each file's `Document` or `ReadFailure` as it arrives (see `engines.run_batch`).
    `keep_only_for_batch=True` (a caller that wrote each document out in `on_result`): each
    document is then cut down to what the cross-report rules read (`context.keep_for_batch`), so
    that the batch held until the end is a fraction of the analysis; its documents' own figures,
    findings, sentences and sections are empty.
    """
    from nlp_toolkit.batch.engines import run_batch

    batch = Batch()
    files, batch.skipped = collect_paths(paths)
    if keep_only_for_batch:
        on_result = _then_keep_for_batch(on_result)
    run = run_batch(files, engine=engine, jobs=jobs, scheduler=scheduler, time_limit=time_limit,
                    progress=progress, classify=classify, on_result=on_result)
    for result in run.results:
        (batch.errors if isinstance(result, ReadFailure) else batch.documents).append(result)
    from nlp_toolkit.batch.context import BatchContext
    from nlp_toolkit.batch.submissions import group_submissions
    from nlp_toolkit.rules import check_batch

    batch.submissions = group_submissions(batch.documents)  # before the cross-report rules: they see primaries
    context = BatchContext(batch, run.candidates)  # the Dask engine's shuffle, if it ran one
    batch.batch_findings = check_batch(context)
    batch.pairs = context.pair_table()
    return batch


def _then_keep_for_batch(on_result):
    """`on_result`, then the document cut down to what the cross-report rules read."""
    from nlp_toolkit.batch.context import keep_for_batch

    def hear(index, result):
        if on_result is not None:
            on_result(index, result)
        if isinstance(result, Document):
            keep_for_batch(result)

    return hear
