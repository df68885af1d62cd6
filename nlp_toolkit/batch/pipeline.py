"""A batch through the flow: collect the files, run them (`engines`), then the cross-report rules.

One file's analysis (read → structure → extract → rules) is `batch.analysis`; it is re-exported here.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from nlp_toolkit.batch.analysis import analyze_file, analyze_source  # noqa: F401 (the batch's public face)
from nlp_toolkit.batch.engines import DEFAULT_TIME_LIMIT
from nlp_toolkit.model import Batch, Document, ReadFailure, UnreadFolder
from nlp_toolkit.readers import read, read_text, supported_suffixes, unsupported_reason

if TYPE_CHECKING:
    from nlp_toolkit.rules.ruleset import RuleSet

TOOL_FILES = ("nlp-toolkit.toml", "nlp-toolkit-review.toml")  # the toolkit's own files beside a batch: not listed


def analyze(path_or_text: str | os.PathLike, *, classify: bool = True, rules: RuleSet | None = None) -> Document:
    """Analyse one file (a path) or a string of report text."""
    if isinstance(path_or_text, os.PathLike) or _looks_like_path(path_or_text):
        return analyze_source(read(path_or_text), classify=classify, rules=rules)
    return analyze_source(read_text(path_or_text), classify=classify, rules=rules)


def _looks_like_path(value: str) -> bool:
    if "\n" in value or len(value) > 400:
        return False
    return Path(value).suffix.lower() in supported_suffixes() or Path(value).exists()


def expand_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files named, and the supported files under folders named (recursive, sorted)."""
    yield from collect_paths(paths)[0]


def collect_paths(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[ReadFailure]]:
    """The files to read, and the files under the folders named that are passed over, with why.

    A file named is always read (its format is sniffed from its content). Under a folder: files
    with a supported suffix are read — also broken or looping symbolic links, so that the reader
    names the fault; other files are skipped (unsupported type, Word lock files ``~$…``, links to
    folders, which are not followed, and links to files outside the folder named). A folder that
    cannot be listed is an `UnreadFolder` among the skipped (the batch counts it as an error). Hidden files and folders (``.name``) are not submissions
    and are not listed at all. A file reached twice (named twice, or a folder and its
    subfolder both named) is listed once, where it is first reached.
    """
    files, skipped = _collect_all(paths)
    return _unique(files), _unique_failures(skipped)


def _file_key(path: Path) -> str:
    """The same key for every name of one file (never raises, also for broken or looping links).

    A name whose target does not exist (a broken or looping link) keys on itself: twelve links
    to the same missing file are twelve faults to report, not one file reached twelve times.
    """
    real = os.path.realpath(path)
    if not os.path.exists(real):
        return os.path.normcase(os.path.abspath(path))
    return os.path.normcase(real)


def _name_key(path: Path) -> str:
    """The same key for a name reached twice (a folder and its subfolder), not for two links."""
    return os.path.normcase(os.path.abspath(path))


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
    """Each name passed over once; two links passed over are two entries (nothing is read twice)."""
    keys = {_name_key(Path(f.path)): f for f in reversed(skipped)}
    return [f for f in skipped if keys[_name_key(Path(f.path))] is f]


def _collect_all(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[ReadFailure]]:
    files: list[Path] = []
    skipped: list[ReadFailure] = []
    for path in map(Path, paths):
        if not path.is_dir():
            files.append(path)
            continue
        root = Path(os.path.realpath(path))
        entries, unread = _walk(path)
        skipped.extend(unread)
        for p in entries:
            reason = _skip_reason(p, root)
            if reason == "":
                continue
            if reason:
                skipped.append(ReadFailure(str(p), reason))
            else:
                files.append(p)
    return files, skipped


def _walk(top: Path) -> tuple[list[Path], list[UnreadFolder]]:
    """Every entry under `top` (sorted, hidden ones left out, links to folders not entered),
    and the folders that could not be listed."""
    entries: list[Path] = []
    unread: list[UnreadFolder] = []

    def failed(exc: OSError) -> None:
        unread.append(UnreadFolder(str(exc.filename or top), _folder_reason(exc)))

    for folder, dirs, names in os.walk(top, onerror=failed):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        base = Path(folder)
        entries.extend(base / d for d in dirs)
        entries.extend(base / n for n in names if not n.startswith("."))
    return sorted(entries), unread


def _folder_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "无权限读取文件夹，其中的文件均未分析"
    return f"文件夹无法读取（{exc.strerror or type(exc).__name__}），其中的文件均未分析"


