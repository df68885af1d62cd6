"""Problems quoted from inspection feedback (针对“…”的问题): where the quotes are.

Read by the statement roles (a quote is a problem unit) and by the problem extractor (the quote is
the problem, the account after it its response), so it sits below both.
"""
from __future__ import annotations

import re

from nlp_toolkit.model import Document
from nlp_toolkit.resources import compiled, data
from nlp_toolkit.structure.view import to_simplified


@compiled("feedback_quotes.yml")
def _quote_patterns() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in data("feedback_quotes.yml")["patterns"])


@compiled("feedback_quotes.yml")
def _quote_triggers() -> tuple[str, ...]:
    return tuple(data("feedback_quotes.yml")["triggers"])


def quote_hits(doc: Document) -> list[tuple[int, int, int, int]]:
    """(quote start, quote end, match start, match end) of every problem quoted from feedback, in
    source offsets."""
    out = []
    patterns, triggers = _quote_patterns(), _quote_triggers()
    for para in doc.paragraphs:
        raw = doc.text[para.start:para.end]
        if not any(t in raw for t in triggers):
            continue
        simple = to_simplified(raw)
        for pattern in patterns:
            for hit in pattern.finditer(simple):
                out.append((para.start + hit.start("q"), para.start + hit.end("q"), para.start + hit.start(),
                            para.start + hit.end()))
    return sorted(set(out))
