"""GEXF 1.2 (networkx), dynamic: what Gephi and Gephi Lite both read in full.

Nodes and edges with ``start`` (and ``end``) years get spells (``timeformat``
``double``, so Gephi's timeline plays year by year) and also a plain ``start``
(``end``) attribute, which Gephi Lite shows, as it ignores spells. Positions,
sizes and colours (an edge's, its programme's) are ``viz`` elements. networkx's ``networkx_key`` column and
its dated ``meta`` are left out, so the same network gives the same bytes.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from typing import BinaryIO

import networkx as nx

from .palette import rgb

GEXF = "http://www.gexf.net/1.2draft"
VIZ = "http://www.gexf.net/1.2draft/viz"
DRAWING = ("x", "y", "size", "colour", "r", "g", "b")
_PLAIN = "hspkg-plain-"  # names the plain copies of start and end until they are renamed


def write(network: nx.Graph[str], stream: BinaryIO) -> None:
    """Write ``network`` as GEXF."""
    timed = network.copy()
    timed.graph.clear()
    for _, attributes in timed.nodes(data=True):
        if "x" in attributes:
            r, g, b = (int(attributes[c]) for c in "rgb")
            attributes["viz"] = {
                "position": {"x": float(attributes["x"]), "y": -float(attributes["y"]), "z": 0.0},  # Gephi's y axis points up
                "size": float(attributes["size"]),
                "color": {"r": r, "g": g, "b": b, "a": 1.0},
            }
        for key in DRAWING:
            attributes.pop(key, None)
    for *_, attributes in timed.edges(data=True):
        if "colour" in attributes:  # a programme's colour: Gephi draws the edge in it
            r, g, b = rgb(str(attributes["colour"]))
            attributes["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}}
    for attributes in [d for _, d in timed.nodes(data=True)] + [d for *_, d in timed.edges(data=True)]:
        attributes.update({_PLAIN + k: attributes[k] for k in ("start", "end") if k in attributes})
    raw = io.BytesIO()
    nx.write_gexf(timed, raw, encoding="utf-8", prettyprint=True, version="1.2draft")
    ET.register_namespace("", GEXF)
    ET.register_namespace("viz", VIZ)
    root = ET.fromstring(raw.getvalue())
    _tidy(root)
    ET.indent(root)
    ET.ElementTree(root).write(stream, encoding="utf-8", xml_declaration=True)


def _tidy(root: ET.Element) -> None:
    meta = root.find(f"{{{GEXF}}}meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
        creator = meta.find(f"{{{GEXF}}}creator")
        if creator is not None:
            creator.text = "hspkg"
    graph = root.find(f"{{{GEXF}}}graph")
    if graph is None:
        return
    graph.attrib.pop("name", None)
    if graph.get("mode") == "dynamic":
        graph.set("timeformat", "integer")  # years: networkx reads them back as int, Gephi as it reads double
    stray: set[str] = set()
    for declared in graph.iter(f"{{{GEXF}}}attributes"):
        for attribute in list(declared):
            title = attribute.get("title", "")
            if title == "networkx_key":
                stray.add(attribute.get("id", ""))
                declared.remove(attribute)
            elif title.startswith(_PLAIN):
                attribute.set("title", title.removeprefix(_PLAIN))
            if attribute.get("type") == "long":
                attribute.set("type", "integer")
        if not len(declared):
            graph.remove(declared)
    for element in graph.iter():
        values = element.find(f"{{{GEXF}}}attvalues")
        if values is None:
            continue
        for value in list(values):
            if value.get("for") in stray:
                values.remove(value)
        if not len(values):
            element.remove(values)
