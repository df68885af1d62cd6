"""What a cross-report rule reads: `BatchContext`.

    context = BatchContext(batch, candidates)   # candidates: the engine's finished search, or None
    context.documents                           # the documents compared (each submission once)
    context.copies()                            # shared spans (computed once, on first use)
    context.problem_groups()                    # near-identical problem lists (computed once)
    context.pair_table()                        # report pairs, from what the rules asked for

The detection runs only when a rule asks for it, and once however many rules ask; the pairs
table holds what was found (no copying rule selected, no rows from copies).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from nlp_toolkit.batch.copying import Candidates, Copy, ProblemGroup, detect_copies, pair_table, problem_groups
from nlp_toolkit.model import Batch, Document


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
            self.found_copies = detect_copies(docs, candidates=self.candidates) if len(docs) >= 2 else []
        return self.found_copies

    def problem_groups(self) -> list[ProblemGroup]:
        """Groups of documents with near-identical problem lists (none with fewer than two documents)."""
        if self.found_groups is None:
            docs = self.documents
            self.found_groups = problem_groups(docs) if len(docs) >= 2 else []
        return self.found_groups

    def pair_table(self) -> list[dict]:
        """The report-pair table over what has been found so far."""
        return pair_table(self.found_copies or [], self.found_groups or [], self.batch.documents)
