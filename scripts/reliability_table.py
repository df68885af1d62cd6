"""Run every generated case of issue 20 through the command line and measure it.

    .venv/bin/python scripts/reliability_table.py [CASE ...] [--time-limit S]

Each case's input is built by scripts/make_hostile_inputs.py in a temporary folder (deleted
after), then `nlp-toolkit analyze FILE --format json` runs under ``/usr/bin/time -v`` (the
default engine: in this process, 120 s per file). Prints one Markdown row per case: what
happened (read, or the reason it was refused), exit code, wall time and peak resident memory.
Times depend on the machine and its load; no test asserts them.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))


def measure(path: Path, extra: list[str]) -> dict:
    cmd = ["/usr/bin/time", "-v", sys.executable, "-m", "nlp_toolkit.cli", "analyze", str(path), "--format", "json",
           *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", proc.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    outcome = "?"
    try:
        out = json.loads(proc.stdout)
        if out["documents"]:
            outcome = "read"
        elif out["errors"]:
            outcome = out["errors"][0]["reason"]
    except (json.JSONDecodeError, KeyError, IndexError):
        outcome = proc.stderr.strip().splitlines()[0] if proc.stderr.strip() else "?"
    return {"rc": proc.returncode, "wall": _seconds(wall.group(1)) if wall else None,
            "rss_mb": int(rss.group(1)) // 1024 if rss else None, "outcome": outcome}


def _seconds(clock: str) -> float:
    parts = [float(p) for p in clock.split(":")]
    return sum(p * 60 ** i for i, p in enumerate(reversed(parts)))


def main(argv: list[str] | None = None) -> int:
    import make_hostile_inputs as hostile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help=", ".join(hostile.CASES))
    parser.add_argument("--time-limit", help="passed to analyze (default: the engine's 120 s)")
    args = parser.parse_args(argv)
    extra = ["--time-limit", args.time_limit] if args.time_limit else []
    print("| case | input | outcome | rc | time (s) | peak RSS (MB) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in args.cases or hostile.CASES:
        work = Path(tempfile.mkdtemp(prefix="nlp-toolkit-case-"))
        try:
            path = hostile.build(work, [name])[name]
            size = path.stat().st_size
            m = measure(path, extra)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(f"| {name} | {size / 1024 / 1024:.1f} MB | {m['outcome']} | {m['rc']} | {m['wall']:.1f} | "
              f"{m['rss_mb']} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
