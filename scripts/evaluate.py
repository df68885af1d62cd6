#!/usr/bin/env python3
"""Score the toolkit on every annotated report with the shared yardstick (shared/eval/score.py).

Usage: python scripts/evaluate.py [--set seed|annotated|all] [--score-py PATH] [--verbose]

For each gold set it runs `analyze` over the set's documents, writes the JSON output to a
temporary file, runs score.py on it and prints score.py's per-document lines and summary,
then one table of the figures per area.

Subject accuracy (score.py does not give it) is computed here: each gold metric is matched to a
prediction the way score.py matches it (same value and unit, one whose subject agrees preferred, each
prediction used once), and the figure is the share of matched metrics whose predicted subject agrees
with the gold `subject` (one contains the other). `--verbose` lists the disagreements.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# shared/ stands beside the repository; from a git worktree further down, the nearest one above it
SHARED = next((p / "shared" for p in REPO.parents if (p / "shared" / "eval" / "score.py").is_file()),
              REPO.parent / "shared")
GOLD_SETS = {
    "seed": SHARED / "seed",
    "annotated": REPO / "corpora" / "annotated",
    "heldout": REPO / "corpora" / "heldout",
    "heldout_layouts": REPO / "corpora" / "heldout_layouts",
    "heldout_voices": REPO / "corpora" / "heldout_voices",
    "annotated_layouts": REPO / "corpora" / "annotated_layouts",
    "annotated_mixed": REPO / "corpora" / "annotated_mixed",
    "heldout_fresh": REPO / "corpora" / "heldout_fresh",
    "annotated_fresh": REPO / "corpora" / "annotated_fresh",
    "heldout_docx": REPO / "corpora" / "heldout_docx",
    "annotated_docx": REPO / "corpora" / "annotated_docx",
    "heldout_more": REPO / "corpora" / "heldout_more",
}
AREAS = {
    "structure": ["sections_found", "section_roles"],
    "metrics": ["metrics_precision", "metrics_recall", "metrics_f1", "quantity_recall", "subject_acc",
                "qualifier_acc", "parent_acc", "not_metric_hits"],
    "problems": ["problems_found", "problem_category_acc"],
    "commitments": ["commitments_found", "commitment_fields_acc"],
    "findings": ["findings_recall", "findings_unmatched", "check_passes_broken"],
}


def documents_of(gold_dir: Path) -> list[Path]:
    golds = sorted(gold_dir.glob("*.gold.json")) + sorted(gold_dir.glob("gold.json"))
    names = [json.loads(g.read_text(encoding="utf-8"))["document"] for g in golds]
    return [gold_dir / name for name in names]


def load_scorer(score_py: Path):
    """score.py as a module, so its value, unit and subject comparisons are the ones used here."""
    spec = importlib.util.spec_from_file_location("shared_score", score_py)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def subject_pairs(gold: dict, doc: dict, scorer) -> list[tuple[str, str | None, bool]]:
    """(gold subject, predicted subject, agrees) for every gold metric score.py would match."""
    preds = doc.get("metrics") or []
    used: set[int] = set()
    pairs = []
    for g in gold.get("metrics", []):
        candidates = [i for i, p in enumerate(preds) if i not in used
                      and scorer.norm(p.get("unit")) == scorer.norm(g["unit"])
                      and scorer.same_value(p.get("value"), g["value"])]
        agreeing = [i for i in candidates if scorer.subject_agrees(g.get("subject"), preds[i].get("subject"))]
        pick = (agreeing or candidates or [None])[0]
        if pick is None:
            continue
        used.add(pick)
        pairs.append((g.get("subject"), preds[pick].get("subject"), bool(agreeing)))
    return pairs


def subject_accuracy(gold_dir: Path, output: dict, scorer, verbose: bool) -> float | None:
    docs = {Path(d.get("path", "")).name: d for d in output.get("documents", [])}
    agree = total = 0
    for gold in scorer.load_golds(gold_dir):
        doc = docs.get(gold["document"])
        pairs = subject_pairs(gold, doc, scorer) if doc else []
        agree += sum(ok for _, _, ok in pairs)
        total += len(pairs)
        if verbose:
            for want, got, ok in pairs:
                if not ok:
                    print(f"  subject {gold['document']}: gold {want!r}, predicted {got!r}")
    return agree / total if total else None


def run_set(name: str, gold_dir: Path, score_py: Path, verbose: bool) -> dict:
    from nlp_toolkit.batch.pipeline import analyze_batch
    from nlp_toolkit.output.json import dumps

    batch = analyze_batch(documents_of(gold_dir))
    text = dumps(batch)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        handle.write(text)
    args = [sys.executable, str(score_py), "--gold", str(gold_dir), "--pred", handle.name]
    printed = subprocess.run(args + (["--verbose"] if verbose else []), capture_output=True, text=True)
    print(f"== {name} ({gold_dir})")
    print(printed.stdout.rstrip())
    figures = subprocess.run(args + ["--json"], capture_output=True, text=True, check=True)
    Path(handle.name).unlink()
    as_json = figures.stdout.rsplit("\nsummary:", 1)[0]  # score.py ends with its summary line
    summary = json.loads(as_json)["summary"]
    summary["subject_acc"] = subject_accuracy(gold_dir, json.loads(text), load_scorer(score_py), verbose)
    print(f"subject_acc={fmt(summary['subject_acc'])}")
    return summary


def fmt(value) -> str:
    return "n/a" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=[*GOLD_SETS, "all"], default="all")
    parser.add_argument("--score-py", type=Path, default=SHARED / "eval" / "score.py")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    if not args.score_py.exists():
        print(f"score.py not found at {args.score_py}", file=sys.stderr)
        return 2
    chosen = GOLD_SETS if args.set == "all" else {args.set: GOLD_SETS[args.set]}
    results = {name: run_set(name, path, args.score_py, args.verbose) for name, path in chosen.items()
               if path.exists()}
    print("\n== figures per area")
    for area, keys in AREAS.items():
        for key in keys:
            print(f"{area:12s} {key:24s} " + "  ".join(f"{name}={fmt(r.get(key))}" for name, r in results.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
