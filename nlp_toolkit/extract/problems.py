"""Problems: every problem a report admits, classified into the five inspection categories."""
from __future__ import annotations

import re
from dataclasses import replace

from nlp_toolkit.extract.listing import Entry, entries, headline, top_sections
from nlp_toolkit.extract.quotes import quote_hits
from nlp_toolkit.extract.statements import classify_statements, table as statement_table
from nlp_toolkit.explain import say
from nlp_toolkit.model import CATEGORIES, Document, Explanation, Problem, Statement
from nlp_toolkit.resources import compiled, data
from nlp_toolkit.structure.chars import AFTER_LABEL, HEADING_TRAILING
from nlp_toolkit.structure.problem_sections import names_category, states_problem
from nlp_toolkit.structure.view import to_simplified

CONTEXT_WEIGHT = 0.5  # how much a group heading that names a category (理论学习方面) counts


def extract_problems(doc: Document, *, classify: bool = True) -> list[Problem]:
    """Every listed problem of the report's problems sections (not its causes sections).

    Args:
        doc: a parsed document.
        classify: False leaves the problems unclassified (category and confidence None, no
            scores) and never loads the classifier.

    Returns:
        Problems in reading order; `text` is the problem's headline without its marker,
        `scores` the classifier's scores for all five categories over the whole item.
    """
    from nlp_toolkit.extract.classifier import classify as classify_texts

    found = [_problem_span(doc, _with_heading_context(doc, index, entry))
             for index in top_sections(doc, "problems") for entry in _section_entries(doc, index)]
    found = [(entry, start, end) for entry, start, end in found if end > start]
    statements = doc.statements or classify_statements(doc, model=classify)
    found = [f for f in found if not _not_a_problem(statements, *f)]
    records = _record_problems(doc)
    hits = quote_hits(doc)
    quoted = _quoted_problems(doc, hits)
    found = [f for f in found if not any(f[1] < e and s < f[2] for _, s, e in records + quoted)
             and not _inside_record(doc, f[1], f[2])]
    found = _merge(found, records + quoted)
    found = _merge(found, [_problem_span(doc, e) for e in stated_problems(doc, statements)])
    if not found:
        return []
    responses = _responses(doc, hits)
    if not classify:
        return [_problem(doc, entry, start, end, None, responses) for entry, start, end in found]
    scores = classify_texts([to_simplified(doc.text[e.start:_problem_part_end(doc, e)]) for e, _, _ in found])
    return [_problem(doc, entry, start, end, _with_context(score, entry.context), responses, score)
            for (entry, start, end), score in zip(found, scores)]


def _problem_part_end(doc: Document, entry: Entry) -> int:
    """Where the entry's account of the problem stops: before a later sentence that turns to what was
    done or will be done about it (整改中，… / 对此，我们将…), which would pull the classifier towards
    the categories of the measures."""
    opener, label = _response_opener(), _response_label()
    for sentence in doc.sentences:
        if entry.start < sentence.start < entry.end:
            text = to_simplified(doc.text[sentence.start:sentence.end]).lstrip()
            if opener.match(text) or label.match(text):
                end = sentence.start
                while end > entry.start and doc.text[end - 1].isspace():
                    end -= 1
                return end
    return entry.end


@compiled("problem_examples.yml")
def _response_label() -> re.Pattern:
    return re.compile(data("problem_examples.yml")["response_label"])


def _inside_record(doc: Document, start: int, end: int) -> bool:
    """A span that lies within a labelled record (责任科室：… 整改期限：…, a table of label | value
    rows): the record's own fields say what is a problem there."""
    return any(r.start <= start and end <= r.end for r in doc.records)


def _problem(doc: Document, entry: Entry, start: int, end: int, score, responses, raw=None) -> Problem:
    response = responses.get((start, end))
    extra = {} if response is None else {"response": doc.text[response[0]:response[1]],
                                         "response_start": response[0], "response_end": response[1]}
    if score is None:
        return Problem(start, end, doc.text[start:end], None, None, {}, entry.section, entry.marker, **extra,
                       explanation=_explanation(entry, None, None, None))
    category = max(score, key=score.get)
    return Problem(start, end, doc.text[start:end], category, round(score[category], 4),
                   {k: round(v, 4) for k, v in score.items()}, entry.section, entry.marker, **extra,
                   explanation=_explanation(entry, category, raw[category], score[category]))


# where a fact was read → the resource its explanation names (the others name the place itself)
ORIGIN_SOURCES = {"record_label": "record_labels.yml", "feedback_quotes": "feedback_quotes.yml"}


def _explanation(entry: Entry, category: str | None, original: float | None, score: float | None) -> Explanation:
    """Where the problem was read (its origin) and, when classified, the model's category before
    and after the group heading was weighed in."""
    text = say(f"problem_{entry.origin}", marker=f"“{entry.marker}”" if entry.marker else "", label=entry.marker)
    source = ORIGIN_SOURCES.get(entry.origin, entry.origin)
    if category is None:
        return Explanation("problems", text, pattern_name=source, pattern=entry.marker or None)
    original, score = round(original, 4), round(score, 4)
    weighed = entry.context and original != score
    text += say("problem_category_context" if weighed else "problem_category", category=category,
                original=f"{original:.2f}", score=f"{score:.2f}", context=entry.context.strip())
    return Explanation("problem_classifier", text, pattern_name=source, pattern=entry.marker or None,
                       original_score=original, score=score)


