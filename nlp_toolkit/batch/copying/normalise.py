"""Step 1 of copy detection: a document's text for matching.

The matching view with whitespace and punctuation-insensitive content marked, the unit's own
name, ``*县``-style anonymised names and ``***`` masked, every run of digits masked, the title
and headings left out (each run of them one `BARRIER`), mapped back to source offsets.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from nlp_toolkit import resources
from nlp_toolkit.model import Document
from nlp_toolkit.structure.chars import PUNCTUATION

UNIT = "Ⓤ"  # a masked unit name
PERSON = "Ⓟ"  # a masked person (***)
DIGITS = "#"  # a masked run of digits
BARRIER = "\x00"  # stands for a left-out title or heading
_ANON = re.compile(r"\*{3,}|\*[县市区镇乡州省村]?")
_DIGIT_RUN = re.compile(r"[0-9][0-9.,%‰]*")
_SPACE = np.zeros(0x110000, dtype=bool)  # by code point: str.isspace()
_SPACE[[c for c in range(0x3001) if chr(c).isspace()]] = True
_NOT_CONTENT = np.zeros(0x110000, dtype=bool)  # by code point: punctuation or BARRIER
_NOT_CONTENT[[ord(c) for c in PUNCTUATION + BARRIER]] = True


@dataclass
class Normalised:
    """A document's text for matching: `text[i]` came from source `src_start[i]:src_end[i]`."""

    text: str
    src_start: list[int]
    src_end: list[int]
    content: list[bool]  # not punctuation (shingles are taken over content characters only)

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        return self.src_start[start], self.src_end[end - 1]

    def from_source(self, pos: int) -> int:
        return bisect_left(self.src_start, pos)


def unit_variants(unit: str | None) -> list[str]:
    """Ways a report names its own unit: the full name, without 中共 or the place, its core."""
    if not unit:
        return []
    organs = sorted((resources.data("units.yml") or {}).get("organs", []), key=len, reverse=True)
    out = {unit}
    stem = unit.removeprefix("中共")
    out.add(stem)
    bare = re.sub(r"^\*+[县市区镇乡州省]?", "", stem)
    out.add(bare)
    for name in list(out):
        for organ in organs:
            if name.endswith(organ) and len(name) - len(organ) >= 2:
                out.add(name[: -len(organ)])
                break
    return sorted((v for v in out if len(v) >= 2 and v.strip("*")), key=len, reverse=True)


def normalise(doc: Document) -> Normalised:
    """The document's matching view with names, people and figures masked, whitespace dropped.

    Titles and headings are left out; each run of them becomes one BARRIER (after some text).
    Computed over arrays of the view's code points, not character by character.
    """
    view = doc.view
    if view is None:
        from nlp_toolkit.structure.view import build_view

        view = build_view(doc.text)
    vtext = view.text
    n = len(vtext)
    if not n:
        return Normalised("", [], [], [])
    codes = np.frombuffer(vtext.encode("utf-32-le"), dtype=np.uint32)
    offsets = np.asarray(view.offsets[:n], dtype=np.int64)
    skipped = _skipped(doc)[offsets]
    covered = np.zeros(n, dtype=bool)
    applied = [(s, e, kind) for s, e, kind in _masks(doc, vtext) if not skipped[s]]  # else dropped with the heading
    for start, end, _ in applied:
        covered[start:end] = True
    event = np.where(skipped & ~covered, 2, np.where(covered | _SPACE[codes], 0, 1))
    mask_starts = np.asarray([m[0] for m in applied], dtype=np.int64)
    event[mask_starts] = 1
    at = np.flatnonzero(event)
    kinds = event[at]
    at = at[(kinds == 1) | np.r_[False, kinds[:-1] == 1]]  # one barrier per run of left-out text, after text
    is_barrier = event[at] == 2
    out = codes[at].copy()
    out[is_barrier] = ord(BARRIER)
    starts = offsets[at]
    ends = np.where(is_barrier, starts, starts + 1)
    if applied:
        k = np.searchsorted(at, mask_starts)
        out[k] = [ord(kind) for _, _, kind in applied]
        ends[k] = offsets[[e - 1 for _, e, _ in applied]] + 1
    text = out.tobytes().decode("utf-32-le")
    return Normalised(text, starts.tolist(), ends.tolist(), (~_NOT_CONTENT[out]).tolist())


def _masks(doc: Document, vtext: str) -> list[tuple[int, int, str]]:
    """View spans replaced by one mask character: the unit's own names, anonymised names, digits."""
    masks: list[tuple[int, int, str]] = []
    taken = [False] * len(vtext)
    patterns = [(_unit_pattern(doc.unit), UNIT)] if unit_variants(doc.unit) else []
    patterns += [(_ANON, None), (_DIGIT_RUN, DIGITS)]
    for pattern, mask in patterns:
        for m in pattern.finditer(vtext):
            if m.end() == m.start() or True in taken[m.start():m.end()]:
                continue
            kind = mask or (PERSON if m.group().startswith("***") else UNIT)
            masks.append((m.start(), m.end(), kind))
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
    return masks


@lru_cache(maxsize=4096)
def _unit_pattern(unit: str) -> re.Pattern:
    return re.compile("|".join(map(re.escape, unit_variants(unit))))


def _skipped(doc: Document) -> np.ndarray:
    """Source characters left out of matching: the title and what precedes it, and headings."""
    skipped = np.zeros(len(doc.text) + 1, dtype=bool)
    if doc.title_span is not None:
        skipped[:doc.title_span.end] = True
    for h in doc.headings:
        skipped[h.start:h.end] = True
    return skipped


def problem_key(doc: Document, start: int, end: int, norm: Normalised) -> str:
    """The normalised content characters of a problem's span (what problem lists are compared by)."""
    a, b = norm.from_source(start), norm.from_source(end)
    return "".join(c for c, keep in zip(norm.text[a:b], norm.content[a:b]) if keep)
