"""Near-identical problem lists across reports: `ProblemGroup` records (CPY002 turns them into findings)."""
from __future__ import annotations

import zlib
from array import array
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from nlp_toolkit.batch import lsh
from nlp_toolkit.batch.copying.fingerprint import fingerprint
from nlp_toolkit.batch.copying.records import ProblemGroup
from nlp_toolkit.model import Document

PROBLEM_SIMILARITY = 0.8  # SequenceMatcher ratio for two problems to count as the same
PROBLEM_LSH_THRESHOLD = 0.5  # estimated Jaccard of their bigrams for two problems to be compared
PROBLEM_MIN_MATCHED = 3
PROBLEM_MIN_SHARE = 0.75  # of the shorter list
PROBLEM_MIN_CHARS = 8  # shorter problems (a bare heading) are not compared


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


@dataclass
class ProblemMatch:
    path_a: str
    path_b: str
    matched: list[tuple[int, int]]  # (problem index in a, in b)
    share: float  # matched / the shorter list


def match_problem_lists(docs: list[Document]) -> list[ProblemMatch]:
    """Pairs of documents whose problem lists are near-identical (LSH over problem bigrams).

    Documents whose normalised lists are identical form one class: each member is matched to
    the first on every problem, and only one member per class is compared with the others, so a
    list repeated in thousands of reports costs as much as one.
    """
    keys = {}  # one key per problem: no problem list is read here
    for doc in docs:  # a spilled document's fingerprint is read from the store: keep only its keys
        problem_keys = fingerprint(doc).problem_keys
        if len(problem_keys) >= PROBLEM_MIN_MATCHED:
            keys[doc.path] = problem_keys
    classes: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for path, texts in keys.items():
        classes[tuple(texts)].append(path)
    out = []
    for texts, members in classes.items():
        same = [(i, i) for i, t in enumerate(texts) if len(t) >= PROBLEM_MIN_CHARS]
        out += [m for other in members[1:] if (m := _list_match(members[0], other, same, len(texts)))]
    firsts = [members[0] for members in classes.values()]
    for (pa, pb), matches in sorted(_similar_problems(firsts, keys).items()):
        used_a, used_b, chosen = set(), set(), []
        for i, j in sorted(matches):
            if i not in used_a and j not in used_b:
                used_a.add(i), used_b.add(j), chosen.append((i, j))
        if m := _list_match(pa, pb, chosen, min(len(keys[pa]), len(keys[pb]))):
            out.append(m)
    return sorted(out, key=lambda m: (m.path_a, m.path_b))


def _list_match(pa: str, pb: str, chosen: list[tuple[int, int]], shorter: int) -> ProblemMatch | None:
    if len(chosen) >= PROBLEM_MIN_MATCHED and len(chosen) / shorter >= PROBLEM_MIN_SHARE:
        return ProblemMatch(pa, pb, chosen, len(chosen) / shorter)
    return None


def _similar_problems(paths: list[str], keys: dict[str, list[str]]) -> dict[tuple[str, str], set[tuple[int, int]]]:
    """(i, j) problems of two documents (path order) whose texts are alike, by LSH then SequenceMatcher."""
    items = [(k, i) for k, path in enumerate(paths) for i, t in enumerate(keys[path]) if len(t) >= PROBLEM_MIN_CHARS]
    if not items:
        return {}
    sigs = _text_signatures([keys[paths[k]][i] for k, i in items])
    band = lsh.band_keys(sigs, PROBLEM_LSH_THRESHOLD)
    rows = np.repeat(np.arange(len(items)), band.shape[1])
    owners = np.asarray([k for k, _ in items], dtype=np.int64)
    candidates, _ = lsh.bucket_pairs(band.ravel(), rows, owners[rows], max_bucket=None)
    pairs: dict[tuple[str, str], set[tuple[int, int]]] = defaultdict(set)
    for x, y in candidates.tolist():
        (ka, i), (kb, j) = items[x], items[y]
        (pa, i), (pb, j) = sorted(((paths[ka], i), (paths[kb], j)))
        if SequenceMatcher(None, keys[pa][i], keys[pb][j], autojunk=False).ratio() >= PROBLEM_SIMILARITY:
            pairs[(pa, pb)].add((i, j))
    return pairs


def _text_signatures(texts: list[str]) -> np.ndarray:
    """MinHash signature of each text's character bigrams, all computed at once (the bigrams'
    hashes kept as 4-byte values, not the batch's bigrams as strings)."""
    hashes, ranges = array("I"), []
    for text in texts:
        start = len(hashes)
        hashes.extend(zlib.crc32(g.encode("utf-8")) for g in sorted(_bigrams(text)))
        ranges.append((start, len(hashes)))
    return lsh.signatures(np.frombuffer(hashes, dtype=np.uint32), ranges)


def problem_groups(docs: list[Document]) -> list[ProblemGroup]:
    """Groups of documents linked by near-identical problem lists, with each one's matched problems."""
    matches = match_problem_lists(docs)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = x = parent[parent[x]]  # path halving
        return x

    matched: dict[str, set[int]] = defaultdict(set)
    for m in matches:
        parent[find(m.path_a)] = find(m.path_b)
        for i, j in m.matched:
            matched[m.path_a].add(i)
            matched[m.path_b].add(j)
    groups: dict[str, list[str]] = defaultdict(list)
    for path in matched:
        groups[find(path)].append(path)
    return [ProblemGroup(sorted(paths), {p: matched[p] for p in paths})
            for paths in sorted(groups.values(), key=lambda g: sorted(g)[0])]
