"""Cytoscape.js elements JSON (``.cyjs``): what Cytoscape.js loads, and Cytoscape desktop opens with positions.

networkx writes the elements (``data`` per node and edge); each node also gets
its ``position`` from the layout, which Cytoscape desktop and Cytoscape.js use.
The document also says ``"layout": {"name": "preset"}``: Cytoscape.js runs its
grid layout over any positions unless told otherwise, so a reader passes the
file's own ``layout`` on (``cytoscape({container, elements, layout})``).
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO

import networkx as nx


def elements(network: nx.Graph[str]) -> dict[str, Any]:
    """The Cytoscape.js JSON document of ``network``: ``elements`` with ``nodes`` and ``edges``, nodes positioned.

    >>> g = nx.DiGraph(); g.add_node("a", label="A", x=1.0, y=2.0); g.add_edge("a", "b")
    >>> document = elements(g)
    >>> document["elements"]["nodes"][0]["position"], document["elements"]["nodes"][0]["data"]["name"], document["layout"]
    ({'x': 1.0, 'y': 2.0}, 'A', {'name': 'preset'})
    """
    plain = network.copy()
    plain.graph.clear()
    document: dict[str, Any] = nx.cytoscape_data(plain, name="label", ident="id")
    for node in document["elements"]["nodes"]:
        data = node["data"]
        data["name"] = str(data.get("label", data["id"]))
        if "x" in data and "y" in data:
            node["position"] = {"x": data["x"], "y": data["y"]}
    for number, edge in enumerate(document["elements"]["edges"]):
        edge["data"].setdefault("id", f"e{number}")
    document["layout"] = {"name": "preset"}  # the positions above, not Cytoscape.js's default grid
    return document


def write(network: nx.Graph[str], stream: BinaryIO) -> None:
    """Write ``network`` as Cytoscape.js elements JSON."""
    stream.write(json.dumps(elements(network), ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))
