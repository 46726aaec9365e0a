"""GraphML, written by networkx: one declared, typed <key> per node or edge attribute.

The ``yed`` flavour adds yFiles node graphics, which yEd needs to show names
and colours; other readers ignore them.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from typing import BinaryIO

import networkx as nx

from .palette import colour

GRAPHML = "http://graphml.graphdrawing.org/xmlns"
YFILES = "http://www.yworks.com/xml/graphml"


def write(network: nx.Graph[str], stream: BinaryIO) -> None:
    """Write ``network`` as GraphML.

    Graph-level attributes are dropped (Gephi rejects graph-level keys), and so
    are empty values, which GraphML cannot type.
    """
    nx.write_graphml_xml(_clean(network), stream, encoding="utf-8", prettyprint=True)


def write_yed(network: nx.Graph[str], stream: BinaryIO) -> None:
    """GraphML with a yFiles ShapeNode per node: its name as the label, filled by kind."""
    plain = io.BytesIO()
    write(network, plain)
    ET.register_namespace("", GRAPHML)
    ET.register_namespace("y", YFILES)
    root = ET.fromstring(plain.getvalue())
    key = ET.Element(f"{{{GRAPHML}}}key", {"id": "yfiles_node", "for": "node", "yfiles.type": "nodegraphics"})
    root.insert(0, key)
    labels = {n: str(d.get("label", n)) for n, d in network.nodes(data=True)}
    kinds = {n: str(d.get("kind", "")) for n, d in network.nodes(data=True)}
    for node in root.iter(f"{{{GRAPHML}}}node"):
        identifier = node.attrib["id"]
        data = ET.SubElement(node, f"{{{GRAPHML}}}data", {"key": "yfiles_node"})
        shape = ET.SubElement(data, f"{{{YFILES}}}ShapeNode")
        width = max(60, 7 * len(labels[identifier]))
        ET.SubElement(shape, f"{{{YFILES}}}Geometry", {"width": str(width), "height": "30"})
        ET.SubElement(shape, f"{{{YFILES}}}Fill", {"color": colour(kinds[identifier]), "transparent": "false"})
        ET.SubElement(shape, f"{{{YFILES}}}NodeLabel").text = labels[identifier]
        ET.SubElement(shape, f"{{{YFILES}}}Shape", {"type": "roundrectangle"})
    ET.ElementTree(root).write(stream, encoding="utf-8", xml_declaration=True)


def _clean(network: nx.Graph[str]) -> nx.Graph[str]:
    """``network`` fit to write (a copy when it must change): no graph-level or empty attributes,
    and edge keys unique across the graph.

    networkx writes a multigraph's edge keys as GraphML edge ids, which must be
    unique in the document; its default keys (0, 1, ...) repeat between node pairs.
    """
    empty = any(v is None or v == "" for _, d in network.nodes(data=True) for v in d.values()) or any(
        v is None or v == "" for *_, d in network.edges(data=True) for v in d.values()
    )
    repeated = isinstance(network, nx.MultiGraph) and len({k for *_, k in network.edges(keys=True)}) != network.number_of_edges()
    if not (network.graph or empty or repeated):
        return network  # already fit: copying a large graph costs seconds
    clean = network.copy()
    clean.graph.clear()
    if repeated and isinstance(clean, nx.MultiGraph):
        rekeyed = clean.__class__()
        rekeyed.add_nodes_from(clean.nodes(data=True))
        for i, (u, v, d) in enumerate(clean.edges(data=True)):
            rekeyed.add_edge(u, v, key=f"e{i}", **d)
        clean = rekeyed
    for _, data in clean.nodes(data=True):
        _drop_empty(data)
    for *_, data in clean.edges(data=True):
        _drop_empty(data)
    return clean


def _drop_empty(data: dict[str, object]) -> None:
    for key in [k for k, v in data.items() if v is None or v == ""]:
        del data[key]
