#!/usr/bin/env python3
"""Time the pipeline on a folder of reports and print its throughput.

Usage: python scripts/bench.py [PATH ...] [--repeat N]

Prints the one-off start-up cost (jieba dictionary, spaCy pipeline, classifier), then per
stage seconds and documents/characters per second over the batch. The figures go in the
closing notes; no test asserts a time.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(REPO / "corpora" / "demo")])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

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


if __name__ == "__main__":
    raise SystemExit(main())
