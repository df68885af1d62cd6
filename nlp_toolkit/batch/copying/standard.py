"""Where a report's standard opening and closing are: the text before its first heading, and its
last paragraph when that closes the report rather than an item of it.

Reports of one genre open and close alike (巡察整改公开: "根据……统一部署，……对……进行了巡察……现将
整改情况予以公布"; "欢迎广大干部群众监督……联系电话"). The same text at the same position in the
reports of two different units is that standard wording, not one unit copying the other: the
aligner counts such characters apart (`Copy.standard`) and they do not count toward a copy.
"""
from __future__ import annotations

import numpy as np

from nlp_toolkit.batch.copying.normalise import Normalised
from nlp_toolkit.model import Document

MIN_CLOSING_CHARS = 12  # a shorter last paragraph (a date, a signature) is passed over


def opening_span(doc: Document) -> tuple[int, int] | None:
    """Source span from the end of the title to the first heading after it (the preamble)."""
    start = doc.title_span.end if doc.title_span is not None else 0
    later = [h.start for h in doc.headings if h.start >= start]
    if later:
        end = min(later)
    else:
        following = [p for p in doc.paragraphs if p.start >= start]
        if not following:
            return None
        end = following[0].end
    return (start, end) if end > start else None


def closing_span(doc: Document) -> tuple[int, int] | None:
    """Source span of the last paragraph of some length to the end, when it closes the report:
    no heading or item, and not the body of the last section (another paragraph comes between
    the last heading and it)."""
    heads = [h.start for h in doc.headings]
    for k in range(len(doc.paragraphs) - 1, -1, -1):
        p = doc.paragraphs[k]
        if len(p.text.strip()) < MIN_CLOSING_CHARS:
            continue
        if p.start in heads or any(i.start < p.end and p.start < i.end for i in doc.items):
            return None
        previous = doc.paragraphs[k - 1] if k else None
        last_heading = max((h for h in heads if h < p.start), default=None)
        if previous is None or (last_heading is not None and previous.start <= last_heading):
            return None  # the paragraph right under the last heading is that section's body
        return p.start, len(doc.text)
    return None


def zones(doc: Document, norm: Normalised) -> tuple[np.ndarray, np.ndarray]:
    """Masks over the normalised text: (in the opening, in the closing)."""
    starts = np.asarray(norm.src_start, dtype=np.int64)
    out = []
    for span in (opening_span(doc), closing_span(doc)):
        if span is None:
            out.append(np.zeros(len(starts), dtype=bool))
        else:
            out.append((starts >= span[0]) & (starts < span[1]))
    return out[0], out[1]


def different_units(a: Document, b: Document) -> bool:
    """Both reports name their unit and the units differ (the condition for standard wording)."""
    return bool(a.unit and b.unit and a.unit != b.unit)
