"""What a cross-report rule reads: `BatchContext`.

    context = BatchContext(batch, candidates)   # candidates: the engine's finished search, or None
    context.documents                           # the documents compared (each submission once)
    context.copies()                            # shared spans (computed once, on first use)
    context.problem_groups()                    # near-identical problem lists (computed once)
    context.pair_table()                        # report pairs, from what the rules asked for

The detection runs only when a rule asks for it, and once however many rules ask; the pairs
table holds what was found (no copying rule selected, no rows from copies).

    keep_for_batch(doc)                         # a written-out document cut down, in place, to
                                                # what the cross-report rules read
    keep_for_batch(doc, store)                  # …and spilled to a temporary store on disk
                                                # (`batch.store`): only a fixed-size shell stays
                                                # (the fingerprint is read back from it too)
"""
from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nlp_toolkit.model import Batch, Document

if TYPE_CHECKING:  # imported when used: the detector needs numpy, a batch of one report never does
    from nlp_toolkit.batch.copying import Candidates, Copy, ProblemGroup
    from nlp_toolkit.batch.store import DocumentStore


@dataclass
class BatchContext:
    batch: Batch
    candidates: Candidates | None = None  # a finished candidate search over the documents (Dask engine)
    found_copies: list[Copy] | None = field(default=None, init=False)
    found_groups: list[ProblemGroup] | None = field(default=None, init=False)

    @property
    def documents(self) -> list[Document]:
        """The documents cross-report rules compare: each submission once, by its primary file."""
        return self.batch.primaries()

    def by_path(self) -> dict[str, Document]:
        return {d.path: d for d in self.batch.documents}

    def copies(self) -> list[Copy]:
        """Spans shared by two of the documents (none with fewer than two documents)."""
        if self.found_copies is None:
            docs = self.documents
            self.found_copies = []
            if len(docs) >= 2:
                from nlp_toolkit.batch.copying import detect_copies

                self.found_copies = detect_copies(docs, candidates=self.candidates)
        return self.found_copies

    def problem_groups(self) -> list[ProblemGroup]:
        """Groups of documents with near-identical problem lists (none with fewer than two documents)."""
        if self.found_groups is None:
            docs = self.documents
            self.found_groups = []
            if len(docs) >= 2:
                from nlp_toolkit.batch.copying import problem_groups

                self.found_groups = problem_groups(docs)
        return self.found_groups

    def pair_table(self) -> list[dict]:
        """The report-pair table over what has been found so far."""
        from nlp_toolkit.batch.copying import pair_table

        return pair_table(self.found_copies or [], self.found_groups or [], self.batch.documents)


def keep_for_batch(doc: Document, store: DocumentStore | None = None) -> Document:
    """Cut `doc` down in place to what the cross-report rules read, and return it.

    For a caller that has written each document out as it finished (`analyze --format jsonl`)
    and keeps the batch only for the cross-report rules. The fingerprint (and, with a store, the
    key its submission is grouped by) is computed first if the engine has not; the view's offsets
    become `Runs` (a few runs of consecutive offsets instead of an int object a character).
    Without `store` the document keeps in memory its text, title and unit, headings, paragraphs
    and items, problems, fingerprint and matching view; with one it is spilled (`store.spill`):
    only a shell of fixed size stays, the rest (the fingerprint too) is read back when used.
    """
    from nlp_toolkit.batch.copying import fingerprint
    from nlp_toolkit.batch.store import DROPPED, spill

    fingerprint(doc)
    for cache in ("_starts_of", "_starts"):  # Document.sentence_at's look-up would keep the sentences
        vars(doc).pop(cache, None)
    view = doc.view
    if view is not None and not isinstance(view.offsets, Runs):
        view.offsets = Runs(view.offsets)
    if store is None:
        for name in DROPPED:
            setattr(doc, name, [])
        return doc
    from nlp_toolkit.batch.submissions import remember_content_key

    remember_content_key(doc)  # while the text is at hand: grouping the batch's files reads no text
    return spill(doc, store)


class Runs(Sequence):
    """A strictly increasing sequence of ints kept as its runs of consecutive values.

    A view's offsets skip only the few characters the view drops, so a report's offsets are a
    handful of runs: two small arrays instead of 4 bytes (in an array) or an int object (in a
    list) a character. Indexing is a binary search over the runs; `bisect` works on it as on a list.
    """

    __slots__ = ("_at", "_value", "_length")

    def __init__(self, values):
        self._at, self._value = array("q"), array("q")
        length, previous = 0, None
        for value in values:
            if previous is None or value != previous + 1:
                self._at.append(length)
                self._value.append(value)
            previous, length = value, length + 1
        self._length = length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("Runs index out of range")
        run = bisect_right(self._at, index) - 1
        return self._value[run] + index - self._at[run]
