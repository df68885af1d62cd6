"""Metrics: every reported quantity as data (value, unit, subject, qualifier, parent)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from nlp_toolkit import resources
from nlp_toolkit.extract.numbers import NumberMatch, find_figures
from nlp_toolkit.extract.subjects import only_linking_words, strip_tail, subject_after, subject_before
from nlp_toolkit.explain import say
from nlp_toolkit.model import Document, Explanation, Metric
from nlp_toolkit.structure.chars import CELL_BREAK, CLAUSE_BREAK

FIGURE_CLAUSE_BREAK = CLAUSE_BREAK + CELL_BREAK  # a table cell ends a figure's clause as a comma does
MAX_CLAUSE_CHARS = 200  # a clause is read at most this far either side of a figure (an unpunctuated line is no clause)


@dataclass
class _Placed:
    figure: NumberMatch
    sentence: int
    metric: Metric
    delta: bool = False  # the figure states a change (较年初净增517户, 同比增长12%)


def extract_metrics(doc: Document) -> list[Metric]:
    """Every figure in the document as a Metric, in reading order.

    Args:
        doc: a parsed document (its matching view and sentences are used).

    Returns:
        Metrics whose `start`/`end` cover the figure as written (qualifiers included),
        with `whole` linking a part (其中…) to the metric it is part of.
    """
    view = doc.view
    placed: list[_Placed] = []
    for figure in find_figures(view.text):
        start, end = view.to_source(figure.vstart, figure.vend)
        sentence = doc.sentence_at(start)
        if sentence is None:
            continue
        metric = Metric(start, end, doc.text[start:end], figure.value, figure.unit,
                        qualifier=_as_written(doc, figure.qualifier_span, figure.qualifier), value_max=figure.value_max, bound=figure.bound,
                        precision=figure.precision, sentence=sentence, section=doc.section_at(start),
                        problem=figure.problem)
        placed.append(_Placed(figure, sentence, metric))
    for group in _by_sentence(placed):
        _read_subjects(doc, group)
        _respective_rates(doc, group)
        for p in group:
            p.metric.subject = _subject_as_written(doc, p, p.metric.subject)
    _link_parts(doc, placed)
    _link_status_parts(doc, placed)
    for p in placed:
        p.metric.explanation = _explanation(p)
    return [p.metric for p in placed]


def _explanation(p: _Placed) -> Explanation:
    """Why the figure reads as it does: the unit entry that matched, how its subject was found."""
    m = p.metric
    value = _shown(m.value) + (f"–{_shown(m.value_max)}" if m.value_max is not None else "")
    if m.value is None:
        text = say("metric_unread", surface=m.surface, problem=m.problem or "")
    elif m.subject:
        text = say("metric", surface=m.surface, value=value, unit=m.unit, subject=m.subject, how=m.reason)
    else:
        text = say("metric_no_subject", surface=m.surface, value=value, unit=m.unit)
    return Explanation("metrics", text, pattern_name="units.yml", pattern=p.figure.unit_written or None,
                       score=m.score)


def _shown(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.6g}"


def _as_written(doc: Document, vspan: tuple[int, int] | None, fallback: str | None) -> str | None:
    """The source characters under a view span (餘 in a Traditional report, not 余)."""
    if vspan is None:
        return fallback
    start, end = doc.view.to_source(*vspan)
    return "".join(doc.text[start:end].split()) or fallback


def _subject_as_written(doc: Document, p: _Placed, subject: str | None) -> str | None:
    """The subject in the report's own characters, when it is a stretch of its sentence."""
    if not subject:
        return subject
    sentence = doc.sentences[p.sentence]
    v_start, v_end = doc.view.from_source(sentence.start), doc.view.from_source(sentence.end)
    at = doc.view.text.rfind(subject, v_start, p.figure.vstart) if subject else -1
    if at < 0:
        at = doc.view.text.find(subject, p.figure.vend, v_end)
    if at < 0:
        return subject
    return _as_written(doc, (at, at + len(subject)), subject)


