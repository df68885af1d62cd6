"""Engines: in-process, local process pool (with a per-document time limit) and Dask agree."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from nlp_toolkit.batch import analysis, engines, pipeline
from nlp_toolkit.batch.pipeline import analyze_batch, analyze_file, expand_paths
from nlp_toolkit.model import Batch, Document, ReadFailure
from nlp_toolkit.output.json import batch_dict

ROOT = Path(__file__).resolve().parents[2]
DEMO_TXT = ROOT / "corpora" / "demo" / "txt"


def _json(batch) -> str:
    return json.dumps(batch_dict(batch), ensure_ascii=False, sort_keys=True)


@pytest.fixture(scope="module")
def local_json() -> str:
    return _json(analyze_batch([DEMO_TXT]))


def test_local_engine_does_not_import_dask_or_start_processes():
    code = ("import sys; from nlp_toolkit.batch.pipeline import analyze_batch; b = analyze_batch([]); "
            "assert not b.documents; "
            "assert not {'dask', 'distributed', 'multiprocessing.pool'} & set(sys.modules), sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def _sabotaged(path):
    """Analysis that never ends on report 03 and kills its worker on report 04 (spawn-safe)."""
    name = Path(path).name
    if name.startswith("03_"):
        time.sleep(300)
    if name.startswith("04_"):
        os._exit(3)
    return pipeline.analyze_file(path)


def test_process_pool_equals_local_and_survives_a_stuck_and_a_crashing_document(local_json):
    files = list(expand_paths([DEMO_TXT]))
    started = time.monotonic()
    results = engines.ProcessPool(2, time_limit=5, task=_sabotaged).run(files)
    assert time.monotonic() - started < 120
    assert [r.path for r in results] == [str(p) for p in files]  # input order
    failed = {Path(r.path).name[:3]: r.reason for r in results if isinstance(r, ReadFailure)}
    assert set(failed) == {"03_", "04_"}
    assert "时间限制（5 秒）" in failed["03_"]
    assert "退出码 3" in failed["04_"]
    expected = json.loads(local_json)["documents"]
    got = [batch_dict(Batch(documents=[r]))["documents"][0] for r in results if isinstance(r, Document)]
    assert json.dumps(got, sort_keys=True) == json.dumps(
        [d for d in expected if not Path(d["path"]).name.startswith(("03_", "04_"))], sort_keys=True)


def test_analyze_batch_hands_jobs_and_time_limit_to_the_pool(monkeypatch):
    seen = {}

    class FakePool:
        def __init__(self, jobs, *, time_limit=None, classify=True, rules=None):
            seen.update(jobs=jobs, time_limit=time_limit, classify=classify)
            seen.update({"rules": rules} if rules is not None else {})

        def run(self, files, advance=None, on_result=None):
            return [ReadFailure(str(f), "未运行") for f in files]

    monkeypatch.setattr(engines, "ProcessPool", FakePool)
    batch = analyze_batch([DEMO_TXT], jobs=3, time_limit=7)
    assert seen == {"jobs": 3, "time_limit": 7, "classify": True} and len(batch.errors) == len(list(expand_paths([DEMO_TXT]))) and not batch.documents
    analyze_batch([DEMO_TXT], time_limit=7, classify=False)  # a limit needs a process to stop: a pool of one
    assert seen == {"jobs": 1, "time_limit": 7, "classify": False}
    from nlp_toolkit.rules import RuleSet

    analyze_batch([DEMO_TXT], jobs=2, rules=RuleSet(select=("NUM",)))  # the RuleSet goes to the workers
    assert seen["rules"] == RuleSet(select=("NUM",))


def test_time_limit_reason_is_chinese_and_names_the_limit():
    assert engines.time_limit_reason(30) == "分析超过单份材料时间限制（30 秒），已停止分析此文件，其余文件照常分析"


def test_dask_local_cluster_equals_local(local_json):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        batch = analyze_batch([DEMO_TXT], engine="dask", scheduler=cluster.scheduler_address)
        run = engines.run_batch(sorted(expand_paths([DEMO_TXT])), scheduler=cluster.scheduler_address)
    assert _json(batch) == local_json
    searched = run.candidates  # the candidate search ran as a shuffle on the cluster…
    docs = [r for r in run.results if isinstance(r, Document)]
    assert searched is not None and len(searched.pairs) and searched.fits(docs, searched.limit)
    from nlp_toolkit.batch import copying

    local = copying.index_documents(docs).candidates(searched.limit)  # …and found what it finds here
    assert np.array_equal(searched.pairs, local[0]) and np.array_equal(searched.common, local[1])


def test_band_key_shuffle_pieces_pair_what_one_search_pairs():
    """The Dask engine's tasks, run here: cut by key in chunks, paired per partition."""
    from nlp_toolkit.batch import copying, dask_engine, lsh

    docs = [analyze_file(p) for p in sorted(expand_paths([DEMO_TXT]))]
    limit = copying.common_limit(len(docs))
    order = list(range(len(docs)))[::-1]  # chunks of documents as they finish, in any order
    cut = [dask_engine.band_rows_by_partition(order[k:k + 5], 3, *[docs[i] for i in order[k:k + 5]])
           for k in range(0, len(docs), 5)]
    found = [dask_engine.partition_pairs(limit, *[c[p] for c in cut]) for p in range(3)]
    index = copying.index_documents(docs)
    offsets = np.r_[0, np.cumsum([len(index.spans[d.path]) for d in docs])]
    position = {i: i for i in range(len(docs))}
    pairs = np.unique(np.concatenate([dask_engine._to_rows(f[0], offsets, position) for f in found]), axis=0)
    expected, common = lsh.bucket_pairs(*index.band_rows(), limit)
    assert len(expected) and np.array_equal(pairs, expected)
    assert sorted(np.concatenate([dask_engine._to_rows(f[1], offsets, position) for f in found]).tolist()) == \
        sorted(common.tolist())


