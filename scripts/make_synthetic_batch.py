#!/usr/bin/env python3
"""Build a synthetic batch of reports by varying the demo reports, for benchmarks.

Usage: python scripts/make_synthetic_batch.py OUT_DIR [--count 100 1000 10000] [--seed 7]

Each report is a demo report (corpora/demo/txt) with its figures changed (every Arabic number
scaled by a random factor, keeping its digits' shape), its unit names varied (县/市/区 and a
place name drawn from a list) and the paragraphs inside each section shuffled. The result is
deterministic for a seed. Writes OUT_DIR/<count>/NNNNN_<demo name>.txt; the folders are for
benchmarks only and are not committed.
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--count", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    for count in args.count:
        print(build(args.out_dir, count, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
