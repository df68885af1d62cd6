"""BatchContext: what batch rules read; the detection runs once, and only when a rule asks."""
from __future__ import annotations

from nlp_toolkit.batch.context import BatchContext
from nlp_toolkit.batch.pipeline import analyze_source
from nlp_toolkit.model import Batch
from nlp_toolkit.readers import read_text
from nlp_toolkit.rules import check_batch

SHARED = ("围绕群众反映强烈的停车难问题，我们逐个小区摸排车位缺口，利用边角地块新建停车场3处、"
          "新增泊位420个，并推行错时共享停车，让有限的车位周转起来。")


def _context(n: int = 2) -> BatchContext:
    units = ["*县林业局", "*县城管局", "*县商务局"]
    docs = [analyze_source(read_text(f"{u}2024年工作总结\n一、主要工作\n全年完成任务{i + 3}项。{SHARED}\n", path=f"r{i}.txt"))
            for i, u in enumerate(units[:n])]
    return BatchContext(Batch(documents=docs))


def test_copies_are_found_once_and_shared_by_the_rules():
    context = _context()
    first = context.copies()
    assert len(first) == 1 and context.copies() is first
    assert [f.code for f in check_batch(context, codes=["CPY001"])] == ["CPY001"]
    assert context.copies() is first  # the rule read the same records


def test_the_pairs_table_holds_what_the_selected_rules_found():
    context = _context()
    assert check_batch(context, codes=["CPY002"]) == [] and context.pair_table() == []
    assert context.found_copies is None  # no copying rule ran: nothing was aligned
    check_batch(context, codes=["CPY001"])
    assert [(r["path_a"], r["path_b"]) for r in context.pair_table()] == [("r0.txt", "r1.txt")]


def test_a_single_document_costs_no_detection():
    context = _context(1)
    assert context.copies() == [] and context.problem_groups() == []
