"""Issue 16: the run's `--max-size` reaches Dask workers that never saw the client's environment
(a remote cluster) with each task, as the time limit does (test_dask_ocr_limit.py).

The cluster is a `distributed.LocalCluster` of one worker process started with its own
environment — a stale limit of 1 KB, which would refuse every report — so the limit the
worker's reads follow can only have come with the task.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from nlp_toolkit.readers import limits, set_max_size

distributed = pytest.importorskip("distributed")

REPORT = Path(__file__).resolve().parents[2] / "corpora" / "demo" / "txt" / "01_county_committee_theme_education.txt"
STALE_MB = 1 / 1024  # the worker's own environment: 1 KB, less than the report


@pytest.fixture(scope="module")
def scheduler():
    import sys

    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the stand-in task travels whole
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=":0",
                                  env={limits.ENV_VAR: repr(STALE_MB)}) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def client_limit():
    """Set the client's --max-size as the CLI does; put back the default afterwards."""
    yield set_max_size
    set_max_size(None)


def _size_seen_by_the_reader(path, time_limit, classify=True, **options):
    """A Dask task that runs `engines.analyze_on_worker` on the worker, with the analysis
    replaced by a note of the size limit the reader would read under there."""
    from nlp_toolkit.batch import analysis, engines
    from nlp_toolkit.model import ReadFailure
    from nlp_toolkit.readers import limits as worker_limits

    seen = []
    original = analysis.analyze_file

    def note(p, **_):
        seen.append(worker_limits.current().max_size_mb)
        return ReadFailure(p, "noted")

    analysis.analyze_file = note
    try:
        engines.analyze_on_worker(path, time_limit, classify, **options)
    finally:
        analysis.analyze_file = original
    return seen[0], __import__("os").environ.get(worker_limits.ENV_VAR)


@pytest.mark.parametrize("max_size, expected", [(None, limits.DEFAULT_MAX_SIZE_MB), (3.5, 3.5), (200.0, 200.0)])
def test_the_runs_size_limit_reaches_a_worker_with_its_own_environment(scheduler, client_limit, max_size, expected,
                                                                       monkeypatch):
    from nlp_toolkit.batch import engines

    monkeypatch.setattr(engines, "analyze_on_worker", _size_seen_by_the_reader)
    client_limit(max_size)
    (seen, worker_env), = engines.run_documents([REPORT], scheduler=scheduler, time_limit=60)
    assert worker_env == repr(STALE_MB)  # the worker's own environment was not what carried it
    assert seen == pytest.approx(expected)


def test_a_report_under_the_runs_limit_is_read_on_that_worker(scheduler, client_limit):
    """The real task: the report (6 KB) is analysed under the run's default 20 MB, not refused by
    the worker's stale 1 KB; under a client limit of 2 KB it is refused, naming --max-size."""
    from nlp_toolkit.batch import engines
    from nlp_toolkit.model import ReadFailure

    client_limit(None)
    (doc,) = engines.run_documents([REPORT], scheduler=scheduler, time_limit=60)
    assert not isinstance(doc, ReadFailure) and doc.metrics
    client_limit(2 / 1024)
    (refused,) = engines.run_documents([REPORT], scheduler=scheduler, time_limit=60)
    assert isinstance(refused, ReadFailure) and "--max-size" in refused.reason and "2 KB" in refused.reason


def test_a_task_limit_wins_over_this_process_s_setting(client_limit):
    client_limit(5.0)
    with limits.file_max_size(0.5):
        assert limits.current().max_size_mb == 0.5
        assert limits.current(8.0).max_size_mb == 8.0  # an explicit value still wins
    with limits.file_max_size(None):
        assert limits.current().max_size_mb == 5.0
    assert limits.current().max_size_mb == 5.0
