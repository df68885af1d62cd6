"""Where a written-out batch waits for the cross-report rules: a temporary store on disk.

A run that writes each document out as it finishes (`analyze --format jsonl`) keeps the batch
only for the cross-report rules. Kept whole, it grows with the batch (about 57 KiB a report);
spilled, each document stays in memory as a shell of fixed size — path, format, unit, title,
warnings, versions, the keys its submission is grouped by — while what alignment and the
problem-list comparison read of it (text, matching view, headings, paragraphs, items, problems)
waits in a SQLite file in a `tempfile.TemporaryDirectory` of the system temp folder, never beside
the input. The copy detector's fingerprint (about 8.5 KiB a report) waits there too, on a row of
its own, so that the candidate index is built from the store one fingerprint at a time without
reading the texts:

    with DocumentStore() as store:       # the folder is removed on leaving, also on error or Ctrl-C
        spill(doc, store)                # doc, in place, now a `SpilledDocument`
        doc.text                         # read back on use (a few documents kept, then dropped)
    doc.text                             # "" once the store is closed: the document was settled

The rules never know: a `SpilledDocument` is a `Document` whose spilled fields (and fingerprint)
are read from the store when used; settled, its fingerprint is None. The store keeps the last `CACHE_SIZE` documents it read, so a pair aligned after
another of the same document does not read it again, and memory stays bounded.
"""
from __future__ import annotations

import pickle
import sqlite3
import tempfile
from collections import OrderedDict
from pathlib import Path

from nlp_toolkit.model import Document

# What the cross-report rules read of a document beyond its shell (and plug-in facts and OCR
# lines, which no rule reads but which would otherwise stay in memory).
SPILLED = ("text", "view", "headings", "paragraphs", "items", "problems", "extras", "ocr_lines")
# What no cross-report rule, submission grouping or batch line reads once a document's own
# output is written: dropped, not spilled.
DROPPED = ("hints", "pages", "sections", "sentences", "statements", "metrics", "commitments", "records", "findings")
PRINT = "fingerprint"  # spilled on a row of its own (`_print_key`): read alone, for the index
CACHE_SIZE = 32  # documents read back and kept (the aligner walks pairs in path order)
_EMPTY = {"text": "", "view": None, "extras": {}}  # a settled document's spilled fields (else [])


class StoreClosed(RuntimeError):
    """A spilled document was read after its store was closed."""


class DocumentStore:
    """Spilled documents' fields in a SQLite file of a temporary folder, read back by key."""

    def __init__(self, cache_size: int = CACHE_SIZE):
        # a folder that cannot be removed stays behind rather than hide the error that ended the run
        self._folder = tempfile.TemporaryDirectory(prefix="nlp-toolkit-batch-", ignore_cleanup_errors=True)
        self.path = Path(self._folder.name)
        self._db = sqlite3.connect(self.path / "documents.sqlite", check_same_thread=False)
        self._db.execute("PRAGMA journal_mode = OFF")  # a scratch file: nothing to recover after a crash
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("CREATE TABLE parts (id INTEGER PRIMARY KEY, data BLOB NOT NULL)")
        self._cache: OrderedDict[int, dict] = OrderedDict()
        self._cache_size = cache_size
        self._shells: list[SpilledDocument] = []
        self.closed = False

    def put(self, parts: dict) -> int:
        """Store `parts` (field name → value) and return their key."""
        if self.closed:
            raise StoreClosed("文档暂存区已关闭")
        cursor = self._db.execute("INSERT INTO parts (data) VALUES (?)",
                                  (pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL),))
        return int(cursor.lastrowid)

    def get(self, key: int) -> dict:
        """The parts stored under `key` (the last few read are kept)."""
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        if self.closed:
            raise StoreClosed("文档暂存区已关闭")
        row = self._db.execute("SELECT data FROM parts WHERE id = ?", (key,)).fetchone()
        parts = pickle.loads(row[0])
        self._cache[key] = parts
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return parts

    def close(self) -> None:
        """Settle every spilled document (its spilled fields empty) and remove the folder."""
        if self.closed:
            return
        self.closed = True
        for shell in self._shells:
            shell.settle()
        self._shells.clear()
        self._cache.clear()
        try:
            self._db.close()
        finally:
            self._folder.cleanup()

    def __enter__(self) -> DocumentStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _spilled_field(name: str, key: str = "_key") -> property:
    """A field read from the store (the row `key` names), unless set since the spill (`as_version`
    empties a version's facts)."""

    def get(self):
        own = self.__dict__
        if name in own:
            return own[name]
        return own["_store"].get(own[key])[name]

    def set(self, value) -> None:
        self.__dict__[name] = value

    return property(get, set, doc=f"`Document.{name}`, read from the batch's temporary store")


class SpilledDocument(Document):
    """A `Document` whose `SPILLED` fields wait in a `DocumentStore` (made by `spill`, not directly)."""

    def settle(self) -> None:
        """The store is closing: the spilled fields not set since become empty, for good."""
        own = self.__dict__
        for name in SPILLED:
            own.setdefault(name, _EMPTY.get(name, []))
        own.setdefault(PRINT, None)
        own.pop("_store", None), own.pop("_key", None), own.pop("_print_key", None)


for _name in SPILLED:
    setattr(SpilledDocument, _name, _spilled_field(_name))
SpilledDocument.fingerprint = _spilled_field(PRINT, "_print_key")


def spill(doc: Document, store: DocumentStore) -> Document:
    """Move `doc`'s spilled fields into `store` and drop what no cross-report rule reads, in place."""
    own = doc.__dict__
    key = store.put({name: own.pop(name) for name in SPILLED})
    print_key = store.put({PRINT: own.pop(PRINT)})
    for name in DROPPED:
        own[name] = []
    own["_store"], own["_key"], own["_print_key"] = store, key, print_key
    doc.__class__ = SpilledDocument
    store._shells.append(doc)
    return doc
