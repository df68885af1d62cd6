"""The default per-file time limit: every engine has one, the in-process engine included
(issue 20: with jobs=1 and no --time-limit a runaway file ran unbounded)."""
from __future__ import annotations

import math
import multiprocessing
import signal
import threading
import time
from pathlib import Path

import pytest

from nlp_toolkit import cli
from nlp_toolkit.batch import analysis, engines, pipeline
from nlp_toolkit.batch.pipeline import analyze_batch
from nlp_toolkit.model import ReadFailure

ROOT = Path(__file__).resolve().parents[2]
DEMO = sorted((ROOT / "corpora" / "demo" / "txt").glob("*.txt"))[:3]


@pytest.fixture
def stuck_second_file(monkeypatch):
    """Analysis that never ends on the second demo file; the others finish at once ("done")."""

    def analyze_file(path, classify=True):
        if Path(path) == DEMO[1]:
            time.sleep(600)
        return "done"

    monkeypatch.setattr(analysis, "analyze_file", analyze_file)  # what every engine runs

    def no_pool(*args, **kwargs):
        raise AssertionError("the default limit must not start a worker process")

    monkeypatch.setattr(engines, "ProcessPool", no_pool)


def test_a_runaway_file_becomes_its_error_in_process_and_the_batch_goes_on(stuck_second_file):
    limit = engines._DefaultLimit(0.5)
    results = engines.run_documents(DEMO, time_limit=limit)
    assert results[0] == results[2] == "done"
    assert isinstance(results[1], ReadFailure)
    assert results[1].path == str(DEMO[1]) and results[1].reason == engines.time_limit_reason(limit)
    assert multiprocessing.active_children() == []
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL  # the timer and handler are put back
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_outside_the_main_thread_the_limit_holds_through_a_thread(stuck_second_file):
    box = []
    worker = threading.Thread(target=lambda: box.append(engines.analyze_here(DEMO[1], 0.3)))
    worker.start()
    worker.join(60)
    assert isinstance(box[0], ReadFailure) and "时间限制" in box[0].reason


def test_run_documents_and_analyze_batch_default_to_the_limit_in_process(monkeypatch):
    seen = []
    monkeypatch.setattr(engines, "analyze_here", lambda path, limit, classify=True: seen.append(limit) or
                        ReadFailure(str(path), "x"))
    monkeypatch.setattr(engines, "ProcessPool", None)  # calling it would fail: no pool for the default
    analyze_batch(DEMO[:1])
    engines.run_documents(DEMO[:1])
    assert seen == [engines.DEFAULT_TIME_LIMIT] * 2 and engines.DEFAULT_TIME_LIMIT == 120
    engines.run_documents(DEMO[:1], time_limit=math.inf)
    engines.run_documents(DEMO[:1], time_limit=None)
    assert seen[2:] == [None, None]


def test_a_limit_that_is_not_a_positive_number_is_a_value_error_not_a_crash():
    for bad in (0, -1, math.nan):
        with pytest.raises(ValueError, match="时间限制必须大于 0 秒"):
            engines.run_documents(DEMO[:1], time_limit=bad)


def test_cli_time_limit_none_inf_and_default():
    parse = cli.build_parser().parse_args
    assert "time_limit" not in cli._engine_options(parse(["analyze", "x.txt"]))  # the engines' default
    for word in ("none", "inf", "不限"):
        assert cli._engine_options(parse(["analyze", "x.txt", "--time-limit", word]))["time_limit"] is None
    for bad in (["--time-limit", "0"], ["--time-limit", "nan"], ["--max-size", "inf"]):
        with pytest.raises(SystemExit) as exc:
            parse(["analyze", "x.txt", *bad])
        assert exc.value.code == 2


@pytest.mark.parametrize("limit, ocr_seconds", [(60.0, 50.0), (None, None), (engines.DEFAULT_TIME_LIMIT, 100.0)])
def test_ocr_of_a_scan_follows_the_per_file_limit_and_the_setting_is_restored(monkeypatch, limit, ocr_seconds):
    """Issue 16: the OCR budget is a share of --time-limit (none lifts it), in the process that reads."""
    from nlp_toolkit.readers import limits

    monkeypatch.delenv(limits.TIME_ENV_VAR, raising=False)
    seen = []
    monkeypatch.setattr(analysis, "analyze_file",
                        lambda path, classify=True: seen.append(limits.current()) or "done")
    monkeypatch.setattr(engines, "ProcessPool", lambda *a, **k: pytest.fail("no pool wanted here"))
    monkeypatch.setattr(engines, "_alarm_is_free", lambda: False)  # explicit limits run in a thread
    if limit is not None and not isinstance(limit, engines._DefaultLimit):
        monkeypatch.setattr(engines, "_DefaultLimit", float)  # keep an explicit limit in this process
    engines.run_batch(DEMO[:1], time_limit=limit)
    assert seen[0].ocr_seconds == ocr_seconds
    assert seen[0].time_limit == (None if limit is None else float(limit))
    assert limits.TIME_ENV_VAR not in __import__("os").environ  # nothing left behind for the next caller
