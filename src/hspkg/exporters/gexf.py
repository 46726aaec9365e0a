"""GEXF 1.2, dynamic: what Gephi and Gephi Lite both read in full.

Nodes and edges with ``start`` (and ``end``) years get spells (``timeformat``
``integer``, so Gephi's timeline plays year by year) and also a plain ``start``
(``end``) attribute, which Gephi Lite shows, as it ignores spells. Positions,
sizes and colours (an edge's, its programme's) are ``viz`` elements. The
document is what networkx's writer gives (its attribute ids, element order and
indents, which its reader and Gephi read back), without networkx's
``networkx_key`` column and dated ``meta``, so the same network gives the same
bytes; it is written as it goes, where networkx builds an ElementTree of the
whole (seconds, and most of the export, at a million triples).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

import networkx as nx

from .graphml import flush, quoted
from .palette import rgb

GEXF = "http://www.gexf.net/1.2draft"
VIZ = "http://www.gexf.net/1.2draft/viz"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
DRAWING = ("x", "y", "size", "colour", "r", "g", "b")  # a node's, written as viz elements
# what networkx writes as the XML attributes of a node or an edge rather than as attvalues
_NODE_HEAD = ("label", "pid", "start", "end")
_EDGE_HEAD = ("label", "weight", "type", "start", "end")
_TYPES: dict[type, str] = {bool: "boolean", int: "integer", float: "double", str: "string"}  # networkx's, with integer for long
_KEY = "networkx_key"  # what networkx calls a multigraph's edge key: it takes an attribute id, and is not written
_CHUNK = 4096  # elements written to the stream at a time


def write(network: nx.Graph[str], stream: BinaryIO) -> None:
    """Write ``network`` as GEXF (tests/test_gexf_writer.py reads it back against networkx's own writer)."""
    multi = isinstance(network, nx.MultiGraph)
    nodes = [(str(d.get("id", n)), d) for n, d in network.nodes(data=True)]
    edges = list(_edges(network, multi))
    ids = itertools.count()  # one count for node and edge attributes, as networkx numbers them
    node_keys = _declared(((k, v) for _, d in nodes for k, v in _node_values(d)), ids)
    edge_keys = _declared(((k, v) for *_, d, _ in edges for k, v in _edge_values(d, multi)), ids)
    dated = any(d.get(k) is not None for _, d in nodes for k in ("start", "end")) or any(d.get(k) is not None for *_, d, _ in edges for k in ("start", "end"))
    parts = [
        "<?xml version='1.0' encoding='utf-8'?>\n",
        f'<gexf xmlns="{GEXF}" xmlns:viz="{VIZ}" xmlns:xsi="{XSI}" xsi:schemaLocation="{GEXF} {GEXF}/gexf.xsd" version="1.2">\n',
        "  <meta>\n    <creator>hspkg</creator>\n  </meta>\n",
        f'  <graph defaultedgetype="{"directed" if network.is_directed() else "undirected"}" '
        + ('mode="dynamic" timeformat="integer">' if dated else 'mode="static">'),  # years: read back as int by networkx, as double by Gephi
    ]
    # networkx puts each class's declarations first as it meets the class: edges' before nodes'
    for scope, declared in (("edge", edge_keys), ("node", node_keys)):
        shown = {title: key for title, key in declared.items() if title != _KEY}
        if shown:
            parts.append(f'\n    <attributes mode="static" class="{scope}">')
            parts += [f'\n      <attribute id="{number}" title={quoted(title)} type="{kind}" />' for title, (number, kind) in shown.items()]
            parts.append("\n    </attributes>")
    parts.append("\n    <nodes>" if nodes else "\n    <nodes />")
    node_values = _opening(node_keys)
    for node, attributes in nodes:
        head = f"id={quoted(node)} label={quoted(str(attributes.get('label', node)))}" + _times(attributes, ("pid", "start", "end"))
        inner = _viz(attributes) + _attvalues(_node_values(attributes), node_values)
        parts.append(f"\n      <node {head}>{inner}\n      </node>" if inner else f"\n      <node {head} />")
        if len(parts) >= _CHUNK:
            flush(parts, stream)
    if nodes:
        parts.append("\n    </nodes>")
    parts.append("\n    <edges>" if edges else "\n    <edges />")
    edge_values = _opening(edge_keys)
    for source, target, number, attributes, _ in edges:
        head = f"source={quoted(source)} target={quoted(target)} id={quoted(str(number))}" + _times(attributes, _EDGE_HEAD)
        colour = '\n        <viz:color r="{}" g="{}" b="{}" a="1.0" />'.format(*rgb(str(attributes["colour"]))) if "colour" in attributes else ""
        inner = colour + _attvalues(_edge_values(attributes, multi), edge_values)
        parts.append(f"\n      <edge {head}>{inner}\n      </edge>" if inner else f"\n      <edge {head} />")
        if len(parts) >= _CHUNK:
            flush(parts, stream)
    if edges:
        parts.append("\n    </edges>")
    parts.append("\n  </graph>\n</gexf>")
    flush(parts, stream)


def _edges(network: nx.Graph[str], multi: bool) -> Iterator[tuple[str, str, object, dict[str, Any], object]]:
    """(source id, target id, edge id, attributes, multigraph key) per edge; ids counted as networkx counts them, past any an edge names."""
    taken = {str(d["id"]) for *_, d in network.edges(data=True) if d.get("id") is not None}
    count = itertools.count()
    found = network.edges(data=True, keys=True) if multi else ((u, v, None, d) for u, v, d in network.edges(data=True))  # type: ignore[call-overload]
    for u, v, key, attributes in found:
        number = attributes.get("id")
        if number is None:
            number = next(count)
            while str(number) in taken:
                number = next(count)
            taken.add(str(number))
        yield str(network.nodes[u].get("id", u)), str(network.nodes[v].get("id", v)), number, attributes, key


def _node_values(attributes: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """A node's attvalues in networkx's order: its own attributes but those it writes elsewhere, then plain copies of its years."""
    for name, value in attributes.items():
        if name not in _NODE_HEAD and name not in DRAWING and name != "id":
            yield (_KEY, value) if name == "key" else (name, value)
    yield from _plain(attributes)


def _edge_values(attributes: dict[str, Any], multi: bool) -> Iterator[tuple[str, Any]]:
    """An edge's attvalues in networkx's order; a multigraph's edge key comes last, as networkx adds it."""
    for name, value in attributes.items():
        if name not in _EDGE_HEAD and name != "id":
            yield (_KEY, value) if name == "key" else (name, value)
    yield from _plain(attributes)
    if multi and "key" not in attributes:
        yield _KEY, 0  # declared (it takes an id) and never written


def _plain(attributes: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """``start`` and ``end`` again as attvalues: Gephi Lite shows these, and ignores spells."""
    for name in ("start", "end"):
        if name in attributes:
            yield name, attributes[name]


def _declared(values: Iterable[tuple[str, Any]], ids: Iterator[int]) -> dict[str, tuple[int, str]]:
    """Each attribute's id and type, in the order first met, typed by its first value (as networkx types it)."""
    declared: dict[str, tuple[int, str]] = {}
    for name, value in values:
        if name not in declared:
            if type(value) not in _TYPES:
                raise TypeError(f"attribute value type is not allowed: {type(value)}")
            declared[name] = (next(ids), _TYPES[type(value)])
    return declared


def _times(attributes: dict[str, Any], names: Iterable[str]) -> str:
    """What networkx writes as the element's own XML attributes (an edge's label, weight and type; years), in its order."""
    return "".join(f" {name}={quoted(str(attributes[name]))}" for name in names if name in attributes)


def _viz(attributes: dict[str, Any]) -> str:
    """A placed node's colour, size and position (Gephi's y axis points up, the page's down)."""
    if "x" not in attributes:
        return ""
    r, g, b = (int(attributes[c]) for c in "rgb")
    x, y = float(attributes["x"]), -float(attributes["y"])
    return (
        f'\n        <viz:color r="{r}" g="{g}" b="{b}" a="1.0" />'
        f'\n        <viz:size value="{float(attributes["size"])}" />'
        f'\n        <viz:position x="{x}" y="{y}" z="0.0" />'
    )


def _opening(declared: dict[str, tuple[int, str]]) -> dict[str, str]:
    """Each written attribute's attvalue up to its value, made once (a view at 10^6 triples writes 400k of them)."""
    return {name: f'\n          <attvalue for="{number}" value=' for name, (number, _) in declared.items() if name != _KEY}


def _attvalues(values: Iterable[tuple[str, Any]], opening: dict[str, str]) -> str:
    found = [f"{opening[name]}{quoted(_value(value))} />" for name, value in values if name != _KEY]
    return f"\n        <attvalues>{''.join(found)}\n        </attvalues>" if found else ""


def _value(value: object) -> str:
    """A value as networkx writes it: booleans in lower case, infinities and NaN as GEXF spells them."""
    if type(value) is str:  # most values
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and not math.isfinite(value):
        return {"inf": "INF", "-inf": "-INF"}.get(str(value), "NaN")
    return str(value)
