#!/usr/bin/env python3
"""Time the pipeline on a folder of reports and print its throughput.

Usage: python scripts/bench.py [PATH ...] [--repeat N] [--startup] [--versus-jieba [--varied DIR]]
                               [--engines N] [--copying DIR] [--rss DIR ...] [--copy-stage N ...]
                               [--profile]

Prints the one-off start-up cost (jieba dictionary, spaCy pipeline, classifier), then per
stage seconds and documents/characters per second over the batch. The figures go in the
closing notes; no test asserts a time. Optional parts:

  --startup        wall time of `nlp-toolkit check` on one small report, in a fresh process
                   (target ≤ 0.7 s)
  --versus-jieba   per-document analysis time against plain `jieba.lcut` over the same texts
                   (same run, one core, median of three; target ≤ 1.5× on the distinct reports
                   of PATH, ≤ 1× on the varied reports of `--varied DIR`, e.g. a synthetic batch)
  --engines N      wall time of analyze_batch in-process, with a pool of N processes and on a
                   Dask LocalCluster of N workers (cross-report rules included)
  --copying DIR    analyse DIR (with --engines N processes, default 2) then time the cross-report
                   rules (copy detection) on it, with peak memory (tracemalloc)
  --rss DIR ...    peak RSS (getrusage of the child) of `nlp-toolkit analyze DIR --jobs 2
                   --format jsonl` per DIR, e.g. synthetic batches of 1,000 and 10,000 reports
  --copy-stage N … the copy detector's candidate search alone on N synthetic rewritten reports
                   (`make_synthetic_batch.rewritten_batch`; structured and fingerprinted by two
                   processes, not timed), with the growth factor per 10× between the counts
  --profile        cProfile of the per-document analysis: the 25 functions with most own time

Every figure is printed with the machine's load average (the machine may be shared).
Synthetic batches: python scripts/make_synthetic_batch.py /tmp/synth (100, 1,000, 10,000 reports).
"""
from __future__ import annotations

import argparse
import math
import os
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(REPO / "corpora" / "demo")])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--startup", action="store_true")
    parser.add_argument("--versus-jieba", action="store_true")
    parser.add_argument("--varied", type=Path, metavar="DIR", help="with --versus-jieba: also on these reports")
    parser.add_argument("--rss", type=Path, nargs="+", metavar="DIR")
    parser.add_argument("--copy-stage", type=int, nargs="+", metavar="N")
    parser.add_argument("--engines", type=int, metavar="N")
    parser.add_argument("--copying", type=Path, nargs="+", metavar="DIR")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--skip-stages", action="store_true", help="skip the per-stage table")
    args = parser.parse_args()
    if args.startup:
        startup()
    for folder in args.rss or ():
        peak_rss(folder)
    if args.copy_stage:
        copy_stage(args.copy_stage)
    if (args.rss or args.copy_stage or args.startup) and not (args.versus_jieba or args.engines or args.copying
                                                               or args.profile):
        return 0

    from nlp_toolkit.batch.pipeline import expand_paths
    from nlp_toolkit.extract import extract_all
    from nlp_toolkit.extract.classifier import load_model
    from nlp_toolkit.nlp import jieba_tokenizer
    from nlp_toolkit.readers import read
    from nlp_toolkit.rules import check_document
    from nlp_toolkit.structure import parse

    t0 = time.perf_counter()
    jieba_tokenizer()
    load_model()
    print(f"start-up (jieba dictionary + classifier): {time.perf_counter() - t0:.2f} s")

    files = list(expand_paths(args.paths))
    if args.versus_jieba:
        versus_jieba(files, "distinct")
        if args.varied:
            versus_jieba(list(expand_paths([args.varied])), "varied")
    if args.profile:
        profile(files)
    if args.engines:
        engines(args.paths, args.engines)
    for folder in args.copying or ():
        copying(folder, args.engines or 2)
    if args.skip_stages:
        return 0
    stages = {"read": 0.0, "structure": 0.0, "extract": 0.0, "rules": 0.0}
    chars = 0
    for _ in range(args.repeat):
        for path in files:
            t = time.perf_counter()
            source = read(path)
            stages["read"] += time.perf_counter() - t
            t = time.perf_counter()
            doc = parse(source)
            stages["structure"] += time.perf_counter() - t
            t = time.perf_counter()
            extract_all(doc)
            stages["extract"] += time.perf_counter() - t
            t = time.perf_counter()
            doc.findings = check_document(doc)
            stages["rules"] += time.perf_counter() - t
            chars += len(doc.text)
    total = sum(stages.values())
    n = len(files) * args.repeat
    print(f"{len(files)} files × {args.repeat} runs, {chars / args.repeat:,.0f} characters per run")
    for stage, seconds in stages.items():
        print(f"  {stage:10s} {seconds / n * 1000:8.1f} ms per document  ({seconds / total:5.1%})")
    print(f"  total      {total / n * 1000:8.1f} ms per document; {n / total:.1f} documents/s; "
          f"{chars / total:,.0f} characters/s")
    return 0


