"""Commitments: what a unit promises to do next, with its target, deadline and owner."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace


from nlp_toolkit import resources
from nlp_toolkit.extract.listing import Entry, entries, headline, item_lead, top_sections
from nlp_toolkit.explain import say
from nlp_toolkit.model import Commitment, Document, Explanation, Record, RecordField
from nlp_toolkit.nlp import pos_tag
from nlp_toolkit.structure.chars import CLAUSE_MARKS, SENTENCE_END, char_class
from nlp_toolkit.structure.numerals import cn_to_number
from nlp_toolkit.structure.records import deadline_reason, field_kind
from nlp_toolkit.structure.roles import role_of
from nlp_toolkit.structure.view import to_simplified

_CLAUSE = re.compile(char_class(CLAUSE_MARKS, negate=True) + "+")
_YEAR = re.compile(r"(20\d\d)\s*年")


@dataclass
class _Deadline:
    text: str
    date: str | None
    open: bool
    recurring: bool = False  # a cadence (每季度…一次): the frequency itself is what one checks


@resources.compiled("commitments.yml")
def _table() -> dict:
    return resources.data("commitments.yml")


@resources.compiled("commitments.yml")
def _deadline_patterns() -> list[re.Pattern]:
    return [re.compile(p) for p in _table()["deadlines"]]


@resources.compiled("commitments.yml")
def _owner_patterns() -> list[re.Pattern]:
    return [re.compile(p) for p in _table()["owners"]]


def extract_commitments(doc: Document) -> list[Commitment]:
    """Every measure of the report's plans sections as a Commitment.

    A plans item is one commitment unless it holds several measures: inline ones (一是…二是…)
    or sentences that each state their own deadline or owner. Each measure is then its own
    commitment, grouped under the item's headline; the first measure starts at the item.

    Args:
        doc: a document whose metrics are already extracted (targets refer to them).

    Returns:
        Commitments in reading order. Deadlines are normalised to ISO dates anchored to the
        year the plans speak of (the plans heading's year, else the report's own year).
    """
    out = []
    for index in top_sections(doc, "plans"):
        year = _plans_year(doc, index)
        for item, inline in _items(doc, index):
            out.extend(_measures(doc, item, inline, year))
    out.extend(_record_commitments(doc, out))
    out.extend(_account_commitments(doc, out))
    for commitment in out:  # worded once its record fields and shared closing are in
        commitment.explanation.text = _explanation_text(commitment)
    return sorted(out, key=lambda c: c.start)


def _explanation_text(commitment: Commitment) -> str:
    """Where the commitment was read and what it states (target, deadline, owner)."""
    how = commitment.explanation
    origin = "record_label" if how.pattern_name == "record_labels.yml" else how.pattern_name
    text = say(f"commitment_{origin}", label=how.pattern or "")
    parts = [say(f"commitment_{key}", value=getattr(commitment, key))
             for key in ("target", "deadline", "owner") if getattr(commitment, key)]
    if not parts:
        return text + say("commitment_none")
    return text + say("commitment_parts", parts="、".join(parts)) + (say("commitment_measurable") if commitment.measurable else "")


@resources.compiled("commitments.yml")
def _future_cues() -> list[re.Pattern]:
    return [re.compile(p) for p in _table()["future_cues"]]


def _account_commitments(doc: Document, made: list[Commitment]) -> list[Commitment]:
    """Pledges inside the account of the work done (下一步，将在2025年底前…，由…负责): from the
    clause a future cue opens to the end of its sentence, when it states a dated deadline or an owner."""
    out = []
    for sentence in doc.sentences:
        section = _deepest_section(doc, sentence.start)
        if section is None or _in_plans(doc, section) or _overlaps(sentence, made, doc.records):
            continue
        span = _future_span(doc, sentence.start, sentence.end) or _led_item_span(doc, sentence.start, sentence.end)
        if span is None:
            continue
        year = _plans_year(doc, section)
        view = doc.view.slice_source(*span)
        deadline = find_deadline(view, year)
        if find_owner(view) or (deadline is not None and not deadline.open):
            out.append(_commitment(doc, Entry(*span, "", section, "", "future_cue"), year, span, (None, None)))
    return out


def _deepest_section(doc: Document, pos: int) -> int | None:
    inside = [i for i, s in enumerate(doc.sections) if s.start <= pos < s.end]
    return inside[-1] if inside else None


def _in_plans(doc: Document, section: int | None) -> bool:
    while section is not None:
        if doc.sections[section].role == "plans":
            return True
        section = doc.sections[section].parent
    return False


def _overlaps(span, made: list[Commitment], records) -> bool:
    return any(c.start < span.end and span.start < c.end for c in [*made, *records])


def _led_item_span(doc: Document, start: int, end: int) -> tuple[int, int] | None:
    """An item of a list a plans lead-in opens outside the plans sections (存在问题及下步打算 …
    下步打算：一是…；二是…): the item, from its marker on."""
    lead = item_lead(doc, start)
    if not lead or role_of(lead.rstrip("：:"))[0] != "plans":
        return None
    item = next((it for it in doc.items if it.kind == "inline" and start <= it.marker_start < end), None)
    if item is None:
        return None
    span = _strip(doc.text, item.start, end)
    while span[1] > span[0] and doc.text[span[1] - 1] in "。；;！!":
        span = (span[0], span[1] - 1)
    return span if span[1] - span[0] >= 8 else None


def _future_span(doc: Document, start: int, end: int) -> tuple[int, int] | None:
    """From the first clause a future cue opens (下一步… 今后… 剩余…列入计划) to the sentence end."""
    for clause in _CLAUSE.finditer(doc.text, start, end):
        view = doc.view.slice_source(clause.start(), clause.end()).strip()
        if any(pattern.search(view) for pattern in _future_cues()):
            span = _strip(doc.text, clause.start(), end)
            while span[1] > span[0] and doc.text[span[1] - 1] in "。；;！!":
                span = (span[0], span[1] - 1)
            return span if span[1] - span[0] >= 8 else None
    return None


def _record_commitments(doc: Document, made: list[Commitment]) -> list[Commitment]:
    """One commitment per measure field of a record (整改措施：…), its owner, deadline and status
    those of the record's fields. A plans commitment over the same span is not repeated: it takes
    the record's fields instead, since the record states them for all its measures; one that is
    the whole row (a ledger in a plans section) gives way to the row's measures."""
    out = []
    for record in doc.records:
        whole_rows = [c for c in made if _holds_other_fields(c, record)]
        for commitment in whole_rows:  # a ledger row read as one plans entry: its measures stand for it
            made.remove(commitment)
        for measure in (f for f in record.fields if f.kind == "measure" and f.end > f.start):
            same = [c for c in made if c.start < measure.end and measure.start < c.end]
            if same:
                for commitment in same:
                    _take_record_fields(doc, commitment, record)
            else:
                out += [_record_commitment(doc, record, measure, part) for part in _measure_parts(doc, record, measure)]
    return out


