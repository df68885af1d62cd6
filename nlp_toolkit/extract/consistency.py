"""Whether a report's figures agree with each other.

Each check returns `Inconsistency` records naming the metrics involved; the rules in
`rules/numbers/` turn them into findings. Every comparison uses the interval a figure
stands for at its written precision and with its qualifier (1.3万 is 12500–13500, 50余
is at least 50, 近200 is just under 200), so rounding is never reported as a conflict.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from nlp_toolkit import resources
from nlp_toolkit.extract.metrics import after_part_marker, same_kind
from nlp_toolkit.model import Document, Metric

RATE_UNITS = ("%", "百分点", "‰")
ABOUT = 0.05  # 约/左右: within 5 %
LOWER_SPAN = 0.2  # 余/多/超: up to 20 % above
UPPER_SPAN = 0.15  # 近/不足: up to 15 % below


@dataclass
class Inconsistency:
    check: str  # parts_vs_whole | percentage | coverage | repeated_value
    start: int
    end: int
    metrics: list[int]
    detail: str  # Chinese, with the numbers
    values: dict = field(default_factory=dict)


def interval(metric: Metric) -> tuple[float, float]:
    """The range of true values a written figure allows."""
    value = metric.value or 0.0
    half = (metric.precision or 1.0) / 2
    if metric.bound == "lower":
        return value, value * (1 + LOWER_SPAN) + 2 * half
    if metric.bound == "upper":
        return value * (1 - UPPER_SPAN) - half, value
    if metric.bound == "about":
        return value * (1 - ABOUT) - half, value * (1 + ABOUT) + half
    return value - half, value + half


def _count_interval(metric: Metric) -> tuple[float, float]:
    """`interval`, except that a whole number written to its last digit with no qualifier (检视问题12个,
    1934处) is an exact count: parts that miss it by one do miss it. A share (94%) or a scaled figure
    (2.3万) stays rounded; a rate computed from counts keeps `interval`'s margin (counts may be rounded
    before a share is worked out from them)."""
    exact = (metric.precision == 1.0 and not metric.bound and metric.unit not in RATE_UNITS
             and float(metric.value or 0).is_integer())
    return (metric.value, metric.value) if exact else interval(metric)


def _readable(doc: Document) -> list[int]:
    return [i for i, m in enumerate(doc.metrics) if m.value is not None]


def fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


# parts and wholes ---------------------------------------------------------------------


@resources.compiled("measures.yml")
def _status_words() -> tuple[str, ...]:
    return tuple(resources.data("measures.yml")["status_words"])


def parts_vs_whole(doc: Document) -> list[Inconsistency]:
    """Parts (其中…) that exceed their whole, or an exhaustive split that misses it."""
    out = []
    groups: dict[int, list[int]] = {}
    for i in _readable(doc):
        whole = doc.metrics[i].whole
        if whole is not None and doc.metrics[whole].value is not None:
            groups.setdefault(whole, []).append(i)
    for whole, parts in groups.items():
        found = _check_parts(doc, whole, parts)
        if found:
            out.append(found)
    return out


def _check_parts(doc: Document, whole: int, parts: list[int]) -> Inconsistency | None:
    w = doc.metrics[whole]
    ps = [doc.metrics[i] for i in parts]
    lo = sum(_count_interval(p)[0] for p in ps)
    hi = sum(_count_interval(p)[1] for p in ps)
    w_lo, w_hi = _count_interval(w)
    exhaustive = len(ps) >= 2 and (all(p.part_kind == "exhaustive" for p in ps) or (
        _after_marker(doc, w, ps[0]) and all(any(word in _lead(doc, p) for word in _status_words()) for p in ps)))
    total = sum(p.value for p in ps)
    if lo > w_hi and not w.bound:
        detail = f"分项合计{fmt(total)}，超过总数{fmt(w.value)}"
    elif exhaustive and hi < w_lo:
        detail = f"分项合计{fmt(total)}，少于总数{fmt(w.value)}，二者应当相等"
    else:
        return None
    names = "、".join(f"{p.subject or ''}{p.surface}" for p in ps)
    return Inconsistency("parts_vs_whole", _clause_start(doc, w.sentence, w.start), max(p.end for p in ps),
                         [whole, *parts],
                         f"{w.subject or ''}{w.surface}中，{names}：{detail}。",
                         {"whole": w.value, "parts_total": total})


def _after_marker(doc: Document, whole: Metric, first: Metric) -> bool:
    """Parts listed after 其中/包括 (其中已整改12个、正在整改5个), not status parts of a bare total
    (共…20个，已整改12个，正在整改5个), whose statuses alone say whether they are exhaustive."""
    return after_part_marker(doc.text[whole.end:first.start])


def _lead(doc: Document, m: Metric) -> str:
    """The words before a figure in its clause (其中已整改|12个)."""
    return doc.text[_clause_start(doc, m.sentence, m.start):m.start]


# percentages -------------------------------------------------------------------------


@resources.compiled("measures.yml")
def _change_words() -> re.Pattern:
    table = resources.data("measures.yml")
    words = sorted(table["change_verbs"] + table["rate_change_words"], key=len, reverse=True)
    return re.compile("|".join(words))


def percentages(doc: Document) -> list[Inconsistency]:
    """A share (完工率82.5%) that disagrees with the counts it is computed from."""
    out = []
    for i in _readable(doc):
        rate = doc.metrics[i]
        if rate.unit != "%" or rate.value >= 100 or rate.bound or _is_change(doc, rate):
            continue  # a 100 % claim is a coverage claim, checked by `coverage`
        found = _check_rate(doc, i)
        if found:
            out.append(found)
    return out


def _is_change(doc: Document, rate: Metric) -> bool:
    sentence = doc.sentences[rate.sentence]
    before = doc.text[max(sentence.start, rate.start - 8):rate.start]
    return bool(_change_words().search(before))


def _check_rate(doc: Document, index: int) -> Inconsistency | None:
    rate = doc.metrics[index]
    pairs = list(_rate_pairs(doc, index)) or list(_numerator_after(doc, index))
    if not pairs:
        return None
    r_lo, r_hi = interval(rate)
    for num, den in pairs:
        lo, hi = _ratio_interval(doc.metrics[num], doc.metrics[den])
        if lo <= r_hi and r_lo <= hi:
            return None
    num, den = pairs[0]
    n, d = doc.metrics[num], doc.metrics[den]
    actual = n.value / d.value * 100
    start = _clause_start(doc, n.sentence, n.start) if n.sentence == rate.sentence else n.start
    end = rate.end
    if n.start > rate.end:  # the count after the rate: from the base's clause to it
        start, end = _clause_start(doc, d.sentence, d.start), n.end
    return Inconsistency("percentage", start, end,
                         [num, den, index],
                         f"{fmt(n.value)}/{fmt(d.value)}≈{actual:.1f}%，文中写作{rate.surface}。",
                         {"numerator": n.value, "denominator": d.value, "stated": rate.value})


def _numerator_after(doc: Document, index: int):
    """A rate stated before the count it is worked out from (学生党员2350名参加轮训，参训率达98.6%，
    实际参训2210名): the count right after it, in its sentence, whose subject names what the rate
    measures (参训率 → 参训), over the count of the same kind right before it."""
    rate = doc.metrics[index]
    stem = (rate.subject or "").removesuffix("率")
    if len(stem) < 2 or index == 0 or index + 1 >= len(doc.metrics):
        return
    before, after = doc.metrics[index - 1], doc.metrics[index + 1]
    if (before.sentence != rate.sentence or after.sentence != rate.sentence or before.value is None
            or after.value is None or before.unit in RATE_UNITS or not same_kind(before.unit, after.unit)):
        return
    if stem in (after.subject or "") and stem not in (before.subject or "") and 0 < after.value <= before.value:
        yield index + 1, index - 1


def _ratio_interval(num: Metric, den: Metric) -> tuple[float, float]:
    n_lo, n_hi = interval(num)
    d_lo, d_hi = interval(den)
    return n_lo / max(d_hi, 1e-9) * 100, n_hi / max(d_lo, 1e-9) * 100


def _rate_pairs(doc: Document, index: int):
    """(numerator, denominator) candidates for a rate written right after a count.

    The count immediately before the rate must have a denominator at all (its whole, an
    earlier larger figure of the same thing, or the total a status phrase such as 完工98个
    refers to); then every count of the sentence is tried as the numerator.
    """
    rate = doc.metrics[index]
    if index == 0 or doc.metrics[index - 1].sentence != rate.sentence or doc.metrics[index - 1].unit in RATE_UNITS:
        return
    immediate = doc.metrics[index - 1]
    if immediate.unit in _time_units():
        return  # 办结时间由15天缩短到9天，满意率92.4%: a length of time is no count of a share
    if immediate.whole is not None and sum(1 for m in doc.metrics if m.whole == immediate.whole) > 1:
        return  # …、起重机械37台，定期检验率99.6%: a rate after a list speaks of the whole list
    earlier = [i for i in _readable(doc) if i < index and doc.metrics[i].unit not in RATE_UNITS]
    base = _named_base(doc, immediate, rate)
    if base is not None:
        yield from ((index - 1, den) for den in earlier if den != index - 1 and _same_thing(base, doc.metrics[den].subject)
                    and same_kind(doc.metrics[den].unit, immediate.unit))
        return
    if not any(True for _ in _denominators(doc, index - 1, earlier, rate)):
        return
    for num in (i for i in reversed(earlier) if doc.metrics[i].sentence == rate.sentence):
        for den in _denominators(doc, num, earlier, rate):
            yield num, den


@resources.compiled("measures.yml")
def _time_units() -> frozenset[str]:
    return frozenset(resources.data("measures.yml")["time_units"])


def _named_base(doc: Document, num: Metric, rate: Metric) -> str | None:
    """The base a rate names itself (教师37人，占专任教师的17.5% → 专任教师)."""
    found = re.search(r"占(.{1,16}?)的?$", doc.view.slice_source(num.end, rate.start).rstrip("约近达为"))
    return found.group(1) if found else None


def _denominators(doc: Document, num: int, earlier: list[int], rate: Metric):
    n = doc.metrics[num]
    for den in reversed(earlier):
        d = doc.metrics[den]
        if den == num or not same_kind(n.unit, d.unit) or d.value <= n.value:
            continue
        if (n.whole == den or n.subject and n.subject == d.subject
                or (rate.sentence - d.sentence <= 3 and _same_thing(n.subject, d.subject))
                or (d.sentence == n.sentence and _names_part(n, rate))):
            yield den


def _names_part(n: Metric, rate: Metric) -> bool:
    """完工98个 … 完工率: the count names the subset the rate measures."""
    if n.reason == "数字前的描述":
        return True
    return bool(n.subject and rate.subject and n.subject in rate.subject)


def _same_thing(a: str | None, b: str | None) -> bool:
    """Two subjects name the same population: one holds the other, or they share a 3-char run."""
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    return any(a[k:k + 3] in b for k in range(len(a) - 2))


# coverage claims ---------------------------------------------------------------------


@resources.compiled("measures.yml")
def _claims() -> re.Pattern:
    words = resources.data("measures.yml")["coverage_claims"]
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def coverage(doc: Document) -> list[Inconsistency]:
    """人手一本 / 全覆盖 said of a population the report's own figures say is larger.

    Linear in the text: each sentence's metrics are grouped and its words tagged once, and
    a clause is at most MAX_CLAUSE_CHARS long (an unpunctuated line is not one clause).
    """
    out = []
    context = _ClaimContext(doc)
    for claim in _claims().finditer(doc.view.text):
        start, end = doc.view.to_source(claim.start(), claim.end())
        sent = doc.sentence_at(start)
        if sent is None:
            continue
        found = _check_claim(context, sent, start, end, claim.group(0))
        if found:
            out.append(found)
    return out


MAX_CLAUSE_CHARS = 200
CLAIM_REACH = 4 * MAX_CLAUSE_CHARS  # how far back in its sentence a claim's figures are looked for


class _ClaimContext:
    """Per-document lookups for the coverage check, each built once."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.by_sentence: dict[int, list[int]] = {}
        for i in _readable(doc):
            self.by_sentence.setdefault(doc.metrics[i].sentence, []).append(i)
        self._tags: dict[int, tuple[list[int], list[tuple[str, str]]]] = {}
        self.totals: dict[tuple, list[int]] = {}
        self._by_end: dict[int, tuple[list[int], list[int]]] = {}

    def metrics_before(self, sent: int, pos: int) -> list[int]:
        """The sentence's readable metrics ending at or before `pos` and within CLAIM_REACH of it."""
        found, ends = self._sentence_metrics(sent)
        lo, upto = bisect_left(ends, pos - CLAIM_REACH), bisect_right(ends, pos)
        return sorted(i for i in found[lo:upto] if self.doc.metrics[i].start >= pos - CLAIM_REACH)

    def _sentence_metrics(self, sent: int) -> tuple[list[int], list[int]]:
        if sent not in self._by_end:
            found = sorted(self.by_sentence.get(sent, []), key=lambda i: self.doc.metrics[i].end)
            self._by_end[sent] = found, [self.doc.metrics[i].end for i in found]
        return self._by_end[sent]

    def acts(self, sent: int, start: int, end: int) -> set[str]:
        """The acts (full verbs) among the sentence's words lying within [start, end)."""
        starts, tokens = self._tagged(sent)
        first, last = bisect_left(starts, start), bisect_left(starts, end)
        while last > first and starts[last - 1] + len(tokens[last - 1][0]) > end:
            last -= 1
        return _acts(tokens[first:last])

    def _tagged(self, sent: int) -> tuple[list[int], list[tuple[str, str]]]:
        if sent not in self._tags:
            from nlp_toolkit.nlp import pos_tag

            sentence = self.doc.sentences[sent]
            tokens = list(pos_tag(self.doc.text[sentence.start:sentence.end]))
            starts, pos = [], sentence.start
            for word, _ in tokens:
                starts.append(pos)
                pos += len(word)
            self._tags[sent] = (starts, tokens)
        return self._tags[sent]


