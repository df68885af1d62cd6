"""The report-pair table: shared characters and shares of each pair of reports with something in common."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from nlp_toolkit.batch.copying.records import Copy, ProblemGroup
from nlp_toolkit.model import Document

PAIRS_GROUP_MAX = 12  # CPY002 groups up to this size get a row per pair in the pairs table


def nonspace(text: str) -> int:
    return len(text) - sum(map(str.isspace, text))


def union_chars(text: str, spans: list[tuple[int, int]]) -> int:
    """Non-space characters of `text` inside any of `spans`."""
    covered = sorted(spans)
    total, reach = 0, 0
    for start, end in covered:
        start = max(start, reach)
        if end > start:
            total += nonspace(text[start:end])
            reach = end
    return total


def pair_shares(copies: list[Copy], by_path: dict[str, Document]) -> dict[tuple[str, str], tuple[float, float]]:
    """For each pair with copies: the share of each one's non-space characters inside the shared spans."""
    spans: dict[tuple[str, str], tuple[list, list]] = defaultdict(lambda: ([], []))
    for c in copies:
        spans[(c.path_a, c.path_b)][0].append(c.a)
        spans[(c.path_a, c.path_b)][1].append(c.b)
    out = {}
    for (pa, pb), (sa, sb) in spans.items():
        ta, tb = by_path[pa].text, by_path[pb].text
        out[(pa, pb)] = (union_chars(ta, sa) / max(1, nonspace(ta)), union_chars(tb, sb) / max(1, nonspace(tb)))
    return out


def pair_table(copies: Iterable[Copy], groups: Iterable[ProblemGroup], docs: list[Document]) -> list[dict]:
    """Report pairs with something in common: shared characters and shares.

    From the shared spans (`Copy`, the span in `path_a` and in `path_b`) and the groups of
    near-identical problem lists (`ProblemGroup`: every pair of its documents when the group has
    at most `PAIRS_GROUP_MAX` of them; the table would otherwise grow with the square of a list
    thousands of reports share).
    """
    by_path = {d.path: d for d in docs}
    spans: dict[tuple[str, str], tuple[list, list]] = defaultdict(lambda: ([], []))
    formulaic: set[tuple[str, str]] = set()
    grouped: dict[str, int] = {}  # path → its large group
    for c in copies:
        spans[(c.path_a, c.path_b)][0].append(c.a)
        spans[(c.path_a, c.path_b)][1].append(c.b)
    for number, group in enumerate(groups):
        paths = sorted(set(group.paths))
        if len(paths) <= PAIRS_GROUP_MAX:
            formulaic.update((x, y) for i, x in enumerate(paths) for y in paths[i + 1:])
        else:  # a large group is its CPY002 finding; its pairs only mark rows copies made
            grouped.update({path: number for path in paths})
    rows = []
    for key in sorted(set(spans) | formulaic):
        pa, pb = key
        da, db = by_path.get(pa), by_path.get(pb)
        if da is None or db is None:
            continue
        sa, sb = spans.get(key, ([], []))
        ca, cb = union_chars(da.text, sa), union_chars(db.text, sb)
        rows.append({
            "path_a": pa, "path_b": pb, "unit_a": da.unit, "unit_b": db.unit,
            "shared_chars": ca, "shared_chars_b": cb,
            "share_a": round(ca / max(1, nonspace(da.text)), 4),
            "share_b": round(cb / max(1, nonspace(db.text)), 4),
            "copied_passages": len(sa),
            "formulaic_problems": key in formulaic or grouped.get(pa, -1) == grouped.get(pb, -2),
        })
    return sorted(rows, key=lambda r: (-max(r["share_a"], r["share_b"]), r["path_a"], r["path_b"]))
