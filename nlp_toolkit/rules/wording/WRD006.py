"""WRD006: 固定提法有误."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from nlp_toolkit import resources
from nlp_toolkit.rules.base import Rule

RESOURCE = "fixed_phrases.txt"
_QUOTED = '""'
_OPEN, _CLOSE = "“\"'‘「", "”\"'’」"


@dataclass(frozen=True)
class Phrase:
    text: str
    quoted: bool  # a short label, checked only between quotation marks


@resources.compiled(RESOURCE)
def fixed_phrases() -> tuple[Phrase, ...]:
    return tuple(Phrase(line.removeprefix(_QUOTED), line.startswith(_QUOTED)) for line in resources.lines(RESOURCE))


def one_edit(a: str, b: str) -> bool:
    """True when a and b differ by exactly one substitution, deletion, insertion or swap of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1:]


def near_misses(text: str) -> Iterator[tuple[int, int, Phrase]]:
    """(start, end, phrase) for each passage one edit away from a fixed phrase."""
    exact = [(p, i) for p in fixed_phrases() for i in _find_all(text, p.text)]
    for phrase in fixed_phrases():
        size = len(phrase.text)
        seen = set()
        for anchor_at, anchor in ((0, phrase.text[:2]), (size - 2, phrase.text[-2:])):
            for pos in _find_all(text, anchor):
                for length in (size - 1, size, size + 1):
                    start = pos if anchor_at == 0 else pos + 2 - length
                    end = start + length
                    if start < 0 or end > len(text) or (start, end) in seen:
                        continue
                    seen.add((start, end))
                    window = text[start:end]
                    if not one_edit(window, phrase.text):
                        continue
                    if any(i < end and start < i + len(p.text) for p, i in exact):
                        continue  # overlaps a phrase written correctly
                    if phrase.quoted and not (start > 0 and text[start - 1] in _OPEN and end < len(text)
                                              and text[end] in _CLOSE):
                        continue
                    yield start, end, phrase


def _find_all(text: str, part: str) -> Iterator[int]:
    at = text.find(part)
    while at >= 0:
        yield at
        at = text.find(part, at + 1)


class WRD006(Rule):
    """固定提法有误

    检查内容：
    “学思想、强党性、重实践、建新功”“以学铸魂、以学增智、以学正风、以学促干”“政治意识、大局意识、核心意识、看齐意识”、“两个确立”“四个意识”一类必须一字不差的固定提法，写错、漏掉、多出或颠倒了一个字。提法见 resources/fixed_phrases.txt；“两个确立”这类简短的提法只在引号内检查。

    为什么有问题：
    固定提法是规范表述，写错一个字就是政治性差错，上级审核材料时会重点看这些地方，也说明起草人对提法本身并不熟悉。

    示例：
    认真落实“学思想、强党性、重实践、见新功”总要求，增强“四个认识”。

    建议写法：
    认真落实“学思想、强党性、重实践、建新功”总要求，增强“四个意识”。
    """

    code = "WRD006"
    name = "wrong-fixed-expression"
    kind = "misquoted_phrase"
    kind_label = "固定提法有误"
    severity = "warning"

    def check(self, doc):
        taken: list[tuple[int, int]] = []
        for start, end, phrase in sorted(near_misses(doc.view.text), key=lambda m: (m[0], m[0] - m[1])):
            if any(a < end and start < b for a, b in taken):
                continue
            taken.append((start, end))
            s, e = doc.view.to_source(start, end)
            yield self.finding(doc, s, e, f"“{doc.text[s:e]}”应为“{phrase.text}”", pattern=phrase.text)
