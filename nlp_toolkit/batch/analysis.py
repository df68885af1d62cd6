"""One file or source through the flow: read → structure → extract → rules (what every engine runs)."""
from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from nlp_toolkit.model import Document, ReadFailure, Source
from nlp_toolkit.readers import ReadError, read

if TYPE_CHECKING:
    from nlp_toolkit.rules.ruleset import RuleSet


def analyze_source(source: Source, *, classify: bool = True, rules: RuleSet | None = None) -> Document:
    """Structure, facts and findings of one source.

    `classify=False` leaves its problems unclassified (category and confidence None) and
    never loads the problem classifier: no rule reads the categories. `rules`: the `RuleSet`
    to check it with (None: every rule with its defaults); unselected rules do not run.
    """
    from nlp_toolkit.extract import extract_all
    from nlp_toolkit.rules import check_document
    from nlp_toolkit.structure import parse

    doc = parse(source)
    extract_all(doc, classify=classify)
    doc.findings = check_document(doc, rules=rules)
    return doc


def analyze_file(path: str | os.PathLike, *, classify: bool = True,
                 rules: RuleSet | None = None) -> Document | ReadFailure:
    """One file's document as a batch needs it, or its error: a file that cannot be read never raises.

    The copy-detection fingerprint (`copying.fingerprint`, kept on the document) is not computed
    here: in this process it is computed when a cross-report rule or the archive first needs it
    (never for one report checked alone), and the engines that run files in other processes
    compute it there, before sending the document back (`with_fingerprint`).
    """
    return _guarded(path, lambda: analyze_source(read(path), classify=classify, rules=rules))


def with_fingerprint(result: Document | ReadFailure | object) -> Document | ReadFailure | object:
    """`result` with its copy-detection fingerprint computed when it is a `Document` (what a pool or
    Dask worker does before sending a document back, so that the batch's caller does not)."""
    if not isinstance(result, Document):
        return result
    from nlp_toolkit.batch.copying import fingerprint

    def fingerprinted() -> Document:
        fingerprint(result)
        return result

    return _guarded(result.path, fingerprinted)


def _guarded(path: str | os.PathLike, work: Callable[[], Document]) -> Document | ReadFailure:
    """What `work` returns, or the file's `ReadFailure`: unreadable, out of memory or a bug."""
    try:
        return work()
    except ReadError as exc:
        return ReadFailure(str(path), exc.reason)
    except MemoryError:  # past a pool worker's ceiling, or this machine's memory
        from nlp_toolkit.batch.memory import memory_ceiling, memory_reason

        return ReadFailure(str(path), memory_reason(memory_ceiling()))
    except Exception as exc:  # a bug must not take the other files' results down
        return ReadFailure(str(path), f"分析时出现内部错误（{type(exc).__name__}），请报告此文件")
