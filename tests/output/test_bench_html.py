"""scripts/bench_html.py: the synthetic batch it measures, and the sizes it reports."""
from __future__ import annotations

from script_loader import load_script

bench = load_script("bench_html")


def test_synthetic_batch_has_its_own_paths_units_and_planted_copies(batch):
    big = bench.synthetic(batch, 120)
    assert len(big.documents) == 120
    assert len({d.path for d in big.documents}) == 120 and len({d.unit for d in big.documents}) == 120
    assert len(big.batch_findings) == len(big.pairs) == len(range(bench.COPY_EVERY, 120, bench.COPY_EVERY))
    for f in big.batch_findings:
        a, b = (next(d for d in big.documents if d.path == p) for p in f.documents)
        assert a.text[f.start:f.end] == f.text == b.text[f.related[0]["start"]:f.related[0]["end"]]
    assert all(f.documents == [d.path] for d in big.documents for f in d.findings)
    assert batch.documents[0].findings[0].documents == [batch.documents[0].path], "the base batch is untouched"


def test_measure_reports_the_index_and_the_pages(batch, tmp_path):
    big = bench.synthetic(batch, 60)
    only_index = bench.measure(big, tmp_path / "a", pages=False)
    assert only_index["index_bytes"] == (tmp_path / "a" / "index-60.html").stat().st_size
    assert not (tmp_path / "a" / "index-60_files").exists()
    row = bench.measure(big, tmp_path / "b", pages=True)
    assert len(list((tmp_path / "b" / "index-60_files").iterdir())) == 60
    assert row["pages_bytes"] > row["largest_page"] > 0
