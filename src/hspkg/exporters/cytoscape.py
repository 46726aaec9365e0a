"""Cytoscape.js elements JSON (``.cyjs``): what Cytoscape.js loads, and Cytoscape desktop opens with positions.

The elements are those networkx's ``cytoscape_data`` gives (``data`` per node and
edge, read back by its ``cytoscape_graph``); each node also gets its ``position``
from the layout, which Cytoscape desktop and Cytoscape.js use. The document also
says ``"layout": {"name": "preset"}``: Cytoscape.js runs its grid layout over any
positions unless told otherwise, so a reader passes the file's own ``layout`` on
(``cytoscape({container, elements, layout})``). One element a line: JSON's C
encoder writes each (indenting every key took seconds at 10^6 triples).
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
    nodes = []
    for node, attributes in network.nodes(data=True):
        data = {**attributes, "id": attributes.get("id") or str(node), "value": node}  # as networkx's cytoscape_data gives them
        data["name"] = str(attributes.get("label", data["id"]))
        element: dict[str, Any] = {"data": data}
        if "x" in data and "y" in data:
            element["position"] = {"x": data["x"], "y": data["y"]}
        nodes.append(element)
    multi = network.is_multigraph()
    found = network.edges(keys=True, data=True) if multi else ((u, v, None, d) for u, v, d in network.edges(data=True))  # type: ignore[call-overload]
    edges = []
    for number, (source, target, key, attributes) in enumerate(found):
        data = {**attributes, "source": source, "target": target, **({"key": key} if multi else {})}
        data.setdefault("id", f"e{number}")
        edges.append({"data": data})
    # the positions above, not Cytoscape.js's default grid
    return {"data": [], "directed": network.is_directed(), "multigraph": multi, "elements": {"nodes": nodes, "edges": edges}, "layout": {"name": "preset"}}


def write(network: nx.Graph[str], stream: BinaryIO) -> None:
    """Write ``network`` as Cytoscape.js elements JSON, one element a line.

    >>> import io
    >>> out = io.BytesIO(); write(nx.DiGraph([("a", "b")]), out)
    >>> print(out.getvalue().decode(), end="")
    {"data": [], "directed": true, "layout": {"name": "preset"}, "multigraph": false, "elements": {
    "nodes": [
    {"data": {"id": "a", "name": "a", "value": "a"}},
    {"data": {"id": "b", "name": "b", "value": "b"}}
    ],
    "edges": [
    {"data": {"id": "e0", "source": "a", "target": "b"}}
    ]}}
    >>> nx.cytoscape_graph(json.loads(out.getvalue())).edges
    OutEdgeView([('a', 'b')])
    """
    document = elements(network)
    parts = document.pop("elements")
    encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    stream.write((encode(document)[:-1] + ', "elements": {').encode("utf-8"))
    for number, (name, listed) in enumerate(parts.items()):
        stream.write(f'{"," if number else ""}\n"{name}": [\n'.encode())
        stream.write(",\n".join(encode(element) for element in listed).encode("utf-8"))
        stream.write(("\n]" if listed else "]").encode())
    stream.write(b"}}\n")