def startup(repeat: int = 5) -> None:
    """Wall time of `nlp-toolkit check` on one small report in a fresh interpreter: one cold run,
    then the best and median of `repeat` more.

    Run as an installed package runs: with its modules' compiled bytecode (pip writes it at
    install). The runs share a private PYTHONPYCACHEPREFIX that the cold run fills, so a
    PYTHONDONTWRITEBYTECODE in the caller's environment cannot make every run compile the
    toolkit's modules again (about 0.09 s here); the cold run pays that compilation."""
    import subprocess
    import sys
    import tempfile

    report = REPO / "corpora" / "demo" / "txt" / "08_township_rectification_report.txt"
    command = [sys.executable, "-m", "nlp_toolkit.cli", "check", str(report)]
    times, cpu = [], []
    with tempfile.TemporaryDirectory(prefix="nlp_toolkit_pycache_") as prefix:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = prefix
        for _ in range(1 + repeat):
            t = time.perf_counter()
            child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO, env=env)
            usage = os.wait4(child.pid, 0)[2]
            times.append(time.perf_counter() - t)
            cpu.append(usage.ru_utime + usage.ru_stime)  # what a busy machine does not inflate
    warm_times, warm_cpu = sorted(times[1:]), sorted(cpu[1:])
    print(f"start-up: `nlp-toolkit check` on one {report.stat().st_size:,}-byte report: "
          f"cold (first, compiling bytecode) {times[0]:.2f} s; then best {warm_times[0]:.2f} s, "
          f"median {warm_times[len(warm_times) // 2]:.2f} s wall of {repeat}; CPU (user + system) cold {cpu[0]:.2f} s, "
          f"median {warm_cpu[len(warm_cpu) // 2]:.2f} s (target ≤ 0.7 s); {load()}")


def load() -> str:
    """The machine's load average, to print beside a figure."""
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} (5 min {five:.2f}) on {os.cpu_count()} cores"


def versus_jieba(files, label: str = "", repeat: int = 3) -> None:
    """Full analysis per document against plain jieba.lcut over the same texts, warm, one core;
    the median of `repeat` rounds (each round times both, one after the other, and starts with
    the text memos empty: a repeated round must not find its own clauses already tagged)."""
    import os

    import jieba

    cores = os.sched_getaffinity(0) if hasattr(os, "sched_setaffinity") else None
    if cores:  # one core: library threads cannot hide work in a second one
        os.sched_setaffinity(0, {min(cores)})
    try:
        _versus_jieba(files, jieba, label, repeat)
    finally:
        if cores:
            os.sched_setaffinity(0, cores)


def _versus_jieba(files, jieba, label: str, repeat: int) -> None:
    from statistics import median

    from nlp_toolkit.batch.engines import warm_up
    from nlp_toolkit.batch.pipeline import analyze_source
    from nlp_toolkit.memo import clear_memos
    from nlp_toolkit.readers import read

    sources = [read(p) for p in files]
    jieba.lcut("预热")
    warm_up()
    chars = sum(len(s.text) for s in sources)
    rounds = []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        for source in sources:
            jieba.lcut(source.text)
        seg, seg_cpu = time.perf_counter() - t, time.process_time() - c
        clear_memos()  # each round a batch seen for the first time, as jieba.lcut sees it
        t, c = time.perf_counter(), time.process_time()
        for source in sources:
            analyze_source(source)
        rounds.append((seg, seg_cpu, time.perf_counter() - t, time.process_time() - c))
    seg, seg_cpu, full, full_cpu = (median(r[k] for r in rounds) for k in range(4))
    wall = median(r[2] / r[0] for r in rounds)
    cpu = median(r[3] / r[1] for r in rounds)
    n = len(sources)
    target = {"distinct": "1.5", "varied": "1"}.get(label, "1.5")
    print(f"versus jieba ({label or 'reports'}): {n} documents, {chars:,} characters, median of {repeat}; {load()}")
    print(f"  jieba.lcut     {seg / n * 1000:8.1f} ms per document (CPU {seg_cpu / n * 1000:.1f} ms)")
    print(f"  full analysis  {full / n * 1000:8.1f} ms per document (CPU {full_cpu / n * 1000:.1f} ms)")
    print(f"  ratio          {wall:8.2f}× wall, {cpu:.2f}× CPU (target ≤ {target}×)")