def _by_sentence(placed: list[_Placed]) -> list[list[_Placed]]:
    groups: dict[int, list[_Placed]] = {}
    for p in placed:
        groups.setdefault(p.sentence, []).append(p)
    return list(groups.values())


def _read_subjects(doc: Document, group: list[_Placed]) -> None:
    """Subject of each figure, read from its clause only (tagging only sentences with figures)."""
    text = doc.view.text
    sentence = doc.sentences[group[0].sentence]
    s_start, s_end = doc.view.from_source(sentence.start), doc.view.from_source(sentence.end)
    for k, p in enumerate(group):
        lo = max(_clause_start(text, s_start, p.figure.vstart), group[k - 1].figure.vend if k else s_start)
        hi = min(_clause_end(text, p.figure.vend, s_end), group[k + 1].figure.vstart if k + 1 < len(group) else s_end)
        left = text[lo:p.figure.vstart]
        p.delta = bool(_delta_words().search(text[_clause_start(text, s_start, p.figure.vstart):p.figure.vstart]))
        event = p.metric.unit in _table_words("event_units") and left.endswith(tuple(_table_words("verb_prefixes")))
        after = subject_after(text[p.figure.vend:hi], event=event) if hi > p.figure.vend else None
        if p.metric.unit in _table_words("lasting_units") and subject_before(left):
            after = None  # 资金闲置|两年多的情况: a length of time speaks of what lasted
        before = None if after or only_linking_words(left) else subject_before(left)
        predicate = None if after else remainder_predicate(left, text[p.figure.vend:hi])
        if predicate:  # 剩余|2个|正在推进, 其中|2篇|被县委办采用: the part is named by what is said of it
            p.metric.subject, p.metric.reason = predicate, "数字后的描述"
        elif after or before:
            p.metric.subject = after or before
            p.metric.reason = "量词后的名词短语" if after else "数字前的名词短语"
        else:
            in_parts = _after_part_marker(text, s_start, p.figure.vstart)
            p.metric.subject, p.metric.reason = _fallback_subject(group[:k], p, left, in_parts)
        if p.metric.subject in _measure_heads():
            named = [e for e in group[:k] if e.metric.subject and e.metric.subject not in _measure_heads()]
            if named:  # 城市道路12条、总长|28.6公里
                p.metric.subject, p.metric.reason = named[-1].metric.subject, "沿用前一数字的计量对象"
        p.metric.score = 0.9 if p.metric.subject else 0.5


def _respective_rates(doc: Document, group: list[_Placed]) -> None:
    """客运量1460万人次、货运量5280万吨，分别增长3.2%和6.8%: the rates after 分别 speak, in order,
    of the figures before it, when they name nothing of their own."""
    text = doc.view.text
    for k, p in enumerate(group):
        if p.metric.unit not in _RATE_UNITS or p.metric.reason != "沿用前一数字的计量对象":
            continue
        marker = text.rfind("分别", group[k - 1].figure.vend if k else 0, p.figure.vstart)
        if marker < 0 or (k and group[k - 1].figure.vend > marker):
            continue
        rates = [q for q in group[k:] if q.metric.unit in _RATE_UNITS and q.metric.reason == "沿用前一数字的计量对象"]
        named = [q for q in group[:k] if q.metric.unit not in _RATE_UNITS and q.metric.subject]
        if len(rates) >= 2 and len(named) >= len(rates):
            for rate, figure in zip(rates, named[-len(rates):]):
                rate.metric.subject = figure.metric.subject
        return  # one 分别 list of rates a sentence


def remainder_predicate(left: str, right: str) -> str | None:
    """What is said of a part that only a marker introduces (其中2篇|被县委办采用, 仍有5个|转化不够彻底);
    a remainder (剩余, 其余) is named by its status when one follows (剩余2个|正在推进)."""
    lead = left.strip("、，,；; ")
    predicate = right.strip()
    naming = lead in _table_words("remainder_markers")  # 剩余8处|落实度汛措施: 剩余 names the rest
    if not (lead in _table_words("part_leads") or naming and predicate.startswith(tuple(_table_words("status_leads")))):
        return None
    for tail in _table_words("predicate_tails"):
        predicate = predicate.removesuffix(tail)
    if predicate[:1] in ("为", "是"):  # 其中13名|为女党员
        predicate = subject_after(predicate[1:]) or predicate[1:]
    return predicate if 2 <= len(predicate) <= 10 else None


