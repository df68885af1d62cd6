"""Soak test of issue 20: a large batch with bad files, killed and restarted, must lose nothing.

    .venv/bin/python scripts/soak.py [--files 2000] [--jobs 2] [--work DIR] [--keep]

Builds a batch of `--files` reports (scripts/make_synthetic_batch.py --copying) in which one file
in ten is bad, each bad one in a different way in turn (the bad-input folder of
scripts/make_bad_inputs.py plus the hostile PDFs of scripts/make_hostile_inputs.py and a link
out of the folder). Then, all with ``analyze --jobs N --format jsonl -o … --archive …``:

1. a clean run into its own archive (the reference);
2. a run killed with SIGKILL once a third of the files are done, and a second one killed once
   its output is complete (while it archives), both into a second archive;
3. a run into that archive that is left to finish.

Checks and prints: every file accounted for exactly once in the final output (document, error or
skipped), the good files' documents identical to the clean run's, the archive holding one batch
with the clean run's counts, the killed runs' workers gone within seconds, no temporary file
(.part, SQLite journal) left in the work folder and no process left. Exit code 0 if all hold.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

BAD_KINDS = ("empty.txt", "whitespace.txt", "binary.txt", "truncated.docx", "corrupt.docx", "truncated.pdf",
             "corrupt.pdf", "encrypted.pdf", "scanned.pdf", "zip_bomb.docx", "entity_bomb.docx",
             "dangling_link.txt", "notes.md", "xobject_bomb.pdf", "pua.pdf", "outside_link.txt")


def build(work: Path, n_files: int) -> tuple[Path, dict[str, str]]:
    """The batch folder and, per bad file name, its kind."""
    import make_bad_inputs
    import make_hostile_inputs
    import make_synthetic_batch

    n_bad = n_files // 10
    src = make_synthetic_batch.build_copying(work / "src", n_files - n_bad)
    bad_src = work / "bad_src"
    make_bad_inputs.build(bad_src, log=lambda *_: None)
    make_hostile_inputs.xobject_bomb(bad_src / "xobject_bomb.pdf")
    make_hostile_inputs.pua_pdf(bad_src / "pua.pdf")
    outside = work / "outside_secret.txt"
    outside.write_text("不应被读取的文件：口令 hunter2\n", encoding="utf-8")
    batch = work / "batch"
    batch.mkdir()
    for path in sorted(src.glob("*.txt")):
        shutil.move(str(path), batch / path.name)
    kinds = {}
    for i in range(n_bad):
        kind = BAD_KINDS[i % len(BAD_KINDS)]
        name = f"bad_{i:04d}_{kind}"
        target = batch / name
        if kind == "dangling_link.txt":
            target.symlink_to("nowhere/missing.txt")
        elif kind == "outside_link.txt":
            target.symlink_to(outside)
        else:
            shutil.copyfile(bad_src / kind, target)
        kinds[name] = kind
    return batch, kinds


def command(batch: Path, out: Path, archive: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "nlp_toolkit.cli", "analyze", str(batch), "--jobs", str(jobs),
            "--format", "jsonl", "-o", str(out), "--force", "--archive", str(archive)]


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        return "\nState:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def _lines_in_part(work: Path, out: Path) -> tuple[int, bool]:
    """(lines written, summary written) in the run's temporary output file."""
    for part in work.glob(f".{out.name}.*.part"):
        try:
            text = part.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        return text.count("\n"), '"type": "summary"' in text
    return 0, False