# The driver run as `python -m nlp_toolkit.cli` runs, writing its own VmHWM to a file as it exits:
# read from outside, the high-water mark of a process that peaks in its last half-second is missed.
_DRIVER = """import atexit, runpy, sys
report = sys.argv.pop(1)
def high_water():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            open(report, "w").write(line.split()[1])
atexit.register(high_water)
runpy.run_module("nlp_toolkit.cli", run_name="__main__")
"""


def peak_rss(folder: Path, jobs: int = 2) -> None:
    """Peak resident memory of `nlp-toolkit analyze FOLDER --jobs 2 --format jsonl` in a child.

    `os.wait4` gives the child's own rusage (its pool workers included: ru_maxrss is the
    largest of the processes it waited for), so runs do not mix; the driver's own peak (the
    process that holds the batch) is its VmHWM, which it writes as it exits (Linux; read while
    it runs where it could not).
    """
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out, report = Path(tmp) / "out.jsonl", Path(tmp) / "driver-hwm"
        command = [sys.executable, "-c", _DRIVER, str(report), "analyze", str(folder), "--jobs", str(jobs),
                   "--format", "jsonl", "-o", str(out)]
        t = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
        driver = 0
        while True:  # the driver's own high-water mark, read while it lives (Linux)
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            driver = max(driver, _high_water_kib(child.pid))
            time.sleep(0.5)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - t
        if report.exists():
            driver = max(driver, int(report.read_text()))
        lines = sum(1 for _ in out.open(encoding="utf-8")) if out.exists() else 0
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    print(f"peak RSS: analyze {folder} ({files:,} files) --jobs {jobs} --format jsonl: largest process "
          f"{usage.ru_maxrss / 1024:,.0f} MiB (getrusage), driver {driver / 1024:,.0f} MiB (VmHWM), "
          f"{seconds:.0f} s, exit {child.returncode}, {lines:,} lines; {load()}")