@resources.compiled("measures.yml")
def _table_words(key: str) -> frozenset[str]:
    return frozenset(resources.data("measures.yml")[key])




@resources.compiled("measures.yml")
def _measure_heads() -> frozenset[str]:
    return frozenset(resources.data("measures.yml")["measure_heads"])


def _fallback_subject(earlier: list[_Placed], p: _Placed, left: str, in_parts: bool) -> tuple[str | None, str]:
    """No phrase of its own: a rate or a bare figure speaks of the figure before it (同比增长6.8%),
    a part names itself by its status (其中已完成|11项)."""
    named = [e for e in earlier if e.metric.subject]
    if named and not left.strip("、，,和及与 "):
        return named[-1].metric.subject, "沿用前一数字的计量对象"  # 主干道3条、|9.4公里
    same_unit = [e for e in named if same_kind(e.metric.unit, p.metric.unit)]
    status = strip_tail(left).lstrip("、，,；; ")
    for marker in ("其中", "包括"):
        status = status.removeprefix(marker)
    status = status.strip("、，,；; ")
    if in_parts and 2 <= len(status) <= 10:
        return status, "数字前的描述"
    if same_unit or (only_linking_words(left) and named):
        return (same_unit or named)[-1].metric.subject, "沿用前一数字的计量对象"
    if 2 <= len(status) <= 10:
        return status, "数字前的描述"
    return None, "未找到计量对象"


@resources.compiled("measures.yml")
def _delta_words() -> re.Pattern:
    return re.compile("|".join(resources.data("measures.yml")["delta_words"]))


def _after_part_marker(text: str, s_start: int, vpos: int) -> bool:
    return any(pattern.search(text, s_start, vpos) for pattern, _ in _part_markers())


def same_kind(a: str | None, b: str | None) -> bool:
    """Units that count the same thing (人 and 名 both count people)."""
    return a == b or any(a in group and b in group for group in _unit_classes())


@resources.compiled("measures.yml")
def _unit_classes() -> list[set[str]]:
    return [set(group) for group in resources.data("measures.yml")["unit_classes"]]


def _clause_start(text: str, floor: int, pos: int) -> int:
    """Start of the clause before a figure; a list (甲、乙和丙12个) stays whole."""
    i = pos
    floor = max(floor, pos - MAX_CLAUSE_CHARS)
    while i > floor and (text[i - 1] not in FIGURE_CLAUSE_BREAK or text[i - 1] == "、"):
        i -= 1
    return i


def _clause_end(text: str, pos: int, ceiling: int) -> int:
    i = pos
    ceiling = min(ceiling, pos + MAX_CLAUSE_CHARS)
    while i < ceiling and text[i] not in FIGURE_CLAUSE_BREAK:
        i += 1
    return i


@resources.compiled("measures.yml")
def _part_markers() -> list[tuple[re.Pattern, str]]:
    table = resources.data("measures.yml")["part_markers"]
    return [(re.compile("|".join(words)), kind) for kind, words in table.items()]


def _link_parts(doc: Document, placed: list[_Placed]) -> None:
    """Figures after 其中/包括/分别为 are parts of the last figure before the marker in the same unit."""
    view = doc.view
    index_of = {id(p): i for i, p in enumerate(placed)}
    for sent_index in sorted({p.sentence for p in placed}):
        sentence = doc.sentences[sent_index]
        s_start, s_end = view.from_source(sentence.start), view.from_source(sentence.end)
        for pattern, kind in _part_markers():
            for marker in pattern.finditer(view.text, s_start, s_end):
                list_end = _list_end(view.text, placed, sent_index, marker.end(), s_end)
                parts = [p for p in placed if p.sentence == sent_index and marker.end() <= p.figure.vstart < list_end
                         and p.metric.whole is None and p.metric.unit not in _RATE_UNITS]
                for part in parts + _later_parts(doc, placed, parts, index_of):
                    whole = _whole_before(placed, marker.start(), sent_index, part.metric.unit,
                                          look_back=kind == "partial")
                    if whole is not None:
                        part.metric.whole = index_of[id(whole)]
                        part.metric.parent = whole.metric.subject
                        part.metric.part_kind = kind


