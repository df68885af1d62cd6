"""What a figure counts: the noun phrase after its measure word, else the one before it.

Chinese puts the counted noun after the measure word (195个|年度重点项目) or, in lists
of results, before the number (检视|问题|17个). Both are read from jieba's POS tags over
the figure's own clause only, so tagging stays cheap and never crosses a comma.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps

from nlp_toolkit import resources
from nlp_toolkit.extract.numbers import ordinal_pattern
from nlp_toolkit.memo import text_memo
from nlp_toolkit.nlp import pos_tag
from nlp_toolkit.structure.chars import QUOTE_PAIRS

_NOUNS = {"n", "nr", "ns", "nt", "nz", "nl", "ng", "j", "l", "i", "eng", "nrt", "nrfg", "g", "zg"}
_NOUNISH = _NOUNS | {"vn", "an", "b", "k", "h"}
_OPENERS = QUOTE_PAIRS
_CLOSERS = {v: k for k, v in _OPENERS.items()}
MAX_LEFT_TOKENS = 6
MAX_RIGHT_TOKENS = 8


@resources.compiled("measures.yml", "ordinal_patterns.txt")
def _lists_read() -> object:
    """A new token each time the lists these rules read are read again (a user's file added, a
    clear): it keys the memos of this module, so that no result outlives the lists it came from."""
    return object()


def _memo_by_text(function: Callable[[str], object]) -> Callable[[str], object]:
    """`function(text)` kept by text (a batch meets the same clause before a figure again and
    again, and a figure's clause is read by several of these rules) while the lists stay the same."""

    def by_text_and_lists(text: str, lists: object):
        return function(text)

    by_text_and_lists.__qualname__ = function.__qualname__  # its name among the memos
    memo = text_memo(maxsize=4096)(by_text_and_lists)

    @wraps(function)
    def kept(text: str):
        return memo(text, _lists_read())

    return kept


@resources.compiled("measures.yml")
def _words(key: str) -> frozenset[str]:
    return frozenset(resources.data("measures.yml")[key])


@resources.compiled("measures.yml")
def _tail_words() -> frozenset[str]:
    """Words that may stand between a subject and its number."""
    return _words("skip_before_number") | _words("change_verbs") | _words("comparison_words")


@resources.compiled("measures.yml")
def _threshold() -> re.Pattern:
    """An age, height or weight threshold before the subject (60周岁以上的)."""
    return re.compile(resources.data("measures.yml")["threshold"])


@resources.compiled("measures.yml")
def _rank_suffixes() -> tuple[str, ...]:
    return tuple(resources.data("measures.yml")["rank_suffixes"])


@resources.compiled("measures.yml")
def _tail_lengths() -> tuple[int, ...]:
    """Lengths of the tail words of two or more characters, longest first."""
    return tuple(sorted({len(w) for w in _tail_words() if len(w) > 1}, reverse=True))


def _without_tail_word(context: str) -> str | None:
    """`context` without the longest tail word of two or more characters it ends with, else None."""
    for n in _tail_lengths():
        if len(context) >= n and context[-n:] in _tail_words():
            return context[:-n]
    return None


@_memo_by_text
def strip_tail(context: str) -> str:
    """Drop copulas, qualifiers, verbs of change and 的 from the end of `context`.

    Words of two or more characters are cut from the text (jieba splits 完工率为 badly);
    single characters (为, 达, 均) only when jieba reads them as words of their own, so
    that 违规行为 keeps its 为.
    """
    while context:
        shorter = _without_tail_word(context)
        if shorter is None:
            shorter = _without_tail_char(context)
        if shorter is None:
            break
        context = shorter
    return context


def _without_tail_char(context: str) -> str | None:
    """`context` without a last character jieba reads as a copula, adverb or particle, else None."""
    if context.endswith("为") and len(context) > 2:
        tokens = pos_tag(context[-4:])
        if tokens and tokens[-1][0] != "为" and tokens[-1][1].startswith("v"):
            return context[:-1]  # 平均分|为: jieba reads 分为 as a verb
    tokens = pos_tag(context[-4:])
    word, flag = tokens[-1] if tokens else ("", "")
    if len(word) == 1 and (word in _tail_words() or word == "的" or flag in ("d", "u", "ud", "uj")):
        return context[:-1]  # 仍, 再, 等: adverbs and particles
    return None


@_memo_by_text
def only_linking_words(context: str) -> bool:
    """True when nothing but linking words (同比增长, 占比, 其中) stands before a number."""
    bare = strip_tail(context).strip("、，,；; ")
    for marker in resources.data("measures.yml")["listing_markers"]:
        bare = bare.removeprefix(marker)
    return not bare.strip("、，,；; ")


def subject_after(context: str, event: bool = False) -> str | None:
    """The noun phrase that opens `context` (the text right after a measure word).

    `event`: the figure counts occasions and sits between a verb and its object (开展|2次|应急演练,
    每季度开展|1次|联合监督检查): the object is an event, often a verbal noun, and is what was
    counted (`event_object`)."""
    context = _threshold().sub("", context)
    if event:
        found = event_object(pos_tag(context))
        if found:
            return found
    tokens = pos_tag(context)
    if tokens and tokens[0][0] == "的":
        tokens = tokens[1:]
    if tokens and tokens[0][0] in _OPENERS:
        return _quoted(tokens, 0)[0]
    head = _relative_head(tokens)
    if head:
        return head
    phrase: list[tuple[str, str]] = []
    for i, (word, flag) in enumerate(tokens[:MAX_RIGHT_TOKENS]):
        if word in _OPENERS and phrase:
            quoted, _ = _quoted(tokens, tokens.index((word, flag)))
            if quoted:
                phrase.append((f"{word}{quoted}{_OPENERS[word]}", "n"))
            break
        next_flag = tokens[i + 1][1] if i + 1 < len(tokens) else ""
        if not _right_member(word, flag, any(f in _NOUNS for _, f in phrase), next_flag):
            break
        phrase.append((word, flag))
    while phrase and phrase[-1][1] not in _NOUNISH:
        phrase.pop()
    if not any(flag in _NOUNS for _, flag in phrase):
        return None  # 7次|研究部署: a verb after the figure is what was done, not what was counted
    return "".join(w for w, _ in phrase)


def event_object(tokens) -> str | None:
    """The event a count of occasions names: a modifier, then nouns and verbal nouns up to the
    first plain verb or break (应急|演练, 联合|监督|检查); a stop verb after them is the event's
    head and ends it (专项|抽查). None unless it ends on a noun, a verbal noun or such a head."""
    phrase: list[tuple[str, str]] = []
    for word, flag in tokens[:MAX_RIGHT_TOKENS]:
        if word in _words("not_subject_words"):
            break
        if flag in _NOUNISH:
            phrase.append((word, flag))
        elif phrase and word in _words("stop_verbs"):
            phrase.append((word, "head"))
            break
        elif not phrase and flag in ("a", "ad", "v"):
            phrase.append((word, flag))
        else:
            break
    rest = tokens[len(phrase):]
    if len(phrase) == 1 and phrase[0][1] == "v" and (not rest or rest[0][1] == "x"):
        return phrase[0][0]  # 开展6场|宣讲。: the verb alone, up to the clause's end, is the event
    while phrase and phrase[-1][1] not in _NOUNISH | {"head"}:
        phrase.pop()
    return "".join(word for word, _ in phrase) or None


MAX_RELATIVE_CHARS = 12


def _relative_head(tokens: list[tuple[str, str]]) -> str | None:
    """2名|违反营区管理规定的干部, 5个|未落地的签约项目: after a short clause that opens with a verb
    and ends in 的, the noun it describes, with that clause (it says which of them were counted)."""
    words = [w for w, _ in tokens]
    if "的" not in words:
        return None
    at = words.index("的")
    if not 0 < at or len("".join(words[:at])) > MAX_RELATIVE_CHARS:
        return None
    if not (tokens[0][1].startswith("v") or tokens[0][1] == "d"):
        return None  # 5个|基层供电所反映的问题: a noun before the verb is what was counted
    rest = "".join(words[at + 1:])
    head = subject_after(rest) if rest else None
    return "".join(words[:at + 1]) + head if head else None  # the clause stays: 不符合主业方向的项目


def _right_member(word: str, flag: str, seen_noun: bool, next_flag: str = "") -> bool:
    if word in _words("not_subject_words"):
        return False
    if word in _words("stop_verbs"):  # 7项|整改任务: some verbs before a noun name its kind
        return not seen_noun and word in _words("compound_verbs") and next_flag in _NOUNS
    if flag in _NOUNISH:
        return True
    if flag == "m" and (word.startswith("第") or word.endswith(_rank_suffixes())):
        return True  # 6项|全市第一, 12户|一级企业
    return not seen_noun and flag in ("a", "ad", "v")  # 就业困难|人员: modifiers before the noun


@_memo_by_text
def subject_before(context: str) -> str | None:
    """The noun phrase that ends `context` (the text right before a number)."""
    tokens = _measure_word_as_noun(pos_tag(_without_stage(context)))
    if not tokens:
        return None
    if tokens[-1][0] in _CLOSERS:
        return _quoted_before(tokens)
    run = _left_run(tokens)
    while len(run) > 1 and (run[0][1] in ("d", "ad") or run[0][0] in _words("coordinators")):
        run.pop(0)
    if len(run) == 1 and run[0][0] in _words("completion_verbs"):
        return None  # 累计建成|42.5万亩: the verb alone names no subject
    phrase = "".join(w for w, _ in run)
    if phrase in _words("generic_heads"):
        head_start = len(tokens) - len(run)
        if head_start > 0 and tokens[head_start - 1][0] == "的":
            return subject_before("".join(w for w, _ in tokens[: head_start - 1])) or phrase
    return phrase or None


def _measure_word_as_noun(tokens: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """金融服务|点, 充电|桩: a one-character measure word jieba cuts off ends the noun before it."""
    if len(tokens) >= 2 and tokens[-1][1] == "q" and len(tokens[-1][0]) == 1 and (
            tokens[-2][1] in _NOUNISH or tokens[-2][1].startswith("v")):
        return (*tokens[:-2], (tokens[-2][0] + tokens[-1][0], "n"))
    return tokens


def _without_stage(context: str) -> str:
    """进修两批|共37人: a stage or name (ordinal_patterns.txt) ending the context is not the subject."""
    bare = strip_tail(context)
    ends = [m for m in ordinal_pattern().finditer(context) if m.end() == len(bare) and m.start() > 0]
    return strip_tail(context[:ends[-1].start()]) if ends else bare


def _left_run(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Tokens read leftwards from the number while they can belong to the subject."""
    run: list[tuple[str, str]] = []
    coordinators = _words("coordinators")
    i = len(tokens) - 1
    while i >= 0 and sum(1 for w, _ in run if w not in coordinators) < MAX_LEFT_TOKENS:
        word, flag = tokens[i]
        if word in _CLOSERS and run:
            quoted = _quoted_before(tokens[: i + 1])
            if quoted:
                run.insert(0, (f"{_CLOSERS[word]}{quoted}{word}", "n"))  # “院长接待日”|活动
            break
        if word in coordinators and run and i > 0 and tokens[i - 1][1] in _NOUNISH:
            run.insert(0, (word, "c"))
        elif _left_member(word, flag, adjacent=not run):
            bare = _without_verb_prefix(word)
            run.insert(0, (bare, flag))
            if bare != word:
                break
        else:
            break
        i -= 1
    return run


def _left_member(word: str, flag: str, adjacent: bool) -> bool:
    if word in _words("skip_before_number") or word in _words("not_subject_words"):
        return False
    if adjacent:  # 危旧房改造|27户, 累计培训|460人次: the activity itself is counted
        return flag in _NOUNISH or flag.startswith("v")
    if word in _words("stop_verbs"):
        return False
    return flag in _NOUNISH or flag.startswith("v")


def _without_verb_prefix(word: str) -> str:
    """开展调研 → 调研: jieba keeps some verb-object pairs as one token."""
    for verb in _words("verb_prefixes"):
        if word.startswith(verb) and len(word) > len(verb):
            return word[len(verb):]
    return word


def _quoted(tokens: list[tuple[str, str]], i: int) -> tuple[str | None, int]:
    """Content of the quotation or title that opens at token i, and the index after it."""
    closer = _OPENERS[tokens[i][0]]
    for j in range(i + 1, len(tokens)):
        if tokens[j][0] == closer:
            return "".join(w for w, _ in tokens[i + 1:j]) or None, j + 1
    return None, len(tokens)


def _quoted_before(tokens: list[tuple[str, str]]) -> str | None:
    """Content of the quotations/titles that end the context: 《甲》《乙》各520本 → 甲、乙."""
    titles: list[str] = []
    end = len(tokens)
    while end > 0 and tokens[end - 1][0] in _CLOSERS:
        opener = _CLOSERS[tokens[end - 1][0]]
        start = next((k for k in range(end - 2, -1, -1) if tokens[k][0] == opener), None)
        if start is None:
            break
        titles.insert(0, "".join(w for w, _ in tokens[start + 1:end - 1]))
        end = start
    return "、".join(t for t in titles if t) or None
