"""Where documents run: in this process, in a local process pool, or on Dask.

Every engine takes the batch's files in order and returns one result per file, in the same
order: a `Document`, or a `ReadFailure` naming the file and the reason (`run_batch` returns them
with the copy candidates an engine searched on its workers, as an `EngineRun`). Engines decide only
where `analysis.analyze_file` runs; cross-report work (`check_batch`) stays with the caller,
after gathering.

    run_documents(files)                       # in this process (no pool, no Dask import), each
                                               # document stopped after DEFAULT_TIME_LIMIT seconds
    run_documents(files, jobs=4)               # a local process pool; each worker loads jieba once
    run_documents(files, time_limit=30)        # a pool (one worker if jobs=1): a document running
                                               # longer is stopped and becomes that file's error
    run_documents(files, time_limit=None)      # no limit at all (math.inf means the same)
    run_documents(files, engine="dask")        # Dask (optional extra), `scheduler=` or a LocalCluster
"""
from __future__ import annotations

import math
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nlp_toolkit.batch.memory import limit_memory, memory_ceiling, memory_limit_mb, memory_reason
from nlp_toolkit.model import Document, ReadFailure
from nlp_toolkit.readers.limits import (TIME_ENV_VAR, clear_time_limit, file_max_size, file_time_limit,
                                        set_time_limit)
from nlp_toolkit.readers.limits import current as current_limits

if TYPE_CHECKING:
    from nlp_toolkit.batch.copying import Candidates
    from nlp_toolkit.rules.ruleset import RuleSet

ENGINES = ("local", "dask")
PROGRESS_MIN_FILES = 5  # automatic progress bars only on batches larger than this

Result = Document | ReadFailure
OnResult = Callable[[int, Result], Any]


class _Results(list):
    """The batch's results in input order; `on_result(index, result)` hears each one as it is stored,
    so a caller can write it out while the rest of the batch still runs."""

    def __init__(self, size: int, on_result: OnResult | None = None):
        super().__init__([None] * size)
        self.on_result = on_result

    def __setitem__(self, index, value) -> None:
        super().__setitem__(index, value)
        if self.on_result is not None:
            self.on_result(index, value)


class _DefaultLimit(float):
    """The limit a caller did not choose: with jobs=1 it is kept in this process (no worker
    process is started for it); a limit chosen explicitly gets a pool of one, which can stop
    a document even inside C code."""


DEFAULT_TIME_LIMIT = _DefaultLimit(120.0)


def normalise_time_limit(limit: float | None) -> float | None:
    """None for no limit (None or infinity); ValueError for zero, negative or NaN."""
    if limit is None or limit == math.inf:
        return None
    if not limit > 0:
        raise ValueError("时间限制必须大于 0 秒")
    return limit


def time_limit_reason(limit: float) -> str:
    """The user's message for a document stopped by the time limit."""
    return f"分析超过单份材料时间限制（{limit:g} 秒），已停止分析此文件，其余文件照常分析"


def worker_died_reason(code: int | None) -> str:
    return f"分析进程意外退出（退出码 {code}），可能是内存不足或文件异常，请单独检查此文件"


# --- a worker dies with its parent ---------------------------------------------------------------

_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent_pid: int) -> None:
    """End this worker when the process that started it dies, even by SIGKILL.

    On Linux the kernel sends SIGKILL (prctl PR_SET_PDEATHSIG); elsewhere, or if that fails, a
    daemon thread watches the parent pid. Either way, a parent already gone ends the worker now.
    """
    if not _kernel_death_signal():
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    if os.getppid() != parent_pid:
        os._exit(1)


def _kernel_death_signal() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int, interval: float = 1.0) -> None:
    while os.getppid() == parent_pid:
        time.sleep(interval)
    os._exit(1)


@dataclass
class EngineRun:
    """What an engine hands back: one result per file, in input order, and the copy detector's
    candidate search when the engine ran it on its workers (Dask), else None."""

    results: list[Result]
    candidates: Candidates | None = None


