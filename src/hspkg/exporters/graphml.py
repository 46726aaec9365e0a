"""GraphML, written as it goes, with keys named for what they hold.

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
from collections.abc import Iterable
from typing import Any, BinaryIO

import networkx as nx

from . import palette
from .labels import FONT, name_side, wrapped
from .palette import is_partnership

GRAPHML = "http://graphml.graphdrawing.org/xmlns"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
YFILES = "http://www.yworks.com/xml/graphml"


# The GraphML type of each Python type a view's attributes hold; a key whose values mix
# types is the most general of them (int and float: double; anything else: string).
_TYPES: dict[type, str] = {bool: "boolean", int: "int", float: "double", str: "string"}
_CHUNK = 4096  # elements written to the stream at a time


def write(network: nx.Graph[str], stream: BinaryIO) -> None:
    """Write ``network`` as GraphML; graph-level attributes are left out (Gephi rejects graph-level keys).

    Written as it goes, element by element, in the layout networkx's writer gives
    (two-space indents, keys first): networkx builds the whole document as an
    ElementTree first, half a million elements and seconds at a million triples.
    """
    node_keys = _keys((d for _, d in network.nodes(data=True)), "node")
    edge_keys = _keys((d for *_, d in network.edges(data=True)), "edge")
    parts = ["<?xml version='1.0' encoding='utf-8'?>\n", f'<graphml xmlns="{GRAPHML}" xmlns:xsi="{XSI}" xsi:schemaLocation="{GRAPHML} {SCHEMA}">']
    # networkx puts each key first as it meets it: the last met comes first
    for (scope, name), kind in reversed([*node_keys.items(), *edge_keys.items()]):
        key = name if scope == "node" else f"edge{name}"
        parts.append(f'\n  <key id={quoted(key)} for="{scope}" attr.name={quoted(name)} attr.type="{kind}" />')
    empty = network.number_of_nodes() == 0 and network.number_of_edges() == 0
    parts.append(f'\n  <graph edgedefault="{"directed" if network.is_directed() else "undirected"}"{" /" if empty else ""}>')
    for node, attributes in network.nodes(data=True):
        if "y" in attributes:
            attributes = {**attributes, "y": -attributes["y"]}  # Gephi's y axis points up, the page's down
        parts.append(_element("node", f"id={quoted(str(node))}", attributes, ""))
        if len(parts) >= _CHUNK:
            flush(parts, stream)
    # a multigraph's edges carry their key as id, as networkx writes them
    edges: Iterable[tuple[Any, ...]] = network.edges(data=True, keys=True) if isinstance(network, nx.MultiGraph) else network.edges(data=True)
    for u, v, *rest in edges:
        key = f" id={quoted(str(rest[0]))}" if len(rest) == 2 else ""
        parts.append(_element("edge", f"source={quoted(str(u))} target={quoted(str(v))}{key}", rest[-1], "edge"))
        if len(parts) >= _CHUNK:
            flush(parts, stream)
    if not empty:
        parts.append("\n  </graph>")
    parts.append("\n</graphml>\n")
    flush(parts, stream)


def _keys(attributes: Iterable[dict[str, Any]], scope: str) -> dict[tuple[str, str], str]:
    """Each attribute's GraphML type, in the order the attributes are first met."""
    found: dict[str, set[type]] = {}
    for data in attributes:
        for name, value in data.items():
            if type(value) not in _TYPES:
                raise nx.NetworkXError(f"GraphML writer does not support {type(value)} as data values.")
            found.setdefault(str(name), set()).add(type(value))
    return {(scope, name): _TYPES[next(iter(kinds))] if len(kinds) == 1 else "double" if kinds <= {int, float} else "string" for name, kinds in found.items()}


def _element(tag: str, head: str, attributes: dict[str, Any], prefix: str) -> str:
    if not attributes:
        return f"\n    <{tag} {head} />"
    data = "".join(f"\n      <data key={quoted(prefix + str(name))}>{escaped(str(value))}</data>" for name, value in attributes.items())
    return f"\n    <{tag} {head}>{data}\n    </{tag}>"


def flush(parts: list[str], stream: BinaryIO) -> None:
    stream.write("".join(parts).encode("utf-8"))
    parts.clear()


def escaped(text: str) -> str:
    """Character data escaped as ElementTree escapes it."""
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def quoted(text: str) -> str:
    """An attribute value, quoted and escaped as ElementTree escapes it."""
    text = escaped(text)
    if '"' in text or "\n" in text or "\r" in text or "\t" in text:
        text = text.replace('"', "&quot;").replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")
    return f'"{text}"'


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
        colour = str(attributes.get("colour", drawn.colour))  # a programme's link in the programme's colour (style.styled)
        ET.SubElement(line, f"{{{YFILES}}}LineStyle", {"color": colour, "type": drawn.yed, "width": f"{drawn.width:.1f}"})
        ET.SubElement(line, f"{{{YFILES}}}Arrows", {"source": "none", "target": drawn.yed_arrow if network.is_directed() else "none"})
        said = " ".join(str(part) for part in (relation if relation != "membership" else "", attributes.get("start", "")) if part != "")
        if said:
            ET.SubElement(line, f"{{{YFILES}}}EdgeLabel", {"fontSize": "10"}).text = said
    ET.ElementTree(root).write(stream, encoding="utf-8", xml_declaration=True)
