"""SPARQL lives in .rq/.ru files: no query text in a Python string of src/ outside the catalogue loader."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from pyoxigraph import Quad

from hspkg import catalogue, load
from hspkg.resources import shipped
from hspkg.terms import PREFIXES

SRC = Path(__file__).resolve().parents[1] / "src" / "hspkg"
# the loader itself names the keywords: it turns an INSERT into its CONSTRUCT
LOADER = SRC / "catalogue.py"

# A keyword as a query starts: followed by what a query puts next (a variable, *, a block,
# a bracket, an IRI or a modifier), or alone. Prose such as "only SELECT and ASK queries
# are answered" names a keyword without being a query, and is allowed. Upper case only, as
# every query of ours is written: in lower case the words are JavaScript's (select()) or names.
_QUERY = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE|INSERT|DELETE)\b(\s*$|\s*[?$*{(<]|\s+(DISTINCT|REDUCED|WHERE|DATA|FROM)\b)")


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes: documentation (doctests show queries), not queries the code runs."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                found.add(id(first.value))
    return found


def strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string literal in ``source`` but the docstrings.

    Each piece of an f-string and of an implicit concatenation is a constant of its own in the
    syntax tree, so what is in any of them is found.
    """
    tree = ast.parse(source)
    skip = _docstrings(tree)
    return [(node.lineno, node.value) for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip]


def query_strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string literal in ``source`` that holds SPARQL query text."""
    return [(line, text) for line, text in strings(source) if _QUERY.search(text)]


def test_the_scanner_finds_query_text_and_passes_prose():
    source = '''
"""Module docstring: SELECT * { ?s ?p ?o } is an example."""
A = "SELECT ?o WHERE { ?o a org:X }"
B = f"""{A} SELECT DISTINCT ?s"""
C = "CONSTRUCT" + A.removeprefix("INSERT")
D = "only SELECT and ASK queries are answered"
E = {"query": "ASK {}"}
'''
    assert sorted(line for line, _ in query_strings(source)) == [3, 4, 5, 5, 7]


def test_no_query_text_in_a_python_string_of_src():
    found = [
        f"{path.relative_to(SRC.parent)}:{line}: {text.strip()[:60]!r}"
        for path in sorted(SRC.rglob("*.py"))
        if path != LOADER
        for line, text in query_strings(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "SPARQL belongs in queries/internal/*.rq (read by catalogue.internal):\n" + "\n".join(found)


def test_namespaces_are_written_in_terms_alone():
    """A namespace of terms.PREFIXES typed again in another module is a second home that can drift."""
    namespaces = set(PREFIXES.values())
    found = [
        f"{path.relative_to(SRC.parent)}:{line}: {text.strip()[:60]!r}"
        for path in sorted(SRC.rglob("*.py"))
        if path != SRC / "terms.py"
        for line, text in strings(path.read_text(encoding="utf-8"))
        if any(namespace in text for namespace in namespaces)
    ]
    assert found == [], "use terms.PREFIXES or terms.expand:\n" + "\n".join(found)


INTERNAL = sorted(p.stem for p in (shipped("queries") / "internal").iterdir() if p.suffix in (".rq", ".ru"))


def test_the_internal_queries_are_not_the_catalogue():
    assert INTERNAL and not set(INTERNAL) & set(catalogue.queries())


@pytest.mark.parametrize("name", [n for n in INTERNAL if not n.startswith("closure-")])
def test_each_internal_query_runs(name):
    query = catalogue.internal(name)
    # organisation-by-name takes a name, void-entities a URI space, ingest-award an award, page-awards a resource: each finds something with its own
    values = {
        p.name: {
            "iri": "https://w3id.org/hspkg/id/org/ucl",
            "resource": "https://w3id.org/hspkg/id/org/ucl",
            "name": "UCLPartners",
            "space": "https://w3id.org/hspkg/id/",
            "award": "https://w3id.org/hspkg/id/award/uclh-brc-2022",
        }[p.name]
        for p in query.params
    }
    results = load().sparql(query.bind(values), name)
    assert results.boolean if results.boolean is not None else results.values(), f"{name} found nothing in the shipped graph"


def test_the_closure_is_in_the_loaded_graph():
    updates = catalogue.closure()
    assert [catalogue.internal(n).text for n in INTERNAL if n.startswith("closure-")] == list(updates)
    store = load().store
    for update in updates:  # each step's CONSTRUCT gives only triples the loaded graph holds
        triples = list(store.query(catalogue.as_construct(update)))
        assert triples and all(Quad(t.subject, t.predicate, t.object) in store for t in triples)
