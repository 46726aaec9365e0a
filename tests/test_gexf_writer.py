"""The streaming GEXF writer: networkx reads back what networkx's own writer gives for the same network, whatever the names and values hold."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from hspkg.exporters import gexf


def awkward(kind: type[nx.Graph]) -> nx.Graph:
    graph = kind()
    graph.add_node('a&<"\n>', label="t&<>\"'\tx", x=1.5, y=2.5, size=30, r=1, g=2, b=3, colour="#010203", shown=True, start=2010)
    graph.add_node("b", label="B", x=0.0, y=-1.0, size=12, r=4, g=5, b=6, colour="#040506", weight=2.5, end=2020)
    graph.add_node("lonely")
    graph.add_edge('a&<"\n>', "b", start=2010, label="member of", colour="#DD8452")
    graph.add_edge("b", "lonely", start=2011, end=2012, note="x&y")
    if graph.is_multigraph():
        graph.add_edge('a&<"\n>', "b", start=2015, label="again")
    return graph


def by_networkx(graph: nx.Graph) -> bytes:
    """The same network through networkx's writer: positions, sizes and colours as its ``viz``, y negated for Gephi."""
    timed = graph.copy()
    for _, attributes in timed.nodes(data=True):
        if "x" in attributes:
            attributes["viz"] = {
                "position": {"x": float(attributes["x"]), "y": -float(attributes["y"]), "z": 0.0},
                "size": float(attributes["size"]),
                "color": {"r": attributes["r"], "g": attributes["g"], "b": attributes["b"], "a": 1.0},
            }
        for key in gexf.DRAWING:
            attributes.pop(key, None)
    for *_, attributes in timed.edges(data=True):
        if "colour" in attributes:
            r, g, b = (int(attributes["colour"][i : i + 2], 16) for i in (1, 3, 5))
            attributes["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}}
    out = io.BytesIO()
    nx.write_gexf(timed, out)
    return out.getvalue()


@pytest.mark.parametrize("kind", [nx.Graph, nx.DiGraph, nx.MultiDiGraph])
def test_networkx_reads_back_what_its_own_writer_gives(kind):
    graph = awkward(kind)
    out = io.BytesIO()
    gexf.write(graph, out)
    ours, theirs = nx.read_gexf(io.BytesIO(out.getvalue())), nx.read_gexf(io.BytesIO(by_networkx(graph)))
    assert type(ours) is type(theirs) and ours.is_directed() == graph.is_directed()
    assert dict(ours.nodes(data=True)) == dict(theirs.nodes(data=True))
    assert ours.nodes["lonely"] == {"label": "lonely"} and ours.nodes['a&<"\n>']["label"] == "t&<>\"'\tx"
    edges = sorted((u, v, sorted(d.items())) for u, v, d in ours.edges(data=True))
    assert edges == sorted((u, v, sorted(d.items())) for u, v, d in theirs.edges(data=True))
    assert ours.edges["b", "lonely", *(["2"] if graph.is_multigraph() else [])]["note"] == "x&y"
    assert b"networkx_key" not in out.getvalue() and b"NetworkX" not in out.getvalue()
    # the years also as plain attributes, which Gephi Lite shows (it ignores spells)
    declared = {(a.get("class"), d.get("title"), d.get("type")) for a in ET.fromstring(out.getvalue()).iter(f"{{{gexf.GEXF}}}attributes") for d in a}
    assert {(scope, year, "integer") for scope in ("node", "edge") for year in ("start", "end")} <= declared


def test_an_undated_network_is_static_and_an_empty_one_is_read():
    out = io.BytesIO()
    gexf.write(nx.Graph([("a", "b")]), out)
    assert b'mode="static">' in out.getvalue() and b"timeformat" not in out.getvalue()
    assert sorted(nx.read_gexf(io.BytesIO(out.getvalue())).edges) == [("a", "b")]
    empty = io.BytesIO()
    gexf.write(nx.Graph(), empty)
    assert nx.read_gexf(io.BytesIO(empty.getvalue())).number_of_nodes() == 0


def test_a_value_of_a_type_gexf_cannot_hold_is_refused_as_networkx_refuses_it():
    graph = nx.Graph()
    graph.add_node("a", sources={"x"})
    with pytest.raises(TypeError):
        gexf.write(graph, io.BytesIO())