def run_documents(files: Sequence[str | os.PathLike], **options) -> list[Result]:
    """Analyse `files` and return their results in input order (`run_batch` without the candidates)."""
    return run_batch(files, **options).results


def run_batch(files: Sequence[str | os.PathLike], *, engine: str = "local", jobs: int = 1,
              scheduler: str | None = None, time_limit: float | None = DEFAULT_TIME_LIMIT,
              progress: bool | None = False, classify: bool = True,
              on_result: OnResult | None = None, rules: RuleSet | None = None) -> EngineRun:
    """Analyse `files`: their results in input order, and the candidates if the engine searched.

    Args:
        files: the files of the batch (already expanded), in order.
        engine: "local" (this machine) or "dask".
        jobs: local worker processes; 1 runs in this process, 0 or less uses every core.
            With Dask and no `scheduler`, the number of local workers (0: Dask's default).
        scheduler: address of a running Dask scheduler (implies the Dask engine).
        time_limit: seconds one document may take; a slower one becomes a `ReadFailure`
            (default DEFAULT_TIME_LIMIT, kept in this process when jobs=1; None or math.inf: no limit).
        progress: True shows a bar, False never, None shows one when stderr is a terminal
            and the batch has more than a few files.
        classify: False leaves problems unclassified; no process loads the classifier.
        rules: the `RuleSet` each document is checked with (None: every rule, default settings).
        on_result: called as `on_result(index, result)` in this process as each file's result
            arrives (in completion order; in input order in this process), e.g. to stream output.
    """
    if engine not in ENGINES:
        raise ValueError(f"未知的执行引擎“{engine}”，可选：{'、'.join(ENGINES)}")
    time_limit = normalise_time_limit(time_limit)
    files = [Path(f) for f in files]
    bar = _progress_bar(len(files), progress)
    advance = bar.update if bar else None
    exported = os.environ.get(TIME_ENV_VAR)
    set_time_limit(time_limit)  # OCR of a scan follows it, here and in the workers
    try:
        if engine == "dask" or scheduler:
            from nlp_toolkit.batch.dask_engine import run_dask

            # the limits travel with each task: a worker's environment may not be this process's
            return EngineRun(*run_dask(files, analyze_on_worker, scheduler=scheduler,
                                       workers=jobs if jobs > 0 else None, time_limit=time_limit,
                                       advance=advance, classify=classify, on_result=on_result,
                                       max_size_mb=current_limits().max_size_mb, **_ruled(rules)))
        if jobs <= 0:
            jobs = os.cpu_count() or 1
        if jobs == 1 and (time_limit is None or isinstance(time_limit, _DefaultLimit)):
            return EngineRun(_run_here(files, advance=advance, classify=classify, on_result=on_result,
                                       time_limit=time_limit, rules=rules))
        return EngineRun(ProcessPool(jobs, time_limit=time_limit, classify=classify,
                                     **_ruled(rules)).run(files, advance=advance, on_result=on_result))
    finally:
        _restore_time_limit(exported)
        if bar is not None:
            bar.close()


def _restore_time_limit(exported: str | None) -> None:
    if exported is None:
        clear_time_limit()
    else:
        os.environ[TIME_ENV_VAR] = exported


def _ruled(rules: RuleSet | None) -> dict:
    """`rules=` for the calls below only when a RuleSet is given, so the default run calls
    `analyze_file(path, classify=…)` exactly as before (and stand-ins written for it keep working)."""
    return {} if rules is None else {"rules": rules}


def _run_here(files: list[Path], advance: Callable[[int], Any] | None = None, classify: bool = True,
              on_result: OnResult | None = None, time_limit: float | None = None,
              rules: RuleSet | None = None) -> list[Result]:
    results = _Results(len(files), on_result)
    for index, path in enumerate(files):
        results[index] = analyze_here(path, time_limit, classify, **_ruled(rules))
        if advance:
            advance(1)
    return results


# --- in-process deadline (jobs=1: no worker to kill) -----------------------------------------