def _check_claim(context: _ClaimContext, sent: int, start: int, end: int, claim: str) -> Inconsistency | None:
    doc = context.doc
    in_sentence = context.metrics_before(sent, start)
    if not in_sentence:
        return None
    if claim.startswith("人手"):
        return _handout_claim(context, sent, start, end, claim, in_sentence)
    clause_start = _clause_start(doc, sent, start)
    in_clause = [i for i in in_sentence if doc.metrics[i].start >= clause_start]
    if not in_clause:
        return None  # 为83名党员送学上门，推动全镇党员学习全覆盖: no figure is claimed complete
    claimed = in_clause[-1]
    earlier = [i for i in in_sentence if i < in_clause[0]]
    smaller = _smaller_count_of_same_act(context, claimed, earlier, clause_start, start)
    if smaller is not None:
        return _coverage_finding(doc, sent, smaller, claimed, end, claim)
    total = _population_total(doc, doc.metrics[claimed].subject, doc.metrics[claimed], claimed, context)
    if total is not None and interval(doc.metrics[claimed])[1] < interval(doc.metrics[total])[0]:
        return _coverage_finding(doc, sent, claimed, total, end, claim)
    return None


def _handout_claim(context, sent, start, end, claim, in_sentence) -> Inconsistency | None:
    """人手一本: the copies handed out against the head count of those who should each have one."""
    doc = context.doc
    handed = [i for i in in_sentence if doc.metrics[i].unit in _words("handout_units")]
    if not handed:
        return None
    from nlp_toolkit.extract.subjects import subject_before

    sentence = doc.sentences[sent]
    population = subject_before(doc.text[max(sentence.start, start - 12):start])
    total = _population_total(doc, population, doc.metrics[handed[-1]], handed[-1], context)
    if total is None or interval(doc.metrics[handed[-1]])[1] >= interval(doc.metrics[total])[0]:
        return None
    return _coverage_finding(doc, sent, handed[-1], total, end, claim, population)