LABEL = re.compile(r"(?:在|关于)?[\u4e00-\u9fff、]{2,10}(?:方面|上)(?:的问题|存在的问题|存在的不足)?")


def _problem_span(doc: Document, entry: Entry) -> tuple[Entry, int, int]:
    """The problem's headline; after a bare group label (（一）理论学习方面。…) the sentence after it,
    with the label kept as the entry's context for the classifier."""
    start, end = _clip_to_heading(doc, *headline(doc, entry))
    label = doc.text[start:end].strip()
    rest = end
    while rest < entry.end and doc.text[rest] in AFTER_LABEL:
        rest += 1
    if not LABEL.fullmatch(label) or rest >= entry.end:
        return entry, start, end
    entry = replace(entry, start=rest, context=entry.context or label)
    return (entry, *_clip_to_heading(doc, *headline(doc, entry)))


def _clip_to_heading(doc: Document, start: int, end: int) -> tuple[int, int]:
    """A headline that starts in a heading ends with it (（一）担当作为不够 then its body on the next line)."""
    for section in doc.sections:
        if section.heading_start <= start < section.heading_end < end:
            end = section.heading_end
            while end > start and doc.text[end - 1] in HEADING_TRAILING:
                end -= 1
            break
    return start, end




def _section_entries(doc: Document, index: int) -> list[Entry]:
    """A section's entries; a section without items whose heading states the problem
    (二、担当作为不够，攻坚克难劲头不足) is one entry, its heading the headline and its body the detail."""
    section = doc.sections[index]
    if section.items or not states_problem(doc, section):
        return _with_examples_folded(doc, entries(doc, index))
    marker = next((h.marker for h in doc.headings if h.start == section.heading_start), "")
    start = section.heading_start + len(marker)
    while start < section.heading_end and doc.text[start] in " \t\u3000":
        start += 1
    return [Entry(start, section.end, marker, index, "")]


@compiled("problem_examples.yml")
def _example_opener() -> re.Pattern:
    return re.compile(data("problem_examples.yml")["example_opener"])


def _with_examples_folded(doc: Document, found: list[Entry]) -> list[Entry]:
    """A sentence giving an example (如个别部门… / 据统计…) joins the entry before it in its section."""
    opener = _example_opener()
    out: list[Entry] = []
    for entry in found:
        text = to_simplified(doc.text[entry.start:entry.end])
        if out and out[-1].section == entry.section and not entry.marker and opener.match(text):
            out[-1] = replace(out[-1], end=entry.end)
        else:
            out.append(entry)
    return out


def _with_heading_context(doc: Document, index: int, entry: Entry) -> Entry:
    """An entry of a section headed by a category (（二）政治素质方面) takes that heading as its context."""
    section = doc.sections[index]
    if entry.context or not names_category(doc, section):
        return entry
    return replace(entry, context=doc.text[section.heading_start:section.heading_end])


def _with_context(scores: dict[str, float], context: str) -> dict[str, float]:
    """A group heading that names a category (（二）政治素质方面) is strong evidence for it."""
    named = [c for c in CATEGORIES if c in to_simplified(context)]
    if len(named) != 1:
        return scores
    return {c: (1 - CONTEXT_WEIGHT) * s + (CONTEXT_WEIGHT if c == named[0] else 0.0) for c, s in scores.items()}


def _record_problems(doc: Document) -> list[tuple[Entry, int, int]]:
    """The problem field of each labelled record (问题表现：… / a 反馈问题 table cell); it replaces a
    listed problem read from the same line, whose headline would carry the labels."""
    out = []
    for record in doc.records:
        problem = record.first("problem")
        if problem and problem.end > problem.start:
            section = record.section
            entry = Entry(problem.start, problem.end, problem.label, section, "", "record_label")
            out.append((entry, problem.start, problem.end))
    return out


def _quoted_problems(doc: Document, hits) -> list[tuple[Entry, int, int]]:
    """Problems quoted from inspection feedback (针对“…”的问题，我们…): the quote is the problem."""
    out = []
    for start, end, *_ in hits:
        section = doc.section_at(start)
        out.append((Entry(start, end, "", section, "", "feedback_quotes"), start, end))
    return out


def _merge(found: list[tuple[Entry, int, int]], extra: list[tuple[Entry, int, int]]):
    """Add the extra problems that no listed problem (nor an earlier extra) already covers."""
    merged = list(found)
    for item in extra:
        _, start, end = item
        if not any(s < end and start < e for _, s, e in merged):
            merged.append(item)
    return sorted(merged, key=lambda f: f[1])


# --- statements whose role is problem, wherever they stand ----------------------------------

