"""GraphML, written by networkx, with keys named for what they hold.

Key ids are the attribute names for nodes (``label``, ``kind``, ``x``...) and
``edge`` + the name for edges (``edgelabel``, ``edgestart``): Gephi takes a key
id it knows (``label``, ``x``, ``r``, ``edgelabel``) for what it means, and
networkx's ``d0``, ``d1``... for nothing, or for the wrong thing. Whole numbers
are ``int`` (yEd warns about ``long``). Gephi's y axis points up, the page's
down, so ``y`` is written negated.

The ``yed`` flavour adds yFiles graphics, which yEd needs to show anything:
each node a shape by kind at its position, filled by kind, its name beside it
(where the layout left room); each edge a line styled by its ``relation``
(memberships solid, mergers dashed, transfers dash-dotted...), an arrow in the
directed views, labelled with its start year.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from typing import Any, BinaryIO

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

from . import palette
from .layout import FONT, name_side, wrapped
from .palette import is_partnership

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
    """GraphML with yFiles node and edge graphics.

    Each graphics element comes first in its node or edge, so that a reader which takes yFiles
    graphics for attributes (networkx: a node's ``x``, ``y`` and ``label``, an edge's ``label``)
    reads our own typed keys after them, and keeps those.
    """
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
        kind = str(attributes.get("kind", ""))
        size = float(attributes.get("size", 10))
        graphics = ET.Element(f"{{{GRAPHML}}}data", {"key": "nodegraphics"})
        node.insert(0, graphics)
        shape = ET.SubElement(graphics, f"{{{YFILES}}}ShapeNode")
        geometry = {"x": f"{float(attributes.get('x', 0)) - size / 2:.1f}", "y": f"{float(attributes.get('y', 0)) - size / 2:.1f}"}
        ET.SubElement(shape, f"{{{YFILES}}}Geometry", {**geometry, "width": f"{size:.1f}", "height": f"{size:.1f}"})
        ET.SubElement(shape, f"{{{YFILES}}}Fill", {"color": str(attributes.get("colour", "#C0C0C0")), "transparent": "false"})
        ET.SubElement(shape, f"{{{YFILES}}}BorderStyle", {"color": "#333333", "type": "line", "width": "1.5" if is_partnership(kind) else "0.8"})
        side = "w" if name_side(network, node.attrib["id"]) == "left" else "e"  # names beside their nodes, where the layout left room
        label = {"modelName": "sides", "modelPosition": side, "fontFamily": "Dialog", "fontSize": f"{FONT[is_partnership(kind)]:.0f}"}
        if is_partnership(kind):
            label["fontStyle"] = "bold"
        ET.SubElement(shape, f"{{{YFILES}}}NodeLabel", label).text = wrapped(str(attributes.get("label", node.attrib["id"])))
        ET.SubElement(shape, f"{{{YFILES}}}Shape", {"type": palette.shape(kind)[1]})
    edges = [d for *_, d in network.edges(data=True)]
    for edge, attributes in zip(root.iter(f"{{{GRAPHML}}}edge"), edges, strict=True):
        relation = str(attributes.get("relation", ""))
        drawn = palette.line(relation)
        graphics = ET.Element(f"{{{GRAPHML}}}data", {"key": "edgegraphics"})
        edge.insert(0, graphics)
        line = ET.SubElement(graphics, f"{{{YFILES}}}PolyLineEdge")
        ET.SubElement(line, f"{{{YFILES}}}LineStyle", {"color": drawn.colour, "type": drawn.yed, "width": f"{drawn.width:.1f}"})
        ET.SubElement(line, f"{{{YFILES}}}Arrows", {"source": "none", "target": drawn.yed_arrow if network.is_directed() else "none"})
        said = " ".join(str(part) for part in (relation if relation != "membership" else "", attributes.get("start", "")) if part != "")
        if said:
            ET.SubElement(line, f"{{{YFILES}}}EdgeLabel", {"fontSize": "10"}).text = said
    ET.ElementTree(root).write(stream, encoding="utf-8", xml_declaration=True)
