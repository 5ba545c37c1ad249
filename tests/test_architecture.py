"""The layout of ``kg/``: data flows one way through the stages (docs/architecture.md).

Read from the source with :mod:`ast` (every import counts, also inside functions), these
tests fail on an import cycle, on a module that imports a later stage, on a neutral stage that
imports a language pack, on a file over 600 lines and on a module without a docstring.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parents[1] / "kg"
MAX_LINES = 600

#: The stages in the order data flows, lowest first; a module may import its own stage and
#: the ones before it. Language packs plug into nlp and extract, so they come after them.
RANKS: list[tuple[str, ...]] = [
    # the foundations every stage may use
    ("kg", "kg.errors", "kg.fileio", "kg.text", "kg.vocab", "kg.types", "kg.registry"),
    ("kg.progress",),  # a foundation too; its own rank so that it never imports the others
    ("kg.ingest",),
    ("kg.nlp",),
    ("kg.extract",),
    ("kg.lang",),
    ("kg.events",),
    ("kg.graph",),
    ("kg.network",),
    ("kg.render",),
    # the jobs and tools on top
    (
        "kg.batch",
        "kg.build",
        "kg.analyze",
        "kg.notebook",
        "kg.evaluate",
        "kg.train",
        "kg.cli",
        "kg.__main__",
    ),
]


def modules() -> dict[str, Path]:
    """Module name → file, for every Python file of the package (not the ontology data)."""
    out = {}
    for f in sorted(KG.rglob("*.py")):
        rel = f.relative_to(KG.parent)
        if rel.parts[1] == "ontology":
            continue  # kg/ontology links the ontology folder: data and a generator script
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = f
    return out


def imports(mods: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the kg modules it imports (anywhere in the file)."""
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for m, f in mods.items():
        pkg = m if f.name == "__init__.py" else m.rpartition(".")[0]
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = pkg.split(".")[: len(pkg.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                names = [base] + [f"{base}.{a.name}" for a in node.names]
            for name in names:
                while name and name not in mods:
                    name = name.rpartition(".")[0]
                if name and name != m and not m.startswith(name + "."):
                    edges[m].add(name)
    return edges


def rank(module: str) -> int:
    best, found = -1, -1
    for i, prefixes in enumerate(RANKS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > best:
                best, found = len(p), i
    return found


MODULES = modules()
EDGES = imports(MODULES)


def test_every_module_has_a_stage():
    assert [m for m in MODULES if rank(m) < 0] == []


def test_no_import_cycle():
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in EDGES[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in EDGES:
        if v not in index:
            visit(v)
    assert cycles == []


def test_no_module_imports_a_later_stage():
    upward = sorted(
        (m, target) for m, targets in EDGES.items() for target in targets if rank(target) > rank(m)
    )
    assert upward == []


@pytest.mark.parametrize("stage", ["kg.nlp", "kg.extract"])
def test_neutral_stages_never_import_a_language_pack(stage):
    found = sorted(
        (m, t)
        for m, targets in EDGES.items()
        if m == stage or m.startswith(stage + ".")
        for t in targets
        if t.startswith("kg.lang")
    )
    assert found == []


def test_no_file_over_the_limit():
    sizes = {m: len(f.read_text(encoding="utf-8").splitlines()) for m, f in MODULES.items()}
    assert {m: n for m, n in sizes.items() if n > MAX_LINES} == {}


def test_every_module_has_a_docstring():
    missing = [m for m, f in MODULES.items() if ast.get_docstring(ast.parse(f.read_text())) is None]
    assert missing == []


def test_the_checks_see_real_imports():
    """The graph is not empty by accident: known edges are there."""
    assert "kg.nlp.extensions" in EDGES["kg.extract.component"]
    assert "kg.extract.component" in EDGES["kg.lang.ar.pipeline"]
    assert rank("kg.lang.ar.grammar.events") > rank("kg.extract.driver")
    assert rank("kg.graph.store") < rank("kg.network.actors") < rank("kg.render.html")
