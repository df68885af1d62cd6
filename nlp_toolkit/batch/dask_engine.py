"""Run a batch's documents on Dask (dask.distributed) — the optional extra `nlp-toolkit[dask]`.

Without a scheduler address a `distributed.LocalCluster` of process workers (one thread each)
is started for the run and closed after it. Workers read the files themselves, so with a remote
scheduler the paths must be visible to every worker (a shared folder). Results come back in
input order.

The copy detector's candidate search runs on the cluster too, as a shuffle on LSH band keys:
each task of `CHUNK` documents cuts its passages' band rows (key, passage id, document) into
`partitions` pieces by key, each partition task gathers its piece from every chunk — so all
the rows of a key meet in one place — and pairs the passages sharing a key
(`lsh.bucket_pairs`). Only the pairs come back; the similarity check, the alignment and the
other cross-report rules run with the caller (`engines.EngineRun.candidates`), on the same
candidates the local engine would find.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from operator import getitem
from typing import Any

import numpy as np

CHUNK = 64  # documents whose band rows one task cuts into partitions
PASSAGE_BITS = 20  # a passage id is (file number << PASSAGE_BITS) | passage number


INSTALL_HINT = "使用 Dask 引擎需要安装可选依赖：pip install 'nlp-toolkit[dask]'"


class SchedulerUnreachable(RuntimeError):
    """The Dask scheduler named cannot be reached; `reason` is the user's message."""

    def __init__(self, address: str, exc: Exception):
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        self.reason = f"无法连接 Dask 调度器 {address}（{first}），请检查地址和调度器是否已启动"
        super().__init__(self.reason)


class DaskUnavailable(ImportError):
    """dask.distributed is not installed."""


def require_distributed():
    """The `distributed` module, or `DaskUnavailable` with the install command."""
    try:
        import distributed
    except ImportError as exc:
        raise DaskUnavailable(INSTALL_HINT) from exc
    return distributed


def run_dask(files: Sequence[Path], task: Callable[..., Any], *, scheduler: str | None = None,
             workers: int | None = None, time_limit: float | None = None,
             advance: Callable[[int], Any] | None = None, classify: bool = True,
             on_result: Callable[[int, Any], Any] | None = None, **task_options) -> tuple[list, Any]:
    """(`Document` or `ReadFailure` per file in input order, the copy candidates), computed on Dask.

    The second item is the copy detector's candidate search (`copying.Candidates`, run as a
    shuffle on the cluster), or None with fewer than two documents.

    `task(path, time_limit, classify, **task_options)` analyses one file on a worker (the engines
    pass `engines.analyze_on_worker`, a picklable module-level function, the run's size limit
    as `max_size_mb=` and its `RuleSet` as `rules=` when there is one): like `time_limit`, the
    limits travel with the task, since a worker's environment need not be the client's.
    """
    distributed = require_distributed()

    if not files:
        return [], None
    cluster = None
    if scheduler:
        try:
            client = distributed.Client(scheduler)
        except (OSError, TimeoutError, ValueError) as exc:
            raise SchedulerUnreachable(scheduler, exc) from None
    else:
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=logging.ERROR)
        client = distributed.Client(cluster)
    try:
        futures = client.map(task, [str(p) for p in files], time_limit=time_limit,
                             classify=classify, pure=False, **task_options)
        parts = max(2, 2 * len(client.scheduler_info().get("workers", {})))
        results, cut = _gather_and_cut(distributed, client, futures, parts, advance, on_result)
        return results, _copy_candidates(client, cut, parts, results)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _gather_and_cut(distributed, client, futures: list, parts: int, advance, on_result) -> tuple[list, list]:
    """The results in input order, each heard as it arrives (the very objects `on_result` heard: a
    streaming run cuts them down in place), and the band-row tasks of the copy search, submitted
    `CHUNK` documents at a time as they finish. `futures` is emptied: once its band rows are cut, a
    document is released from its worker, so workers hold a chunk's documents, not the batch's."""
    index_of = {f.key: i for i, f in enumerate(futures)}
    results: list = [None] * len(futures)
    cut, waiting = [], []
    finished = distributed.as_completed(futures)
    futures.clear()
    for future in finished:
        index = index_of[future.key]
        results[index] = future.result()
        if on_result:
            on_result(index, results[index])
        if advance:
            advance(1)
        if _is_document(results[index]):
            waiting.append((index, future))
        if len(waiting) == CHUNK:
            cut.append(_cut(client, waiting, parts))
            waiting = []
    if waiting:
        cut.append(_cut(client, waiting, parts))
    return results, cut


