"""Commitments: what a unit promises to do next, with its target, deadline and owner."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import cache


from nlp_toolkit import resources
from nlp_toolkit.extract.listing import Entry, entries, headline, top_sections
from nlp_toolkit.model import Commitment, Document
from nlp_toolkit.nlp import pos_tag
from nlp_toolkit.structure.numerals import cn_to_number

_CLAUSE = re.compile(r"[^，,；;。：:！？]+")
_YEAR = re.compile(r"(20\d\d)\s*年")
_PERIOD_END = {"年底": (12, 31), "年末": (12, 31), "年内": (12, 31), "下半年": (12, 31), "年中": (6, 30),
               "上半年": (6, 30), "一季度": (3, 31), "二季度": (6, 30), "三季度": (9, 30), "四季度": (12, 31)}
_PART_DAY = {"上旬": 10, "中旬": 20, "中": 15}


@dataclass
class _Deadline:
    text: str
    date: str | None
    open: bool


@cache
def _table() -> dict:
    return resources.data("commitments.yml")


@cache
def _deadline_patterns() -> list[re.Pattern]:
    return [re.compile(p) for p in _table()["deadlines"]]


@cache
def _owner_patterns() -> list[re.Pattern]:
    return [re.compile(p) for p in _table()["owners"]]


def extract_commitments(doc: Document) -> list[Commitment]:
    """Every entry of the report's plans sections as a Commitment.

    Args:
        doc: a document whose metrics are already extracted (targets refer to them).

    Returns:
        Commitments in reading order. Deadlines are normalised to ISO dates anchored to the
        year the plans speak of (the plans heading's year, else the report's own year).
    """
    out = []
    for index in top_sections(doc, "plans"):
        year = _plans_year(doc, index)
        out.extend(_commitment(doc, entry, year) for entry in entries(doc, index))
    return out


def _plans_year(doc: Document, section: int) -> int | None:
    found = _YEAR.search(doc.sections[section].heading)
    return int(found.group(1)) if found else doc.year


def _commitment(doc: Document, entry: Entry, year: int | None) -> Commitment:
    text = doc.text[entry.start:entry.end]
    view = doc.view.slice_source(entry.start, entry.end)
    deadline = find_deadline(view, year)
    owner = find_owner(view)
    metrics = [i for i, m in enumerate(doc.metrics) if entry.start <= m.start and m.end <= entry.end]
    target = _target(doc, entry, metrics, view)
    measurable = bool(target) and deadline is not None and not deadline.open
    group_start, group_end = headline(doc, entry)
    return Commitment(entry.start, entry.end, text, action=_action(view, deadline, owner), target=target,
                      deadline=deadline.text if deadline else None, deadline_date=deadline.date if deadline else None,
                      owner=owner, measurable=measurable, vague=not (target or owner or (deadline and not deadline.open)),
                      section=entry.section, metrics=metrics, group=doc.text[group_start:group_end],
                      group_start=group_start, group_end=group_end)


def find_deadline(text: str, year: int | None) -> _Deadline | None:
    """The first deadline written in `text`, with its date where it is one."""
    matches = [m for pattern in _deadline_patterns() if (m := pattern.search(text))]
    if matches:
        found = min(matches, key=lambda m: (m.start(), -len(m.group(0))))
        return _Deadline(found.group(0).strip(), _date(found, year), False)
    words = [(text.find(w), w, False) for w in _table()["immediate_deadlines"]]
    words += [(text.find(w), w, True) for w in _table()["open_deadlines"]]
    found_words = sorted(w for w in words if w[0] >= 0)
    if found_words:
        _, word, is_open = found_words[0]
        return _Deadline(word, None, is_open)
    return None


def _date(found: re.Match, year: int | None) -> str | None:
    groups = found.groupdict()
    if groups.get("year"):
        year = int(groups["year"])
    elif groups.get("relative") and year is not None:
        year += _table()["relative_years"][groups["relative"]]
    if year is None or groups.get("within") or groups.get("event"):
        return None
    if groups.get("period"):
        period = groups["period"].removeprefix("第").removesuffix("末")
        month, day = _PERIOD_END[period]
        return f"{year:04d}-{month:02d}-{day:02d}"
    if groups.get("month"):
        month = _number(groups["month"])
        last = calendar.monthrange(year, month)[1]
        day = int(groups["day"]) if groups.get("day") else _PART_DAY.get(groups.get("part") or "", last)
        return f"{year:04d}-{month:02d}-{min(day, last):02d}"
    return f"{year:04d}-12-31"


def _number(written: str) -> int:
    return int(written) if written.isdigit() else int(cn_to_number(written))


def find_owner(text: str) -> str | None:
    """Who answers for it: 责任单位：…, 由…牵头, …牵头."""
    for pattern in _owner_patterns():
        found = pattern.search(text)
        if found:
            return found.group("owner").strip(" ：:，,（(）)")
    return None


def _target(doc: Document, entry: Entry, metrics: list[int], view: str) -> str | None:
    """The clause that names a checkable target: one with a figure, else with a deliverable."""
    if metrics:
        first = doc.metrics[metrics[0]]
        return _clause_around(doc, first.start, first.end, entry)
    for clause in _CLAUSE.findall(view):
        for verb in _table()["deliverable_verbs"]:
            at = clause.find(verb)
            if at >= 0 and len(clause) - at - len(verb) >= 2 and not _vague(clause[:at]):
                return clause.strip()
    return None


def _vague(lead: str) -> bool:
    """切实|完成…: a pledge word in front of the verb makes the clause a pledge, not a deliverable."""
    return any(word in lead for word in _table()["vague_words"])


def _clause_around(doc: Document, start: int, end: int, entry: Entry) -> str:
    while start > entry.start and doc.text[start - 1] not in "，,；;。：:":
        start -= 1
    while end < entry.end and doc.text[end] not in "，,；;。":
        end += 1
    return doc.text[start:end].strip()


def _action(view: str, deadline: _Deadline | None, owner: str | None) -> str | None:
    """The verb phrase: the first clause that does something, without its deadline and owner."""
    for clause in _CLAUSE.findall(view):
        bare = clause
        if deadline:
            bare = bare.replace(deadline.text, "")
        if owner and owner in bare:
            continue
        bare = bare.strip(" “”")
        if len(bare) >= 2 and any(flag.startswith("v") for _, flag in pos_tag(bare)):
            return bare
    return None