class _TimeUp(BaseException):
    """Raised inside the analysis by the interval timer (a BaseException: `analyze_file`'s
    safety net for bugs must not turn it into an internal error)."""


def analyze_here(path: str | os.PathLike, time_limit: float | None, classify: bool = True,
                 rules: RuleSet | None = None) -> Result:
    """`analysis.analyze_file(path)` in this process, stopped after `time_limit` seconds.

    In the main thread, with SIGALRM free, an interval timer interrupts the analysis between
    two Python steps and the file becomes a time-limit `ReadFailure`; elsewhere (another
    thread, or a caller already timing with SIGALRM) the analysis runs in a daemon thread as
    on Dask. A stall inside one C call (a huge regex match) is only stopped by a pool worker.
    """
    from nlp_toolkit.batch import analysis

    if time_limit is None:
        return analysis.analyze_file(path, classify=classify, **_ruled(rules))
    if not _alarm_is_free():
        return analyze_with_deadline(str(path), time_limit, classify, **_ruled(rules))

    def time_up(signum, frame):
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, time_up)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, time_limit)
            return analysis.analyze_file(path, classify=classify, **_ruled(rules))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _TimeUp:  # also when the timer fires just as the analysis returns: never escapes
        return ReadFailure(str(path), time_limit_reason(time_limit))
    finally:
        signal.signal(signal.SIGALRM, previous)


