"""nlp_toolkit: what is in the reports units submit upward, and what is wrong with them.

    >>> import nlp_toolkit
    >>> doc = nlp_toolkit.analyze("corpora/demo/txt/01_county_committee.txt")
    >>> doc.sections[0].role
"""
from nlp_toolkit.batch.pipeline import analyze, analyze_batch
from nlp_toolkit.model import Batch, Document
from nlp_toolkit import output  # noqa: F401 — registers the outputs behind Document.to_dict() and the frames

__all__ = ["analyze", "analyze_batch", "Batch", "Document"]
__version__ = "0.1.0"
