"""Run a batch's documents on Dask (dask.distributed) — the optional extra `nlp-toolkit[dask]`.

Without a scheduler address a `distributed.LocalCluster` of process workers (one thread each)
is started for the run and closed after it. Workers read the files themselves, so with a remote
scheduler the paths must be visible to every worker (a shared folder). Results come back in
input order; cross-report work stays with the caller.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

INSTALL_HINT = "使用 Dask 引擎需要安装可选依赖：pip install 'nlp-toolkit[dask]'"


class DaskUnavailable(ImportError):
    """dask.distributed is not installed."""


def require_distributed():
    """The `distributed` module, or `DaskUnavailable` with the install command."""
    try:
        import distributed
    except ImportError as exc:
        raise DaskUnavailable(INSTALL_HINT) from exc
    return distributed


def run_dask(files: Sequence[Path], *, scheduler: str | None = None, workers: int | None = None,
             time_limit: float | None = None, advance: Callable[[int], Any] | None = None) -> list:
    """`Document` or `ReadFailure` per file, in input order, computed on Dask workers."""
    distributed = require_distributed()
    from nlp_toolkit.batch.engines import analyze_with_deadline

    if not files:
        return []
    cluster = None
    if scheduler:
        client = distributed.Client(scheduler)
    else:
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=logging.ERROR)
        client = distributed.Client(cluster)
    try:
        futures = client.map(analyze_with_deadline, [str(p) for p in files], time_limit=time_limit, pure=False)
        if advance:
            for _ in distributed.as_completed(futures):
                advance(1)
        return client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