def _is_document(result) -> bool:
    from nlp_toolkit.model import Document

    return isinstance(result, Document)


def _cut(client, waiting: list, parts: int):
    numbers = [index for index, _ in waiting]
    return client.submit(band_rows_by_partition, numbers, parts, *(future for _, future in waiting), pure=False)


def _copy_candidates(client, cut: list, parts: int, results: list):
    """The copy detector's candidate search over the documents, shuffled on band keys."""
    from nlp_toolkit.batch import copying

    numbers = [i for i, r in enumerate(results) if _is_document(r)]
    docs = [results[i] for i in numbers]
    if len(docs) < 2:
        return None
    pieces = [[client.submit(getitem, c, p, pure=False) for c in cut] for p in range(parts)]
    position = {n: k for k, n in enumerate(numbers)}

    def bucket_search(limit):
        found = client.gather([client.submit(partition_pairs, limit, *piece, pure=False) for piece in pieces])
        pairs = np.concatenate([f[0] for f in found])  # one piece per partition: never empty
        common = np.concatenate([f[1] for f in found])
        return _to_rows(pairs, offsets, position), _to_rows(common, offsets, position)

    index = copying.index_documents(docs)
    offsets = np.r_[0, np.cumsum([len(index.spans[d.path]) for d in docs])].astype(np.int64)
    limit = copying.common_limit(len(docs))
    return copying.Candidates(index, *index.candidates(limit, bucket_search), limit)


def band_rows_by_partition(numbers: Sequence[int], parts: int, *docs) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The band rows (key, passage id, file number) of documents, cut into `parts` by key.

    `docs` are the results of files `numbers` (in any order); a failure among them has no rows.
    """
    from nlp_toolkit.batch import copying, lsh
    from nlp_toolkit.model import Document

    keys, ids, owners = [], [], []
    for number, doc in zip(numbers, docs):
        if not isinstance(doc, Document):
            continue
        band = lsh.band_keys(copying.fingerprint(doc).signatures)
        passage = np.repeat(np.arange(len(band), dtype=np.int64), band.shape[1])
        keys.append(band.ravel())
        ids.append((np.int64(number) << PASSAGE_BITS) | passage)
        owners.append(np.full(band.size, number, dtype=np.int64))
    if not keys:
        empty = np.empty(0, dtype=np.int64)
        return [(empty, empty, empty)] * parts
    keys, ids, owners = np.concatenate(keys), np.concatenate(ids), np.concatenate(owners)
    part = keys.view(np.uint64) % np.uint64(parts)
    return [(keys[part == p], ids[part == p], owners[part == p]) for p in range(parts)]


def partition_pairs(limit: float | None, *pieces) -> tuple[np.ndarray, np.ndarray]:
    """`lsh.bucket_pairs` over one partition: the pieces every chunk cut for it."""
    from nlp_toolkit.batch import lsh

    keys, ids, owners = (np.concatenate([piece[k] for piece in pieces]) for k in range(3))
    return lsh.bucket_pairs(keys, ids, owners, limit)


def _to_rows(ids: np.ndarray, offsets: np.ndarray, position: dict[int, int]) -> np.ndarray:
    """Passage ids (file number, passage number) as rows of the index over the gathered documents."""
    files = ids >> PASSAGE_BITS
    start = offsets[np.asarray([position[int(f)] for f in files.ravel()], dtype=np.int64)].reshape(ids.shape)
    return start + (ids & ((1 << PASSAGE_BITS) - 1))