def test_dask_soft_time_limit_returns_an_error(monkeypatch):
    monkeypatch.setattr(analysis, "analyze_file", lambda path, **options: time.sleep(5))
    result = engines.analyze_with_deadline("slow.txt", 0.1)
    assert isinstance(result, ReadFailure) and "0.1 秒" in result.reason


def test_progress_bar_only_on_a_terminal_and_larger_batches(monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    assert engines._progress_bar(100, None) is None
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert engines._progress_bar(3, None) is None
    bar = engines._progress_bar(100, None)
    assert bar is not None
    bar.close()
    assert engines._progress_bar(100, False) is None


def test_cli_engine_flags(monkeypatch):
    from nlp_toolkit import cli

    args = cli.build_parser().parse_args(["analyze", "x.txt", "--jobs", "3", "--time-limit", "2.5"])
    assert cli._engine_options(args) == {"jobs": 3, "engine": "local", "scheduler": None, "time_limit": 2.5}
    args = cli.build_parser().parse_args(["check", "x.txt", "--scheduler", "tcp://h:8786"])
    assert cli._engine_options(args)["engine"] == "dask"
    for bad in (["--jobs", "-1"], ["--time-limit", "0"], ["--engine", "spark"]):
        with pytest.raises(SystemExit) as exc:
            cli.build_parser().parse_args(["analyze", "x.txt", *bad])
        assert exc.value.code == 2


def test_cli_dask_without_the_extra_says_how_to_install(monkeypatch, capsys):
    import importlib.util

    from nlp_toolkit import cli

    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    with pytest.raises(SystemExit) as exc:
        cli.build_parser().parse_args(["analyze", "x.txt", "--engine", "dask"])
    assert exc.value.code == 2
    assert "nlp-toolkit[dask]" in capsys.readouterr().err


def test_pool_reports_each_result_as_it_arrives_and_once():
    files = list(expand_paths([DEMO_TXT]))[:4]
    heard: list[tuple[int, str]] = []
    results = engines.ProcessPool(2, time_limit=60, task=_sabotaged).run(
        files, on_result=lambda i, r: heard.append((i, r.path)))
    assert sorted(heard) == [(i, str(p)) for i, p in enumerate(files)]
    assert [r.path for r in results] == [str(p) for p in files]


def test_in_process_results_are_heard_in_input_order_before_the_batch_rules(monkeypatch):
    import nlp_toolkit.rules as rules

    files = list(expand_paths([DEMO_TXT]))[:3]
    events = []
    check_batch = rules.check_batch
    monkeypatch.setattr(rules, "check_batch", lambda batch, **kw: events.append("batch rules") or check_batch(batch, **kw))
    batch = analyze_batch(files, on_result=lambda i, r: events.append((i, r.path)))
    assert events == [(i, str(p)) for i, p in enumerate(files)] + ["batch rules"]
    assert len(batch.documents) == 3
