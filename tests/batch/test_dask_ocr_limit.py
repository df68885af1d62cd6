"""Issue 16: the OCR share of the per-file time limit (5/6 of --time-limit) reaches Dask workers
that never saw the client's environment (a remote cluster), as it reaches pool workers.

The cluster is a `distributed.LocalCluster` of one worker process started with its own
environment — a stale limit of 7 s, as a worker started elsewhere would have its own — so what
the worker's reads follow can only have come with the task.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from nlp_toolkit.readers import limits

distributed = pytest.importorskip("distributed")

REPORT = Path(__file__).resolve().parents[2] / "corpora" / "demo" / "txt" / "01_county_committee_theme_education.txt"


@pytest.fixture(scope="module")
def scheduler():
    import sys

    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the stand-in task travels whole
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=":0",
                                  env={limits.TIME_ENV_VAR: "7"}) as cluster:
        yield cluster.scheduler_address


def _limits_seen_by_the_reader(path, time_limit, classify=True, **options):
    """A Dask task that runs `engines.analyze_on_worker` on the worker, with the analysis
    replaced by a note of the limits the reader would read under there."""
    from nlp_toolkit.batch import analysis, engines
    from nlp_toolkit.model import ReadFailure
    from nlp_toolkit.readers import limits as worker_limits

    seen = []
    original = analysis.analyze_file

    def note(p, **_):
        seen.append(worker_limits.current())
        return ReadFailure(p, "noted")

    analysis.analyze_file = note
    try:
        engines.analyze_on_worker(path, time_limit, classify, **options)
    finally:
        analysis.analyze_file = original
    return seen[0].time_limit, seen[0].ocr_seconds, __import__("os").environ.get(worker_limits.TIME_ENV_VAR)


@pytest.mark.parametrize("time_limit, expected", [(60.0, (60.0, 50.0)), (None, (None, None)), (120.0, (120.0, 100.0))])
def test_the_runs_ocr_limit_reaches_a_worker_with_its_own_environment(scheduler, time_limit, expected):
    from nlp_toolkit.batch.dask_engine import run_dask

    results, _ = run_dask([REPORT], _limits_seen_by_the_reader, scheduler=scheduler, time_limit=time_limit)
    (seen_limit, seen_ocr, worker_env), = results
    assert worker_env == "7"  # the worker's own environment was not what carried it
    assert (seen_limit, seen_ocr) == expected
    assert seen_ocr is None or seen_ocr == pytest.approx(seen_limit * limits.OCR_SHARE)


def test_the_whole_run_on_that_worker_analyses_as_here(scheduler):
    """The real task (no stand-in) on the same worker: the report is analysed, the limit kept."""
    from nlp_toolkit.batch import engines

    (doc,) = engines.run_documents([REPORT], scheduler=scheduler, time_limit=60)
    assert doc.path == str(REPORT) and doc.metrics and doc.fingerprint is not None


def test_a_thread_without_a_task_limit_reads_the_environment(monkeypatch):
    monkeypatch.setenv(limits.TIME_ENV_VAR, "30")
    assert limits.current().ocr_seconds == pytest.approx(25.0)
    with limits.file_time_limit(None):
        assert limits.current().ocr_seconds is None and limits.current().time_limit is None
        with limits.file_time_limit(12):
            assert limits.current().ocr_seconds == pytest.approx(10.0)
        assert limits.current().ocr_seconds is None
    assert limits.current().ocr_seconds == pytest.approx(25.0)
