#!/usr/bin/env python3
"""Build a synthetic batch of reports by varying the demo reports, for benchmarks.

Usage: python scripts/make_synthetic_batch.py OUT_DIR [--count 100 1000 10000] [--seed 7] [--copying]

Each report is a demo report (corpora/demo/txt) with its figures changed (every Arabic number
scaled by a random factor, keeping its digits' shape), its unit names varied (县/市/区 and a
place name drawn from a list) and the paragraphs inside each section shuffled. The result is
deterministic for a seed. Writes OUT_DIR/<count>/NNNNN_<demo name>.txt; the folders are for
benchmarks only and are not committed.

Such a batch is 18 templates, each report a near copy of every 18th other one: right for timing
the per-document analysis, wrong for timing copy detection (its true output grows with the
square of the batch). `--copying` writes OUT_DIR/copying-<count>/ instead: every report is a
varied demo report with a third of its Chinese characters swapped for characters drawn from
the demo corpus, so reports share little by accident, and one report in 50 copies a paragraph
of 150+ characters verbatim from another; `planted.json` lists those pairs.
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "corpora" / "demo" / "txt"

PLACES = ("青山", "河西", "东湖", "南岭", "北塘", "石门", "临江", "白沙", "金川", "云台", "柳林", "桃源",
          "长宁", "永安", "安平", "新丰", "清河", "龙泉", "凤翔", "平湖")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
_YEAR = re.compile(r"(?:19|20)\d\d(?=年)")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+部分|【)")
_UNIT_WORD = re.compile(r"\*(省|市|县|区|镇|乡|街道|村)")  # the demo reports' anonymised place names
_DATE_WORD = re.compile(r"[日月号时]")


def vary(text: str, rng: random.Random) -> str:
    """A variant of one report: new figures, a new place name, paragraphs reordered within sections."""
    place = rng.choice(PLACES)
    text = _UNIT_WORD.sub(lambda m: f"{place}{m.group(1)}", text)
    years = {m.start() for m in _YEAR.finditer(text)}
    factor = rng.uniform(0.6, 1.6)

    def number(m: re.Match) -> str:
        if m.start() in years or _DATE_WORD.match(text, m.end()):
            return m.group(0)
        value = m.group(0)
        if "." in value:
            return f"{float(value) * factor:.{len(value.split('.')[1])}f}"
        n = int(value)
        if n < 13:  # ordinals, months, small counts: keep them plausible
            return value
        return str(max(1, round(n * factor)))

    text = _NUMBER.sub(number, text)
    return _shuffle_sections(text, rng)


def _shuffle_sections(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    out: list[str] = []
    block: list[str] = []
    for line in lines:
        if _HEADING.match(line) or not line.strip():
            if len(block) > 1:
                rng.shuffle(block)
            out.extend(block)
            block = []
            out.append(line)
        else:
            block.append(line)
    if len(block) > 1:
        rng.shuffle(block)
    out.extend(block)
    return "\n".join(out)


def build(out_dir: Path, count: int, seed: int = 7) -> Path:
    """OUT_DIR/<count>/ holding `count` varied reports (kept if already complete)."""
    folder = out_dir / str(count)
    existing = list(folder.glob("*.txt")) if folder.is_dir() else []
    if len(existing) == count:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for stale in existing:
        stale.unlink()
    demos = sorted(DEMO.glob("*.txt"))
    from nlp_toolkit.readers import read  # the demo files come in several Chinese encodings

    texts = [read(p).text for p in demos]
    rng = random.Random(f"{seed}:{count}")
    for i in range(count):
        k = i % len(demos)
        (folder / f"{i:05d}_{demos[k].name}").write_text(vary(texts[k], rng), encoding="utf-8")
    return folder


REWRITE = 0.35  # share of Chinese characters swapped in a --copying report
PLANTED_EVERY = 50  # one report in this many copies a paragraph from another


def rewritten_batch(count: int, *, seed: int = 7, planted: int | None = None) -> tuple[list[str], set[tuple[int, int]]]:
    """`count` rewritten reports, independent except for `planted` pairs (default count // 50).

    Returns the texts and the planted (a, b) pairs, a < b (report b holds a paragraph of a).
    """
    from nlp_toolkit.readers import read

    texts = [read(p).text for p in sorted(DEMO.glob("*.txt"))]
    pool = [c for t in texts for c in t if "\u4e00" <= c <= "\u9fff"]
    rng = random.Random(f"copying:{seed}:{count}")
    out = []
    for i in range(count):
        base = vary(texts[i % len(texts)], rng)
        body = "".join(rng.choice(pool) if "\u4e00" <= c <= "\u9fff" and rng.random() < REWRITE else c for c in base)
        out.append(f"第{i}号单位工作总结\n" + body)
    pairs: set[tuple[int, int]] = set()
    for _ in range(count // PLANTED_EVERY if planted is None else planted):
        a, b = rng.sample(range(count), 2)
        paragraphs = [p for p in out[a].split("\n") if len(p) >= 150]
        if not paragraphs:  # a hard-wrapped report has no long lines: take another
            continue
        out[b] = out[b] + "\n" + rng.choice(paragraphs) + "\n"
        pairs.add((min(a, b), max(a, b)))
    return out, pairs


def build_copying(out_dir: Path, count: int, seed: int = 7) -> Path:
    """OUT_DIR/copying-<count>/ with `count` rewritten reports and planted.json (kept if complete)."""
    import json

    folder = out_dir / f"copying-{count}"
    existing = list(folder.glob("*.txt")) if folder.is_dir() else []
    if len(existing) == count and (folder / "planted.json").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for stale in existing:
        stale.unlink()
    texts, pairs = rewritten_batch(count, seed=seed)
    names = [f"{i:05d}.txt" for i in range(count)]
    for name, text in zip(names, texts):
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "planted.json").write_text(json.dumps(sorted([names[a], names[b]] for a, b in pairs)), encoding="utf-8")
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--count", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--copying", action="store_true", help="rewritten reports with planted copies")
    args = parser.parse_args()
    for count in args.count:
        print((build_copying if args.copying else build)(args.out_dir, count, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
