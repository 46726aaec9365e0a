"""CSV: a nodes file and an edges file, for Kumu, Flourish and spreadsheets."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import networkx as nx

from .. import cells
from ..atomic import atomic


def paths(output: str) -> tuple[Path, Path]:
    """Where the two files go: inside ``output`` if it is a folder, else beside it as a prefix.

    >>> paths("out/network")
    (PosixPath('out/network-nodes.csv'), PosixPath('out/network-edges.csv'))
    """
    target = Path(output)
    if target.is_dir() or output.endswith(("/", "\\")):
        return target / "nodes.csv", target / "edges.csv"
    stem = target.name.removesuffix(".csv")
    return target.with_name(f"{stem}-nodes.csv"), target.with_name(f"{stem}-edges.csv")


def write(network: nx.Graph[str], output: str, exact: bool = False) -> None:
    """Write the nodes file (``id`` and attributes) and the edges file (``source``, ``target``, attributes).

    Formula-like cells get a leading ``'`` unless ``exact`` (see :mod:`hspkg.cells`).
    """
    nodes_path, edges_path = paths(output)
    node_rows = [{"id": node, **data} for node, data in network.nodes(data=True)]
    edge_rows = [{"source": u, "target": v, **data} for u, v, data in network.edges(data=True)]
    with atomic(nodes_path) as nodes, atomic(edges_path) as edges:
        _csv(nodes, node_rows, ["id"], exact)
        _csv(edges, edge_rows, ["source", "target"], exact)


def _csv(stream: BinaryIO, rows: list[dict[str, object]], first: list[str], exact: bool) -> None:
    columns = first + sorted({k for row in rows for k in row} - set(first))
    cells.write_to(stream, columns, ([row.get(c) for c in columns] for row in rows), exact)
