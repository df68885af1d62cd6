"""Issue 20: pool workers die with their parent (even killed by SIGKILL) and have a memory ceiling
that turns a file needing more into that file's error while the batch goes on."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from nlp_toolkit.batch import analysis, engines, memory, pipeline
from nlp_toolkit.model import Document, ReadFailure

ROOT = Path(__file__).resolve().parents[2]
DEMO_TXT = ROOT / "corpora" / "demo" / "txt"
GB = 1024 ** 3


def _hog(path):
    """Asks for 8 GB on report 02 (spawn-safe); analyses the others."""
    if Path(path).name.startswith("02_"):
        hoard = bytearray(8 * GB)
        return ReadFailure(str(path), f"ceiling not enforced ({len(hoard)})")
    return pipeline.analyze_file(path, classify=False)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX rlimits")
def test_memory_ceiling_fails_one_file_and_the_batch_goes_on():
    files = sorted(DEMO_TXT.glob("0[123]_*.txt"))
    results = engines.ProcessPool(1, task=_hog, classify=False, memory_limit_mb=1500).run(files)
    assert isinstance(results[0], Document) and isinstance(results[2], Document)
    assert isinstance(results[1], ReadFailure)
    assert "内存超过单个分析进程的上限（1500 MB" in results[1].reason


def test_memory_ceiling_comes_from_the_environment(monkeypatch):
    memory.set_memory_limit(None)
    assert memory.memory_limit_mb() == memory.DEFAULT_MEMORY_LIMIT_MB
    memory.set_memory_limit(512)
    assert engines.ProcessPool(1).memory_limit_mb == 512
    memory.set_memory_limit(float("inf"))
    assert engines.ProcessPool(1).memory_limit_mb is None
    memory.set_memory_limit(None)


def test_memory_error_in_process_is_that_files_error(monkeypatch):
    def exhausted(source, classify=True, rules=None):
        raise MemoryError

    monkeypatch.setattr(analysis, "analyze_source", exhausted)  # what analyze_file runs
    result = pipeline.analyze_file(DEMO_TXT / "01_county_committee_theme_education.txt")
    assert isinstance(result, ReadFailure) and "内存不足" in result.reason


PARENT = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from nlp_toolkit.batch.engines import ProcessPool

    def sleeper(path):
        print(os.getpid(), flush=True)
        time.sleep(600)

    if __name__ == "__main__":
        ProcessPool(2, task=sleeper, classify=False).run([Path("a.txt"), Path("b.txt")])
""")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in state


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killing_the_parent_kills_the_workers(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        workers = [int(parent.stdout.readline()) for _ in range(2)]
        assert all(_alive(pid) for pid in workers)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 60
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in workers)
    finally:
        parent.kill()
        for pid in workers if "workers" in locals() else []:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_watchdog_ends_a_worker_whose_parent_is_gone():
    """Where the kernel cannot be asked (not Linux), a thread watches the parent pid."""
    code = textwrap.dedent("""
        import os, sys, time
        from nlp_toolkit.batch import engines
        engines._watch_parent(os.getppid() + 10**6, interval=0.01)  # a parent that is not ours
        print("still here")
    """)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 1 and "still here" not in run.stdout
