"""Measure the OCR reader on scans made from the demo TXT reports.

Each chosen report is rendered to A4 page images (`scan_render`) at 150 and at 300 dpi and
saved as a scanned PDF (pictures, no text layer); one report is also scanned skewed by a
couple of degrees, one with scanner noise and one turned by 90° (scanned on its side). Every scan is read by `nlp_toolkit.readers.read`
(the OCR reader, pinned to one CPU core) and compared with the TXT version:

- CER: character error rate, the edit distance between the two texts with all whitespace
  removed, over the length of the TXT text (per condition, pooled over reports);
- metrics F1: the figures `analyze` extracts from the OCR'd text against those it extracts from
  the TXT text, as (value, unit) pairs;
- pages per second: recognised pages over the reader's wall time, on one core (models loaded first).

Usage: python scripts/ocr_eval.py [--reports 01 07 13 17] [--font PATH] [--json]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scan_render  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TXT = ROOT / "corpora" / "demo" / "txt"
DEFAULT_REPORTS = ("01", "07", "13", "17")
SKEW_DEGREES = 1.5
NOISE = 0.004


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insert, delete, substitute each 1)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def squeeze(text: str) -> str:
    return "".join(text.split())


def metric_pairs(source) -> Counter:
    from nlp_toolkit.batch.pipeline import analyze_source

    doc = analyze_source(source, classify=False)
    return Counter((round(m.value, 4) if m.value is not None else None, m.unit) for m in doc.metrics)


def f1(pred: Counter, gold: Counter) -> tuple[float, float, float]:
    hit = sum((pred & gold).values())
    p = hit / sum(pred.values()) if pred else 1.0
    r = hit / sum(gold.values()) if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def conditions(reports: list[Path]) -> list[tuple[str, Path, int, dict]]:
    """(condition, report, dpi, degrade options): every report at 150 and 300 dpi, the first
    one also skewed, the second one also noisy and the last one scanned on its side (all at
    150 dpi, the harder resolution)."""
    out = [(f"{dpi} dpi", r, dpi, {}) for dpi in (150, 300) for r in reports]
    out.append((f"150 dpi, skewed {SKEW_DEGREES}°", reports[0], 150, {"rotate": SKEW_DEGREES}))
    out.append((f"150 dpi, noise {NOISE:.1%}", reports[min(1, len(reports) - 1)], 150, {"noise": NOISE}))
    out.append(("150 dpi, turned 90°", reports[-1], 150, {"rotate": 90}))
    return out


def run(reports: list[Path], font: str, log=print) -> dict:
    from nlp_toolkit.readers import read
    from nlp_toolkit.readers.ocr import available

    if not available():
        raise SystemExit("the OCR extra is not installed: pip install nlp-toolkit[ocr]")
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    except (AttributeError, OSError):
        pass
    from nlp_toolkit.readers.ocr import _engine

    _engine()  # load the models before timing
    rows, gold_cache = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, report, dpi, options in conditions(reports):
            text = report.read_text(encoding="utf-8")
            pages = [scan_render.degrade(p, seed=i, **options) if options else p
                     for i, p in enumerate(scan_render.render_pages(text, dpi, font))]
            path = Path(tmp) / f"{report.stem}_{dpi}.pdf"
            path.write_bytes(scan_render.scan_bytes(pages, dpi))
            started = time.perf_counter()
            source = read(path)
            seconds = time.perf_counter() - started
            ref, got = squeeze(text), squeeze(source.text)
            if report not in gold_cache:
                gold_cache[report] = metric_pairs(read(report))
            p, r, f = f1(metric_pairs(source), gold_cache[report])
            row = {"condition": name, "report": report.name[:2], "pages": len(pages), "seconds": seconds,
                   "errors": edit_distance(ref, got), "chars": len(ref), "metrics_p": p, "metrics_r": r,
                   "metrics_f1": f}
            rows.append(row)
            log(f"  {name:24s} {row['report']}  pages {row['pages']}  CER {row['errors'] / row['chars']:.4f}  "
                f"metrics F1 {f:.3f}  {seconds:.1f} s")
    return summarise(rows)


def summarise(rows: list[dict]) -> dict:
    by: dict[str, list[dict]] = {}
    for row in rows:
        by.setdefault(row["condition"], []).append(row)
    summary = {}
    for name, group in by.items():
        gold_total = sum(g["chars"] for g in group)
        summary[name] = {
            "reports": [g["report"] for g in group],
            "pages": sum(g["pages"] for g in group),
            "cer": sum(g["errors"] for g in group) / gold_total,
            "metrics_f1": sum(g["metrics_f1"] for g in group) / len(group),
            "pages_per_second": sum(g["pages"] for g in group) / sum(g["seconds"] for g in group),
        }
    pages, seconds = sum(r["pages"] for r in rows), sum(r["seconds"] for r in rows)
    return {"conditions": summary, "all": {"pages": pages, "seconds": seconds, "pages_per_second": pages / seconds},
            "rows": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", nargs="*", default=list(DEFAULT_REPORTS), help="demo report numbers (01–18)")
    parser.add_argument("--font", default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    reports = [next(TXT.glob(f"{n}_*.txt")) for n in args.reports]
    result = run(reports, scan_render.find_font(args.font), log=(lambda *_: None) if args.json else print)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    print(f"\n{'condition':26s} {'reports':14s} pages   CER     metrics F1  pages/s (1 core)")
    for name, s in result["conditions"].items():
        print(f"{name:26s} {','.join(s['reports']):14s} {s['pages']:5d}   {s['cer']:.4f}  {s['metrics_f1']:.3f}       "
              f"{s['pages_per_second']:.3f}")
    total = result["all"]
    print(f"all: {total['pages']} pages in {total['seconds']:.0f} s = {total['pages_per_second']:.3f} pages/s on one core")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
