"""Outputs: they only format what the model holds (json, frames, excel, html, lint, table).

Importing the package registers the functions behind the model's convenience methods
(`Document.to_dict`, `.metrics_frame()`, `_repr_html_`, `Batch.frames()` …) with
`model.register_view`, each loading its module on first use (pandas only when a frame is
asked for), so the model imports no output module and there is no cycle.
"""
from __future__ import annotations

from nlp_toolkit.model import register_view


def document_dict(doc):
    from nlp_toolkit.output.json import document_dict

    return document_dict(doc)


def document_html(doc):
    from nlp_toolkit.output.html import document_html

    return document_html(doc)


def frame(name: str):
    def make(*args, **kwargs):
        from nlp_toolkit.output import frames

        return getattr(frames, name)(*args, **kwargs)

    return make


def batch_summary_html(batch):
    from nlp_toolkit.output.notebook import batch_summary_html

    return batch_summary_html(batch)


register_view("document_dict", document_dict)
register_view("batch_summary_html", batch_summary_html)
register_view("document_html", document_html)
for name in ("metrics_frame", "problems_frame", "commitments_frame", "findings_frame", "facts_frame", "batch_frames"):
    register_view(name, frame(name))