def _names_a_stage(lead: str) -> bool:
    """Whether a figure's lead names a stage of work (已…, 正在…, 尚未…: status_words)."""
    return status_of(lead) is not None or any(word in lead for word in _table_words("status_words"))


def _later_parts(doc: Document, placed: list[_Placed], parts: list[_Placed], index_of: dict) -> list[_Placed]:
    """Figures later in the sentence of a breakdown that go on with it: 19个…中，已整顿转化14个，
    仍有5个…; 问题9个，其中已整改完成8个，需长期推进的1个… (led by a status or a remainder word)."""
    if not parts or not _names_a_stage(_lead(doc, parts[0], 0)):
        return []  # only a breakdown by status goes on (安全生产类67个… then 已完成整改93个 does not)
    k = index_of[id(parts[-1])]
    later = []
    for j in range(k + 1, len(placed)):
        p = placed[j]
        if p.sentence != parts[-1].sentence:
            break
        lead = _lead(doc, p, placed[j - 1].figure.vend).strip("、，,；; ")
        if not same_kind(p.metric.unit, parts[0].metric.unit) or p.metric.whole is not None:
            break
        if not (_names_a_stage(lead) or lead.startswith(tuple(_table_words("part_leads") | _table_words("remainder_markers")))):
            break
        later.append(p)
    return later


_RATE_UNITS = ("%", "百分点", "‰")


def _list_end(text: str, placed: list[_Placed], sent_index: int, after: int, s_end: int) -> int:
    """Where the enumeration after 其中 ends: the first ，；。 after its first figure."""
    first = next((p for p in placed if p.sentence == sent_index and p.figure.vstart >= after), None)
    if first is None:
        return after
    i = first.figure.vend
    while i < s_end and text[i] not in "，,；;。":
        i += 1
    return i


def _whole_before(placed: list[_Placed], vpos: int, sent_index: int, unit: str | None,
                  look_back: bool = True) -> _Placed | None:
    """The last figure in `unit` before `vpos`: in the sentence, else at the end of the one before.
    A change (较年初净增517户) is never the whole."""
    before = [p for p in placed if p.figure.vend <= vpos and same_kind(p.metric.unit, unit)
              and p.sentence in ((sent_index, sent_index - 1) if look_back else (sent_index,)) and not p.delta]
    same = [p for p in before if p.sentence == sent_index]
    pick = same or before
    return pick[-1] if pick else None


# totals with status parts (共反馈问题697个，已完成整改688个，正在整改4个，需长期整改5个) -----


@resources.compiled("measures.yml")
def _status_table() -> dict:
    return resources.data("measures.yml")["status_parts"]


@resources.compiled("measures.yml")
def _total_marker() -> re.Pattern:
    return re.compile("|".join(_status_table()["total_markers"]))


def status_of(lead: str) -> str | None:
    """The status class (completed, in_progress, long_term, not_done) named in a figure's lead."""
    for kind, words in _status_table()["classes"].items():
        if any(word in lead for word in words):
            return kind
    return None


def _remainder_status(doc: Document, last: _Placed) -> str | None:
    """The status of the rest, named without a figure right after the last part (其余问题正在推进)."""
    sentence = doc.sentences[last.sentence]
    found = _remainder_clause().match(doc.view.text, last.figure.vend, doc.view.from_source(sentence.end))
    return status_of(found.group(0)) if found else None


@resources.compiled("measures.yml")
def _remainder_clause() -> re.Pattern:
    return re.compile(_status_table()["remainder_clause"])


def _a_breakdown(kinds: set[str]) -> bool:
    """Statuses that break a figure down without a total word: done and at least one other."""
    return "completed" in kinds and len(kinds) >= 2