def _high_water_kib(pid: int) -> int:
    """VmHWM (peak resident set, KiB) of a live process, 0 where /proc does not say."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _fingerprint_text(item: tuple[int, str]):
    """(path, passage spans, signatures) of one synthetic report (a pool task: structure only)."""
    from nlp_toolkit.batch.copying import fingerprint
    from nlp_toolkit.readers import read_text
    from nlp_toolkit.structure import parse

    number, text = item
    doc = parse(read_text(text, path=f"{number:06d}.txt"))
    fp = fingerprint(doc)
    return doc.path, fp.spans, fp.signatures


def copy_stage(counts: list[int], jobs: int = 2) -> None:
    """The copy detector's candidate search (band buckets, then MinHash similarity of the pairs)
    alone on synthetic rewritten reports; documents carry only their fingerprints.

    The alignment of the candidate pairs, the problem groups (no problems are extracted here)
    and the other cross-report rules are not in this figure (`--copying DIR` times them all).
    """
    import multiprocessing
    import sys

    sys.path.insert(0, str(REPO / "scripts"))
    from make_synthetic_batch import rewritten_batch

    import numpy as np

    from nlp_toolkit.batch.copying import common_limit
    from nlp_toolkit.batch.copying.index import _index

    timed = []
    for count in counts:
        t = time.perf_counter()
        texts, planted = rewritten_batch(count)
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            prints = list(pool.imap(_fingerprint_text, enumerate(texts), chunksize=64))
        del texts
        prepared = time.perf_counter() - t
        t = time.perf_counter()
        index = _index({path: spans for path, spans, _ in prints}, np.concatenate([sigs for _, _, sigs in prints]))
        pairs, _ = index.candidates(common_limit(count))
        seconds = time.perf_counter() - t
        found = {tuple(sorted((int(index.refs[a][0][:6]), int(index.refs[b][0][:6])))) for a, b in pairs}
        timed.append((count, seconds))
        print(f"copy stage: {count:,} reports, {len(index.refs):,} passages: candidate search {seconds:.2f} s, "
              f"{len(pairs):,} candidate passage pairs, planted pairs among them {len(planted & found)}/"
              f"{len(planted)} (reports made, structured, fingerprinted by {jobs} processes in {prepared:.0f} s); "
              f"{load()}")
        del prints, index
    for (n0, s0), (n1, s1) in zip(timed, timed[1:]):
        per10 = (s1 / s0) ** (1 / math.log10(n1 / n0)) if s0 > 0 and n1 > n0 else float("nan")
        print(f"  growth {n0:,} → {n1:,} reports: {s1 / s0:.1f}× time, {per10:.1f}× per 10× reports")


def profile(files, top: int = 25) -> None:
    import cProfile
    import pstats

    from nlp_toolkit.batch.engines import warm_up
    from nlp_toolkit.batch.pipeline import analyze_source
    from nlp_toolkit.readers import read

    sources = [read(p) for p in files]
    warm_up()
    profiler = cProfile.Profile()
    profiler.enable()
    for source in sources:
        analyze_source(source)
    profiler.disable()
    print(f"profile: {len(sources)} documents, top {top} by own time")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def engines(paths, jobs: int) -> None:
    from nlp_toolkit.batch.pipeline import analyze_batch

    runs = [("in-process", {}), (f"pool of {jobs}", {"jobs": jobs})]
    try:
        import distributed  # noqa: F401 — the optional extra

        runs.append((f"dask, {jobs} workers", {"engine": "dask", "jobs": jobs}))
    except ImportError:
        pass
    for label, options in runs:
        t = time.perf_counter()
        batch = analyze_batch(paths, **options)
        seconds = time.perf_counter() - t
        print(f"engine {label:18s} {len(batch.documents)} documents in {seconds:.1f} s "
              f"({len(batch.documents) / seconds:.1f} documents/s, start-up included)")


def copying(folder: Path, jobs: int) -> None:
    """Cross-report rules on an analysed folder: time, peak memory and planted copies found.

    The documents are analysed (and fingerprinted, as the engines do) by `jobs` processes; the
    figure that matters is the cross-report stage after gathering: candidate search over band
    keys, alignment of the candidate pairs, problem lists. Peak memory is traced in a second run.
    """
    import json
    import tracemalloc

    from nlp_toolkit.batch import copying as detector
    from nlp_toolkit.batch.engines import run_documents
    from nlp_toolkit.batch.pipeline import expand_paths
    from nlp_toolkit.model import Batch, ReadFailure
    from nlp_toolkit.rules import check_batch

    files = list(expand_paths([folder]))
    t = time.perf_counter()
    results = run_documents(files, jobs=jobs, progress=None)
    analysed = time.perf_counter() - t
    docs = [r for r in results if not isinstance(r, ReadFailure)]
    sample = docs[:200]
    for doc in sample:
        doc.fingerprint = None
    t = time.perf_counter()
    for doc in sample:
        detector.fingerprint(doc)
    per_doc = (time.perf_counter() - t) / max(1, len(sample))
    t = time.perf_counter()
    index = detector.index_documents(docs)
    found = index.candidates(detector.common_limit(len(docs)))
    search = time.perf_counter() - t
    t = time.perf_counter()
    findings = check_batch(Batch(documents=docs))
    seconds = time.perf_counter() - t
    tracemalloc.start()
    check_batch(Batch(documents=docs))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"copying: {len(docs)} reports, {len(index.refs):,} passages (analysed and fingerprinted in "
          f"{analysed:.0f} s by {jobs} processes; fingerprint {per_doc * 1000:.1f} ms per report of that)")
    print(f"  cross-report rules {seconds:.1f} s (candidate search alone {search:.1f} s, "
          f"{len(found[0]):,} candidate passage pairs), peak {peak / 2**20:.0f} MiB traced, "
          f"{len(findings)} findings")
    planted = folder / "planted.json"
    if planted.exists():
        pairs = {tuple(sorted(p)) for p in json.loads(planted.read_text(encoding="utf-8"))}
        hits = {tuple(sorted(Path(p).name for p in f.documents)) for f in findings if f.code == "CPY001"}
        print(f"  planted copies found: {len(pairs & hits)}/{len(pairs)}; "
              f"other report pairs flagged: {len(hits - pairs)}")


if __name__ == "__main__":
    raise SystemExit(main())