def _smaller_count_of_same_act(context: _ClaimContext, claimed: int, earlier: list[int], clause_start: int,
                               claim_start: int) -> int | None:
    """走访…98户，实现…126户…走访全覆盖: an earlier, smaller count of the act claimed complete."""
    doc = context.doc
    c = doc.metrics[claimed]
    acts = context.acts(c.sentence, clause_start, claim_start)
    if not acts:
        return None
    for i in reversed(earlier):
        m = doc.metrics[i]
        if not same_kind(m.unit, c.unit) or not _same_thing(m.subject, c.subject):
            continue
        own = context.acts(m.sentence, _clause_start(doc, m.sentence, m.start), m.end)
        if acts & own and interval(m)[1] < interval(c)[0]:
            return i
    return None


def _acts(tokens: list[tuple[str, str]]) -> set[str]:
    light = _words("light_verbs")
    return {w for w, f in tokens if f.startswith("v") and w not in light}


def _coverage_finding(doc: Document, sent: int, covered: int, total: int, end: int, claim: str,
                      population: str | None = None) -> Inconsistency:
    c, t = doc.metrics[covered], doc.metrics[total]
    start = _clause_start(doc, sent, min(c.start, t.start) if t.sentence == sent else c.start)
    return Inconsistency("coverage", start, end, [covered, total],
                         f"称“{claim}”，但{c.surface}少于{population or t.subject or ''}总数{t.surface}。",
                         {"covered": c.value, "population": t.value})


