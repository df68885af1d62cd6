"""The extractors' registry: an extractor is `Extractor(field, function, columns)`.

`function(doc, **options)` returns the facts of one kind, in document order; `extract_all` runs
every registered extractor in order and stores the facts on the document: in the attribute of
that name for the fields the model names (metrics, problems, commitments, statements), in
`doc.extras[field]` for any other (a plug-in's). `columns` maps a fact's attributes to the
Chinese column labels of its frame (`output/frames.py`). The toolkit's own extractors are in
`extract/builtin.py`; a plug-in adds one through the entry point group ``nlp_toolkit.extractors``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field as dataclass_field, fields
from typing import Any

from nlp_toolkit.model import Document
from nlp_toolkit.registry import Registry


@dataclass(frozen=True)
class Extractor:
    """One kind of fact.

    Attributes:
        field: where the facts go (a `Document` attribute, or a key of `Document.extras`).
        function: `function(doc, **options) -> list` of facts (dataclasses or dicts with start/end).
        columns: fact attribute → Chinese column label of the frame, in column order.
        options: the keywords of the run the function takes (e.g. ``("classify",)``).
    """

    field: str
    function: Callable[..., list]
    columns: dict[str, str] = dataclass_field(default_factory=dict)
    options: tuple[str, ...] = ()

    def run(self, doc: Document, **options: Any) -> list:
        return list(self.function(doc, **{k: v for k, v in options.items() if k in self.options}))

    @property
    def named_by_model(self) -> bool:
        """True for a field the `Document` holds itself (the contract fields)."""
        return self.field in MODEL_FIELDS

    def store(self, doc: Document, facts: list) -> None:
        if self.named_by_model:
            setattr(doc, self.field, facts)
        else:
            doc.extras[self.field] = facts


MODEL_FIELDS = frozenset(f.name for f in fields(Document))

EXTRACTORS: Registry[Extractor] = Registry("extractors", builtins="nlp_toolkit.extract.builtin:register",
                                           check=lambda obj: isinstance(obj, Extractor))


def extra_extractors() -> list[Extractor]:
    """The registered extractors whose facts go to `Document.extras` (the plug-ins' kinds of fact)."""
    return [e for e in EXTRACTORS.all().values() if not e.named_by_model]


@dataclass(frozen=True)
class Classifier:
    """A kind of trained model, named by the `kind` in a model folder's ``meta.json``.

    Attributes:
        kind: the `kind` of meta.json ("sklearn", "spacy" …).
        filename: the model's file or folder inside the model folder.
        load: `load(path) -> model`, from disk only (no network).
        scores: `scores(model, texts, labels) -> list[list[float]]`, one row of raw scores per text,
            in the order of `labels` (the caller normalises them).
    """

    kind: str
    filename: str
    load: Callable[[Any], Any]
    scores: Callable[[Any, list, tuple[str, ...]], list[list[float]]]


CLASSIFIERS: Registry[Classifier] = Registry("classifiers", builtins="nlp_toolkit.extract.builtin:register_classifiers",
                                             check=lambda obj: isinstance(obj, Classifier))