def killed_run(cmd: list[str], work: Path, out: Path, *, after_lines: int | None, env) -> dict:
    """Start a run, SIGKILL it when `after_lines` lines are out (None: once the output file is in
    place, while the batch is archived), and report whether its workers died with it."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    while proc.poll() is None:
        lines, summary = _lines_in_part(work, out)
        if (after_lines is not None and lines >= after_lines) or (after_lines is None and out.exists()):
            break
        time.sleep(0.1)
    workers = _children(proc.pid)
    finished = proc.poll() is not None
    if not finished:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    lines, _ = _lines_in_part(work, out)
    killed_at = time.monotonic()
    while any(_alive(w) for w in workers) and time.monotonic() - killed_at < 30:
        time.sleep(0.1)
    return {"seconds": round(killed_at - started, 1), "lines_out": lines, "finished_before_kill": finished,
            "workers": len(workers), "workers_left": sum(_alive(w) for w in workers),
            "workers_gone_after_s": round(time.monotonic() - killed_at, 1)}


def full_run(cmd: list[str], env) -> dict:
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    return {"seconds": round(time.monotonic() - started, 1), "rc": proc.returncode,
            "stderr_tail": proc.stderr.strip().splitlines()[-1:] if proc.stderr else []}


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def accounted(recs: list[dict]) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}
    for r in recs:
        if r["type"] in ("document", "error", "skipped"):
            seen.setdefault(r["path"], []).append(r["type"])
    return seen


def archive_counts(path: Path) -> dict:
    with closing(sqlite3.connect(path)) as db:
        tables = [row[0] for row in db.execute("select name from sqlite_master where type='table'")]
        return {t: db.execute(f'select count(*) from "{t}"').fetchone()[0] for t in sorted(tables)}


def leftovers(work: Path) -> list[str]:
    return sorted(str(p.relative_to(work)) for p in work.rglob("*")
                  if p.name.endswith((".part", "-journal", "-wal", "-shm")) or ".nlp-toolkit-probe" in p.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, help="work folder (default: a new temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="nlp-toolkit-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    tmp_before = set(os.listdir(tempfile.gettempdir()))
    try:
        batch, kinds = build(work, args.files)
        n = sum(1 for _ in batch.iterdir())
        print(f"batch: {n} files ({len(kinds)} bad, {len(set(kinds.values()))} kinds) in {batch}", flush=True)
        (work / "run.jsonl").unlink(missing_ok=True)
        clean = full_run(command(batch, work / "clean.jsonl", work / "clean.sqlite", args.jobs), env)
        print(f"clean run: {clean}", flush=True)
        soak_cmd = command(batch, work / "run.jsonl", work / "soak.sqlite", args.jobs)
        (work / "run.jsonl").unlink(missing_ok=True)
        kills = [killed_run(soak_cmd, work, work / "run.jsonl", after_lines=n // 3, env=env),
                 killed_run(soak_cmd, work, work / "run.jsonl", after_lines=None, env=env)]
        for i, kill in enumerate(kills, 1):
            print(f"killed run {i}: {kill}", flush=True)
        final = full_run(soak_cmd, env)
        print(f"final run: {final}", flush=True)
        return report(work, batch, kinds, kills, tmp_before)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def report(work: Path, batch: Path, kinds: dict[str, str], kills: list[dict], tmp_before: set[str]) -> int:
    expected = {str(p) for p in batch.iterdir()}
    final, clean = records(work / "run.jsonl"), records(work / "clean.jsonl")
    seen = accounted(final)
    twice = {p: t for p, t in seen.items() if len(t) > 1}
    missing = expected - set(seen)
    extra = set(seen) - expected
    docs = {r["path"]: r for r in final if r["type"] == "document"}
    clean_docs = {r["path"]: r for r in clean if r["type"] == "document"}
    differing = [p for p in clean_docs if docs.get(p) != clean_docs[p]]
    bad_read = sorted(Path(p).name for p in docs if Path(p).name in kinds)
    outcome = {t: sum(1 for types in seen.values() if types[0] == t) for t in ("document", "error", "skipped")}
    soak_db, clean_db = archive_counts(work / "soak.sqlite"), archive_counts(work / "clean.sqlite")
    left = leftovers(work)
    tmp_left = sorted(set(os.listdir(tempfile.gettempdir())) - tmp_before - {work.name})
    tmp_left = [t for t in tmp_left if t.startswith("nlp-toolkit-convert-")]  # what analysis puts in /tmp
    secret = "hunter2" in (work / "run.jsonl").read_text(encoding="utf-8")
    checks = {
        "every file accounted for exactly once": not twice and not missing and not extra,
        "good documents identical to the clean run": not differing and len(docs) == len(clean_docs),
        "no bad file read as a report": not bad_read or set(bad_read) <= {n for n, k in kinds.items() if k == "pua.pdf"},
        "archive like the clean run's (one batch)": soak_db == clean_db,
        "killed runs' workers gone": all(k["workers_left"] == 0 for k in kills),
        "no temporary file left": not left and not tmp_left,
        "link out of the folder not read": not secret,
    }
    print(f"outcomes: {outcome}; twice {len(twice)}, missing {len(missing)}, extra {len(extra)}, "
          f"documents differing from the clean run {len(differing)}")
    print(f"archive tables (soak): {soak_db}")
    print(f"archive tables (clean): {clean_db}")
    if left or tmp_left:
        print(f"left behind: {left + tmp_left}")
    for name, ok in checks.items():
        print(f"{'OK  ' if ok else 'FAIL'} {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