def _population_total(doc: Document, population: str | None, covered: Metric, exclude: int,
                      context: _ClaimContext | None = None) -> int | None:
    """The largest exact figure the report gives for the population (not a part of something)."""
    if not population:
        return None
    handed_out = covered.unit in _words("handout_units")  # 11512本 for 党员: compare with a head count
    unit = "名" if handed_out else covered.unit
    key = (population, unit)
    ranked = context.totals.get(key) if context is not None else None
    if ranked is None:
        ranked = _population_figures(doc, population, unit)
        if context is not None:
            context.totals[key] = ranked
    return next((i for i in ranked if i != exclude), None)


def _population_figures(doc: Document, population: str, unit: str | None) -> list[int]:
    """The exact figures of the population in that kind of unit, largest first (first written on a tie)."""
    found = []
    for i in _readable(doc):
        m = doc.metrics[i]
        if m.whole is not None or m.unit in RATE_UNITS or m.bound or not same_kind(m.unit, unit):
            continue
        if m.subject and (m.subject == population or m.subject.endswith(population)):
            found.append(i)
    return sorted(found, key=lambda i: -doc.metrics[i].value)


def _clause_end(doc: Document, m: Metric) -> int:
    sentence = doc.sentences[m.sentence]
    i = m.end
    while i < sentence.end and doc.text[i] not in "，,；;。":
        i += 1
    return i


