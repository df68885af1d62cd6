"""A new batch checked against everything archived: copied passages (ARC001), recurring problems (ARC002).

Copies: the LSH band keys of the new documents' passages are looked up in `passage_bands`;
the archived reports sharing the most keys (at most `MAX_CANDIDATES` per new report, ignoring
keys held by more than `MAX_DOCUMENT_FREQUENCY` archived reports, which are set phrases rather
than copying) are rebuilt from their stored text and offsets and handed, with their stored
passages, to the copy detector together with the new batch. Only findings in
a new report that point at an archived one are kept (copies inside the batch are the batch
rules' business); each names the earlier report, its unit and its batch. "Earlier" is archived
no later than the batch checked, so re-running an old batch does not flag the reports that
later batches took from it. A new report whose
text is identical to one archived under another batch is one finding over the whole text.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from sqlalchemy import select

from nlp_toolkit.archive import fingerprints
from nlp_toolkit.archive.schema import batch_documents, batches, documents, passage_bands, passages
from nlp_toolkit.batch.copying import pair_table
from nlp_toolkit.model import Batch, Finding
from nlp_toolkit.rules.archive.ARC001 import ARC001

if TYPE_CHECKING:
    from nlp_toolkit.archive.store import Archive, CheckResult, Prepared, StoredBatch

MAX_CANDIDATES = 20  # archived reports compared in full with each new report
MAX_DOCUMENT_FREQUENCY = 200  # a band key in more archived reports than this is a set phrase
MIN_SHARED = 1  # shared band keys that make an archived report a candidate


def check_against_archive(archive: "Archive", batch: Batch, stored: "StoredBatch", *,
                          prepared: "list[Prepared] | None" = None) -> "CheckResult":
    from nlp_toolkit.archive.history import recurring_problems
    from nlp_toolkit.archive.store import CheckResult, _chunks, _utc, rebuild_document

    docs = [d for d in batch.documents if d.path in stored.document_ids]
    own_ids = {stored.document_ids[d.path] for d in docs}
    ready = {p.doc.path: p for p in prepared or []}
    for doc in docs:
        if doc.path not in ready:
            ready[doc.path] = archive.prepare(doc)
    found: list[Finding] = []
    pairs: list[dict] = []
    archived: dict[int, object] = {}
    with archive.read() as conn:
        earlier = _other_batches(conn, list(own_ids), stored.id)
        for doc in docs:
            other = [o for o in earlier.get(stored.document_ids[doc.path], []) if o["batch_time"] <= stored.created_at]
            if other:
                found.append(ARC001().identical_finding(doc, [_ref(o) for o in other]))

        wanted = sorted(set().union(*(ready[d.path].band_keys for d in docs))) if docs else []
        holders: dict[int, set[int]] = defaultdict(set)
        for chunk in _chunks(wanted):
            for key, doc_id in conn.execute(select(passage_bands.c.band_key, passage_bands.c.document_id)
                                            .where(passage_bands.c.band_key.in_(chunk))):
                if doc_id not in own_ids:
                    holders[key].add(doc_id)
        chosen: set[int] = set()
        for doc in docs:
            shared = Counter(d for key in ready[doc.path].band_keys
                             if len(holders.get(key, ())) <= MAX_DOCUMENT_FREQUENCY for d in holders.get(key, ()))
            chosen.update(d for d, n in shared.most_common(MAX_CANDIDATES) if n >= MIN_SHARED)
        candidate_ids = sorted(chosen)

        first_batch = _first_batches(conn, candidate_ids)
        # reports first archived after this batch (a re-run of an old batch) are not earlier reports
        candidate_ids = [i for i in candidate_ids if first_batch[i]["batch_time"] <= stored.created_at]
        for chunk in _chunks(candidate_ids):
            for row in conn.execute(select(documents).where(documents.c.id.in_(chunk))).mappings():
                archived[row["id"]] = rebuild_document(row)
        key_of = {doc_id: f"archive:{doc_id}:{doc.path}" for doc_id, doc in archived.items()}
        stored_passages: dict[int, list] = defaultdict(list)
        for chunk in _chunks(candidate_ids):
            for row in conn.execute(select(passages).where(passages.c.document_id.in_(chunk))
                                    .order_by(passages.c.document_id, passages.c.idx)).mappings():
                doc = archived[row["document_id"]]
                stored_passages[row["document_id"]].append(fingerprints.make_passage(
                    key_of[row["document_id"]], row["idx"], row["start"], row["end"], doc.text[row["start"]:row["end"]],
                    bytes(row["signature"]), row["nstart"], row["nend"]))
        found += recurring_problems(conn, docs, stored, _utc)

    if archived:
        refs = {key_of[i]: {"document_id": i, "path": d.path, "unit": d.unit, "title": d.title, "year": d.year}
                | first_batch.get(i, {}) for i, d in archived.items()}
        for doc_id, doc in archived.items():
            doc.path = key_of[doc_id]
        index = fingerprints.build_index(
            {d.path: list(ready[d.path].passages) for d in docs}
            | {key_of[i]: stored_passages.get(i, []) for i in archived})
        new_set = {d.path for d in docs}
        compared = docs + list(archived.values())
        copies = fingerprints.detect_copies(compared, index=index, only_involving=new_set)
        by_path = {d.path: d for d in compared}
        rule = ARC001()
        for copy in copies:
            new, old = (copy.path_a, copy.path_b) if copy.path_a in new_set else (copy.path_b, copy.path_a)
            if new in new_set and old in refs:
                found.append(rule.copy_finding(copy, by_path[new], by_path[old], _ref(refs[old])))
        for pair in pair_table(copies, [], compared):
            names = [pair.get("path_a"), pair.get("path_b")]
            if any(n in refs for n in names) and any(n in new_set for n in names):
                row = dict(pair)
                for side, name in zip("ab", names):
                    if name in refs:
                        row[f"path_{side}"] = refs[name]["path"]
                        row[f"batch_{side}"] = refs[name].get("batch")
                        row[f"archived_document_{side}"] = refs[name]["document_id"]
                pairs.append(row)
    return CheckResult(found, pairs, len(archived))


def _ref(ref: dict) -> dict:
    keys = ("document_id", "path", "unit", "title", "year", "batch", "batch_id", "batch_time")
    out = {k: ref.get(k) for k in keys if k in ref}
    if "path" in out:
        out["document"] = out["path"]
    if out.get("batch_time") is not None:
        out["batch_time"] = out["batch_time"].isoformat()
    return out


def _first_batches(conn, doc_ids: list[int]) -> dict[int, dict]:
    """For each document, the earliest batch that holds it (name, id, time, path there)."""
    from nlp_toolkit.archive.store import _chunks, _utc

    out: dict[int, dict] = {}
    for chunk in _chunks(doc_ids):
        rows = conn.execute(select(batch_documents.c.document_id, batch_documents.c.path, batches.c.id,
                                   batches.c.name, batches.c.created_at)
                            .join(batches, batches.c.id == batch_documents.c.batch_id)
                            .where(batch_documents.c.document_id.in_(chunk))
                            .order_by(batches.c.created_at, batches.c.id))
        for doc_id, path, batch_id, name, created in rows:
            out.setdefault(doc_id, {"batch": name, "batch_id": batch_id, "batch_time": _utc(created), "path": path})
    return out


def _other_batches(conn, doc_ids: list[int], batch_id: int) -> dict[int, list[dict]]:
    """Other batches holding each of these documents (earliest first): identical resubmissions."""
    from nlp_toolkit.archive.store import _chunks, _utc

    out: dict[int, list[dict]] = defaultdict(list)
    for chunk in _chunks(doc_ids):
        rows = conn.execute(select(batch_documents.c.document_id, batch_documents.c.path, batches.c.id,
                                   batches.c.name, batches.c.created_at, documents.c.unit, documents.c.title)
                            .join(batches, batches.c.id == batch_documents.c.batch_id)
                            .join(documents, documents.c.id == batch_documents.c.document_id)
                            .where(batch_documents.c.document_id.in_(chunk), batches.c.id != batch_id)
                            .order_by(batches.c.created_at, batches.c.id))
        for doc_id, path, other_id, name, created, unit, title in rows:
            out[doc_id].append({"document_id": doc_id, "path": path, "batch": name, "batch_id": other_id,
                                "batch_time": _utc(created), "unit": unit, "title": title})
    return out
