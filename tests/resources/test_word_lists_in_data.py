"""Word lists live in data files under nlp_toolkit/resources/, not in the analysis code."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import nlp_toolkit

PACKAGE = Path(nlp_toolkit.__file__).resolve().parent
ANALYSIS = ("structure", "extract", "rules", "batch", "readers")  # the code that reads text
CJK = re.compile(r"[\u4e00-\u9fff]")
# Not word lists: the headings every rule's docs must have (a contract the docs test checks).
ALLOWED = {"rules/base.py:DOC_SECTIONS"}


def _word_lists(path: Path) -> list[str]:
    """Collection literals (set, list, tuple, dict keys) holding three or more Chinese strings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(PACKAGE).as_posix() if path.is_relative_to(PACKAGE) else path.name
    names = {id(n.value): ast.unparse(n.targets[0]) for n in ast.walk(tree) if isinstance(n, ast.Assign)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Set, ast.List, ast.Tuple, ast.Dict)):
            continue
        elements = node.keys if isinstance(node, ast.Dict) else node.elts
        chinese = [e for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str) and CJK.search(e.value)]
        name = f"{where}:{names.get(id(node), node.lineno)}"
        if len(chinese) >= 3 and name not in ALLOWED:
            found.append(name)
    return found


def test_no_chinese_word_list_in_the_analysis_code():
    found = sorted({hit for part in ANALYSIS for p in (PACKAGE / part).rglob("*.py") for hit in _word_lists(p)})
    assert found == []


def test_the_scan_sees_a_planted_list(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text('_WORDS = ("报告", "总结", "材料")\nOK = ("报告", "a", "b")\n', encoding="utf-8")
    assert _word_lists(planted) == ["planted.py:_WORDS"]
