"""CSV: a nodes file and an edges file, for Kumu, Flourish and spreadsheets."""

from __future__ import annotations

from typing import BinaryIO

import networkx as nx

from .. import cells


def write(network: nx.Graph[str], nodes: BinaryIO, edges: BinaryIO, exact: bool = False) -> None:
    """Write the nodes (``id`` and attributes) to ``nodes`` and the edges (``source``, ``target``, attributes) to ``edges``.

    Formula-like cells get a leading ``'`` unless ``exact`` (see :mod:`hspkg.cells`).
    """
    node_rows = [{"id": node, **data} for node, data in network.nodes(data=True)]
    edge_rows = [{"source": u, "target": v, **data} for u, v, data in network.edges(data=True)]
    _csv(nodes, node_rows, ["id"], exact)
    _csv(edges, edge_rows, ["source", "target"], exact)


def _csv(stream: BinaryIO, rows: list[dict[str, object]], first: list[str], exact: bool) -> None:
    columns = first + sorted({k for row in rows for k in row} - set(first))
    cells.write_to(stream, columns, ([row.get(c) for c in columns] for row in rows), exact)
