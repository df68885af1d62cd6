"""PRB001: 问题表述空泛，看不出是哪个单位的问题."""
from __future__ import annotations

import re

from nlp_toolkit import resources
from nlp_toolkit.model import Document, Problem
from nlp_toolkit.nlp import words
from nlp_toolkit.rules.base import Rule
from nlp_toolkit.structure.view import is_cjk

RESOURCE = "generic_problem_words.txt"
MAX_CHARS = 40  # a statement longer than this (marker and punctuation aside) says more than a verdict
# Specifics: a figure, a quotation or a title, a named example, a list of instances
_SPECIFIC = re.compile(r"[0-9０-９一二三四五六七八九十百千万两]+(?:[个名人次项件户家起篇条场%％]|余|多)|[“”\"《》「」]|如|比如|例如|其中")


@resources.compiled(RESOURCE)
def generic_words() -> frozenset[str]:
    return frozenset(w for line in resources.lines(RESOURCE) for w in line.split())


class PRB001(Rule):
    """问题表述空泛

    检查内容：
    “存在问题”部分列出的一条问题（连同它后面的说明）只有“理论学习不够深入”“担当作为不够主动”一类放在任何单位都成立的判断，没有数字、事例、引语或本单位特有的业务内容。问题中每一个词都属于 resources/generic_problem_words.txt 所列的通用说法，且全文不超过40字时提示。

    为什么有问题：
    查摆问题要见人见事。千篇一律的问题表述看不出本单位到底哪里做得不好，整改措施也就无从对应，上级常把这类问题视为应付了事、问题查摆不深不实。

    示例：
    二、存在的问题
    一是理论学习不够深入；二是担当作为不够主动；三是工作作风不够扎实。

    建议写法：
    写明问题的具体表现，例如“班子理论学习中心组全年集中学习6次，少于规定的12次；研讨时联系招商引资工作实际不够，2名成员未作交流发言”。
    """

    code = "PRB001"
    name = "generic-problem"
    kind = "generic_problem"
    kind_label = "问题表述空泛"
    severity = "info"

    def check(self, doc):
        for problem in doc.problems:
            start, end = statement_span(doc, problem)
            statement = doc.view.slice_source(start, end)
            if is_generic(statement):
                yield self.finding(doc, *_trim(doc, start, end), "只有通用的判断，没有本单位的具体表现")


def statement_span(doc: Document, problem: Problem) -> tuple[int, int]:
    """The problem with its explanation: the enumerated item that holds it, else its sentence."""
    holding = [it for it in doc.items if it.start <= problem.start < it.end]
    if holding:
        item = min(holding, key=lambda it: it.end - it.start)
        return max(item.start, problem.start), max(item.end, problem.end)
    index = doc.sentence_at(problem.start)
    if index is not None:
        return problem.start, max(doc.sentences[index].end, problem.end)
    return problem.start, problem.end


def is_generic(statement: str) -> bool:
    """True when every word of the statement is a stock verdict and nothing specific is said."""
    chars = [ch for ch in statement if is_cjk(ch)]
    if not chars or len(chars) > MAX_CHARS or _SPECIFIC.search(statement):
        return False
    generic = generic_words()
    for word in words("".join(ch if is_cjk(ch) else "，" for ch in statement)):
        if len(word) >= 2 and is_cjk(word[0]) and word not in generic and not _made_of(word, generic):
            return False
    return True


def _made_of(word: str, words: frozenset[str]) -> bool:
    """True when the word splits into listed words or single characters that are listed."""
    if word in words:
        return True
    return any(word[:k] in words and _made_of(word[k:], words) for k in range(1, len(word)))


def _trim(doc: Document, start: int, end: int) -> tuple[int, int]:
    while end > start and (doc.text[end - 1].isspace() or doc.text[end - 1] in "。；;，,"):
        end -= 1
    return start, end
