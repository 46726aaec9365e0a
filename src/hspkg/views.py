"""Networks built from SPARQL results: the views that exports draw.

A view is defined by catalogue queries, so it runs the same on an embedded graph
and, later, on a remote endpoint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import networkx as nx

from .errors import InputError

if TYPE_CHECKING:
    from .graph import Graph


def memberships(graph: Graph, as_of: int | None = None) -> nx.MultiDiGraph:
    """Organisations as nodes, one edge per membership (member → network).

    Nodes carry ``label``, ``iri`` and ``kind``; edges carry ``label`` and
    ``start`` (and ``end`` where known). With ``as_of``, only memberships in force
    that year. Unknown values are left out rather than written as empty.

    >>> from hspkg import load
    >>> g = memberships(load(), as_of=2010)
    >>> g.number_of_edges()
    5
    """
    network = nx.MultiDiGraph()
    for row in graph.query("organisations"):
        iri = row["organisation"].value
        network.add_node(iri, label=row["label"].value, iri=iri, kind=row["kind"].value)
    for row in graph.query("members", year=as_of):
        attributes = {"label": "member of", "start": int(row["startYear"].value)}
        if row["endYear"] is not None:
            attributes["end"] = int(row["endYear"].value)
        network.add_edge(row["member"].value, row["network"].value, key=row["membership"].value, **attributes)
    return network


VIEWS: dict[str, Callable[..., nx.MultiDiGraph]] = {"memberships": memberships}


def build(graph: Graph, view: str, as_of: int | None = None) -> nx.MultiDiGraph:
    """The named view of ``graph``; an unknown name lists the known ones."""
    if view not in VIEWS:
        raise InputError(f"no view named {view!r}; the views are: {', '.join(VIEWS)}")
    return VIEWS[view](graph, as_of=as_of)
