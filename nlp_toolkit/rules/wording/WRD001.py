"""WRD001: 同一段文字在材料中重复出现."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from nlp_toolkit import resources
from nlp_toolkit.model import Document
from nlp_toolkit.rules.base import Rule, span_of
from nlp_toolkit.structure.chars import CLAUSE_EDGE, LEADING_PUNCT

MIN_CHARS = 15  # shortest repeat reported, in non-space characters of the matching view
WHOLE_CLAUSE_BELOW = 20  # a repeat shorter than this counts only when both copies are whole clauses
# form fields that plans repeat by design: 责任单位：…, 牵头处室：…, 完成时限：…
_FIELD = re.compile(r"(?:责任|牵头|配合|承办|主办)(?:单位|处室|部门|科室|股室|领导|人)[：:][^，,。；;\n]*|完成时限[：:][^，,。；;\n]*")
ALLOWED = "repeatable_phrases.txt"
_BOOK_TITLE = re.compile(r"《[^《》\n]{1,60}》")
_NON_SPACE_RUN = re.compile(r"\S+")
SPARSE_SORT_CHARS = 4_000_000  # suffixes to sort × text length above which divsufsort sorts them all


@dataclass
class Repeat:
    first: int  # compact-text offsets of the two occurrences
    second: int
    length: int


class WRD001(Rule):
    """同一段文字在材料中重复出现

    检查内容：
    同一份材料中有一段15个字以上的文字原样出现了两次（不计空白），只报告一次，并指出前后两处位置。固定的书名（《》内的文字）和“习近平新时代中国特色社会主义思想”等规范提法不计入长度，见 resources/repeatable_phrases.txt。表格的表头行（跨页或续表时再写一遍的表头）是表格的格式，不算重复。

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
    kind_label = "段落重复"
    severity = "warning"

    def check(self, doc):
        compact, where = _compact(doc.view.text)
        covered = _allowed_mask(compact)
        for i in _outside_body(doc, where):
            covered[i] = True
        kept: list[tuple[int, int]] = []
        repeats = [_trimmed(rep, compact) for rep in maximal_repeats(compact, MIN_CHARS)]
        for rep in sorted(repeats, key=lambda r: -r.length):
            if _content_length(covered, rep.second, rep.length) < MIN_CHARS:
                continue
            if rep.length < WHOLE_CLAUSE_BELOW and not _whole_clauses(doc.view.text, where, rep):
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


def _outside_body(doc: Document, where: list[int]) -> list[int]:
    """Compact offsets of the title, the addressee and signature (outside every section), form
    fields and table label rows (a header typed again over a table's next page is its layout)."""
    view = doc.view
    spans = [(view.from_source(p.start), view.from_source(p.end)) for p in doc.paragraphs
             if not any(s.start <= p.start < s.end for s in doc.sections)]
    spans += [(view.from_source(row.start), view.from_source(row.end)) for row in doc.label_rows]
    if doc.title_span:
        spans.append((view.from_source(doc.title_span.start), view.from_source(doc.title_span.end)))
    spans += [m.span() for m in _FIELD.finditer(view.text)]
    for name in {doc.unit, doc.title} - {None, ""}:  # the unit signs its report again at the end
        name = view.slice_source(*_span_of_text(doc, name)) if name in doc.text else name
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(name), view.text)]
    inside = _mask(spans, len(view.text))
    return [i for i, v in enumerate(where) if inside[v]]


def _mask(spans: list[tuple[int, int]], length: int) -> bytearray:
    """1 at every offset inside one of the spans."""
    mask = bytearray(length)
    for a, b in spans:
        a, b = max(a, 0), min(b, length)
        if a < b:
            mask[a:b] = b"\x01" * (b - a)
    return mask


def _span_of_text(doc: Document, name: str) -> tuple[int, int]:
    at = doc.text.find(name)
    return at, at + len(name)


def _whole_clauses(text: str, where: list[int], rep: Repeat) -> bool:
    """True when both copies begin and end at a clause edge (punctuation or a line's end)."""
    for first in (rep.first, rep.second):
        start, last = where[first], where[first + rep.length - 1]
        if (start > 0 and text[start - 1] not in CLAUSE_EDGE) or (text[last] not in CLAUSE_EDGE
                                                                  and last + 1 < len(text)
                                                                  and text[last + 1] not in CLAUSE_EDGE):
            return False
    return True


def _trimmed(rep: Repeat, text: str) -> Repeat:
    """The repeat without the punctuation it starts with (，始终把… → 始终把…)."""
    skip = 0
    while skip < rep.length and text[rep.first + skip] in LEADING_PUNCT:
        skip += 1
    return Repeat(rep.first + skip, rep.second + skip, rep.length - skip)


def _compact(text: str) -> tuple[str, list[int]]:
    """The view text without whitespace, and each kept character's view offset."""
    runs = [m.span() for m in _NON_SPACE_RUN.finditer(text)]
    return "".join(text[a:b] for a, b in runs), [i for a, b in runs for i in range(a, b)]


@resources.compiled(ALLOWED)
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
    Only suffixes whose first `min_length` characters occur again can share that much with
    their neighbour, and those stay neighbours when the others are left out: only they are sorted.
    """
    order, lcp = _sorted_suffixes(text, _repeated_starts(text, min_length))
    for k in range(1, len(order)):
        if lcp[k] < min_length:
            continue
        first, second = sorted((order[k - 1], order[k]))
        if first > 0 and text[first - 1] == text[second - 1]:
            continue
        length = min(lcp[k], second - first)
        if length >= min_length:
            yield Repeat(first, second, length)


def _repeated_starts(text: str, length: int) -> list[int]:
    """Offsets whose next `length` characters occur again in `text` (overlapping or not)."""
    grams = [text[i:i + length] for i in range(len(text) - length + 1)]
    counts = Counter(grams)
    if len(counts) == len(grams):
        return []
    return [i for i, gram in enumerate(grams) if counts[gram] > 1]


def _sorted_suffixes(text: str, starts: list[int]) -> tuple[list[int], list[int]]:
    """The suffixes at `starts` in sorted order with the lcp of each and the one before it;
    every suffix (`suffix_and_lcp`) when sorting so many of them one by one would cost more."""
    if len(starts) * len(text) > SPARSE_SORT_CHARS:
        return suffix_and_lcp(text)
    order = sorted(starts, key=lambda i: text[i:])
    return order, [0, *(_common_prefix(text, a, b) for a, b in pairwise(order))]


def _common_prefix(text: str, a: int, b: int) -> int:
    """Length of the common prefix of the suffixes at `a` and `b` (doubling, then halving)."""
    limit = len(text) - max(a, b)
    low, high = 0, 1  # the first `low` characters agree; `high` characters do not (or run out)
    while high <= limit and text[a:a + high] == text[b:b + high]:
        low, high = high, high * 2
    high = min(high, limit + 1)
    while high - low > 1:
        mid = (low + high) // 2
        if text[a:a + mid] == text[b:b + mid]:
            low = mid
        else:
            high = mid
    return low


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
