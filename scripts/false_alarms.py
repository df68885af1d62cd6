#!/usr/bin/env python3
"""False alarms on the clean demo reports: findings per 10,000 characters, by severity.

The clean reports (corpora/demo/README.md, "Clean reports") have no planted defect, so every
finding on them is a false alarm. Target: no error-severity finding.

Usage: python scripts/false_alarms.py [PATH ...]   (default: the clean demo reports)
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CLEAN = sorted((REPO / "corpora" / "demo" / "txt").glob("1[6-9]_*.txt"))
SEVERITIES = ("error", "warning", "info")


def main(argv: list[str]) -> int:
    from nlp_toolkit.batch.pipeline import analyze_batch

    paths = [Path(p) for p in argv] or CLEAN
    batch = analyze_batch(paths)
    chars = sum(len("".join(doc.text.split())) for doc in batch.documents)
    counts: Counter = Counter()
    for doc in batch.documents:
        for f in doc.findings:
            counts[f.severity] += 1
            print(f"{Path(doc.path).name}: {f.code} {f.severity} {f.message}「{f.text[:30]}」")
    for f in batch.batch_findings:
        counts[f.severity] += 1
        print(f"{'，'.join(Path(d).name for d in f.documents)}: {f.code} {f.severity} {f.message}")
    print(f"{len(batch.documents)} clean reports, {chars} characters (without whitespace)")
    for severity in SEVERITIES:
        rate = counts[severity] / chars * 10000 if chars else 0.0
        print(f"{severity:8s} {counts[severity]:3d} findings  {rate:.2f} per 10,000 characters")
    return 1 if counts["error"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
