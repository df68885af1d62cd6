"""What a figure counts: the noun phrase after its measure word, else the one before it.

Chinese puts the counted noun after the measure word (195个|年度重点项目) or, in lists
of results, before the number (检视|问题|17个). Both are read from jieba's POS tags over
the figure's own clause only, so tagging stays cheap and never crosses a comma.
"""
from __future__ import annotations

from functools import cache

from nlp_toolkit import resources
from nlp_toolkit.nlp import pos_tag

_NOUNISH = {"n", "nr", "ns", "nt", "nz", "nl", "ng", "vn", "an", "j", "l", "i", "b", "k", "eng", "nrt", "nrfg", "g"}
_OPENERS = {"“": "”", "《": "》", "\"": "\"", "「": "」"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
CLAUSE_BREAKS = set("，。；：！？、,;:!?\n")
MAX_LEFT_TOKENS = 4
MAX_RIGHT_TOKENS = 8


@cache
def _words(key: str) -> frozenset[str]:
    return frozenset(resources.data("measures.yml")[key])


def subject_after(context: str) -> str | None:
    """The noun phrase that opens `context` (the text right after a measure word)."""
    tokens = pos_tag(context)
    if tokens and tokens[0][0] == "的":
        tokens = tokens[1:]
    phrase: list[str] = []
    i = 0
    while i < len(tokens) and len(phrase) < MAX_RIGHT_TOKENS:
        word, flag = tokens[i]
        if word in _OPENERS:
            quoted, i = _quoted(tokens, i)
            if not quoted:
                break
            phrase.append(quoted)
            break
        if not _nounish(word, flag, first=not phrase):
            break
        phrase.append(word)
        i += 1
    return "".join(phrase) or None


def subject_before(context: str) -> str | None:
    """The noun phrase that ends `context` (the text right before a number)."""
    tokens = _strip_tail(pos_tag(context))
    if not tokens:
        return None
    if tokens[-1][0] in _CLOSERS:
        return _quoted_before(tokens)
    run: list[tuple[str, str]] = []
    for word, flag in reversed(tokens):
        if len(run) >= MAX_LEFT_TOKENS or not _left_member(word, flag, adjacent=not run):
            break
        bare = _without_stop_verb(word)
        run.insert(0, (bare, flag))
        if bare != word:
            break
    while len(run) > 1 and run[0][1] in ("v", "d", "a", "ad") and any(f in _NOUNISH for _, f in run[1:]):
        run.pop(0)  # 编发|工作简报: the verb in front is the action, not part of the name
    return "".join(w for w, _ in run) or None


def _strip_tail(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop copulas, qualifiers, 的 and verbs of change between the subject and the number."""
    skip, change = _words("skip_before_number"), _words("change_verbs")
    while tokens and (tokens[-1][0] in skip or tokens[-1][0] in change or tokens[-1][0] == "的"
                      or tokens[-1][1] in ("d", "p", "uj", "ul", "c")):
        tokens = tokens[:-1]
    return tokens


def _without_stop_verb(word: str) -> str:
    """开展调研 → 调研: jieba keeps some verb-object pairs as one token."""
    for verb in _words("verb_prefixes"):
        if word.startswith(verb) and len(word) > len(verb):
            return word[len(verb):]
    return word


def _left_member(word: str, flag: str, adjacent: bool) -> bool:
    if word in _words("stop_verbs") or word in _words("skip_before_number") or word in _words("not_subject_words"):
        return False
    if flag in _NOUNISH:
        return True
    return flag.startswith("v") and (adjacent or flag == "vn")


def _nounish(word: str, flag: str, first: bool) -> bool:
    if word in _words("not_subject_words"):
        return False
    if flag in _NOUNISH and word not in _words("stop_verbs"):
        return True
    if flag == "m" and word.startswith("第"):
        return True  # 6项|全市第一
    return first and flag in ("a", "ad")


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
