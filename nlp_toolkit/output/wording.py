"""A finding's reason in an inspector's words (`resources/reason_wording.yml`).

Rules record their reason for the machine (a check's name such as ``coverage``, the method
used); the people who read the HTML report and the workbook need plain Chinese. Outputs call
`plain_reason` and show nothing when the reason only repeats the message.
"""
from __future__ import annotations

import re

from nlp_toolkit import resources
from nlp_toolkit.model import Finding

_LATIN_WORD = re.compile(r"[A-Za-z_]{3,}")


@resources.compiled("reason_wording.yml")
def _table() -> tuple[dict[str, str], list[tuple[re.Pattern, str]], tuple[str, ...]]:
    data = resources.data("reason_wording.yml")
    patterns = [(re.compile(p["match"]), p["say"]) for p in data.get("patterns", [])]
    return dict(data.get("exact", {})), patterns, tuple(data.get("jargon", []))


def word_reason(reason: str) -> str | None:
    """`reason` in plain Chinese, or None when the file has no wording for it and it is not
    fit to show as it is (a bare identifier or a word from the jargon list)."""
    exact, patterns, jargon = _table()
    reason = (reason or "").strip()
    if reason in exact:
        return exact[reason]
    for pattern, say in patterns:
        found = pattern.search(reason)
        if found:
            groups = found.groupdict()
            if "inner" in groups:
                groups["inner"] = word_reason(groups["inner"]) or groups["inner"]
            return say.format(**groups)
    if not reason or _LATIN_WORD.fullmatch(reason) or any(w.lower() in reason.lower() for w in jargon):
        return None
    return reason


def plain_reason(finding: Finding) -> str:
    """What the page shows as a finding's 判断依据: its reason worded for an inspector, or ""
    when that adds nothing to the message (the rule's message is the default reason)."""
    worded = word_reason(finding.reason)
    if not worded or finding.message.startswith(worded):
        return ""
    return worded
