"""Title, reporting unit and report year."""
from __future__ import annotations

import re
from collections import Counter

from nlp_toolkit import resources
from nlp_toolkit.structure.lines import Line
from nlp_toolkit.structure.headings import match_marker

_TITLE_MAX = 60
_YEAR = re.compile(r"(20[0-4][0-9]|二〇[一二三四五六七八九〇零]{2}|二零[一二三四五六七八九〇零]{2})\s*年")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}


@resources.compiled("title_words.txt")
def _title_words() -> tuple[str, ...]:
    """Words a report's title ends on (resources/title_words.txt)."""
    return tuple(w for line in resources.lines("title_words.txt") for w in line.split())


@resources.compiled("debris.txt")
def _debris() -> list[re.Pattern]:
    return [re.compile(p) for p in resources.lines("debris.txt")]


def is_debris(line: Line) -> bool:
    """Web-page navigation, counters and font-size controls pasted before a title."""
    return any(p.search(line.view.text) for p in _debris())


_PAGE_NUMBER = re.compile(r"^(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})$")


def is_page_number(line: Line) -> bool:
    """A line that is only a page number (— 3 —, 第3页, 3/10), left in text pasted from a PDF."""
    return bool(_PAGE_NUMBER.match(line.view.text))


_DATE_LINE = re.compile(r"^[(（]?\s*(?:20\d\d|二〇[一二三四五六七八九〇零]{2})\s*年[^，。；]{0,8}[)）]?$")
CLOSING_MAX = 30  # a signature line (unit name or date) is at most this long


@resources.compiled("distribution.txt")
def _distribution() -> list[re.Pattern]:
    return [re.compile(p) for p in resources.lines("distribution.txt")]


def is_distribution(line: Line) -> bool:
    """A 抄送/印发 line of the 版记 at the end of an official document (resources/distribution.txt)."""
    return any(p.search(line.view.text) for p in _distribution())


def distribution_lines(lines: list[Line]) -> set[int]:
    """The 抄送/印发 lines at the very end, after the last paragraph and the signature."""
    found: set[int] = set()
    i = len(lines) - 1
    while i > 0 and is_distribution(lines[i]):
        found.add(i)
        i -= 1
    return found


def closing_lines(lines: list[Line]) -> set[int]:
    """The end matter after the last paragraph: the signature block (the unit's name and the
    date) and the 抄送/印发 lines that may follow it."""
    tail = distribution_lines(lines)
    end = min(tail) if tail else len(lines)
    found: set[int] = set()
    for i in range(end - 1, max(end - 4, 0), -1):
        text = lines[i].view.text
        if len(text) > CLOSING_MAX or any(ch in text for ch in "。，；：:;,") or match_marker(text):
            break
        found.add(i)
    if not any(_DATE_LINE.match(lines[i].view.text) for i in found):
        return tail  # only a line that dates the report marks a signature block
    return found | tail


def signature_unit(lines: list[Line], closing: set[int]) -> str | None:
    """The unit a signature block names: its first line that is not the date and ends like a unit."""
    suffixes = tuple(resources.data("units.yml")["organs"] + resources.data("units.yml")["places"])
    for i in sorted(closing):
        text = lines[i].view.text.strip()
        if is_distribution(lines[i]) or _DATE_LINE.match(text):
            continue
        if 2 <= len(text) <= CLOSING_MAX and text.endswith(suffixes):
            return text
    return None


_REASON_LINE = 16  # characters of a skipped line quoted in a reason


def title_reason(lines: list[Line], title_range: tuple[int, int] | None, styled: bool) -> str:
    """Why these lines are the title, in the user's words."""
    if title_range is None:
        return "开头几行中没有像标题的行（过长、以句号结尾或是小标题），未认定标题"
    first, last = title_range
    found = "Word 文档的标题样式" if styled else "开头第一行像标题（不以句号结尾、不是小标题）"
    if first:
        quoted = "｜".join(lines[i].text[:_REASON_LINE] for i in range(first))
        found = f"跳过标题前的 {first} 行红头、文号、签发人、密级或网页栏目（{quoted}），其后{found}"
    parts = [found]
    if last > first:
        unit_line = unit_from_title(lines[first].view.text) == lines[first].view.text
        parts.append("单位名称行与“关于……”标题行合为一个标题" if unit_line else "标题折行，下一行接着上一行")
    return "；".join(parts)


def find_title(lines: list[Line]) -> tuple[int, int] | None:
    """Indices [first, last] of the title lines, or None when the report has no title line."""
    i = 0
    while i < len(lines) and i < 8 and is_debris(lines[i]):
        i += 1
    if i >= len(lines) or not _title_like(lines[i]):
        return None
    last = i
    nxt = i + 1
    if (nxt < len(lines) and _title_like(lines[nxt]) and len(lines[nxt].view.text) <= 30
            and not lines[i].view.text.endswith(_title_words())
            and lines[nxt].view.text.endswith(_title_words())):
        last = nxt
    return i, last


def _title_like(line: Line) -> bool:
    text = line.view.text
    if len(text) > _TITLE_MAX or text.endswith(("。", "；", "，", "：")) or "。" in text:
        return False
    return match_marker(text) is None and match_marker(text, "inline") is None


@resources.compiled("units.yml")
def _unit_regexes() -> tuple[re.Pattern, re.Pattern]:
    table = resources.data("units.yml")
    organs = "|".join(sorted(map(re.escape, table["organs"]), key=len, reverse=True))
    places = "|".join(sorted(map(re.escape, table["places"]), key=len, reverse=True))
    # the name runs from an anonymising mark to a suffix, through no verb or particle
    lead = r"(?:中共)?[*＊某×X□○](?:(?![有在的了是为和对把将与及以])[\u4e00-\u9fff]){0,12}?"
    return re.compile(f"{lead}(?:{organs})"), re.compile(f"{lead}(?:{places})")


def unit_from_title(title: str) -> str | None:
    """The unit named at the head of a title, e.g. `*县市场监督管理局` in `*县市场监督管理局2024年度工作总结`."""
    head = title
    for word in resources.data("units.yml")["title_boundaries"]:
        head = head.split(word, 1)[0]
    head = re.split(r"20\d\d|\d", head, maxsplit=1)[0].strip(" ：:，,")
    suffixes = resources.data("units.yml")["organs"] + resources.data("units.yml")["places"]
    if len(head) >= 2 and head.endswith(tuple(suffixes)):
        return head
    return None


def unit_reason_from_title(title: str) -> str:
    if "关于" in title:
        return "标题中“关于”之前的单位名称"
    return "标题开头的单位名称（年份、报告名称之前）"


def unit_from_sentences(sentences: list[str]) -> str | None:
    """An anonymised unit (`*县委`) named in the opening sentences: organs before places."""
    organ, place = _unit_regexes()
    for pattern in (organ, place):
        for sentence in sentences:
            m = pattern.search(sentence)
            if m:
                return m.group(0)
    return None


def _year_value(written: str) -> int:
    """2024 or 二〇二四 → 2024."""
    return int(written) if written.isdigit() else int("".join(_CN_DIGITS[c] for c in written))


def report_year(title: str | None, text: str) -> int | None:
    """The year the report speaks of: from its title, else the most frequent year in the text."""
    if title and (m := _YEAR.search(title)):
        return _year_value(m.group(1))
    years = Counter(_year_value(y) for y in _YEAR.findall(text))
    return years.most_common(1)[0][0] if years else None
