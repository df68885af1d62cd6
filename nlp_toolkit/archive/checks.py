"""Checks of a new batch against everything archived: copied passages (ARC001), recurring problems (ARC002).

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

Recurring problems: a problem of a new report that an earlier report of the same unit (the
`unit` the structure parser read, spaces removed) already listed, by the Dice coefficient of
character bigrams. "Earlier" means a batch archived before the current one.

The findings are built by the rules' own files (`rules/archive/ARC001.py`, `ARC002.py`).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from nlp_toolkit.archive import fingerprints
from nlp_toolkit.archive.codec import rebuild_document
from nlp_toolkit.archive.db import chunks, utc
from nlp_toolkit.archive.queries import first_batches, other_batches, report_files
from nlp_toolkit.archive.schema import batch_documents, batches, documents, passage_bands, passages, problems
from nlp_toolkit.archive.writes import Prepared, StoredBatch
from nlp_toolkit.batch.copying import pair_table
from nlp_toolkit.model import Batch, Document, Finding
from nlp_toolkit.rules.ruleset import RuleSet

if TYPE_CHECKING:
    from nlp_toolkit.archive.store import Archive
    from nlp_toolkit.rules.archive.ARC001 import ARC001
    from nlp_toolkit.rules.archive.ARC002 import ARC002

MAX_CANDIDATES = 20  # archived reports compared in full with each new report
MAX_DOCUMENT_FREQUENCY = 200  # a band key in more archived reports than this is a set phrase
MIN_SHARED = 1  # shared band keys that make an archived report a candidate


@dataclass
class CheckResult:
    findings: list[Finding]
    pairs: list[dict[str, Any]]
    candidates: int = 0


_NOT_WORD = re.compile(r"[\W_]+")


def check_against_archive(archive: "Archive", batch: Batch, stored: StoredBatch, *,
                          prepared: list[Prepared] | None = None, rules: RuleSet | None = None) -> CheckResult:
    """The selected archive rules (`rules.archive_rules()`; all by default) over the new batch:
    an unselected rule's search never runs. The findings come at their configured severity,
    per-path ignores applied."""
    rules = rules or RuleSet()
    chosen = {rule.code: rule for rule in rules.archive_rules()}
    copies, recurring = chosen.get("ARC001"), chosen.get("ARC002")
    result = CheckResult([], [])
    if copies or recurring:
        result = _check(archive, batch, stored, prepared, copies, recurring)
    result.findings = rules.keep(result.findings)
    return result


def _check(archive: "Archive", batch: Batch, stored: StoredBatch, prepared: list[Prepared] | None,
           copies: "ARC001 | None", recurring: "ARC002 | None") -> CheckResult:
    # a report sent as several files is checked once, by its primary (its versions are stored, linked to it)
    docs = [d for d in batch.primaries() if d.path in stored.document_ids]
    own_ids = {stored.document_ids[d.path] for d in docs}
    batch_ids = set(stored.document_ids.values())  # copies inside the batch are the batch rules' business
    ready = {p.doc.path: p for p in prepared or []}
    for doc in docs:
        if doc.path not in ready:
            ready[doc.path] = archive.prepare(doc)
    found: list[Finding] = []
    pairs: list[dict] = []
    archived: dict[int, object] = {}
    with archive.read() as conn:
        earlier = other_batches(conn, list(own_ids), stored.id)
        versions = same_report(conn, batch, stored)  # a corrected resubmission is not a copy
        for doc in docs if copies else ():
            other = [o for o in earlier.get(stored.document_ids[doc.path], []) if o["batch_time"] <= stored.created_at]
            if other:
                found.append(copies.identical_finding(doc, [reference(o) for o in other]))

        wanted = sorted(set().union(*(ready[d.path].band_keys for d in docs))) if docs and copies else []
        holders: dict[int, set[int]] = defaultdict(set)
        for chunk in chunks(wanted):
            for key, doc_id in conn.execute(select(passage_bands.c.band_key, passage_bands.c.document_id)
                                            .where(passage_bands.c.band_key.in_(chunk))):
                if doc_id not in batch_ids:
                    holders[key].add(doc_id)
        chosen: set[int] = set()
        for doc in docs:
            shared = Counter(d for key in ready[doc.path].band_keys
                             if len(holders.get(key, ())) <= MAX_DOCUMENT_FREQUENCY for d in holders.get(key, ()))
            chosen.update(d for d, n in shared.most_common(MAX_CANDIDATES) if n >= MIN_SHARED)
        candidate_ids = sorted(chosen)

        first_batch = first_batches(conn, candidate_ids)
        # reports first archived after this batch (a re-run of an old batch) are not earlier reports
        candidate_ids = [i for i in candidate_ids if first_batch[i]["batch_time"] <= stored.created_at]
        for chunk in chunks(candidate_ids):
            for row in conn.execute(select(documents).where(documents.c.id.in_(chunk))).mappings():
                archived[row["id"]] = rebuild_document(row)
        key_of = {doc_id: f"archive:{doc_id}:{doc.path}" for doc_id, doc in archived.items()}
        stored_passages: dict[int, list] = defaultdict(list)
        for chunk in chunks(candidate_ids):
            for row in conn.execute(select(passages).where(passages.c.document_id.in_(chunk))
                                    .order_by(passages.c.document_id, passages.c.idx)).mappings():
                doc = archived[row["document_id"]]
                stored_passages[row["document_id"]].append(fingerprints.make_passage(
                    key_of[row["document_id"]], row["idx"], row["start"], row["end"], doc.text[row["start"]:row["end"]],
                    bytes(row["signature"]), row["nstart"], row["nend"]))
        if recurring:
            found += recurring_problems(conn, docs, stored, versions, rule=recurring)

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
        found_copies = fingerprints.detect_copies(compared, index=index, only_involving=new_set)
        by_path = {d.path: d for d in compared}
        for copy in found_copies:
            new, old = (copy.path_a, copy.path_b) if copy.path_a in new_set else (copy.path_b, copy.path_a)
            if new in new_set and old in refs and refs[old]["document_id"] not in versions[stored.document_ids[new]]:
                found.append(copies.copy_finding(copy, by_path[new], by_path[old], reference(refs[old])))
        for pair in pair_table(found_copies, [], compared):
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


def same_report(conn, batch: Batch, stored: StoredBatch) -> dict[int, set[int]]:
    """For each primary of the batch (by document id), the archived files of its report: those of
    the report it corrects and those of the files it was sent with in this batch (one of which may
    have been archived before on its own). None of them is a copy of it or a recurrence."""
    ids = stored.document_ids
    files = report_files(conn, sorted(set(ids.values())))
    out: dict[int, set[int]] = {}
    for doc in batch.primaries():
        if doc.path not in ids:
            continue
        members = [ids[doc.path]] + [ids[v] for v in doc.versions if v in ids]
        out[ids[doc.path]] = set(members).union(*(files[m] for m in members))
    return out


def reference(ref: dict) -> dict:
    """An archived report as a `Related` span names it (`path` the one name; times as ISO text)."""
    keys = ("path", "unit", "document_id", "title", "year", "batch", "batch_id", "batch_time")
    out = {k: ref.get(k) for k in keys if k in ref}
    if out.get("batch_time") is not None:
        out["batch_time"] = out["batch_time"].isoformat()
    return out



MIN_SIMILARITY = 0.5  # Dice coefficient of character bigrams, punctuation and spaces removed
_NOT_WORD = re.compile(r"[\W_]+")


def bigrams(text: str) -> set[str]:
    text = _NOT_WORD.sub("", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def similarity(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def unit_key(unit: str | None) -> str | None:
    return re.sub(r"\s+", "", unit) if unit else None


def recurring_problems(conn, docs: list[Document], stored: StoredBatch,
                       versions: dict[int, set[int]] | None = None, *, rule: "ARC002") -> list[Finding]:
    """Problems of each new report that an earlier report of the same unit already listed
    (not the earlier versions a corrected resubmission replaces: `versions`, by document id)."""
    found: list[Finding] = []
    current = conn.execute(select(batches.c.created_at).where(batches.c.id == stored.id)).scalar_one()
    own_ids = set(stored.document_ids.values())
    for doc in docs:
        if not doc.unit or not doc.problems:
            continue
        skip = own_ids | (versions or {}).get(stored.document_ids[doc.path], set())
        rows = conn.execute(
            select(problems.c.text, problems.c.start, problems.c.end, problems.c.category,
                   documents.c.id, documents.c.title, batch_documents.c.path, batches.c.name,
                   batches.c.id.label("batch_id"), batches.c.created_at)
            .join(documents, documents.c.id == problems.c.document_id)
            .join(batch_documents, batch_documents.c.document_id == documents.c.id)
            .join(batches, batches.c.id == batch_documents.c.batch_id)
            .where(documents.c.unit == doc.unit, batches.c.created_at < current,
                   documents.c.id.notin_(skip) if skip else True)
            .order_by(batches.c.created_at.desc(), problems.c.idx)).mappings().all()
        earlier = [(r, bigrams(r["text"])) for r in rows]
        for problem in doc.problems:
            mine = bigrams(problem.text)
            best = None
            for row, grams in earlier:  # most recent batch first; within it the most similar
                score = similarity(mine, grams)
                if score >= MIN_SIMILARITY and (best is None or (row["created_at"] == best[0]["created_at"]
                                                                  and score > best[1])):
                    best = (row, score)
            if best is None:
                continue
            row, score = best
            found.append(rule.recurring_finding(doc, problem, dict(row) | {"created_at": utc(row["created_at"])},
                                                score))
    return found
