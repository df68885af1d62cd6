"""A finding's reason in an inspector's words (`resources/reason_wording.yml`, worded by
`nlp_toolkit.explain`, which the extractors and rules use for their explanations).

Rules record their reason for the machine (a check's name such as ``coverage``, the method
used); the people who read the HTML report and the workbook need plain Chinese. Outputs call
`plain_reason` and show nothing when the reason only repeats the message.
"""
from __future__ import annotations

from nlp_toolkit.explain import word_reason
from nlp_toolkit.model import Finding


def plain_reason(finding: Finding) -> str:
    """What the page shows as a finding's 判断依据: its reason worded for an inspector, or ""
    when that adds nothing to the message (the rule's message is the default reason)."""
    worded = word_reason(finding.reason)
    if not worded or finding.message.startswith(worded):
        return ""
    return worded
