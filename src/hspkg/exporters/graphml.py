"""GraphML, written by networkx, with keys named for what they hold.

Key ids are the attribute names for nodes (``label``, ``kind``, ``x``...) and
``edge`` + the name for edges (``edgelabel``, ``edgestart``): Gephi takes a key
id it knows (``label``, ``x``, ``r``, ``edgelabel``) for what it means, and
networkx's ``d0``, ``d1``... for nothing, or for the wrong thing. Whole numbers
are ``int`` (yEd warns about ``long``). Gephi's y axis points up, the page's
down, so ``y`` is written negated.

The ``yed`` flavour adds yFiles graphics, which yEd needs to show anything:
each node a shape at its position, filled by kind, with its name; each edge an
arrow (in the directed views) labelled with its start year.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from typing import Any, BinaryIO

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

GRAPHML = "http://graphml.graphdrawing.org/xmlns"
YFILES = "http://www.yworks.com/xml/graphml"


class _NamedKeys(GraphMLWriter):
    """networkx's writer, with key ids named for their attribute and whole numbers written as ``int``."""

    def get_xml_type(self, key: Any) -> str:
        xml_type: str = super().get_xml_type(key)  # type: ignore[no-untyped-call]
        return "int" if xml_type == "long" else xml_type

    def get_key(self, name: str, attr_type: str, scope: str, default: Any) -> str:
        found: str | None = self.keys.get((name, attr_type, scope))
        if found is not None:
            return found
        key_id = name if scope == "node" else f"{scope}{name}"
        self.keys[(name, attr_type, scope)] = key_id
        self.xml.insert(0, self.myElement("key", **{"id": key_id, "for": scope, "attr.name": name, "attr.type": attr_type}))
        return key_id


def write(network: nx.Graph[str], stream: BinaryIO) -> None:
    """Write ``network`` as GraphML; graph-level attributes are left out (Gephi rejects graph-level keys)."""
    plain = network.copy()
    plain.graph.clear()
    for _, attributes in plain.nodes(data=True):
        if "y" in attributes:
            attributes["y"] = -attributes["y"]
    writer = _NamedKeys(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(plain)
    writer.dump(stream)


def write_yed(network: nx.Graph[str], stream: BinaryIO) -> None:
    """GraphML with yFiles node and edge graphics."""
    plain = io.BytesIO()
    write(network, plain)
    ET.register_namespace("", GRAPHML)
    ET.register_namespace("y", YFILES)
    root = ET.fromstring(plain.getvalue())
    root.insert(0, ET.Element(f"{{{GRAPHML}}}key", {"id": "nodegraphics", "for": "node", "yfiles.type": "nodegraphics"}))
    root.insert(0, ET.Element(f"{{{GRAPHML}}}key", {"id": "edgegraphics", "for": "edge", "yfiles.type": "edgegraphics"}))
    nodes: dict[str, dict[str, Any]] = {n: d for n, d in network.nodes(data=True)}
    for node in root.iter(f"{{{GRAPHML}}}node"):
        attributes = nodes[node.attrib["id"]]
        label = str(attributes.get("label", node.attrib["id"]))
        size = float(attributes.get("size", 10))
        width, height = max(2 * size, 6.5 * min(len(label), 40)), 2 * size + 10
        shape = ET.SubElement(ET.SubElement(node, f"{{{GRAPHML}}}data", {"key": "nodegraphics"}), f"{{{YFILES}}}ShapeNode")
        geometry = {"x": f"{float(attributes.get('x', 0)) - width / 2:.1f}", "y": f"{float(attributes.get('y', 0)) - height / 2:.1f}"}
        ET.SubElement(shape, f"{{{YFILES}}}Geometry", {**geometry, "width": f"{width:.1f}", "height": f"{height:.1f}"})
        ET.SubElement(shape, f"{{{YFILES}}}Fill", {"color": str(attributes.get("colour", "#C0C0C0")), "transparent": "false"})
        ET.SubElement(shape, f"{{{YFILES}}}NodeLabel").text = label
        ET.SubElement(shape, f"{{{YFILES}}}Shape", {"type": "roundrectangle"})
    edges = [d for *_, d in network.edges(data=True)]
    for edge, attributes in zip(root.iter(f"{{{GRAPHML}}}edge"), edges, strict=True):
        line = ET.SubElement(ET.SubElement(edge, f"{{{GRAPHML}}}data", {"key": "edgegraphics"}), f"{{{YFILES}}}PolyLineEdge")
        ET.SubElement(line, f"{{{YFILES}}}LineStyle", {"color": "#888888", "type": "line", "width": "1.0"})
        ET.SubElement(line, f"{{{YFILES}}}Arrows", {"source": "none", "target": "standard" if network.is_directed() else "none"})
        if "start" in attributes:
            ET.SubElement(line, f"{{{YFILES}}}EdgeLabel").text = str(attributes["start"])
    ET.ElementTree(root).write(stream, encoding="utf-8", xml_declaration=True)
