"""GEXF in dynamic mode (networkx): spells from membership years, so Gephi's timeline plays."""

from __future__ import annotations

from typing import BinaryIO

import networkx as nx

from .graphml import _clean


def write(network: nx.Graph[str], stream: BinaryIO) -> None:
    """Write ``network`` as GEXF 1.2.

    Edges that carry ``start`` (and ``end``) years become spells; a node appears
    with its first edge, so the network grows year by year. Nodes without a dated
    edge are there throughout.
    """
    timed = _clean(network.copy())  # the copy is ours to add start years to
    for node in timed.nodes:
        starts = [d["start"] for *_, d in timed.edges(node, data=True) if "start" in d]
        if isinstance(timed, nx.DiGraph):
            starts += [d["start"] for *_, d in timed.in_edges(node, data=True) if "start" in d]
        if starts:
            timed.nodes[node]["start"] = min(starts)
    nx.write_gexf(timed, stream, encoding="utf-8", prettyprint=True, version="1.2draft")