def _clause_start(doc: Document, sent: int, pos: int) -> int:
    sentence = doc.sentences[sent]
    i = pos
    floor = max(sentence.start, pos - MAX_CLAUSE_CHARS)
    while i > floor and doc.text[i - 1] not in "，,；;：:。":
        i -= 1
    return i


# the same quantity twice -------------------------------------------------------------


def repeated_values(doc: Document) -> list[Inconsistency]:
    """The same total (全年营业收入) stated twice with values that cannot both be right.

    Each total is compared with the first statement of each total of the same name and unit,
    so the check is linear in the number of totals times the number of distinct names.
    """
    out = []
    firsts: dict[tuple[str, str], int] = {}  # (unit, subject) → first total stated
    wholes = {m.whole for m in doc.metrics if m.whole is not None}
    for i in _readable(doc):
        second = doc.metrics[i]
        kind = _total_kind(doc, second, i in wholes)
        if not (_comparable(second) and kind):
            continue
        for (unit, _), j in list(firsts.items()):
            first = doc.metrics[j]
            if unit != second.unit or not _same_name(first, second, _total_kind(doc, first, j in wholes), kind):
                continue
            a_lo, a_hi = interval(first)
            b_lo, b_hi = interval(second)
            if a_hi < b_lo or b_hi < a_lo:
                start = _clause_start(doc, second.sentence, second.start)
                out.append(Inconsistency("repeated_value", start, _clause_end(doc, second), [j, i],
                                         f"{second.subject}前文为{first.surface}，此处为{second.surface}。",
                                         {"first": first.value, "second": second.value}))
                break
        firsts.setdefault((second.unit, second.subject), i)
    return out


