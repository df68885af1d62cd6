"""The Dask engine runs the whole `analyze` of the demo batch — every format, table records, the
cross-report rules and the archive writes from the driver, OCR of scans when
the demo batch holds them — and gives what the local engine gives.

The scheduler is a `distributed.LocalCluster` started here on loopback (one in-process worker
thread, so the test stays quick on a shared machine); the multi-process cluster is covered by
`test_engines.test_dask_local_cluster_equals_local` on the plain-text reports.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from nlp_toolkit import cli

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "corpora" / "demo"

distributed = pytest.importorskip("distributed")

# When each run stored its batch (the archived report's time, the default batch name): the only
# thing allowed to differ between the two runs.
_WHEN = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:\+00:00)?")


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1",
                                  dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


def _other_formats() -> list[str]:
    """The demo batch but for its plain-text files (UTF-8 and GBK): a report's file the archive
    holds and the batch holds too is no archive finding (copies inside the batch are the batch
    rules'), so the files archived first are left out of the second run."""
    return [str(d) for d in sorted(DEMO.iterdir()) if d.is_dir() and d.name not in ("txt", "gbk")]


def _run(tmp_path: Path, label: str, engine: list[str]) -> tuple[dict, str]:
    """`analyze` of the demo batch's other formats into an archive that already holds its
    plain-text reports: the JSON it writes and the archive's tables as JSON, both with the times
    of storing blanked."""
    from nlp_toolkit.archive import open_archive
    from nlp_toolkit.archive.commands import export_frames

    archive = tmp_path / f"{label}.sqlite"
    assert cli.main(["analyze", str(DEMO / "txt"), "--format", "json", "-o", str(tmp_path / f"{label}-0.json"),
                     "--archive", str(archive)]) == 0
    out = tmp_path / f"{label}.json"
    assert cli.main(["analyze", *_other_formats(), "--format", "json", "-o", str(out), "--archive", str(archive),
                     *engine]) == 0
    with open_archive(archive) as opened:
        frames = export_frames(opened)
    tables = json.dumps({name: frame.to_dict("records") for name, frame in frames.items()},
                        sort_keys=True, ensure_ascii=False, default=str)
    return json.loads(_WHEN.sub("…", out.read_text(encoding="utf-8"))), _WHEN.sub("…", tables)


def test_dask_engine_runs_the_whole_analysis_as_the_local_engine(scheduler, tmp_path):
    local, local_tables = _run(tmp_path, "local", [])
    dask, dask_tables = _run(tmp_path, "dask", ["--scheduler", scheduler])
    assert json.dumps(dask, sort_keys=True, ensure_ascii=False) == json.dumps(local, sort_keys=True, ensure_ascii=False)
    assert dask_tables == local_tables
    # what was compared is the whole pipeline, not an empty shell:
    docs = local["documents"]
    suffixes = {Path(d["path"]).suffix for d in docs}
    assert {".docx", ".pdf"} <= suffixes  # scans (OCR) too, when the demo batch and the machine have them
    assert any(d["records"] for d in docs if d["path"].endswith(".docx"))  # tables → records
    assert {f["code"][:3] for f in local["batch_findings"]} >= {"CPY", "ARC"}  # copies in the batch and from the archive
    tables = json.loads(local_tables)
    assert len(tables["batches"]) == 2 and len(tables["documents"]) > len(list((DEMO / "txt").iterdir()))


def test_workers_release_each_document_once_its_band_rows_are_cut(scheduler, monkeypatch):
    """Workers hold a chunk's documents, not the batch's: each chunk of finished documents has its
    band rows cut as it completes, and the documents are then released."""
    import time

    from nlp_toolkit.batch import dask_engine, engines
    from nlp_toolkit.batch.pipeline import expand_paths
    from nlp_toolkit.model import Document

    monkeypatch.setattr(dask_engine, "CHUNK", 4)
    files = sorted(expand_paths([DEMO / "txt"]))
    with distributed.Client(scheduler) as client:
        futures = client.map(engines.analyze_on_worker, [str(p) for p in files], time_limit=None, classify=False,
                             pure=False)
        keys = {f.key for f in futures}
        results, cut = dask_engine._gather_and_cut(distributed, client, futures, 2, None, None)
        assert not futures and len(cut) == -(-len(files) // 4)
        distributed.wait(cut)
        held = set()
        for _ in range(50):  # the scheduler forgets released keys a moment after their last user
            held = {k for keys_on in client.has_what().values() for k in keys_on} & keys
            if not held:
                break
            time.sleep(0.1)
        assert not held, f"{len(held)} documents still held by the workers"
        assert all(isinstance(r, Document) for r in results) and len(results) == len(files)
        rows = client.gather(cut)
        assert sum(len(piece[1]) for chunk in rows for piece in chunk) > 0
