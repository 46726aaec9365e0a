"""The streaming GraphML writer: what it writes, networkx reads back as the same graph, whatever the names and values hold."""

from __future__ import annotations

import io

import networkx as nx
import pytest

from hspkg.exporters.graphml import write


def awkward(kind: type[nx.Graph]) -> nx.Graph:
    graph = kind()
    graph.add_node('a&<"\n>', label="t&<>\"'\tx", x=1.5, y=2.5, size=3, shown=True)
    graph.add_node("b", label="B", x=0.0, y=-1.0, size=4, shown=False)
    graph.add_node("lonely")
    graph.add_edge('a&<"\n>', "b", start=2010, label="member of")
    graph.add_edge("b", "lonely", start=2011)
    if graph.is_multigraph():
        graph.add_edge('a&<"\n>', "b", start=2015, label="again")
    return graph


@pytest.mark.parametrize("kind", [nx.Graph, nx.DiGraph, nx.MultiDiGraph])
def test_networkx_reads_back_the_same_graph_with_y_negated(kind):
    graph = awkward(kind)
    out = io.BytesIO()
    write(graph, out)
    back = nx.read_graphml(io.BytesIO(out.getvalue()), force_multigraph=graph.is_multigraph())
    assert back.is_directed() == graph.is_directed()
    expected = {n: {**d, **({"y": -d["y"]} if "y" in d else {})} for n, d in graph.nodes(data=True)}
    assert dict(back.nodes(data=True)) == expected
    assert sorted((u, v, sorted(d.items())) for u, v, d in back.edges(data=True)) == sorted((u, v, sorted(d.items())) for u, v, d in graph.edges(data=True))


def test_an_attribute_of_mixed_numbers_is_one_double_key_and_an_empty_graph_is_valid():
    graph = nx.Graph()
    graph.add_node("a", weight=1)
    graph.add_node("b", weight=2.5)
    out = io.BytesIO()
    write(graph, out)
    assert out.getvalue().count(b"<key ") == 1 and b'attr.type="double"' in out.getvalue()
    assert dict(nx.read_graphml(io.BytesIO(out.getvalue())).nodes(data=True)) == {"a": {"weight": 1.0}, "b": {"weight": 2.5}}
    empty = io.BytesIO()
    write(nx.Graph(), empty)
    assert nx.read_graphml(io.BytesIO(empty.getvalue())).number_of_nodes() == 0


def test_a_list_value_is_refused_as_networkx_refuses_it():
    graph = nx.Graph()
    graph.add_node("a", sources=["x", "y"])
    with pytest.raises(nx.NetworkXError):
        write(graph, io.BytesIO())
