"""CSV: a nodes file and an edges file, for Kumu, Flourish and spreadsheets."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx

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


def write(network: nx.Graph[str], output: str) -> None:
    """Write the nodes file (``id`` and attributes) and the edges file (``source``, ``target``, attributes)."""
    nodes_path, edges_path = paths(output)
    node_rows = [{"id": node, **data} for node, data in network.nodes(data=True)]
    edge_rows = [{"source": u, "target": v, **data} for u, v, data in network.edges(data=True)]
    with atomic(nodes_path) as nodes, atomic(edges_path) as edges:
        nodes.write(_csv(node_rows, ["id"]))
        edges.write(_csv(edge_rows, ["source", "target"]))


def _csv(rows: list[dict[str, object]], first: list[str]) -> bytes:
    columns = first + sorted({k for row in rows for k in row} - set(first))
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")
