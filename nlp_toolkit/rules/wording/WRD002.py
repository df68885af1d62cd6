"""WRD002: 疑似错别字."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from nlp_toolkit import resources
from nlp_toolkit.model import Document
from nlp_toolkit.nlp import pos_tag, words
from nlp_toolkit.rules.base import Rule
from nlp_toolkit.structure.chars import PHRASE_BREAK

RESOURCE = "confusables.tsv"
PAIRS = "confusable_pairs.yml"  # both spellings are words: the context decides
CONTEXT = 4  # at most this many characters (one word) of the same clause shown on each side
BEFORE_WINDOW = 8  # characters the "before" pattern may look back over


@dataclass(frozen=True)
class Confusable:
    wrong: str
    right: str
    pattern: re.Pattern  # the wrong word, followed by its required context
    before: re.Pattern | None
    free: bool  # the wrong word must start a word of its own


@resources.compiled(RESOURCE)
def confusables() -> tuple[Confusable, ...]:
    """The entries of confusables.tsv (wrong, right, before, after, flags)."""
    out = []
    for line in resources.lines(RESOURCE):
        wrong, right, before, after, flags = (line.split("\t") + [""] * 5)[:5]
        pattern = re.compile(re.escape(wrong) + (f"(?:{after})" if after else ""))
        out.append(Confusable(wrong, right, pattern, re.compile(f"(?:{before})$") if before else None,
                              "free" in flags.split(",")))
    return tuple(out)


@dataclass(frozen=True)
class ConfusablePair:
    wrong: str
    right: str
    after: re.Pattern | None
    before: re.Pattern | None
    next_pos: frozenset[str]


@resources.compiled(PAIRS)
def confusable_pairs() -> tuple[ConfusablePair, ...]:
    """The entries of confusable_pairs.yml."""
    return tuple(ConfusablePair(e["wrong"], e["right"], re.compile(e["after"]) if e.get("after") else None,
                                re.compile(f"(?:{e['before']})$") if e.get("before") else None,
                                frozenset(e.get("next_pos", ())))
                 for e in resources.data(PAIRS)["pairs"])


class WRD002(Rule):
    """疑似错别字

    检查内容：
    常见的同音、形近错字和“的、得”误用，如“取的成效”（取得）、“再此基础上”（在此基础上）、“布署”（部署）、“再接再励”（再接再厉），以及“落实的不够到位”一类动词后的补语误用“的”。词表见 resources/confusables.tsv，只收录不会有歧义的错误写法。两种写法都是词的（“必需/必须”“截止/截至”“权利/权力”“反应/反映”），只在上下文表明用错时提示，如“必需”后接动词（必需加强）、“截止”后接时间点（截止2024年底）、“权利运行”；词对和上下文见 resources/confusable_pairs.yml。

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
    kind_label = "易混用字词"
    severity = "warning"

    def check(self, doc):
        seen: set[int] = set()
        for entry in confusables():
            for vstart, vend in _matches(doc, entry):
                if vstart in seen:
                    continue
                seen.add(vstart)
                start, end = doc.view.to_source(*_with_context(doc.view.text, vstart, vend))
                yield self.finding(doc, start, end, f"“{entry.wrong}”应为“{entry.right}”", pattern=entry.wrong)
        found = [_with_context(doc.view.text, v, v + 1) for v in seen]
        for pair in confusable_pairs():
            for vstart, vend in _pair_matches(doc.view.text, pair):
                if not any(a < vend and vstart < b for a, b in found):  # 截止2024年 is also in confusables.tsv
                    found.append((vstart, vend))
                    start, end = doc.view.to_source(*_with_context(doc.view.text, vstart, vend))
                    yield self.finding(doc, start, end, f"“{pair.wrong}”应为“{pair.right}”", pattern_name=PAIRS,
                                       pattern=pair.wrong)


def _pair_matches(text: str, pair: ConfusablePair) -> Iterator[tuple[int, int]]:
    """View spans of the wrong word of a pair where its context shows it is the wrong one."""
    at = text.find(pair.wrong)
    while at >= 0:
        end = at + len(pair.wrong)
        if (_is_word_at(text, at, end) and (pair.after is None or pair.after.match(text, end))
                and (pair.before is None or pair.before.search(text, max(0, at - BEFORE_WINDOW), at))
                and (not pair.next_pos or _next_tag(text, end) in pair.next_pos)):
            yield at, end
        at = text.find(pair.wrong, end)


def _is_word_at(text: str, start: int, end: int) -> bool:
    """True when jieba reads text[start:end] as one word (必需 alone, not inside 必需品)."""
    left = max(0, start - 6)
    offset = left
    for word in words(text[left:end + 6]):
        if offset == start:
            return offset + len(word) == end
        if offset > start:
            return False
        offset += len(word)
    return False


def _next_tag(text: str, pos: int) -> str | None:
    """jieba's tag of the word after `pos` in its clause."""
    end = pos
    while end < len(text) and end - pos < 6 and text[end] not in PHRASE_BREAK:
        end += 1
    tokens = pos_tag(text[pos:end]) if end > pos else ()
    return tokens[0][1] if tokens else None


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
    while left > 0 and vstart - left < CONTEXT and text[left - 1] not in PHRASE_BREAK:
        left -= 1
    right = vend
    while right < len(text) and right - vend < CONTEXT and text[right] not in PHRASE_BREAK:
        right += 1
    before = words(text[left:vstart]) if left < vstart else [""]
    after = words(text[vend:right]) if vend < right else [""]
    return vstart - len(before[-1]), vend + len(after[0])