# how a total is stated: a total word (全年, 累计), 共 (共梳理出整改问题37个), or as the whole
# that its parts are read from (42个问题中已完成整改39个)
_COUNTED_TOTALS = ("共", "whole")


def _same_name(first: Metric, second: Metric, first_kind: str, second_kind: str) -> bool:
    """Same subject, or one inside the other, stated as a total the same way (全年营业收入 / 全年…营业);
    a count stated with 共 and the whole of a later breakdown are the same total when the later
    one keeps or shortens the name (共梳理出整改问题37个 / 42个问题中已完成整改39个), but a
    breakdown first and a 共 count later are two counts (班子检视问题19个，其中… / 各支部共检视问题173个);
    a total of the unit's area (全乡, `scope_markers`) may be shortened later, never narrowed."""
    a, b = first.subject, second.subject
    if first_kind == second_kind and first_kind in _words("scope_markers"):
        return b in a  # 全乡党员 / 全乡…失联党员: a narrower group of the same area is another count
    if first_kind == second_kind:
        return a == b or a in b or b in a
    # counted first, broken down later (共梳理出…37个 / 42个问题中已完成…); the later mention may
    # shorten the name (整改问题 → 问题), never narrow it (党员 → 失联党员)
    return (first_kind, second_kind) == _COUNTED_TOTALS and b in a


def _total_kind(doc: Document, m: Metric, has_parts: bool) -> str | None:
    word = _total_word(doc, m)
    if word:
        return word
    if _sum_word().search(doc.text[_clause_start(doc, m.sentence, m.start):m.start]):
        return "共"
    return "whole" if has_parts else None


@resources.compiled("measures.yml")
def _sum_word() -> re.Pattern:
    return re.compile(resources.data("measures.yml")["sum_word"])


@resources.compiled("measures.yml")
def _words(key: str) -> frozenset[str]:
    return frozenset(resources.data("measures.yml")[key])


def _total_word(doc: Document, m: Metric) -> str | None:
    clause = doc.text[_clause_start(doc, m.sentence, m.start):m.start]
    found = _total_markers().search(clause)
    if found:
        return found.group(0)
    scope = _scope_markers().search(clause)
    if scope and not any(word in clause[scope.end():] for word in _words("part_after_scope")):
        return scope.group(0)
    return None


def _comparable(m: Metric) -> bool:
    return (m.subject is not None and len(m.subject) >= 2 and m.whole is None and not m.bound
            and m.unit not in RATE_UNITS and m.reason in ("量词后的名词短语", "数字前的名词短语"))


@resources.compiled("measures.yml")
def _total_markers() -> re.Pattern:
    return re.compile("|".join(resources.data("measures.yml")["total_markers"]))


@resources.compiled("measures.yml")
def _scope_markers() -> re.Pattern:
    return re.compile("|".join(resources.data("measures.yml")["scope_markers"]))


def all_inconsistencies(doc: Document) -> list[Inconsistency]:
    return parts_vs_whole(doc) + percentages(doc) + coverage(doc) + repeated_values(doc)
