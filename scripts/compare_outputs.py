#!/usr/bin/env python3
"""Snapshot the JSON output on the shipped corpora, or compare it with an earlier snapshot.

Usage: python scripts/compare_outputs.py snapshot DIR [--sets demo,annotated,heldout]
       python scripts/compare_outputs.py compare DIR [--sets ...] [--show N] [--ignore KEY,...]

`snapshot` writes one `<set>.json` per corpus (the output of `analyze --format json`, paths made
relative to the repository). `compare` analyses again and prints, per set and per document, which
top-level fields differ (and how many entries), so a refactoring can show its output is unchanged
and a change shows exactly what it moved. `--ignore explanation` leaves that key out of every
object on both sides, so a change that only adds a field can show everything else is as it was.
Exit code 1 when anything differs.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SETS = {
    "demo": [REPO / "corpora" / "demo"],
    "annotated": [REPO / "corpora" / "annotated"],
    "heldout": [REPO / "corpora" / "heldout"],
}


def output_of(paths: list[Path]) -> dict:
    from nlp_toolkit.batch.pipeline import analyze_batch
    from nlp_toolkit.output.json import batch_dict

    text = json.dumps(batch_dict(analyze_batch(paths)), ensure_ascii=False)
    return json.loads(text.replace(str(REPO) + "/", ""))


def without(value, keys: frozenset[str]):
    """`value` with the keys `keys` removed from every object in it, at any depth."""
    if isinstance(value, dict):
        return {k: without(v, keys) for k, v in value.items() if k not in keys}
    if isinstance(value, list):
        return [without(v, keys) for v in value]
    return value


def differences(before: dict, after: dict) -> list[str]:
    """Lines naming each document field (and batch table) that differs."""
    lines = []
    old = {d["path"]: d for d in before["documents"]}
    new = {d["path"]: d for d in after["documents"]}
    for path in sorted(old.keys() - new.keys()):
        lines.append(f"  {path}: no longer analysed")
    for path in sorted(new.keys() - old.keys()):
        lines.append(f"  {path}: newly analysed")
    for path in sorted(old.keys() & new.keys()):
        for key in sorted(old[path].keys() | new[path].keys()):
            a, b = old[path].get(key), new[path].get(key)
            if a != b:
                lines.append(f"  {path}: {key} {_size(a)} → {_size(b)}")
    for key in ("batch_findings", "pairs", "errors", "skipped"):
        if before.get(key) != after.get(key):
            lines.append(f"  batch {key}: {_size(before.get(key))} → {_size(after.get(key))}")
    return lines


def _size(value) -> str:
    if isinstance(value, list):
        return f"{len(value)} entries"
    if value is None:
        return "absent"
    return json.dumps(value, ensure_ascii=False)[:60]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["snapshot", "compare"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--show", type=int, default=40, help="lines shown per set")
    parser.add_argument("--ignore", default="", help="keys left out of every object before comparing (compare)")
    args = parser.parse_args()
    changed = False
    for name in args.sets.split(","):
        current = output_of(SETS[name])
        target = args.folder / f"{name}.json"
        if args.action == "snapshot":
            args.folder.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(current, ensure_ascii=False, indent=1), encoding="utf-8")
            print(f"{name}: {len(current['documents'])} documents written to {target}")
            continue
        ignored = frozenset(k for k in args.ignore.split(",") if k)
        lines = differences(without(json.loads(target.read_text(encoding="utf-8")), ignored), without(current, ignored))
        changed |= bool(lines)
        print(f"{name}: {'identical' if not lines else f'{len(lines)} differences'}")
        for line in lines[:args.show]:
            print(line)
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