_PART_MARKER = re.compile(r"(?:(?<=[：:；;。])|^)\s*[（(]?[0-9０-９]{1,2}[)）.．、]", re.M)


def _measure_parts(doc: Document, record: Record, measure: RecordField) -> list[tuple[int, int]]:
    """A measure field's own measures when it numbers them: the in-paragraph items inside it
    (一是…二是…), else the parts each opened by a number ((1)…；(2)…). The whole field otherwise."""
    section = doc.sections[record.section] if record.section is not None else None
    items = [(i.start, i.end) for i in (section.items if section else ())
             if i.kind == "inline" and measure.start <= i.start and i.end <= measure.end]
    if len(items) < 2:
        markers = list(_PART_MARKER.finditer(doc.text, measure.start, measure.end))
        ends = [m.start() for m in markers[1:]] + [measure.end]
        items = [(m.end(), end) for m, end in zip(markers, ends)]
    parts = [_strip(doc.text, start, end) for start, end in items]
    parts = [(start, start + len(doc.text[start:end].rstrip("；;。，, "))) for start, end in parts]
    parts = [(start, end) for start, end in parts if start < end]
    return parts if len(parts) >= 2 else [(measure.start, measure.end)]


def _holds_other_fields(commitment: Commitment, record: Record) -> bool:
    """A commitment that runs over a measure and the row's other fields (problem, owner, deadline)."""
    inside = [f for f in record.fields if commitment.start <= f.start and f.end <= commitment.end]
    return any(f.kind == "measure" for f in inside) and any(f.kind not in ("measure", "other") for f in inside)


