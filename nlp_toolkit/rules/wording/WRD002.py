"""WRD002: 疑似错别字."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from nlp_toolkit import resources
from nlp_toolkit.model import Document
from nlp_toolkit.nlp import words
from nlp_toolkit.rules.base import Rule

RESOURCE = "confusables.tsv"
CONTEXT = 4  # at most this many characters (one word) of the same clause shown on each side
BEFORE_WINDOW = 8  # characters the "before" pattern may look back over
_CLAUSE_BREAK = set("，,。；;：:！？!?、\n（）()“”《》")


@dataclass(frozen=True)
class Confusable:
    wrong: str
    right: str
    pattern: re.Pattern  # the wrong word, followed by its required context
    before: re.Pattern | None
    free: bool  # the wrong word must start a word of its own


@cache
def confusables() -> tuple[Confusable, ...]:
    """The entries of confusables.tsv (wrong, right, before, after, flags)."""
    out = []
    for line in resources.lines(RESOURCE):
        wrong, right, before, after, flags = (line.split("\t") + [""] * 5)[:5]
        pattern = re.compile(re.escape(wrong) + (f"(?:{after})" if after else ""))
        out.append(Confusable(wrong, right, pattern, re.compile(f"(?:{before})$") if before else None,
                              "free" in flags.split(",")))
    return tuple(out)


class WRD002(Rule):
    """疑似错别字

    检查内容：
    常见的同音、形近错字和“的、得”误用，如“取的成效”（取得）、“再此基础上”（在此基础上）、“布署”（部署）、“再接再励”（再接再厉），以及“落实的不够到位”一类动词后的补语误用“的”。词表见 resources/confusables.tsv，只收录不会有歧义的错误写法。

    为什么有问题：
    错别字虽小，却直接影响材料的严肃性和可信度，上报的正式材料尤其不应出现。

    示例：
    这些工作虽然取的了一定成效，但与上级要求相比还有差距。

    建议写法：
    这些工作虽然取得了一定成效，但与上级要求相比还有差距。
    """

    code = "WRD002"
    name = "confusable-word"
    kind = "confusable_word"
    severity = "warning"

    def check(self, doc):
        seen: set[int] = set()
        for entry in confusables():
            for vstart, vend in _matches(doc, entry):
                if vstart in seen:
                    continue
                seen.add(vstart)
                start, end = doc.view.to_source(*_with_context(doc.view.text, vstart, vend))
                yield self.finding(doc, start, end, f"“{entry.wrong}”应为“{entry.right}”")


def _matches(doc: Document, entry: Confusable) -> Iterator[tuple[int, int]]:
    """View spans of the wrong word, widened over its required context."""
    text = doc.view.text
    for m in entry.pattern.finditer(text):
        start = m.start()
        if entry.before:
            found = entry.before.search(text, max(0, m.start() - BEFORE_WINDOW), m.start())
            if not found:
                continue
            start = found.start()
        if entry.free and not _starts_word(text, m.start()):
            continue
        yield start, m.end()


def _starts_word(text: str, at: int) -> bool:
    """True when jieba puts a word boundary at `at` (取 in 实践取的, not in 采取的)."""
    left = max(0, at - 6)
    offset = left
    for word in words(text[left:at + 6]):
        if offset == at:
            return True
        if offset > at:
            return False
        offset += len(word)
    return offset == at


def _with_context(text: str, vstart: int, vend: int) -> tuple[int, int]:
    """Widen [vstart, vend) by one word on each side, never past a clause break."""
    left = vstart
    while left > 0 and vstart - left < CONTEXT and text[left - 1] not in _CLAUSE_BREAK:
        left -= 1
    right = vend
    while right < len(text) and right - vend < CONTEXT and text[right] not in _CLAUSE_BREAK:
        right += 1
    before = words(text[left:vstart]) if left < vstart else [""]
    after = words(text[vend:right]) if vend < right else [""]
    return vstart - len(before[-1]), vend + len(after[0])
