"""A streaming run keeps each written-out document only for the cross-report rules, and those
rules find exactly what they find over whole documents."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from nlp_toolkit.batch.context import Runs
from nlp_toolkit.batch.pipeline import analyze_batch
from nlp_toolkit.model import Document
from nlp_toolkit.output.json import batch_dict, finding_dict

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo"


def _batch_level(batch) -> str:
    return json.dumps({"findings": [finding_dict(f) for f in batch.batch_findings], "pairs": batch.pairs,
                       "submissions": [asdict(s) for s in batch.submissions]}, sort_keys=True, ensure_ascii=False)


def _own(document: dict) -> str:
    """A document's line without its versions (known only once the batch is in)."""
    return json.dumps({k: v for k, v in document.items() if k not in ("versions", "version_of", "version_reason")},
                      sort_keys=True, ensure_ascii=False)


def whole_of(batch, doc):
    return next(d for d in batch.documents if d.path == doc.path)


@pytest.fixture(scope="module")
def whole():
    return analyze_batch([DEMO / "txt", DEMO / "docx"])


def test_cut_down_documents_give_the_same_cross_report_findings(whole):
    heard = {}

    def write(index, result):
        heard[index] = _own(result.to_dict())

    kept = analyze_batch([DEMO / "txt", DEMO / "docx"], on_result=write, keep_only_for_batch=True)
    assert whole.batch_findings and whole.pairs  # the demo batch has copies to find
    assert _batch_level(kept) == _batch_level(whole)
    # what was written out as each file finished is the whole analysis, except that a version's
    # findings its primary also has are folded into the primary, and its facts given up to it,
    # only once the batch is in
    streamed = [json.loads(heard[i]) for i in range(len(heard))]
    final = [json.loads(_own(d)) for d in batch_dict(whole)["documents"]]
    for doc, line, out in zip(whole.documents, streamed, final):
        if doc.version_of:
            assert {f["code"] for f in out.pop("findings")} <= {f["code"] for f in line.pop("findings")}
            assert all("仅见于此版本" in f["reason"] for f in doc.findings)
            for facts in ("metrics", "problems", "commitments", "statements", "records"):
                assert out.pop(facts) == []  # the primary's: the submission is counted once
                streamed_facts = line.pop(facts)
                assert facts != "metrics" or streamed_facts  # written before the batch knew
        assert line == out
    for doc in kept.documents:
        assert not doc.metrics and not doc.sentences and not doc.sections and not doc.findings
        assert not doc.statements  # written out already; no cross-report rule reads them
        assert doc.unit == whole_of(whole, doc).unit
        assert doc.text == "" and doc.view is None  # spilled, and the store removed with the run
        assert doc.fingerprint is None  # spilled with them: no batch's fingerprints stay in memory
        assert "_starts_of" not in vars(doc)  # no look-up cache keeps the sentences alive
    assert any(d.metrics for d in whole.documents) and any(d.statements for d in whole.documents)


def test_a_cut_down_view_maps_as_before():
    from nlp_toolkit.batch.context import keep_for_batch

    doc = analyze_batch([DEMO / "txt" / "01_county_committee_theme_education.txt"]).documents[0]
    view = doc.view
    spans = [view.to_source(a, a + 7) for a in range(0, len(view.text) - 7, 13)]
    starts = [view.from_source(p) for p in range(0, view.source_length, 11)]
    assert keep_for_batch(doc) is doc and isinstance(doc, Document)
    assert [view.to_source(a, a + 7) for a in range(0, len(view.text) - 7, 13)] == spans
    assert [view.from_source(p) for p in range(0, view.source_length, 11)] == starts


@pytest.mark.parametrize("values", [[], [5], [0, 1, 2, 3], [0, 1, 3, 4, 5, 9, 10, 20], list(range(7, 300, 2))])
def test_runs_index_and_bisect_as_the_list(values):
    from bisect import bisect_left

    runs = Runs(values)
    assert len(runs) == len(values) and list(runs) == values
    assert [runs[-i] for i in range(1, len(values) + 1)] == [values[-i] for i in range(1, len(values) + 1)]
    assert runs[1:4] == values[1:4]
    probes = range(-1, (values[-1] + 3) if values else 2)
    assert [bisect_left(runs, p) for p in probes] == [bisect_left(values, p) for p in probes]
    with pytest.raises(IndexError):
        runs[len(values)]


def test_runs_of_a_view_are_few():
    from nlp_toolkit.structure.view import build_view

    text = "第一行文字\n第二行 文字\n" * 50
    view = build_view(text, joins={i for i, ch in enumerate(text) if ch == "\n"})
    runs = Runs(view.offsets)
    assert list(runs) == view.offsets and len(runs._at) <= text.count("\n") + text.count(" ") + 1