def _record_year(doc: Document, record: Record) -> int | None:
    return _plans_year(doc, record.section) if record.section is not None else doc.year


def _record_deadline(doc: Document, record: Record) -> _Deadline | None:
    field = record.first("deadline")
    if field is None or not field.text.strip():
        return None
    view = doc.view.slice_source(field.start, field.end)
    found = find_deadline(view, _record_year(doc, record)) or _field_date(view)
    if found is None:
        return _Deadline(field.text.strip(), None, True)
    return _Deadline(field.text.strip(), found.date, found.open)


def _field_date(value: str) -> _Deadline | None:
    """A deadline field holding a bare date (2025年3月31日, 2025-03-31, 2025年3月): that date."""
    for pattern in _table()["field_dates"]:
        found = re.match(pattern, value.strip())
        if found:
            return _Deadline(found.group(0).strip(), _date(found, None), False)
    return None


def _field_text(record: Record, kind: str) -> str | None:
    field = record.first(kind)
    return field.text.strip() or None if field else None


def _owner_text(record: Record) -> str | None:
    """The record's owner: a unit field (责任部门) before a person's (责任领导) when it has both."""
    people = resources.data("record_labels.yml")["owner_people"]
    owners = [f for f in record.fields if f.kind == "owner" and f.text.strip()]
    units = [f for f in owners if to_simplified(f.label.strip()) not in people]
    field = (units or owners or [None])[0]
    return field.text.strip() if field else None


def _take_record_fields(doc: Document, commitment: Commitment, record: Record) -> None:
    owner = _owner_text(record)
    deadline = _record_deadline(doc, record)
    if owner:
        commitment.owner = owner
    if deadline:
        commitment.deadline, commitment.deadline_date = deadline.text, deadline.date
    commitment.status = _field_text(record, "status") or commitment.status
    if deadline is None and commitment.deadline:
        deadline = find_deadline(commitment.deadline, None)
    _settle(commitment, deadline)


def _settle(commitment: Commitment, deadline: _Deadline | None) -> None:
    """measurable / vague from the commitment's target, owner and deadline. A record's measure
    (a ledger row, 整改措施：…) with a checkable deadline is measurable when it names an action
    that is not only a pledge: the ledger's own fields make it checkable."""
    dated = deadline is not None and not deadline.open and _checkable(deadline.text)
    concrete = bool(commitment.action) and not _pledge_only(commitment.text)
    commitment.measurable = bool(commitment.target or concrete) and dated
    commitment.vague = not (commitment.target or commitment.owner or dated)


def _checkable(deadline: str) -> bool:
    """A deadline field's value one can check against (not 另行通知, which has no date or term)."""
    return not deadline_reason(deadline)


def _pledge_only(text: str) -> bool:
    """Every clause opens with a pledge word (进一步加强…，不断提升…)."""
    clauses = [c.strip() for c in _CLAUSE.findall(to_simplified(text)) if c.strip()]
    words = _table()["vague_words"]
    return bool(clauses) and all(any(c.startswith(w) for w in words) for c in clauses)


def _record_commitment(doc: Document, record: Record, measure: RecordField,
                       part: tuple[int, int]) -> Commitment:
    """One measure of a record: `part` of its measure field (the whole field, or one of the
    measures it numbers). A part that states a deadline of its own (6月底前, 每季度) keeps it; the
    record's deadline and owner hold for the rest."""
    start, end = part
    view = doc.view.slice_source(start, end)
    own = find_deadline(view, _record_year(doc, record)) if part != (measure.start, measure.end) else None
    deadline = replace(own, text=_as_written(doc, [part], own.text) or own.text) if own else _record_deadline(doc, record)
    owner = _owner_text(record)
    span = Entry(start, end, "", record.section if record.section is not None else 0, "")
    metrics = [i for i, m in enumerate(doc.metrics) if start <= m.start and m.end <= end]
    group = record.first("problem") or measure
    commitment = Commitment(start, end, doc.text[start:end],
                            action=_action(view, None, None), target=_target(doc, span, metrics, view),
                            deadline=deadline.text if deadline else None,
                            deadline_date=deadline.date if deadline else None, owner=owner,
                            section=record.section, metrics=metrics, group=group.text,
                            group_start=group.start, group_end=group.end, status=_field_text(record, "status"),
                            explanation=Explanation("commitments", "", pattern_name="record_labels.yml", pattern=measure.label))
    _settle(commitment, deadline)
    return commitment


