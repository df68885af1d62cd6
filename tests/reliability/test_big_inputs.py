"""Issue 18/20: a 5 MB line without punctuation and a report just under the 20 MB limit, in one batch
with a good report, in this process (the default engine): each either finishes or is stopped by
the time limit with a reason, and the good report comes out exactly as it does alone."""
from __future__ import annotations

import json
import shutil

import pytest

from nlp_toolkit.batch import engines
from nlp_toolkit.model import Batch, Document, ReadFailure
from nlp_toolkit.output.json import batch_dict
from script_loader import load_script

HOSTILE = load_script("make_hostile_inputs")
GOOD = HOSTILE.DEMO_TXT / "01_county_committee_theme_education.txt"


@pytest.fixture
def big_batch(tmp_path):
    folder = tmp_path / "big"
    folder.mkdir()
    HOSTILE.unpunctuated_line(folder / "a_unpunctuated_5mb.txt", mb=5)
    HOSTILE.big_report(folder / "b_report_20mb.txt", mb=19.5)
    shutil.copy(GOOD, folder / "c_good.txt")
    yield sorted(folder.iterdir())
    shutil.rmtree(folder)


def _doc_json(doc: Document) -> str:
    return json.dumps(batch_dict(Batch(documents=[doc]))["documents"][0], sort_keys=True, ensure_ascii=False)


def test_big_inputs_finish_or_stop_with_a_reason_and_the_rest_is_unaffected(big_batch):
    limit = engines._DefaultLimit(5.0)  # the in-process limit of the default engine, shortened
    engines.warm_up(classify=False)  # in this process the first document pays for loading jieba:
    # with a 5 s limit on a loaded machine that alone could exceed it (120 s by default)
    results = engines.run_documents(big_batch, time_limit=limit, classify=False)
    assert [r.path for r in results] == [str(p) for p in big_batch]
    for result in results[:2]:
        assert isinstance(result, Document) or (
            isinstance(result, ReadFailure) and result.reason == engines.time_limit_reason(5.0)), result
    alone = engines.run_documents([big_batch[2]], time_limit=None, classify=False)[0]
    assert isinstance(results[2], Document) and _doc_json(results[2]) == _doc_json(alone)
