"""WRD003: 词语疑似漏字."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from nlp_toolkit import resources
from nlp_toolkit.nlp import words
from nlp_toolkit.segment import dictionary
from nlp_toolkit.rules.base import Rule, span_of
from nlp_toolkit.structure.chars import SEGMENT_BREAK, char_class
from nlp_toolkit.structure.view import is_cjk

_CLAUSE = re.compile(char_class(SEGMENT_BREAK, negate=True) + "+")
_ETC = "等"
MIN_WORD_FREQ = 500  # the fragment plus one character must make a word at least this common
SUGGESTIONS = 3


@dataclass
class _Part:
    start: int  # view offsets of the item
    end: int
    exact: bool  # False for the first item, which may carry the clause's lead words (围绕…)


class WRD003(Rule):
    """词语疑似漏字

    检查内容：
    用顿号隔开的一组并列词语中，有一项比其余各项少一个字，且最后剩下一个不成词的单字，补上一个字才是常用词，例如“乡村振兴、项目建设、生态保、民生保障”中的“生态保”（生态保护）；或一个分句以常用四字短语的前三个字结尾，例如“推动党建与业务深度融，”（深度融合），常用短语见 resources/genre_phrases.txt。

    为什么有问题：
    漏字使词语残缺，读者只能猜测原意；这类错误在并列结构中最常见，也最容易在校对时漏看。

    示例：
    全年完成老旧小区改、背街小巷整治等项目15个。

    建议写法：
    全年完成老旧小区改造、背街小巷整治等项目15个。
    """

    code = "WRD003"
    name = "missing-character"
    kind = "missing_character"
    kind_label = "疑似漏字"
    severity = "warning"

    def check(self, doc):
        text = doc.view.text
        listed = set()
        for clause in _CLAUSE.finditer(text):
            for part, sibling, fragment in _fragments(text, clause.start(), clause.end()):
                end = part.end + (1 if part.end < len(text) and text[part.end] == "、" else 0)
                start, stop = doc.view.to_source(part.start, end)
                sib = doc.view.to_source(sibling.start, sibling.end)
                listed.add(part.end)
                yield self.finding(doc, start, stop, _detail(text[part.start:part.end], text[sibling.start:sibling.end],
                                                            fragment), related=[span_of(doc, *sib)])
        for end, phrase in cut_phrases(text):
            if end not in listed:
                start, stop = doc.view.to_source(end - len(phrase) + 1, end + 1)
                yield self.finding(doc, start, stop, f"“{phrase[:-1]}”可能是“{phrase}”缺字",
                                   pattern_name="genre_phrases.txt", pattern=phrase)


def _detail(item: str, sibling: str, fragment: str) -> str:
    suggested = "”“".join(completions(fragment)[:SUGGESTIONS])
    return f"“{item}”比并列的“{sibling}”少一个字，“{fragment}”可能是“{suggested}”等词缺字"


def _parts(text: str, start: int, end: int) -> list[_Part]:
    """The items of an enumeration in one clause: the last one is cut at 等 when it has one."""
    pieces, pos = [], start
    for piece in text[start:end].split("、"):
        pieces.append(_Part(pos, pos + len(piece), exact=pos != start))
        pos += len(piece) + 1
    last = pieces[-1]
    etc = text.find(_ETC, last.start, last.end)
    if etc > last.start:
        last.end = etc
    elif len(pieces) >= 2:
        pieces.pop()  # no 等: where the last item ends is unknown
    return pieces


def _fragments(text: str, start: int, end: int) -> Iterator[tuple[_Part, _Part, str]]:
    """(item, a sibling, fragment) for each item that lost its last character."""
    if "、" not in text[start:end]:
        return
    parts = _parts(text, start, end)
    for k, part in enumerate(parts):
        siblings = [p for j, p in enumerate(parts) if j != k and p.exact]
        lengths = {p.end - p.start for p in siblings}
        if len(lengths) != 1 or not _enough(siblings, text, start, end):
            continue
        length = lengths.pop() - 1
        item = part if part.exact else _tail(text, part, length)
        if item is None or item.end - item.start != length:
            continue
        fragment = _fragment(text[item.start:item.end], [text[p.start:p.end] for p in siblings])
        if fragment:
            yield item, siblings[0], fragment


def _enough(siblings: list[_Part], text: str, start: int, end: int) -> bool:
    """Two exact siblings, or one when the list closes with 等."""
    return len(siblings) >= 2 or (len(siblings) == 1 and _ETC in text[start:end])


def _tail(text: str, part: _Part, length: int) -> _Part | None:
    """The last `length` characters of the first item, when a word starts there and not one before."""
    if part.end - part.start <= length:
        return part if part.end - part.start == length else None
    bounds = _boundaries(text[part.start:part.end])
    cut = part.end - part.start - length
    if cut in bounds and cut - 1 not in bounds:
        return _Part(part.end - length, part.end, exact=False)
    return None


def _boundaries(text: str) -> set[int]:
    bounds, pos = {0}, 0
    for word in words(text):
        pos += len(word)
        bounds.add(pos)
    return bounds


def _fragment(item: str, siblings: list[str]) -> str | None:
    """The dangling last character of `item`, when its siblings end on two-character words."""
    if len(item) < 2 or not all(map(is_cjk, item)) or item in dictionary():
        return None
    parts = words(item)
    if len(parts[-1]) != 1 or any(len(w) < 2 for w in parts[:-1]):
        return None
    if not all(all(map(is_cjk, s)) and len(words(s)[-1]) == 2 for s in siblings):
        return None
    return parts[-1] if completions(parts[-1]) else None


def cut_phrases(text: str) -> Iterator[tuple[int, str]]:
    """(view offset where a clause ends, the phrase it cut) for clauses ending on 3/4 of a phrase."""
    heads = _phrase_heads()
    for m in re.finditer(r"[\u4e00-\u9fff]{3}(?=[，。；、,;])", text):
        phrase = heads.get(m.group(0))
        if phrase and m.group(0) not in dictionary():
            yield m.end(), phrase


@resources.compiled("genre_phrases.txt")
def _phrase_heads() -> dict[str, str]:
    """First three characters → phrase, for the genre's four-character phrases."""
    phrases = [w for line in resources.lines("genre_phrases.txt") for w in line.split() if len(w) == 4]
    return {p[:3]: p for p in phrases}


@cache
def completions(char: str) -> tuple[str, ...]:
    """Common two-character words beginning with `char`, most frequent first.

    The dictionary trie's words under `char`: one lookup, not one per character that could follow.
    """
    if len(char) != 1 or not is_cjk(char):
        return ()
    found = [(f, word) for word, f in dictionary().words_starting(char)
             if len(word) == 2 and is_cjk(word[1]) and f >= MIN_WORD_FREQ]
    return tuple(word for _, word in sorted(found, reverse=True))
