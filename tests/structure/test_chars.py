"""Character classes live in structure/chars.py: no other module spells out a punctuation set."""
from __future__ import annotations

import ast
import re
import unicodedata
from pathlib import Path

from nlp_toolkit.structure import chars

PACKAGE = Path(chars.__file__).resolve().parents[1]


def _is_punctuation_set(text: str) -> bool:
    """Three or more punctuation marks and nothing but marks and spaces."""
    marks = {ch for ch in text if unicodedata.category(ch).startswith("P")}
    return len(marks) >= 3 and all(ch in marks or ch.isspace() for ch in text)


def _literal_sets(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = path.relative_to(PACKAGE) if path.is_relative_to(PACKAGE) else path.name
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            if _is_punctuation_set(node.value.value):
                found.append(f"{name}:{node.lineno}")
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("set", "frozenset") and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and _is_punctuation_set(arg.value):
                found.append(f"{name}:{node.lineno}")
    return found


def test_no_module_but_chars_defines_a_punctuation_set():
    found = [hit for p in sorted(PACKAGE.rglob("*.py")) if p.name != "chars.py" or p.parent.name != "structure"
             for hit in _literal_sets(p)]
    assert found == []


def test_the_guard_sees_a_planted_set(tmp_path):
    planted = tmp_path / "m.py"
    planted.write_text('_ENDS = set("。！？")\n_TRIM = " ；;。"\nOK = "、"\n', encoding="utf-8")
    assert len(_literal_sets(planted)) == 2


def test_classes_that_differ_are_named_apart():
    assert "；" in chars.SENTENCE_END and "；" not in chars.FULL_STOPS  # headings end only on a full stop
    assert set(chars.CLAUSE_BREAK) - set(chars.CLAUSE_END) == {"、"}
    assert set(chars.PARAGRAPH_END) - set(chars.SENTENCE_END) == {"：", ":"}


def test_char_class_escapes_every_character():
    pattern = re.compile(chars.char_class("-]^\\\n", negate=True) + "+")
    assert pattern.findall("a-b]c^d\\e\nf") == list("abcdef")
