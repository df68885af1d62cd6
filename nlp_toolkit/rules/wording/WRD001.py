"""WRD001: 同一段文字在材料中重复出现."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from nlp_toolkit import resources
from nlp_toolkit.model import Document
from nlp_toolkit.rules.base import Rule, span_of

MIN_CHARS = 20  # shortest repeat reported, in non-space characters of the matching view
ALLOWED = "repeatable_phrases.txt"
_LEADING_PUNCT = set("，,。；;：:、！？!?）)”’】》")
_BOOK_TITLE = re.compile(r"《[^《》\n]{1,60}》")


@dataclass
class Repeat:
    first: int  # compact-text offsets of the two occurrences
    second: int
    length: int


class WRD001(Rule):
    """同一段文字在材料中重复出现

    检查内容：
    同一份材料中有一段20个字以上的文字原样出现了两次（不计空白）。固定的书名（《》内的文字）和“习近平新时代中国特色社会主义思想”等规范提法不计入长度，见 resources/repeatable_phrases.txt。

    为什么有问题：
    大段文字重复，多是粘贴时多贴了一遍或修改时忘了删除旧稿，既拉长篇幅，也暴露材料未经认真校对。

    示例：
    熟练掌握其中蕴含的工作方法，不断提高履职尽责的能力和水平，推动各项工作取得新成效工作方法，不断提高履职尽责的能力和水平，推动各项工作取得新成效。

    建议写法：
    删去重复的一遍，并核对粘贴处前后的文字是否完整。
    """

    code = "WRD001"
    name = "repeated-passage"
    kind = "repeated_passage"
    severity = "warning"

    def check(self, doc):
        compact, where = _compact(doc.view.text)
        covered = _allowed_mask(compact)
        kept: list[tuple[int, int]] = []
        repeats = [_trimmed(rep, compact) for rep in maximal_repeats(compact, MIN_CHARS)]
        for rep in sorted(repeats, key=lambda r: -r.length):
            if _content_length(covered, rep.second, rep.length) < MIN_CHARS:
                continue
            if any(a < rep.second + rep.length and rep.second < b for a, b in kept):
                continue
            kept.append((rep.second, rep.second + rep.length))
            yield self._finding(doc, where, rep)

    def _finding(self, doc: Document, where: list[int], rep: Repeat):
        first = doc.view.to_source(where[rep.first], where[rep.first + rep.length - 1] + 1)
        second = doc.view.to_source(where[rep.second], where[rep.second + rep.length - 1] + 1)
        detail = f"{rep.length}字的一段文字前文已出现过"
        return self.finding(doc, *second, detail, related=[span_of(doc, *first)])


def _trimmed(rep: Repeat, text: str) -> Repeat:
    """The repeat without the punctuation it starts with (，始终把… → 始终把…)."""
    skip = 0
    while skip < rep.length and text[rep.first + skip] in _LEADING_PUNCT:
        skip += 1
    return Repeat(rep.first + skip, rep.second + skip, rep.length - skip)


def _compact(text: str) -> tuple[str, list[int]]:
    """The view text without whitespace, and each kept character's view offset."""
    where = [i for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(text[i] for i in where), where


@cache
def _allowed_pattern() -> re.Pattern | None:
    phrases = sorted(resources.lines(ALLOWED), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, phrases))) if phrases else None


def _allowed_mask(text: str) -> list[bool]:
    """True for characters inside a book title or a phrase that may repeat."""
    mask = [False] * len(text)
    patterns = [p for p in (_BOOK_TITLE, _allowed_pattern()) if p is not None]
    for pattern in patterns:
        for m in pattern.finditer(text):
            mask[m.start():m.end()] = [True] * (m.end() - m.start())
    return mask


def _content_length(mask: list[bool], start: int, length: int) -> int:
    return length - sum(mask[start:start + length])


def maximal_repeats(text: str, min_length: int) -> Iterator[Repeat]:
    """Pairs of occurrences of repeated substrings at least `min_length` long.

    Adjacent suffixes in the suffix array share their longest common prefix; a pair whose
    preceding characters also agree is skipped, since its left extension is reported.
    Overlapping occurrences (a run repeated back to back inside itself) are cut to the gap.
    """
    sa, lcp = suffix_and_lcp(text)
    for k in range(1, len(sa)):
        if lcp[k] < min_length:
            continue
        first, second = sorted((sa[k - 1], sa[k]))
        if first > 0 and text[first - 1] == text[second - 1]:
            continue
        length = min(lcp[k], second - first)
        if length >= min_length:
            yield Repeat(first, second, length)


def suffix_and_lcp(text: str) -> tuple[list[int], list[int]]:
    """Suffix array (divsufsort) and lcp[k] = common prefix of suffixes sa[k-1] and sa[k] (Kasai)."""
    import numpy as np
    import pydivsufsort

    if not text:
        return [], []
    codes = np.fromiter(map(ord, text), dtype=np.int32, count=len(text))
    sa = pydivsufsort.divsufsort(codes)
    lcp = pydivsufsort.kasai(codes, sa)  # lcp[k] pairs sa[k] with sa[k+1]
    return sa.tolist(), [0, *lcp[:-1].tolist()]
