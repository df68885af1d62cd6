"""The package's import graph: no cycle between its modules, no private name imported across them.

The graph is read from the source with `ast`, so imports inside functions (the usual way a cycle
hides) count as much as those at the top of a module; imports under `if TYPE_CHECKING:` never
run and do not count. An edge goes to the module named (`from nlp_toolkit.batch import lsh` is
an edge to `nlp_toolkit.batch.lsh`; `from nlp_toolkit.batch import Batch` one to the package's
`__init__`); the parent packages Python initialises on the way are not edges, or every module
would form a cycle with `nlp_toolkit/__init__.py`.

`KNOWN_CYCLES` lists the cycles that remain outside this work (each as the sorted modules of
its strongly connected component); it may only shrink, as `KNOWN_PRIVATE_IMPORTS` may. A cycle not listed fails the test, and
so does a listed one that is gone (remove it from the list).
"""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "nlp_toolkit"
ROOT = PACKAGE.name

# Components (sorted module names) that still form a cycle and belong to other work.
KNOWN_CYCLES: list[tuple[str, ...]] = []
# Private names still imported across modules ("importer imports module.name"); may only shrink.
KNOWN_PRIVATE_IMPORTS: list[str] = []


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _runtime_imports(tree: ast.AST):
    """Import nodes anywhere in the tree (functions included), except under `if TYPE_CHECKING:`."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _base(name: str, node: ast.ImportFrom) -> str | None:
    """The absolute module a `from … import` names (relative imports resolved)."""
    if not node.level:
        return node.module
    package = name.split(".") if modules()[name].name == "__init__.py" else name.split(".")[:-1]
    package = package[:len(package) - node.level + 1]
    return ".".join(package + ([node.module] if node.module else []))


def imports_of(name: str, known: dict[str, Path]) -> list[tuple[str, str | None]]:
    """(module imported, name imported from it or None) for every runtime import of `name`."""
    tree = ast.parse(known[name].read_text(encoding="utf-8"))
    out = []
    for node in _runtime_imports(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, None) for a in node.names if a.name.split(".")[0] == ROOT]
            continue
        base = _base(name, node)
        if not base or base.split(".")[0] != ROOT:
            continue
        for alias in node.names:
            sub = f"{base}.{alias.name}"
            out.append((sub, None) if sub in known else (base, alias.name))
    return out


def graph() -> dict[str, set[str]]:
    known = modules()
    edges: dict[str, set[str]] = defaultdict(set)
    for name in known:
        for target, _ in imports_of(name, known):
            if target in known and target != name:
                edges[name].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[tuple[str, ...]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[tuple[str, ...]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(tuple(sorted(component)))

    for v in sorted(set(edges) | {w for ws in edges.values() for w in ws}):
        if v not in index:
            visit(v)
    return sorted(found)


def private_imports() -> list[str]:
    known = modules()
    out = []
    for name in known:
        for target, imported in imports_of(name, known):
            if imported and imported.startswith("_") and not imported.startswith("__") and target != name:
                out.append(f"{name} imports {target}.{imported}")
    return sorted(set(out))


def test_the_graph_sees_function_level_imports():
    edges = graph()
    assert "nlp_toolkit.model" in edges["nlp_toolkit.batch.analysis"]  # a top-level import
    assert "nlp_toolkit.structure" in edges["nlp_toolkit.batch.analysis"]  # one inside analyze_source


def test_cycle_finder_finds_a_planted_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [("a", "b", "c")]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_beyond_the_known_ones():
    found = cycles(graph())
    new = [c for c in found if c not in KNOWN_CYCLES]
    assert not new, "import cycles: " + "; ".join(" ↔ ".join(c) for c in new)
    gone = [c for c in KNOWN_CYCLES if c not in found]
    assert not gone, "no longer cycles, remove from KNOWN_CYCLES: " + "; ".join(" ↔ ".join(c) for c in gone)


def test_the_model_imports_no_output_module():
    assert not {m for m in graph()["nlp_toolkit.model"] if m.startswith("nlp_toolkit.output")}


def test_no_private_name_imported_across_modules():
    found = private_imports()
    assert [p for p in found if p not in KNOWN_PRIVATE_IMPORTS] == []
    assert [p for p in KNOWN_PRIVATE_IMPORTS if p not in found] == [], "fixed: remove from KNOWN_PRIVATE_IMPORTS"


def _imports_under(prefix: str) -> set[str]:
    edges = graph()
    return {target for module, targets in edges.items() if module == prefix or module.startswith(prefix + ".")
            for target in targets}


def test_copy_detection_builds_no_findings():
    """batch/copying returns records: it imports no rule (the rules import it)."""
    assert not {m for m in _imports_under("nlp_toolkit.batch.copying") if m.startswith("nlp_toolkit.rules")}


def test_outputs_only_format_the_model():
    """Outputs read the model (and the rules' own labels and docs through the registry, the
    review's decision keys, the explanations' wording and the extractors' and writers' registries,
    which are functions of the model), nothing else: what they show of the decisions is in
    `output/decisions.py`, which the review package imports (one way)."""
    allowed = ("nlp_toolkit.model", "nlp_toolkit.output", "nlp_toolkit.resources", "nlp_toolkit.rules.registry",
               "nlp_toolkit.explain", "nlp_toolkit.registry", "nlp_toolkit.extract.registry",
               "nlp_toolkit.review.keys")
    assert not {m for m in _imports_under("nlp_toolkit.output") if not m.startswith(allowed)}
