"""An unpunctuated line costs work in proportion to its length (issue 20: 20k / 40k / 80k
characters took 5.7 / 31 / 260 s, the coverage check tagging a whole clause once per claim).

Work is counted, not timed: every Python function call made while analysing is counted with
`sys.setprofile`, and the characters handed to the POS tagger are summed through a wrapper.
Doubling the line must roughly double both.
"""
from __future__ import annotations

import sys

import nlp_toolkit.nlp as nlp
from nlp_toolkit.batch.pipeline import analyze_source
from nlp_toolkit.extract import consistency
from nlp_toolkit.readers import read_text

# counts, a village's visits, a coverage claim and a hand-out claim, with no punctuation at all
UNIT = "入户走访困难群众98户实现困难群众126户走访全覆盖组织党员学习83名党员人手一本"


def _line(chars: int) -> str:
    return "某镇2026年工作总结\n" + (UNIT * (chars // len(UNIT) + 1))[:chars] + "\n"


def _work(chars: int, monkeypatch) -> tuple[int, int]:
    """(function calls, characters POS-tagged) analysing an unpunctuated line of `chars`."""
    tagged = {"chars": 0}
    real = nlp.pos_tag

    def counting_pos_tag(text):
        tagged["chars"] += len(text)
        return real(text)

    monkeypatch.setattr(nlp, "pos_tag", counting_pos_tag)
    source = read_text(_line(chars))
    calls = {"n": 0}

    def count(frame, event, arg):
        if event in ("call", "c_call"):
            calls["n"] += 1

    sys.setprofile(count)
    try:
        doc = analyze_source(source, classify=False)
    finally:
        sys.setprofile(None)
    assert consistency.coverage(doc) is not None
    return calls["n"], tagged["chars"]


def test_doubling_an_unpunctuated_line_roughly_doubles_the_work(analyze_text, monkeypatch):
    analyze_text("某镇2026年工作总结\n走访困难群众98户，实现走访全覆盖。\n")  # load models outside the count
    small_calls, small_tagged = _work(3000, monkeypatch)
    large_calls, large_tagged = _work(6000, monkeypatch)
    assert small_tagged > 0
    assert large_tagged < 2.3 * small_tagged, (small_tagged, large_tagged)
    assert large_calls < 2.3 * small_calls, (small_calls, large_calls)


def test_a_coverage_claim_is_still_found_deep_in_a_run_on_sentence(analyze_text):
    """Commas but no full stop for thousands of characters: the claim's figures are near it."""
    clause = "入户走访困难群众98户，实现困难群众126户走访全覆盖，组织党员学习83名，"
    doc = analyze_text("某镇2026年工作总结\n" + clause * 60 + "。\n")
    found = consistency.coverage(doc)
    assert len(found) == 60
    assert all(f.values == {"covered": 98, "population": 126} for f in found)
