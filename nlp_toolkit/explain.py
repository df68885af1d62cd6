"""Explanations: why each fact and finding was produced, in an inspector's words.

Every extractor and rule gives what it makes a `model.Explanation` (after Presidio's
`AnalysisExplanation`): the recognizer, the word list or pattern that matched, the scores and
one line of Chinese. The wording lives in `resources/reason_wording.yml`: `exact`/`patterns`
word a rule's recorded reason (a check's name such as ``coverage``), `sources` name each
recognizer and word list, `facts` hold the one-line templates of each kind of fact.

Imports only the model and the resources, so extractors, rules and outputs can all use it.
"""
from __future__ import annotations

import re

from nlp_toolkit import resources
from nlp_toolkit.model import Explanation

_LATIN_WORD = re.compile(r"[A-Za-z_]{3,}")


@resources.compiled("reason_wording.yml")
def _table() -> dict:
    return resources.data("reason_wording.yml")


@resources.compiled("reason_wording.yml")
def _patterns() -> list[tuple[re.Pattern, str]]:
    return [(re.compile(p["match"]), p["say"]) for p in _table().get("patterns", [])]


def word_reason(reason: str) -> str | None:
    """`reason` in plain Chinese, or None when the file has no wording for it and it is not
    fit to show as it is (a bare identifier or a word from the jargon list)."""
    exact, jargon = _table().get("exact", {}), tuple(_table().get("jargon", []))
    reason = (reason or "").strip()
    if reason in exact:
        return exact[reason]
    for pattern, say in _patterns():
        found = pattern.search(reason)
        if found:
            groups = found.groupdict()
            if "inner" in groups:
                groups["inner"] = word_reason(groups["inner"]) or groups["inner"]
            return say.format(**groups)
    if not reason or _LATIN_WORD.fullmatch(reason) or any(w.lower() in reason.lower() for w in jargon):
        return None
    return reason


def source_name(name: str | None) -> str | None:
    """What a recognizer or word list is called for an inspector (`sources`); a rule's code as 规则 CODE."""
    if not name:
        return None
    sources = _table().get("sources", {})
    if name in sources:
        return sources[name]
    if re.fullmatch(r"[A-Z]{3}\d{3}", name):
        return f"规则 {name}"
    return None


def say(key: str, **values) -> str:
    """The `facts` template `key` filled with `values` (None shows as nothing)."""
    return _table()["facts"][key].format(**{k: "" if v is None else v for k, v in values.items()})


def basis(explanation: Explanation) -> str:
    """The recognizer and the entry that matched, as a short Chinese line (规则 WRD002 · 易混词表“截止”)."""
    parts = [source_name(explanation.recognizer) or explanation.recognizer]
    source = source_name(explanation.pattern_name)
    if source and explanation.pattern:
        parts.append(f"{source}“{explanation.pattern}”")
    elif source:
        parts.append(source)
    elif explanation.pattern:
        parts.append(f"“{explanation.pattern}”")
    if explanation.score is not None:
        if explanation.original_score is not None and explanation.original_score != explanation.score:
            parts.append(f"得分 {explanation.original_score:.2f}→{explanation.score:.2f}")
        else:
            parts.append(f"得分 {explanation.score:.2f}")
    return " · ".join(parts)


def finding_explanation(code: str, message: str, reason: str, *, pattern_name: str | None = None,
                        pattern: str | None = None, score: float | None = None) -> Explanation:
    """A rule's finding explained: its code is the recognizer, `pattern_name`/`pattern` the check
    or word-list entry it matched; the text is its reason worded, or its message when the reason
    only repeats it."""
    worded = word_reason(reason)
    text = worded if worded and not message.startswith(worded) else message
    source = source_name(pattern_name) if pattern_name and _WORD_LIST.search(pattern_name) else None
    if source:
        text += say("finding_source", source=source, pattern=f"“{pattern}”" if pattern else "")
    return Explanation(code, text, pattern_name=pattern_name, pattern=pattern,
                       score=None if score is None else round(score, 4))


_WORD_LIST = re.compile(r"\.(?:txt|tsv|yml)$")
