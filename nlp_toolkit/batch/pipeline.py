"""Run documents through the flow: read → structure → extract → rules; collect errors per file."""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from nlp_toolkit.model import Batch, Document, ReadFailure, Source
from nlp_toolkit.readers import ReadError, read, read_text

SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf")


def analyze_source(source: Source) -> Document:
    """Structure, facts and findings of one source."""
    from nlp_toolkit.extract import extract_all
    from nlp_toolkit.rules import check_document
    from nlp_toolkit.structure import parse

    doc = parse(source)
    extract_all(doc)
    doc.findings = check_document(doc)
    return doc


def analyze(path_or_text: str | os.PathLike) -> Document:
    """Analyse one file (a path) or a string of report text."""
    if isinstance(path_or_text, os.PathLike) or _looks_like_path(path_or_text):
        return analyze_source(read(path_or_text))
    return analyze_source(read_text(path_or_text))


def _looks_like_path(value: str) -> bool:
    if "\n" in value or len(value) > 400:
        return False
    return Path(value).suffix.lower() in SUPPORTED_SUFFIXES or Path(value).exists()


def expand_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files named, and the supported files under folders named (recursive, sorted)."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and not p.name.startswith("."))
        else:
            yield path


def analyze_batch(paths: Iterable[str | os.PathLike], *, progress: bool = False) -> Batch:
    """Analyse many files; a file that cannot be read becomes an error, not an exception."""
    batch = Batch()
    files = list(expand_paths(paths))
    for path in _progress(files, progress):
        try:
            batch.documents.append(analyze_source(read(path)))
        except ReadError as exc:
            batch.errors.append(ReadFailure(str(path), exc.reason))
        except Exception as exc:  # a bug must not take the other files' results down
            batch.errors.append(ReadFailure(str(path), f"分析时出现内部错误（{type(exc).__name__}），请报告此文件"))
    from nlp_toolkit.rules import check_batch

    batch.batch_findings = check_batch(batch)
    return batch


def _progress(files: list[Path], enabled: bool):
    if not enabled:
        return files
    try:
        from tqdm import tqdm
    except ImportError:
        return files
    return tqdm(files, unit="份", desc="分析", leave=False)
