#!/usr/bin/env python3
"""Size of the HTML report's index page (and optionally its report pages) at scale.

Usage: python scripts/bench_html.py [--reports 1000 10000] [--pages] [--out DIR]

Analyses the demo reports once (corpora/demo/txt), then makes a synthetic batch of N reports
from them: each a copy of a demo report under its own path and unit name (a place name and a
number), carrying that report's findings; one report in 50 shares its longest paragraph with the
report made from the same demo report before it, with a cross-report finding and a pair row
(about as many as `make_synthetic_batch.py --copying` plants). Prints, per N, the index
page's size and the time to write it; with `--pages` also writes every report page (one at
a time, as `analyze --html` does) and prints the folder's size and the largest page. Output goes under DIR (default: a temporary folder,
removed afterwards).
"""
from __future__ import annotations

import argparse
import copy
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PLACES = ("青山", "河西", "东湖", "南岭", "北塘", "石门", "临江", "白沙", "金川", "云台")
COPY_EVERY = 50


def demo_batch():
    from nlp_toolkit.batch.pipeline import analyze_batch

    return analyze_batch([REPO / "corpora" / "demo" / "txt"])


def synthetic(base, n: int):
    """A batch of `n` reports made from the documents of `base` (see the module docstring)."""
    from nlp_toolkit.model import Batch, Finding

    docs = []
    for i in range(n):
        src = base.documents[i % len(base.documents)]
        path = f"synthetic/{i + 1:06d}_{Path(src.path).name}"
        unit = f"{PLACES[i % len(PLACES)]}{i // len(PLACES) + 1}号{src.unit or '单位'}"
        findings = [replace(f, documents=[path], related=copy.deepcopy(f.related)) for f in src.findings]
        docs.append(replace(src, path=path, unit=unit, findings=findings, versions=[], version_of=None))
    batch_findings, pairs = [], []
    templates = len(base.documents)
    for i in range(max(COPY_EVERY, templates), n, COPY_EVERY):
        a, b = docs[i - templates], docs[i]  # the same demo report under two units: the passage is in both
        para = max(a.paragraphs, key=lambda p: p.end - p.start)
        text = a.text[para.start:para.end]
        batch_findings.append(Finding(para.start, para.end, "CPY001", "copied_passage", "warning",
                                      "与其他单位材料雷同的段落", text, reason="共享段落", documents=[a.path, b.path],
                                      related=[{"path": b.path, "start": para.start, "end": para.end, "text": text}]))
        pairs.append({"path_a": a.path, "path_b": b.path, "unit_a": a.unit, "unit_b": b.unit,
                      "shared_chars": len(text), "share_a": round(len(text) / len(a.text), 4),
                      "share_b": round(len(text) / len(b.text), 4), "copied_passages": 1})
    return Batch(documents=docs, batch_findings=batch_findings, pairs=pairs)


def measure(batch, out: Path, pages: bool) -> dict:
    from nlp_toolkit.output.files import write_text_atomic
    from nlp_toolkit.output.html import Links, index_html, site_folder, write_html

    index = out / f"index-{len(batch.documents)}.html"
    began = time.perf_counter()
    if pages:
        write_html(batch, index)
    else:
        folder = site_folder(index)
        write_text_atomic(index, index_html(batch, Links(site=True, index=index.name, folder=folder.name)))
    took = time.perf_counter() - began
    row = {"reports": len(batch.documents), "index_bytes": index.stat().st_size, "seconds": took}
    if pages:
        sizes = [p.stat().st_size for p in site_folder(index).iterdir()]
        row.update(pages_bytes=sum(sizes), largest_page=max(sizes))
    return row


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--pages", action="store_true", help="also write every report page")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="bench_html."))
    out.mkdir(parents=True, exist_ok=True)
    base = demo_batch()
    try:
        for n in args.reports:
            row = measure(synthetic(base, n), out, args.pages)
            line = (f"{row['reports']:>7} 份  总览页 {row['index_bytes'] / 1e6:7.2f} MB"
                    f"  （{row['index_bytes'] / row['reports'] / 1e3:.2f} KB/份）  用时 {row['seconds']:.1f} s")
            if args.pages:
                line += (f"  分页合计 {row['pages_bytes'] / 1e6:.1f} MB，最大一页 {row['largest_page'] / 1e3:.0f} KB")
            print(line, flush=True)
    finally:
        if args.out is None:
            shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