def _skip_reason(p: Path, root: Path | None = None) -> str | None:
    """None: read the file; "": not a file at all (a folder); else why it is skipped.

    `root`: the resolved folder the user named; a link to a file outside it is not followed.
    """
    if p.is_symlink() and p.is_dir():
        return "指向文件夹的符号链接，未进入，已跳过"
    if p.is_dir() or p.name in TOOL_FILES:
        return ""
    if p.name.startswith("~$"):
        return "Word 临时锁定文件，已跳过"
    if p.suffix.lower() not in supported_suffixes():
        return unsupported_reason(p.suffix)
    if root is not None and p.is_symlink() and (outside := _outside(p, root)):
        return f"符号链接指向所选文件夹之外的文件（{outside}），未读取；如需分析，请直接指定该文件"
    return None


def _outside(link: Path, root: Path) -> str | None:
    """The target of `link` when it is an existing file outside `root` (else None: broken and
    looping links are read, so that the reader names their fault)."""
    target = Path(os.path.realpath(link))
    if not target.exists() or target.is_relative_to(root):
        return None
    return str(target)


def analyze_batch(paths: Iterable[str | os.PathLike], *, progress: bool | None = False, jobs: int = 1,
                  engine: str = "local", scheduler: str | None = None,
                  time_limit: float | None = DEFAULT_TIME_LIMIT, classify: bool = True, on_result=None,
                  rules: RuleSet | None = None, keep_only_for_batch: bool = False) -> Batch:
    """Analyse many files; a file that cannot be read becomes an error, not an exception.

    Documents run where the engine puts them (`nlp_toolkit.batch.engines`: in this process,
    `jobs` local processes, or Dask with `engine="dask"` / `scheduler`); `time_limit` seconds per
    document (default 120, None: no limit) make a slower one an error. Results come back in input order; cross-report rules
    run here, after gathering. `progress`: True a bar, None a bar when stderr is a terminal.
    Files that are one report (`batch.submissions`) are compared once, by their primary.
    `classify=False`: problems stay unclassified (see `analyze_source`). `on_result(index,
    result)` hears each file's `Document` or `ReadFailure` as it arrives (see `engines.run_batch`).
    `rules`: the `RuleSet` of the run (settings file and --select/--ignore), used by every
    document and by the cross-report rules; None runs every rule with its defaults.
    `keep_only_for_batch=True` (a caller that wrote each document out in `on_result`): each
    document is then cut down to what the cross-report rules read and spilled to a temporary
    store on disk (`context.keep_for_batch`, `batch.store`), so that the batch held until the end
    is a fixed-size shell per document (its fingerprint waits in the store too); the store is
    removed before this returns, also on error or Ctrl-C. The documents returned then keep their
    path, format, unit, title, warnings and versions; their text, structure, facts and own findings
    are empty, their fingerprint None.
    """
    from nlp_toolkit.batch.engines import run_batch
    from nlp_toolkit.batch.store import DocumentStore

    batch = Batch()
    files, skipped = collect_paths(paths)
    batch.skipped = [s for s in skipped if not isinstance(s, UnreadFolder)]
    batch.errors.extend(s for s in skipped if isinstance(s, UnreadFolder))  # files were lost: not just passed over
    store = DocumentStore() if keep_only_for_batch else None
    try:
        if store is not None:
            on_result = _then_keep_for_batch(on_result, store)
        run = run_batch(files, engine=engine, jobs=jobs, scheduler=scheduler, time_limit=time_limit,
                        progress=progress, classify=classify, on_result=on_result, rules=rules)
        for result in run.results:
            (batch.errors if isinstance(result, ReadFailure) else batch.documents).append(result)
        _check_batch(batch, run.candidates, rules)
    finally:
        if store is not None:
            store.close()  # the spilled documents are settled, the temporary folder removed
    return batch


def _check_batch(batch: Batch, candidates, rules: RuleSet | None) -> None:
    """Submissions, then the cross-report rules and the pairs table, on the gathered batch."""
    from nlp_toolkit.batch.context import BatchContext
    from nlp_toolkit.batch.submissions import group_submissions
    from nlp_toolkit.rules import check_batch

    batch.submissions = group_submissions(batch.documents)  # before the cross-report rules: they see primaries
    context = BatchContext(batch, candidates)  # the Dask engine's shuffle, if it ran one
    batch.batch_findings = check_batch(context, rules=rules)
    batch.pairs = context.pair_table()


def _then_keep_for_batch(on_result, store):
    """`on_result`, then the document cut down to what the cross-report rules read and spilled to `store`."""
    from nlp_toolkit.batch.context import keep_for_batch

    def hear(index, result):
        if on_result is not None:
            on_result(index, result)
        if isinstance(result, Document):
            keep_for_batch(result, store)

    return hear


def __getattr__(name: str):
    """`SUPPORTED_SUFFIXES`: every registered reader's suffixes (plug-ins included), read on use."""
    if name == "SUPPORTED_SUFFIXES":
        return supported_suffixes()
    raise AttributeError(name)
