"""The exploration notebook runs top to bottom on the demo data (cells executed in-process)."""
from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore.ipynb"


def test_explore_notebook_runs(monkeypatch):
    monkeypatch.chdir(NOTEBOOK.parent)
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    namespace: dict = {}
    for cell in cells:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            exec(compile(source, f"{NOTEBOOK.name}:{cell['id']}", "exec"), namespace)
    assert namespace["doc"].sections, "the demo report has sections"
    assert len(namespace["metrics"]) == len(namespace["doc"].metrics)
    assert "计量对象" in namespace["metrics"].columns
    assert len(namespace["summary"]) == len(namespace["batch"].documents) >= 12
    # the batch tables, the chart and the highlighted text
    assert set(namespace["tables"]) >= {"documents", "sections", "metrics", "problems", "commitments", "findings",
                                        "pairs", "errors", "summary"}
    assert len(namespace["ax"].patches) == 3 * len(namespace["batch"].documents)
    highlighted = namespace["highlighted"]
    assert highlighted.count('class="hl"') >= len(namespace["doc"].metrics)
    assert all(escape(f.message) in highlighted for f in namespace["doc"].findings)
    assert list(namespace["findings"].columns[:3]) == ["文件", "单位", "年份"]


def test_every_batch_frame_names_the_unit_and_year(batch_of_demo):
    tables = batch_of_demo.frames()
    for name in ("sections", "metrics", "problems", "commitments", "findings"):
        assert list(tables[name].columns[:3]) == ["文件", "单位", "年份"], name
        assert tables[name]["单位"].notna().all(), name
    english = batch_of_demo.frames(english=True)["metrics"]
    assert {"report_unit", "report_year", "unit"} <= set(english.columns)  # the metric's own unit stays apart


def test_a_batch_shows_a_summary_not_a_dump(batch_of_demo):
    shown = batch_of_demo._repr_html_()
    doc = batch_of_demo.documents[0]
    assert "已读取 18 份" in shown and "<table>" in shown
    assert doc.text[:200] not in shown and len(shown) < 20_000
    every = sum(len(d.findings) for d in batch_of_demo.documents) + len(batch_of_demo.batch_findings)
    assert f"质量提示 {every} 条" in shown


def test_a_cjk_font_is_chosen_when_one_is_installed():
    pytest.importorskip("matplotlib")
    from matplotlib import font_manager, rcParams

    from nlp_toolkit.output.notebook import use_cjk_font

    saved = rcParams["font.sans-serif"], rcParams["font.family"], rcParams["axes.unicode_minus"]
    try:
        family = use_cjk_font()
        if family is None:
            pytest.skip("no CJK font installed")
        assert rcParams["font.sans-serif"][0] == family
        path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        from matplotlib.ft2font import FT2Font

        assert FT2Font(path).get_char_index(ord("单")), "the chosen font has Chinese characters"
    finally:
        rcParams["font.sans-serif"], rcParams["font.family"], rcParams["axes.unicode_minus"] = saved


def test_the_notebook_runs_in_a_kernel_from_the_dev_extra(tmp_path):
    """nbclient and ipykernel (both in the `dev` and `notebook` extras) run it as Jupyter would."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    import os

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    repo = str(NOTEBOOK.parents[1])
    env_path = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = repo + (os.pathsep + env_path if env_path else "")
    try:
        client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                         resources={"metadata": {"path": str(NOTEBOOK.parent)}})
        client.execute()
    finally:
        os.environ["PYTHONPATH"] = env_path
        if not env_path:
            del os.environ["PYTHONPATH"]
    outputs = {cell.id: cell.get("outputs", []) for cell in notebook.cells if cell.cell_type == "code"}
    assert not [o for out in outputs.values() for o in out if o.get("output_type") == "error"]
    summary = outputs["c8b"][0]["data"]["text/html"]
    assert "nlp-toolkit-batch" in summary and "已读取" in summary


@pytest.fixture(scope="module")
def batch_of_demo():
    import nlp_toolkit

    return nlp_toolkit.analyze_batch([NOTEBOOK.parents[1] / "corpora" / "demo" / "txt"], classify=False)
