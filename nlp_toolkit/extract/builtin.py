"""The toolkit's own extractors, in the order they run (statement roles first: problems read them)."""
from __future__ import annotations

from nlp_toolkit.extract.registry import Extractor


def _statements(doc, *, classify: bool = True):
    from nlp_toolkit.extract.statements import classify_statements

    return classify_statements(doc, model=classify)


def _metrics(doc):
    from nlp_toolkit.extract.metrics import extract_metrics

    return extract_metrics(doc)


def _problems(doc, *, classify: bool = True):
    from nlp_toolkit.extract.problems import extract_problems

    return extract_problems(doc, classify=classify)


def _commitments(doc):
    from nlp_toolkit.extract.commitments import extract_commitments

    return extract_commitments(doc)


BUILTIN = (
    Extractor("statements", _statements, options=("classify",)),
    Extractor("metrics", _metrics),
    Extractor("problems", _problems, options=("classify",)),
    Extractor("commitments", _commitments),
)


def register(extractors) -> None:
    for extractor in BUILTIN:
        extractors.register(extractor.field, extractor)
