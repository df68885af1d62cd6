"""Numbers with their units, found in the matching view and read without rewriting the text.

A figure is a number (Arabic, full-width, with thousands separators, decimals, 万/亿/千
multipliers, or Chinese numerals read by cn2an) followed by a measure word or unit,
with the approximation words written around it. Numerals inside words (一是, 统一,
两个维护), ordinals (第二批), dates and short quoted slogans are not figures.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


from nlp_toolkit import resources
from nlp_toolkit.structure.chars import CELL_BREAK
from nlp_toolkit.structure.numerals import cn_to_number
from nlp_toolkit.structure.spanindex import SpanIndex

_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)*"
_CN = r"[一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*"
MAX_DIGITS = 15  # beyond this a figure is text, not a number
SLOGAN_MAX = 10  # a quotation this short is a name or slogan (“三个年”), not a statement


@dataclass
class NumberMatch:
    """One figure in view coordinates."""

    vstart: int
    vend: int
    num_start: int  # the first numeral
    unit_start: int
    unit_end: int
    value: float | None
    value_max: float | None
    unit: str
    unit_written: str
    qualifier: str | None
    bound: str | None  # lower | upper | about, from the qualifier
    chinese: bool
    problem: str | None = None  # why the number could not be read, when value is None
    precision: float | None = None  # step of the last written digit, in the normalised unit
    qualifier_span: tuple[int, int] | None = None  # view span of the qualifier, to read it as written


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@resources.compiled("measures.yml")
def _table() -> dict:
    return resources.data("measures.yml")


@resources.compiled("measures.yml")
def figure_pattern() -> re.Pattern:
    table = _table()
    quals = table["qualifiers"]
    gap = rf"[^\S{re.escape(CELL_BREAK)}]*"  # spaces and line breaks, but not a cell break (`12\t个别…` is a row number)
    number = rf"(?:{_ARABIC}{gap}(?:{_alternation(table['multipliers'])})?|{_CN})"
    return re.compile(
        rf"(?P<pre>{_alternation(quals['before'])})?"
        rf"(?:百分之(?P<pct>{number}|百)|"
        rf"(?P<n1>{number})(?:{gap}(?P<join>{_alternation(table['range_joiners'])}){gap}(?P<n2>{number}))?"
        rf"(?P<qa>{_alternation(quals['after_number'])})?{gap}"
        rf"(?P<unit>{_alternation(table['units'])}))"
        rf"(?P<qu>{_alternation(quals['after_unit'])})?"
    )


@resources.compiled("not_metric_phrases.txt")
def _not_metric_phrases() -> re.Pattern:
    return re.compile(_alternation(resources.lines("not_metric_phrases.txt")))


@resources.compiled("ordinal_patterns.txt")
def ordinal_pattern() -> re.Pattern:
    """Numerals that are ordinals, stages or names (ordinal_patterns.txt), as one pattern."""
    return re.compile("|".join(f"(?:{p})" for p in resources.lines("ordinal_patterns.txt")))


def read_number(written: str) -> tuple[float | None, str | None]:
    """The value of a written number, or (None, reason) when it cannot be a number."""
    written = "".join(written.replace(",", "").split())
    if written == "百":  # 百分之百
        return 100.0, None
    if re.fullmatch(_CN, written):
        try:
            return float(cn_to_number(written)), None
        except (ValueError, KeyError):
            return None, "not_a_number"
    digits = re.match(r"[\d.]+", written).group(0)
    if digits.count(".") > 1:
        return None, "数字格式异常（多个小数点）"
    if len(digits.replace(".", "").lstrip("0")) > MAX_DIGITS:
        return None, "数字位数过多，无法作为数值读取"
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None, "数字格式异常"
    multiplier = written[len(digits):]
    if multiplier:
        value *= Decimal(_table()["multipliers"][multiplier])
    return float(value), None


def find_figures(view_text: str) -> list[NumberMatch]:
    """Every figure in `view_text`, in order, after the post-match checks."""
    blocked = SpanIndex(_blocked_spans(view_text), lambda span: span)
    found = []
    for m in figure_pattern().finditer(view_text):
        figure = _figure(m)
        if figure and _word_before_qualifier(view_text, m):  # 签约|50万元以上: 以上 is still the qualifier
            figure.vstart = m.start() + 1
            figure.qualifier, figure.bound = _qualifier(m, skip="pre")
            figure.qualifier_span = _qualifier_span(m, skip="pre")
        if figure and not _invalid(view_text, m, figure, blocked):
            _time_limit(view_text, figure)
            found.append(figure)
    found += [d for d in _durations(view_text) if not blocked.any_overlapping(d.num_start, d.unit_end)]
    return sorted(found, key=lambda f: f.vstart)


def _time_limit(view_text: str, figure: NumberMatch) -> None:
    """24小时内响应, 3个工作日内办结: 内 right after a length of time bounds it, as 以内 does."""
    if figure.qualifier or figure.unit_written not in _table()["time_units"]:
        return
    bound = _table()["time_limit_qualifiers"].get(view_text[figure.vend:figure.vend + 1])
    if bound:
        figure.qualifier, figure.bound = view_text[figure.vend], bound
        figure.qualifier_span = (figure.vend, figure.vend + 1)
        figure.vend += 1


# 两年多, 10余年, 连续两年获评: years as a length of time. A bare 3年 or 近三年 is a time window
# (or, 2024年, a date), 连续三年无人借阅的图书 names a group, 三年多来 is a time window, so
# only these forms count.
_DURATION = re.compile(
    rf"(?P<pre>连续)?(?<![第\d.〇零一二两三四五六七八九十百千])(?P<n>[一二两三四五六七八九十]{{1,3}}|\d{{1,2}})"
    rf"(?P<qa>余|多)?年(?!度|级|代|底|初|中|末|前|内|来|以来)(?P<qu>多|余)?"
    r"(?P<streak>(?<=年)(?=获|被评|荣获|保持|实现|位居|位列|入选))?(?!来|以来)")


def _durations(text: str) -> list[NumberMatch]:
    out = []
    for m in _DURATION.finditer(text):
        qualifier = m.group("qa") or m.group("qu")
        if not (qualifier or (m.group("pre") and m.group("streak") is not None)):
            continue
        value, problem = read_number(m.group("n"))
        if value is None:
            continue
        q_span = m.span("qa") if m.group("qa") else (m.span("qu") if m.group("qu") else None)
        end = m.end()
        unit_start = m.end("qa") if m.group("qa") else m.end("n")
        out.append(NumberMatch(m.start("n"), end, m.start("n"), unit_start, unit_start + 1, value, None, "年",
                               "年", qualifier, "lower" if qualifier else None, not m.group("n").isdigit(),
                               None, 1.0, q_span))
    return out


def _word_before_qualifier(text: str, m: re.Match) -> bool:
    """签约5860户: 约 ends the word 签约, it is not 'about'."""
    pre = m.group("pre")
    if not pre or len(pre) != 1 or m.start() == 0:
        return False
    return text[m.start() - 1] + pre in _table()["not_qualifier_words"]


def _figure(m: re.Match) -> NumberMatch | None:
    table = _table()
    written_first = m.group("pct") or m.group("n1")
    value, problem = read_number(written_first)
    if problem == "not_a_number":
        return None
    value_max = None
    if m.group("n2"):
        value_max, problem2 = read_number(m.group("n2"))
        if problem2 == "not_a_number":
            return None
        problem = problem or problem2
    unit_written = "%" if m.group("pct") else m.group("unit")
    unit, factor = table["unit_factors"].get(unit_written, [unit_written, 1])
    if value is not None:
        value = _scaled(value, factor)
    if value_max is not None:
        value_max = _scaled(value_max, factor)
    qualifier, bound = _qualifier(m)
    num_start = m.start("pct") if m.group("pct") else m.start("n1")
    unit_start, unit_end = (m.start("pct"), m.end("pct")) if m.group("pct") else (m.start("unit"), m.end("unit"))
    chinese = bool(re.fullmatch(_CN, written_first)) or written_first == "百"
    precision = None if value is None else _scaled(_step(written_first, chinese), factor)
    return NumberMatch(m.start(), m.end(), num_start, unit_start, unit_end, value, value_max, unit, unit_written,
                       qualifier, bound, chinese, problem, precision, _qualifier_span(m))


def _step(written: str, chinese: bool) -> float:
    """Value of one unit in the last written digit: 1.3万 → 1000, 13285 → 1, 两千 → 1000."""
    if chinese:
        for char, size in (("亿", 1e8), ("万", 1e4), ("千", 1e3), ("百", 1e2), ("十", 10)):
            if written.endswith(char):
                return size
        return 1.0
    written = "".join(written.replace(",", "").split())
    digits = re.match(r"[\d.]+", written).group(0)
    multiplier = _table()["multipliers"].get(written[len(digits):], 1)
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return float(Decimal(multiplier) / (Decimal(10) ** decimals))


def _scaled(value: float, factor) -> float:
    scaled = Decimal(str(value)) * Decimal(factor)
    return float(scaled)


_QUALIFIER_GROUPS = (("pre", "before"), ("qa", "after_number"), ("qu", "after_unit"))


def _qualifier(m: re.Match, skip: str | None = None) -> tuple[str | None, str | None]:
    quals = _table()["qualifiers"]
    for group, kind in _QUALIFIER_GROUPS:
        if group != skip and m.group(group):
            return m.group(group), quals[kind][m.group(group)]
    return None, None


def _qualifier_span(m: re.Match, skip: str | None = None) -> tuple[int, int] | None:
    for group, _ in _QUALIFIER_GROUPS:
        if group != skip and m.group(group):
            return m.span(group)
    return None


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    """Stretches where numerals are names: fixed phrases and short quoted slogans."""
    spans = [(m.start(), m.end()) for m in _not_metric_phrases().finditer(text)]
    spans += [(m.start(), m.end()) for m in ordinal_pattern().finditer(text)]
    for m in re.finditer(r"[“\"']([^”\"'\n]{1,%d})[”\"']" % SLOGAN_MAX, text):
        spans.append((m.start(1), m.end(1)))
    return spans


def _invalid(text: str, m: re.Match, figure: NumberMatch, blocked: SpanIndex) -> bool:
    """Post-match checks a regex cannot express (Presidio's invalidate_result)."""
    start = figure.num_start
    if start > 0 and text[start - 1] in "第初":
        return True  # ordinal: 第二批, 初三
    if figure.chinese and m.group("n1") == "一" and not m.group("n2") and not m.group("pct"):
        return True  # 一个, 一次: an article, not a count
    if start > 0 and (text[start - 1].isdigit() or text[start - 1] == "."):
        return True  # the tail of a longer number the pattern could not read
    if blocked.any_overlapping(start, figure.unit_end):
        return True
    if _unit_is_a_word(text, figure):
        return True
    if _threshold(text, figure):
        return True
    return figure.chinese and start > 0 and _cn_inside_word(text, start)


def _unit_is_a_word(text: str, figure: NumberMatch) -> bool:
    """4部门, 十分, 三成员: the 'unit' is the start of another word."""
    table = _table()
    unit = figure.unit_written
    if figure.chinese and unit in table["arabic_only_units"]:
        return True
    following = text[figure.unit_end:figure.unit_end + 2]
    return any(following.startswith(word) for word in table["unit_not_before"].get(unit, []))


def _threshold(text: str, figure: NumberMatch) -> bool:
    """超过30万元的项目, 300人以上的企业, 其中35岁以下11名: a bound that defines a group; not
    30家以上区级机关, where the classifier counts the noun after it.

    An approximation (3100余万元的项目) is an amount, not a bound; and a bound in 以上/以下 whose
    group is not counted in its clause (对50万元以上的项目全部实行公开招标) is the figure the
    report states, the threshold of the rule.
    """
    if figure.bound not in ("lower", "upper") or figure.unit in ("%", "‰"):
        return False
    if figure.qualifier in _table()["qualifiers"]["after_number"] and figure.qualifier_span[0] < figure.unit_start:
        return False
    following = text[figure.vend:figure.vend + 1]
    if following == "的":
        return figure.qualifier not in ("以上", "以下") or figure.unit == "岁" or _group_counted(text, figure.vend)
    if figure.qualifier not in ("以上", "以下"):
        return False
    counted = figure.unit in _table()["count_classifiers"]  # 30家以上|区级机关 counts the 机关
    return following.isdigit() or figure.unit == "岁" or (not counted and _noun_follows(text[figure.vend:figure.vend + 6]))


def _group_counted(text: str, pos: int) -> bool:
    """Whether a count follows in the clause after a bound (…以上的项目|9个)."""
    end = pos
    while end < len(text) and end - pos < 40 and text[end] not in "，。；：！？,;:!?\n":
        end += 1
    return any(m.start() >= pos for m in figure_pattern().finditer(text, pos, end))


def _noun_follows(text: str) -> bool:
    """300人以上|企业: the bound qualifies the noun after it."""
    from nlp_toolkit.nlp import pos_tag

    tokens = pos_tag(text) if text and "\u4e00" <= text[0] <= "\u9fff" else []
    return bool(tokens) and tokens[0][1].startswith("n")


def _cn_inside_word(text: str, start: int) -> bool:
    """A Chinese numeral glued to a preceding numeral-like char (数十, 几百) is vague, not a count."""
    return text[start - 1] in "数几"
