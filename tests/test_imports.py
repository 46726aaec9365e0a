"""The package's imports run one way: no module imports, even inside a function or for a type, one that imports it back.

An import made inside a function still ties two modules (the one cannot be
understood, moved or tested without the other), so every import counts here,
as it does for the tools that draw the package's structure.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

import hspkg

PACKAGE = Path(hspkg.__file__).parent


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = ["hspkg", *path.relative_to(PACKAGE).with_suffix("").parts]
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports() -> nx.DiGraph[str]:
    """Module -> module for every import of the package's own modules, wherever it stands in the file."""
    known = modules()
    graph: nx.DiGraph[str] = nx.DiGraph()
    for name, path in known.items():
        graph.add_node(name)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]) if node.level else ""
                base = ".".join(p for p in (base, node.module or "") if p)
                # "from . import terms" imports the module hspkg.terms; "from .terms import show" the module too
                submodules = [f"{base}.{alias.name}" for alias in node.names]
                targets = submodules if all(m in known for m in submodules) else [base]
            else:
                continue
            graph.add_edges_from((name, target) for target in targets if target in known and target != name)
    return graph


def circles(graph: nx.DiGraph[str]) -> list[list[str]]:
    return sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)


def test_no_module_imports_one_that_imports_it_back():
    assert circles(imports()) == []


def test_the_formats_table_stands_on_nothing_but_the_errors_and_terms():
    """Every writer and every caller imports formats.py for its types and its table: it must import none of them."""
    assert set(imports().successors("hspkg.formats")) <= {"hspkg.errors", "hspkg.terms"}
