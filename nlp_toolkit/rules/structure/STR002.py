"""STR002: 句子不完整（段落在逗号处或句中中断）."""
from __future__ import annotations

from nlp_toolkit import resources
from nlp_toolkit.model import Document, Paragraph
from nlp_toolkit.nlp import words
from nlp_toolkit.rules.base import Rule
from nlp_toolkit.structure.chars import BRACKET_PAIRS, COLONS, DANGLING, INNER_PUNCT, SENTENCE_END
from nlp_toolkit.structure.headings import match_marker
from nlp_toolkit.structure.view import is_cjk

_OPENERS = BRACKET_PAIRS
MIN_UNPUNCTUATED = 20  # a paragraph this long, with inner punctuation but no ending, is cut off
CONNECTIVES = "connectives.txt"


@resources.compiled(CONNECTIVES)
def connectives() -> frozenset[str]:
    """Words a sentence cannot end on (resources/connectives.txt)."""
    return frozenset(w for line in resources.lines(CONNECTIVES) for w in line.split())


class STR002(Rule):
    """句子不完整

    检查内容：
    段落（或一组条目的最后一条）停在逗号、顿号上，停在“并且、以及、同时、但是、和”一类连词上，停在一个左引号或左括号上（或引号、括号打开后没有关上就结束），或句子写到一半没有句末标点就结束，后面紧接下一个标题或全文结束；全文最后一行是标题或像标题的短句（“四、下一步工作打算”“三是强化责任落实”），下面没有内容。标题、文件名称、落款和日期不在检查之列。

    为什么有问题：
    句子没有写完，通常是修改时误删了后半句，或从别的材料复制时漏了内容。读者无法知道这句话要说什么，上级据此汇总时会遗漏信息。

    示例：
    三是融合互促不够紧密，为民办实事还有差距。四是单位之间工作进展还不够均衡，

    建议写法：
    补全句子，说明要表达的意思并以句号结尾，例如“四是单位之间工作进展还不够均衡，个别单位存在等靠思想。”
    """

    code = "STR002"
    name = "truncated-sentence"
    kind = "truncated_sentence"
    kind_label = "句子残缺"
    severity = "warning"

    def check(self, doc):
        last = _last_body_paragraph(doc)
        for para in doc.paragraphs:
            reason = _cut_off(doc, para, para is last)
            if reason:
                start = _last_clause_start(doc, para)
                yield self.finding(doc, start, _end(doc, para), reason)


def _cut_off(doc: Document, para: Paragraph, is_last: bool) -> str | None:
    """Why the paragraph stops mid-sentence, or None when it ends properly."""
    text = doc.view.slice_source(para.start, para.end).strip()
    if is_last and text and _ends_on_a_heading(doc, para, text):
        return "全文在一个标题处结束，标题下没有内容，后文可能缺失"
    if _is_heading_or_title(doc, para) or _is_record(doc, para):
        return None
    if not text:
        return None
    if text[-1] in DANGLING:
        return f"段落以“{text[-1]}”结尾，后文缺失"
    if text[-1] in _OPENERS:
        return f"段落以“{text[-1]}”结尾，引号或括号内的文字缺失"
    connective = _dangling_connective(text)
    if connective:
        return f"段落以连词“{connective}”结尾，后文缺失"
    opener = _unclosed_opener(text)
    if opener:
        return f"“{opener}”没有对应的“{_OPENERS[opener]}”，段落在引号或括号内中断"
    if text[-1] in COLONS and is_last:
        return "全文以冒号结尾，后文缺失"
    if (is_cjk(text[-1]) and len(text) >= MIN_UNPUNCTUATED and any(p in text for p in INNER_PUNCT)):
        return "段落没有句末标点，句子可能未写完"
    return None


def _ends_on_a_heading(doc: Document, para: Paragraph, text: str) -> bool:
    """The report's last body line is a heading (四、下一步工作打算) or reads like one (四是强化
    责任落实, （三）加强队伍建设) with nothing under it: the pages after it are missing."""
    if text[-1] in SENTENCE_END or text[-1] in _OPENERS.values() or any(p in text for p in INNER_PUNCT):
        return False
    if doc.title_span and doc.title_span.start <= para.start < doc.title_span.end:
        return False
    heading = _is_heading_or_title(doc, para)
    marked = match_marker(text, "inline") is not None or match_marker(text) is not None
    return (heading or marked) and len(text) < MIN_UNPUNCTUATED


def _dangling_connective(text: str) -> str | None:
    """The connective the paragraph ends on (…并且。 / …以及), as a word of its own."""
    body = text.rstrip(SENTENCE_END + "，,、 ")
    if not body or not is_cjk(body[-1]):
        return None
    last = words(body[-8:])[-1]
    return last if last in connectives() else None


def _unclosed_opener(text: str) -> str | None:
    """An opening quote or bracket in the last sentence that nothing closes, when the paragraph
    also lacks its sentence end (…开展“三抓三促 ): the sentence broke off inside it."""
    if text[-1] in SENTENCE_END or text[-1] in _OPENERS.values():
        return None
    cut = max(text.rfind(ch) for ch in SENTENCE_END)
    tail = text[cut + 1:]
    for opener, closer in _OPENERS.items():
        if opener != closer and tail.count(opener) > tail.count(closer):
            return opener
    return None


def _is_record(doc: Document, para: Paragraph) -> bool:
    """Field lines of a labelled record (问题表现：… 完成时限：…) are not sentences."""
    return any(r.start < para.end and para.start < r.end for r in doc.records)


def _is_heading_or_title(doc: Document, para: Paragraph) -> bool:
    if doc.title_span and doc.title_span.start <= para.start < doc.title_span.end:
        return True
    return any(h.start == para.start and h.end >= _end(doc, para) - 1 for h in doc.headings)


def _last_body_paragraph(doc: Document) -> Paragraph | None:
    """The last paragraph inside a section (the signature block lies outside every section)."""
    inside = [p for p in doc.paragraphs if any(s.start <= p.start < s.end for s in doc.sections)]
    return inside[-1] if inside else None


def _end(doc: Document, para: Paragraph) -> int:
    end = para.end
    while end > para.start and doc.text[end - 1].isspace():
        end -= 1
    return end


def _last_clause_start(doc: Document, para: Paragraph) -> int:
    """Start of the paragraph's last sentence (which begins at an item marker or after 。；)."""
    own = [s for s in doc.sentences if s.paragraph == para.index and s.start < _end(doc, para)]
    return own[-1].start if own else para.start