def _items(doc: Document, section: int) -> list[tuple[Entry, list[Entry]]]:
    """The section's entries grouped by item: (the item, its inline measures or [])."""
    groups: list[tuple[Entry, list[Entry]]] = []
    for entry in entries(doc, section):
        parent = _inline_parent(doc, entry)
        if parent is None:
            groups.append((entry, []))
        elif groups and groups[-1][1] and groups[-1][0].start == parent.start:
            groups[-1][1].append(entry)
        else:
            groups.append((parent, [entry]))
    return groups


def _inline_parent(doc: Document, entry: Entry) -> Entry | None:
    """The headed item an inline entry (一是…) sits in, as an entry, or None."""
    section = doc.sections[entry.section]
    inline = any(i.kind == "inline" and i.start == entry.start for i in section.items)
    if not inline or section.parent is None:
        return None
    for item in doc.sections[section.parent].items:
        if item.marker_start == section.heading_start:
            return Entry(item.start, item.end, item.marker, entry.section, "")
    return None


def _measures(doc: Document, item: Entry, inline: list[Entry], year: int | None) -> list[Commitment]:
    """The item's measures as commitments; what its headline states holds for all of them."""
    group = headline(doc, item)
    if inline:
        spans = [(item.start, inline[0].end)] + [(e.start, e.end) for e in inline[1:]]
    elif any(r.start < item.end and item.start < r.end for r in doc.records):
        spans = [(item.start, item.end)]  # a record's fields hold for the whole of it
    else:
        spans = _sentence_measures(doc, item, group[1], year)
    heading = doc.view.slice_source(*group)
    shared = (find_deadline(heading, year), find_owner(heading))
    made = [_commitment(doc, Entry(start, end, item.marker, item.section, item.context, "plans_item"), year, group, shared)
            for start, end in spans]
    if len(made) > 1:
        _share_closing(doc, made, year)
    return made


def _share_closing(doc: Document, made: list[Commitment], year: int | None) -> None:
    """A closing sentence of the last measure that states an owner or a deadline for all of them
    (以上由执行局负责 / 责任单位：镇党政办) gives it to every measure that states none itself."""
    last = made[-1]
    sentences = [m for m in _SENTENCE.finditer(doc.text, last.start, last.end)][1:]
    cues = [re.compile(p) for p in _table()["closing_for_all"]]
    for found in sentences:
        start, end = _strip(doc.text, found.start(), found.end())
        view = doc.view.slice_source(start, end)
        if not any(cue.search(view) for cue in cues):
            continue
        owner, deadline = find_owner(view), find_deadline(view, year)
        for commitment in made:
            if owner and not commitment.owner:
                commitment.owner = _as_written(doc, [(start, end)], owner)
            if deadline and not commitment.deadline:
                commitment.deadline = _as_written(doc, [(start, end)], deadline.text)
                commitment.deadline_date = deadline.date
            commitment.vague = commitment.vague and not (owner or (deadline and not deadline.open))
        return


_SENTENCE = re.compile(char_class(SENTENCE_END, negate=True) + "+")


def _sentence_measures(doc: Document, item: Entry, body: int, year: int | None) -> list[tuple[int, int]]:
    """The item split at 。； into measures: a sentence with its own action and a dated deadline or
    an owner opens a new measure once the current one has its own; others join the current one."""
    spans: list[list[int]] = [[item.start, body]]
    anchored = False
    for found in _SENTENCE.finditer(doc.text, body, item.end):
        start, end = _strip(doc.text, found.start(), found.end())
        if start >= end:
            continue
        view = doc.view.slice_source(start, end)
        deadline, owner = find_deadline(view, year), find_owner(view)
        anchor = bool(owner) or (deadline is not None and not deadline.open)
        if anchor and anchored and _action(_without_owner(view, deadline), None, None):
            spans.append([start, end])
        else:
            spans[-1][1] = end
        anchored = anchored or anchor
    return [(start, end) for start, end in spans]