_OUTSIDE = ("problems", "causes", "plans")  # sections whose own entries (or role) already settle it
_STATED_KINDS = ("heading", "item", "sentence", "clause")


@compiled("statements.yml")
def _response_opener() -> re.Pattern:
    return re.compile(statement_table()["response_openers"])


def _not_a_problem(statements: list[Statement], entry: Entry, start: int, end: int) -> bool:
    """Whether the model confidently reads the entry's opening unit as an achievement or a measure
    (今年已完成重点任务18项 / 下一步，将… under a 存在问题 heading), or a lead-in says it is one.

    A later sentence of a prose paragraph that opens with a problem needs less confidence, and
    none when it opens as a response (整改中，… / 针对这一问题，…): in a 整改报告 it is mostly what
    was done about that problem."""
    first = next((s for s in statements if s.start <= start < s.end or start <= s.start < end), None)
    if first is not None and first.decided_by == "layout" and first.kind == "item":
        return first.role in ("achievement", "measure")  # 下步打算：一是… under 存在问题及下步打算
    if entry.follow_up and first is not None and _response_opener().match(to_simplified(first.text)):
        return True
    key = "drop_follow_up_score" if entry.follow_up else "drop_achievement_score"
    return (first is not None and first.decided_by == "model" and first.role in ("achievement", "measure")
            and first.score >= statement_table()[key])


def stated_problems(doc: Document, statements: list[Statement]) -> list[Entry]:
    """Problems stated outside the problems sections (in a 对照检查 section, in the account of the
    work): runs of problem statements, one per paragraph (an item marker or a heading opens a new one);
    the body right after a problem heading belongs to it; example sentences fold in."""
    threshold = statement_table()["problem_score"]
    opener = _example_opener()
    out: list[Entry] = []
    last: Statement | None = None  # the unit just before, when it belongs to the last problem
    for st in statements:
        if _stated(doc, st, threshold):
            if last is not None and _continues(doc, last, st):
                out[-1] = replace(out[-1], end=st.end)
            else:
                out.append(_stated_entry(doc, st))
            last = st
        elif last is not None and st.kind != "heading" and opener.match(to_simplified(st.text)):
            out[-1] = replace(out[-1], end=st.end)
        else:
            last = None
    return out


def _stated_entry(doc: Document, st: Statement) -> Entry:
    """The entry a problem statement opens; an item's marker (一是, 1.) is not part of its text."""
    item = next((it for it in doc.items if it.marker_start == st.start and it.start < st.end), None)
    if item is None:
        return Entry(st.start, st.end, "", st.section, "", "stated_problem")
    return Entry(item.start, st.end, item.marker, st.section, "", "stated_problem")


def _stated(doc: Document, st: Statement, threshold: float) -> bool:
    role = doc.sections[st.section].role if st.section is not None else "other"
    if st.role != "problem" or st.kind not in _STATED_KINDS or role in _OUTSIDE:
        return False
    if st.decided_by == "layout":  # a heading that states a problem, outside any account of work done,
        # or an item of a list a lead-in opens (但也存在一些问题：一是…)
        return (st.kind == "heading" and role == "other") or st.kind == "item"
    return st.decided_by == "model" and st.score >= threshold


def _continues(doc: Document, prev: Statement, st: Statement) -> bool:
    """Whether `st` goes on with the problem `prev` opened rather than stating a new one."""
    if st.kind in ("item", "heading"):
        return False
    if prev.kind == "heading":
        return st.section is not None and doc.sections[st.section].heading_end >= prev.end - 1 \
            and doc.sections[st.section].heading_start <= prev.start
    return doc.sentence_at(prev.start) is not None and doc.sentence_at(st.start) is not None \
        and doc.sentences[doc.sentence_at(prev.start)].paragraph == doc.sentences[doc.sentence_at(st.start)].paragraph


# --- quoted feedback and the account of the work on it ---------------------------------------


def _responses(doc: Document, hits) -> dict[tuple[int, int], tuple[int, int]]:
    """For each quoted problem (`quote_hits`), the account that follows it: from after the quote's
    pattern to the next quote or the end of the quote's innermost section."""
    out = {}
    for k, (start, end, _, match_end) in enumerate(hits):
        section = doc.section_at(start)
        stop = doc.sections[section].end if section is not None else len(doc.text)
        if k + 1 < len(hits):
            stop = min(stop, _before_quote(doc, hits[k + 1][2], match_end))
        begin = match_end
        while begin < stop and doc.text[begin] in HEADING_TRAILING:
            begin += 1
        while stop > begin and doc.text[stop - 1] in " \t\n\u3000":
            stop -= 1
        if stop > begin:
            out[(start, end)] = (begin, stop)
    return out




def _before_quote(doc: Document, match_start: int, floor: int) -> int:
    """Where the account before the next quote's pattern stops: that paragraph's start, or the pattern
    itself when both quotes share a paragraph."""
    para = next((p for p in doc.paragraphs if p.start <= match_start < p.end), None)
    return para.start if para is not None and para.start >= floor else match_start
