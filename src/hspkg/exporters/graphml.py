"""GraphML, written by networkx: one declared, typed <key> per node or edge attribute."""

from __future__ import annotations

from typing import BinaryIO

import networkx as nx


def write(network: nx.Graph, stream: BinaryIO) -> None:
    """Write ``network`` as GraphML.

    Graph-level attributes are dropped (Gephi rejects graph-level keys), and so
    are empty values, which GraphML cannot type.
    """
    clean = network.copy()
    clean.graph.clear()
    for _, data in clean.nodes(data=True):
        _drop_empty(data)
    for *_, data in clean.edges(data=True):
        _drop_empty(data)
    nx.write_graphml_xml(clean, stream, encoding="utf-8", prettyprint=True)


def _drop_empty(data: dict) -> None:
    for key in [k for k, v in data.items() if v is None or v == ""]:
        del data[key]