def _without_owner(view: str, deadline: _Deadline | None) -> str:
    """The sentence without its deadline and its whole owner phrase (由…牵头, 牵头领导：…)."""
    for pattern in _owner_patterns():
        found = pattern.search(view)
        if found:
            view = view[:found.start()] + "，" + view[found.end():]
            break
    view = _LABEL.sub(lambda m: "，" if field_kind(m.group(1)) else m.group(0), view)  # 完成时限：
    return view.replace(deadline.text, "，") if deadline else view


_LABEL = re.compile(r"([\u4e00-\u9fff]{2,6})\s*[:：]")


def _labelled_deadline(view: str, year: int | None) -> _Deadline | None:
    """A deadline the item states under a field label (（责任单位：物业科；完成时限：2025年12月底前）):
    it wins over a term written in the measure's prose (年内实现…)."""
    for found in _LABEL.finditer(view):
        if field_kind(found.group(1)) != "deadline":
            continue
        value = re.match(r"[^；;。，,）)\n]*", view[found.end():]).group(0).strip()
        return (find_deadline(value, year) or _field_date(value)) if value else None
    return None


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n\u3000，,":
        start += 1
    while end > start and text[end - 1] in " \t\n\u3000，,":
        end -= 1
    return start, end


def _plans_year(doc: Document, section: int) -> int | None:
    found = _YEAR.search(doc.sections[section].heading)
    return int(found.group(1)) if found else doc.year


def _commitment(doc: Document, entry: Entry, year: int | None, group: tuple[int, int],
                shared: tuple[_Deadline | None, str | None]) -> Commitment:
    text = doc.text[entry.start:entry.end]
    view = doc.view.slice_source(entry.start, entry.end)
    deadline = _labelled_deadline(view, year) or find_deadline(view, year) or shared[0]
    owner = find_owner(view) or shared[1]
    metrics = [i for i, m in enumerate(doc.metrics) if entry.start <= m.start and m.end <= entry.end]
    target = _target(doc, entry, metrics, view)
    measurable = bool(target or (deadline and deadline.recurring)) and deadline is not None and not deadline.open
    group_start, group_end = group
    spans = [(entry.start, entry.end), group]
    return Commitment(entry.start, entry.end, text, action=_as_written(doc, spans, _action(view, deadline, owner)),
                      target=_as_written(doc, spans, target),
                      deadline=_as_written(doc, spans, deadline.text) if deadline else None, deadline_date=deadline.date if deadline else None,
                      owner=_as_written(doc, spans, owner), measurable=measurable, vague=not (target or owner or (deadline and not deadline.open)),
                      section=entry.section, metrics=metrics, group=doc.text[group_start:group_end],
                      group_start=group_start, group_end=group_end,
                      explanation=Explanation("commitments", "", pattern_name=entry.origin, pattern=entry.marker or None))


def _as_written(doc: Document, spans: list[tuple[int, int]], value: str | None) -> str | None:
    """`value`, read on the matching view, as the report writes it (年內 for 年内)."""
    if not value:
        return value
    for start, end in spans:
        at = doc.view.from_source(start)
        found = doc.view.text.find(value, at, doc.view.from_source(end))
        if found >= 0:
            source_start, source_end = doc.view.to_source(found, found + len(value))
            return doc.text[source_start:source_end]
    return value


def find_deadline(text: str, year: int | None) -> _Deadline | None:
    """The first deadline written in `text`, with its date where it is one; a cadence (每季度…)
    only when no other deadline is written."""
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
    cadences = [m for pattern in _table()["recurring_deadlines"] if (m := re.search(pattern, text))]
    if cadences:
        return _Deadline(min(cadences, key=lambda m: m.start()).group(0), None, False, recurring=True)
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
        month, day = _table()["period_ends"][period]
        return f"{year:04d}-{month:02d}-{day:02d}"
    if groups.get("month"):
        month = _number(groups["month"])
        last = calendar.monthrange(year, month)[1]
        day = int(groups["day"]) if groups.get("day") else _table()["part_days"].get(groups.get("part") or "", last)
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
            made = len(clause) - at - len(verb) >= 2 or (verb in _table()["result_verbs"] and len(clause) > len(verb))
            if at >= 0 and made and not _vague(clause[:at]):
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
