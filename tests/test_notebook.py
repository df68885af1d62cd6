"""The exploration notebook runs top to bottom on the demo data (cells executed in-process)."""
from __future__ import annotations

import json
from html import escape
from pathlib import Path

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
