"""CSV: a nodes file and an edges file, for Kumu, Flourish and spreadsheets."""

from __future__ import annotations

import csv
import io
from typing import BinaryIO

import networkx as nx


def write(network: nx.Graph[str], nodes: BinaryIO, edges: BinaryIO) -> None:
    """Write the nodes (``id`` and attributes) to ``nodes`` and the edges (``source``, ``target``, attributes) to ``edges``."""
    node_rows = [{"id": node, **data} for node, data in network.nodes(data=True)]
    edge_rows = [{"source": u, "target": v, **data} for u, v, data in network.edges(data=True)]
    nodes.write(_csv(node_rows, ["id"]))
    edges.write(_csv(edge_rows, ["source", "target"]))


def _csv(rows: list[dict[str, object]], first: list[str]) -> bytes:
    columns = first + sorted({k for row in rows for k in row} - set(first))
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")