def _alarm_is_free() -> bool:
    """Whether this thread may use SIGALRM: the main thread, POSIX, and no one else's timer."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    return signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN) and \
        signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def _progress_bar(total: int, progress: bool | None):
    if progress is None:
        progress = total > PROGRESS_MIN_FILES and sys.stderr.isatty()
    if not progress:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, unit="份", desc="分析", leave=False, file=sys.stderr)


# --- the local process pool ------------------------------------------------------------------

# A few lines with every part the analysis loads lazily (jieba, the POS tagger, the problem
# classifier, the lexicons), analysed once by each worker before it takes real documents, so
# the one-off loading never counts against a document's time limit.
_WARM_UP_TEXT = """\
某县2024年工作总结
一、主要做法
全年开展培训12次，覆盖党员1.3万名，召开专题会议二十一次。
二、存在问题
一是理论学习不够深入；二是担当作为不够。
三、下一步措施
2025年6月底前完成整改，由县委办牵头。
"""


def warm_up(classify: bool = True) -> None:
    """Load what the analysis loads lazily (once per process); errors surface on real files.

    With `classify=False` the classifier (and spaCy) is not loaded, as the analysis will not.
    """
    try:
        from nlp_toolkit.batch.analysis import analyze_source
        from nlp_toolkit.readers import read_text

        analyze_source(read_text(_WARM_UP_TEXT), classify=classify)
    except Exception:  # noqa: BLE001 — a missing model etc. is reported per document later
        pass


def _worker_main(conn, task: Callable[[str], Result] | None = None, classify: bool = True,
                 parent_pid: int | None = None, memory_mb: float | None = None,
                 rules: RuleSet | None = None) -> None:
    """A pool worker: tie its life to the parent's, cap its memory, warm up, say so, then
    analyse (index, path) tasks until told to stop."""
    if parent_pid is not None:
        _die_with_parent(parent_pid)
    limit_memory(memory_mb)
    from nlp_toolkit.batch import analysis

    task = task or partial(analysis.analyze_file, classify=classify, **_ruled(rules))
    warm_up(classify)
    conn.send(("ready", None, None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if job is None:
            return
        index, path = job
        try:
            result = analysis.with_fingerprint(task(path))  # computed here, not by the parent
        except MemoryError:
            result = ReadFailure(str(path), memory_reason(memory_ceiling()))
        try:
            conn.send(("done", index, result))
        except Exception as exc:  # noqa: BLE001 — an unpicklable result is that file's error
            conn.send(("done", index, ReadFailure(str(path), f"分析结果无法传回（{type(exc).__name__}），请报告此文件")))


class _Worker:
    def __init__(self, ctx, task=None, classify: bool = True, memory_mb: float | None = None,
                 rules: RuleSet | None = None):
        parent, child = ctx.Pipe()
        self.conn = parent
        self.process = ctx.Process(target=_worker_main, args=(child, task, classify, os.getpid(), memory_mb, rules),
                                   daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.task: tuple[int, Path] | None = None
        self.started = time.monotonic()

    def give(self, index: int, path: Path) -> None:
        self.task = (index, path)
        self.started = time.monotonic()
        self.conn.send((index, str(path)))

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def memory_limit_mb_or_env(value: float | None | str) -> float | None:
    return memory_limit_mb() if value == "env" else value


class ProcessPool:
    """Local worker processes, one document at a time each, with a per-document time limit.

    Workers die with the process that started them (`_die_with_parent`). A worker that exceeds
    the limit (or dies) is killed and replaced; its document becomes a
    `ReadFailure` and the rest of the batch goes on. Each worker loads jieba, the POS tagger and
    (when classifying) the classifier once, before its first document (not counted against the limit).

    Args:
        jobs: number of worker processes.
        time_limit: seconds one document may take (None: no limit).
        task: what a worker runs on each path (a picklable function; default
            `analysis.analyze_file`); tests pass a slow or crashing one.
        classify: False: workers leave problems unclassified and never load the classifier.
        rules: the `RuleSet` workers check each document with (None: every rule).
        memory_limit_mb: each worker's address-space ceiling (RLIMIT_AS); a document needing
            more becomes that file's error. Default: `memory_limit_mb()` (2048 MB, or as
            `set_memory_limit` / --memory-limit chose); None: no ceiling.
        mp_context: a multiprocessing start method. "spawn" by default: forking a process
            that has used numpy/BLAS threads (the classifier) can deadlock the child. As with
            any spawned pool, a script must guard its entry point (`if __name__ == "__main__":`).
    """

    WARM_UP_LIMIT = 600.0  # seconds a fresh worker may take to load jieba and the model

    def __init__(self, jobs: int, *, time_limit: float | None = None, task: Callable[[str], Result] | None = None,
                 mp_context: str | None = None, classify: bool = True, memory_limit_mb: float | None | str = "env",
                 rules: RuleSet | None = None):
        import multiprocessing

        self.memory_limit_mb = memory_limit_mb_or_env(memory_limit_mb)
        self.jobs = max(1, jobs)
        self.time_limit = time_limit
        self.task = task
        self.classify = classify
        self.rules = rules
        self.ctx = multiprocessing.get_context(mp_context or "spawn")

    def run(self, files: Sequence[Path], advance: Callable[[int], Any] | None = None,
            on_result: OnResult | None = None) -> list[Result]:
        from multiprocessing.connection import wait

        results = _Results(len(files), on_result)
        pending = list(enumerate(files))[::-1]  # pop() from the end takes files in order
        remaining = len(files)
        workers = [self._start() for _ in range(min(self.jobs, len(files)))]
        try:
            while remaining:
                for w in workers:
                    if w.ready and w.task is None and pending:
                        w.give(*pending.pop())
                waitables = {w.conn: w for w in workers}
                waitables.update({w.process.sentinel: w for w in workers})
                ready = wait(list(waitables), timeout=self._next_deadline(workers))
                for obj in ready:
                    w = waitables[obj]
                    if w not in workers:
                        continue  # replaced earlier in this round
                    finished, closed = self._receive(w, results)
                    remaining -= finished
                    if finished and advance:
                        advance(finished)
                    if closed:  # the worker died (or closed its end): its document failed
                        w.process.join(timeout=5)
                        workers[workers.index(w)] = self._replace(w, results, dead=True)
                        if w.task is not None:
                            remaining -= 1
                            if advance:
                                advance(1)
                now = time.monotonic()
                for w in workers:
                    if not w.ready and now - w.started > self.WARM_UP_LIMIT:
                        raise RuntimeError(f"分析进程启动超过 {self.WARM_UP_LIMIT:g} 秒仍未就绪")
                if self.time_limit is not None:
                    for i, w in enumerate(workers):
                        if w.task is not None and now - w.started > self.time_limit:
                            workers[i] = self._replace(w, results, dead=False)
                            remaining -= 1
                            if advance:
                                advance(1)
        finally:
            for w in workers:
                w.stop(kill=bool(remaining))
        return results  # type: ignore[return-value]

    def _receive(self, w: _Worker, results: list) -> tuple[int, bool]:
        """Read what `w` sent: (documents it finished, whether its end of the pipe is closed)."""
        finished = 0
        while w.conn.poll():
            try:
                kind, index, result = w.conn.recv()
            except (EOFError, OSError):
                return finished, True
            if kind == "ready":
                w.ready = True
            else:
                results[index] = result
                w.task = None
                finished += 1
        return finished, not w.process.is_alive()

    def _replace(self, w: _Worker, results: list, *, dead: bool) -> _Worker:
        """Kill `w`, record its document as failed, and start a fresh worker."""
        code = w.process.exitcode
        w.stop(kill=True)
        if dead and not w.ready:
            raise RuntimeError(f"分析进程未能启动（退出码 {code}）")
        if w.task is not None:
            index, path = w.task
            reason = worker_died_reason(code) if dead else time_limit_reason(self.time_limit)
            results[index] = ReadFailure(str(path), reason)
        return self._start()

    def _start(self) -> _Worker:
        return _Worker(self.ctx, self.task, self.classify, self.memory_limit_mb, self.rules)

    def _next_deadline(self, workers: list[_Worker]) -> float:
        deadlines = [w.started + self.WARM_UP_LIMIT for w in workers if not w.ready]
        if self.time_limit is not None:
            deadlines += [w.started + self.time_limit for w in workers if w.task is not None]
        if not deadlines:
            return 1.0
        return max(0.0, min(deadlines) - time.monotonic()) + 0.01


# --- in-thread deadline (Dask workers cannot kill one task) ----------------------------------


def analyze_on_worker(path: str, time_limit: float | None, classify: bool = True,
                      rules: RuleSet | None = None, max_size_mb: float | None = None) -> Result:
    """The Dask task: `analyze_with_deadline`, then the document's copy-detection fingerprint
    (computed on the worker, so that the client does not compute it for the whole batch).

    The run's `time_limit` and `--max-size` (`max_size_mb`) come with the task, and the reads
    follow them (`limits.file_time_limit`, `limits.file_max_size`): the OCR of a scan stops at
    its share of the time and a file over the size is refused on a remote worker too, whose
    environment never saw the client's `set_time_limit` and `set_max_size`."""
    from nlp_toolkit.batch import analysis

    return analysis.with_fingerprint(analyze_with_deadline(path, time_limit, classify, max_size_mb=max_size_mb,
                                                           **_ruled(rules)))


def analyze_with_deadline(path: str, time_limit: float | None, classify: bool = True,
                          rules: RuleSet | None = None, max_size_mb: float | None = None) -> Result:
    """`analysis.analyze_file(path)`, or a time-limit `ReadFailure` if it takes longer.

    Used where a task cannot be killed (Dask): the analysis runs in a daemon thread, and past
    the limit the task returns the failure so the batch goes on; the thread is abandoned.
    The reads follow `time_limit` (its OCR share too) and `max_size_mb` (None: this process's
    `--max-size`), not this process's environment, which on a worker started elsewhere never saw
    the client's `set_time_limit` or `set_max_size`.
    """
    from nlp_toolkit.batch import analysis

    def run() -> Result:
        with file_time_limit(time_limit), file_max_size(max_size_mb):
            return analysis.analyze_file(path, classify=classify, **_ruled(rules))

    if time_limit is None:
        return run()
    box: list[Result] = []
    thread = threading.Thread(target=lambda: box.append(run()), daemon=True)
    thread.start()
    thread.join(time_limit)
    if box:
        return box[0]
    return ReadFailure(str(path), time_limit_reason(time_limit))
