"""Measure the archive: its size per report, and checking 100 new reports against 10,000 archived.

    python -m nlp_toolkit.archive.bench [--archive PATH_OR_URL] [--size 10000] [--new 100] [--jobs 2]

Synthetic reports are built from the sentences of corpora/demo/txt: each report takes a demo
report's title pattern and a unit of its own, and 30-40 sentences drawn at random from all demo
reports, in each of which 40 % of the Chinese characters are replaced by other characters of the
corpus and every figure is redrawn. That keeps the genre's vocabulary and sentence shapes while
making reports as different from one another as real reports of different units are (a shared
5-character shingle survives with probability 0.6^5 ≈ 8 %). Of the new reports, every fifth takes
a long passage verbatim from a random archived report, so the check has copies to find.

Bulk load: the archived reports are stored without extraction (`analysed=0` in `documents`):
their sentences come from the generator, not the structure parser, and there are no metrics or
problems. The copy check only needs the text, sentences and passage signatures, so the timing
of the check is not affected; recurring problems are not exercised at this scale. The new
reports are analysed in full (not timed), then stored and checked (timed).
"""
from __future__ import annotations

import argparse
import os
import random
import re
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

from nlp_toolkit.model import Batch, Document, Paragraph, Sentence

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "corpora" / "demo" / "txt"
UNIT_KINDS = ("局", "委员会", "办事处", "党委", "中学", "医院", "公司党委", "镇人民政府", "乡党委", "街道党工委")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")

_POOL: dict = {}


def _load_pool() -> dict:
    if not _POOL:
        from nlp_toolkit.readers import read
        from nlp_toolkit.structure import parse

        sentences, chars = [], set()
        for path in sorted(DEMO.glob("*.txt")):
            doc = parse(read(path))
            for s in doc.sentences:
                text = s.text.strip()
                if len(text) >= 12:
                    sentences.append(text)
                    chars.update(_HAN.findall(text))
        _POOL.update(sentences=sentences, chars=sorted(chars))
    return _POOL


def _vary(text: str, rng: random.Random, chars: list[str], rate: float) -> str:
    text = _HAN.sub(lambda m: rng.choice(chars) if rng.random() < rate else m.group(), text)
    return _DIGITS.sub(lambda m: str(rng.randint(1, 999)), text)


def synthetic(i: int, *, seed: int = 0, rate: float = 0.4, copy_from: Document | None = None) -> Document:
    """Synthetic report number i (deterministic), optionally with a passage of `copy_from`."""
    pool = _load_pool()
    rng = random.Random(seed * 1_000_003 + i)
    unit = f"*县第{i % 2000}{rng.choice(UNIT_KINDS)}"
    year = 2015 + i % 10
    title = f"{unit}{year}年工作总结"
    lines = [title, ""]
    spans: list[tuple[int, int]] = []
    offset = len(title) + 2
    for section in ("一、主要工作成效", "二、存在的问题", "三、下一步工作打算"):
        body = []
        for _ in range(rng.randint(10, 14)):
            body.append(_vary(rng.choice(pool["sentences"]), rng, pool["chars"], rate))
        if copy_from is not None and section.startswith("一"):
            body.insert(2, _longest_passage(copy_from))
        lines.append(section)
        offset += len(section) + 1
        paragraph = "".join(body)
        start = offset
        for sentence in body:
            spans.append((start, start + len(sentence)))
            start += len(sentence)
        lines.append(paragraph)
        offset += len(paragraph) + 1
    text = "\n".join(lines) + "\n"
    doc = Document(path=f"synthetic/{seed}/{i:05d}.txt", format="text", encoding=None, text=text,
                   title=title, unit=unit, year=year)
    doc.sentences = [Sentence(s, e, text[s:e], 0) for s, e in spans]
    doc.paragraphs = [Paragraph(0, len(text), text, 0)]
    return doc


def _longest_passage(doc: Document) -> str:
    """Four consecutive sentences of a report (what a unit would lift from another)."""
    middle = len(doc.sentences) // 3
    return "".join(s.text for s in doc.sentences[middle:middle + 4])


def _prepared(i: int):
    from nlp_toolkit.archive.store import Archive

    return Archive.prepare(synthetic(i), analysed=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", default=str(Path(tempfile.gettempdir()) / "nlp-toolkit-bench-archive.sqlite"))
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--new", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--chunk", type=int, default=500, help="archived reports per bulk-load batch")
    args = parser.parse_args()

    from nlp_toolkit.archive import archive_batch, open_archive
    from nlp_toolkit.batch.pipeline import analyze_source
    from nlp_toolkit.readers import read_text

    archive = open_archive(args.archive)
    have = archive.counts()["documents"]
    t0 = time.perf_counter()
    if have < args.size:
        print(f"bulk load: {args.size - have} synthetic reports ({args.jobs} processes) …", flush=True)
        with Pool(args.jobs) as pool:
            for start in range(have, args.size, args.chunk):
                ids = range(start, min(args.size, start + args.chunk))
                prepared = pool.map(_prepared, ids, chunksize=20)
                archive.store_batch([p.doc for p in prepared], name=f"历史批次 {start // args.chunk + 1:03d}",
                                    prepared=prepared)
                print(f"  {ids[-1] + 1} stored, {time.perf_counter() - t0:.0f} s", flush=True)
        print(f"bulk load: {time.perf_counter() - t0:.0f} s")
    counts = archive.counts()
    size = _size(archive)
    print(f"archive: {counts['documents']} reports, {counts['passages']} passages, "
          f"{counts['passage_bands']} band keys; {size / 2**20:.1f} MiB, {size / counts['documents'] / 1024:.1f} KiB per report")

    sources = []
    for j in range(args.new):
        copied = synthetic(random.Random(j).randrange(args.size)) if j % 5 == 0 else None
        doc = synthetic(10**6 + j, seed=1, copy_from=copied)
        sources.append(read_text(doc.text, path=f"new/{j:03d}.txt"))
    t = time.perf_counter()
    batch = Batch(documents=[analyze_source(s) for s in sources])
    print(f"analysis of {args.new} new reports (not part of the check): {time.perf_counter() - t:.1f} s")

    t = time.perf_counter()
    result = archive_batch(batch, archive, name=f"新批次 {time.strftime('%Y-%m-%d %H:%M:%S')}")
    elapsed = time.perf_counter() - t
    copies = {f.documents[0] for f in result.check.findings if f.code == "ARC001"}
    expected = {f"new/{j:03d}.txt" for j in range(0, args.new, 5)}
    print(f"store + check of {args.new} new reports against {counts['documents']}: {elapsed:.1f} s "
          f"({result.check.candidates} archived reports compared in full)")
    print(f"copies found in {len(copies & expected)}/{len(expected)} reports that copy; "
          f"{len(copies - expected)} other reports flagged")
    archive.remove_batch(result.stored.id)  # the bench can run again on the same archive
    archive.close()
    return 0


def _size(archive) -> int:
    if archive.dialect == "sqlite":
        with archive.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        path = Path(archive.engine.url.database)
        return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    with archive.read() as conn:
        return int(conn.exec_driver_sql(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'r' AND n.nspname = current_schema()").scalar())


if __name__ == "__main__":
    raise SystemExit(main())
