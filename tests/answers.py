"""A catalogue query's rows as values to compare: each term in its N-Triples form, a GROUP_CONCAT column as the set of its parts.

SPARQL leaves the order inside GROUP_CONCAT to the engine (even two Oxigraph stores differ),
so such a column is compared as the set of its parts; every other cell exactly.
"""

from __future__ import annotations

import re

import hspkg
from hspkg import catalogue

CONCAT = re.compile(r'GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?separator\s*=\s*"([^"]*)"\s*\)\s*AS\s*\?(\w+)', re.IGNORECASE)


def rows(graph: hspkg.Graph, name: str, params: dict[str, str]) -> list[tuple[object, ...]]:
    """The rows of catalogue query ``name`` in the order the graph gives them."""
    separators = {variable: separator for separator, variable in CONCAT.findall(catalogue.get(name).text)}
    results = graph.query(name, **params)

    def cell(variable: str, term: object) -> object:
        if term is None:
            return frozenset() if variable in separators else "UNBOUND"
        if variable in separators:
            # Engines disagree on a GROUP_CONCAT over nothing (or over errors only): Oxigraph
            # leaves it unbound, Virtuoso gives "". Both say "no parts".
            return frozenset(part for part in term.value.split(separators[variable]) if part)  # type: ignore[attr-defined]
        return str(term)

    return [tuple(cell(v, row[v]) for v in results.variables) for row in results]
