"""One file or source through the flow: read → structure → extract → rules (what every engine runs)."""
from __future__ import annotations

import os

from nlp_toolkit.model import Document, ReadFailure, Source
from nlp_toolkit.readers import ReadError, read


def analyze_source(source: Source, *, classify: bool = True) -> Document:
    """Structure, facts and findings of one source.

    `classify=False` leaves its problems unclassified (category and confidence None) and
    never loads the problem classifier: no rule reads the categories.
    """
    from nlp_toolkit.extract import extract_all
    from nlp_toolkit.rules import check_document
    from nlp_toolkit.structure import parse

    doc = parse(source)
    extract_all(doc, classify=classify)
    doc.findings = check_document(doc)
    return doc


def analyze_file(path: str | os.PathLike, *, classify: bool = True) -> Document | ReadFailure:
    """One file's document as a batch needs it, or its error: a file that cannot be read never raises.

    The document carries its copy-detection fingerprint (`copying.fingerprint`), computed here
    so that it is computed wherever the engine runs the file (a pool or Dask worker).
    """
    from nlp_toolkit.batch.copying import fingerprint

    try:
        doc = analyze_source(read(path), classify=classify)
        fingerprint(doc)
        return doc
    except ReadError as exc:
        return ReadFailure(str(path), exc.reason)
    except Exception as exc:  # a bug must not take the other files' results down
        return ReadFailure(str(path), f"分析时出现内部错误（{type(exc).__name__}），请报告此文件")