def statuses_exhaustive(kinds: set[str]) -> bool:
    """Whether parts of these statuses together make up the whole (完成+正在+需长期)."""
    return any(set(group) <= kinds for group in _status_table()["exhaustive"])


def after_part_marker(text: str) -> bool:
    """Whether a stretch between a whole and its first part holds a marker (其中, 分别为)."""
    return any(pattern.search(text) for pattern, _ in _part_markers())


def _lead(doc: Document, p: _Placed, floor: int) -> str:
    sentence = doc.sentences[p.sentence]
    s_start = doc.view.from_source(sentence.start)
    return doc.view.text[max(_clause_start(doc.view.text, s_start, p.figure.vstart), floor):p.figure.vstart]


def _link_status_parts(doc: Document, placed: list[_Placed]) -> None:
    """A total (共/累计 X) and the figures of its unit after it, in its sentence or the next, each led
    by a status word: a whole and its parts (at least `min_parts`), exhaustive when the statuses
    cover the whole. Without a total word, only parts in its own sentence that give what is done and
    another status (已完成…正在…, 已到位…未到位…) make a figure their whole."""
    index_of = {id(p): i for i, p in enumerate(placed)}
    has_parts = {p.metric.whole for p in placed if p.metric.whole is not None}
    for k, whole in enumerate(placed):
        lead = _lead(doc, whole, placed[k - 1].figure.vend if k else 0)
        if (index_of[id(whole)] in has_parts or whole.metric.whole is not None or whole.delta
                or whole.metric.unit in _RATE_UNITS or status_of(lead)):
            continue
        marked = bool(_total_marker().search(lead))
        parts = _status_parts_after(doc, placed, k)
        if not marked:  # 反馈问题18个，已完成整改15个，正在整改2个，需长期整改1个: no 共, but every status
            parts = [(p, status) for p, status in parts if p.sentence == whole.sentence]
        kinds = {status for _, status in parts}
        counted = len(parts)
        remainder = _remainder_status(doc, parts[-1][0]) if parts else None
        if remainder is not None:  # 已整改到位29项，其余问题正在按计划推进: the rest is a status too
            kinds.add(remainder)
            counted += 1
        if counted < _status_table()["min_parts"] or not (marked or _a_breakdown(kinds)):
            continue
        # only statuses given a figure can add up to the whole: a rest without one (其余事项正在推进) cannot
        kind = "exhaustive" if statuses_exhaustive({status for _, status in parts}) else "partial"
        for part, _ in parts:
            part.metric.whole = index_of[id(whole)]
            part.metric.parent = whole.metric.subject
            part.metric.part_kind = kind
            part.metric.subject = _status_subject(doc, placed, index_of[id(part)]) or part.metric.subject
        has_parts.add(index_of[id(whole)])


def _status_subject(doc: Document, placed: list[_Placed], k: int) -> str | None:
    """A status part is named by its status (正在整改|5个), not by the bare verb read before it."""
    part = placed[k]
    lead = strip_tail(_lead(doc, part, placed[k - 1].figure.vend if k else 0)).strip("、，,；; ")
    for marker in ("其中", "包括"):
        lead = lead.removeprefix(marker)
    subject = part.metric.subject or ""
    if 2 <= len(lead) <= 10 and lead.endswith(subject) and not any(ch in lead for ch in "，。；：,;:"):
        return lead
    return None


def _status_parts_after(doc: Document, placed: list[_Placed], k: int) -> list[tuple[_Placed, str]]:
    """The figures after placed[k] in its unit, each led by a status, up to the first one that is not."""
    whole = placed[k]
    parts = []
    for j in range(k + 1, len(placed)):
        p = placed[j]
        if p.sentence > whole.sentence + 1:
            break
        if not same_kind(p.metric.unit, whole.metric.unit) or p.delta:
            continue
        lead = _lead(doc, p, placed[j - 1].figure.vend)
        status = status_of(lead)
        if status is None or p.metric.whole is not None or _total_marker().search(lead):
            break
        parts.append((p, status))
    return parts
