"""`hspkg export --format graphml`: read back by networkx and igraph, labelled, keys declared."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import igraph
import networkx as nx
import pytest

from expected import FOUNDERS

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}


@pytest.fixture
def graphml(run, tmp_path):
    result = run("export", "--format", "graphml", "-o", "g.graphml")
    assert result.returncode == 0, result.stderr
    return tmp_path / "g.graphml"


def test_networkx_and_igraph_read_the_same_network(graphml, kg):
    organisations = kg.query("organisations").values()
    memberships = len(kg.query("members"))
    by_networkx = nx.read_graphml(graphml)
    by_igraph = igraph.Graph.Read_GraphML(str(graphml))
    assert by_networkx.number_of_nodes() == by_igraph.vcount() == len(organisations)
    assert by_networkx.number_of_edges() == by_igraph.ecount() == memberships
    labels = {row["organisation"]: row["label"] for row in organisations}
    assert {n: d["label"] for n, d in by_networkx.nodes(data=True)} == labels
    assert sorted(by_igraph.vs["label"]) == sorted(labels.values())


def test_every_key_is_for_nodes_or_edges_and_typed(graphml):
    keys = ET.parse(graphml).getroot().findall("g:key", NS)
    assert {(k.get("for"), k.get("attr.name")) for k in keys} == {
        ("node", "label"), ("node", "iri"), ("node", "kind"), ("edge", "label"), ("edge", "start"),
    }
    assert all(k.get("attr.type") in {"string", "int", "long", "double", "float", "boolean"} for k in keys)


def test_edges_are_memberships_with_their_start(graphml):
    network = nx.read_graphml(graphml)
    ucl = [d for _, v, d in network.out_edges("https://w3id.org/hspkg/id/org/ucl", data=True)]
    assert ucl == [{"label": "member of", "start": 2009, "id": "https://w3id.org/hspkg/id/membership/uclpartners-ucl"}]


def test_as_of_2010_holds_only_the_founders(run, tmp_path):
    assert run("export", "-o", "g2010.graphml", "--as-of", "2010").returncode == 0
    network = nx.read_graphml(tmp_path / "g2010.graphml")
    assert {u for u, _ in network.edges()} == FOUNDERS


def test_to_networkx_from_python(kg):
    network = kg.to_networkx()
    assert network.nodes["https://w3id.org/hspkg/id/org/uclpartners"]["kind"] == "ahsn"
