"""`hspkg export`: every format read back by the readers the tools use, for every view."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET

import igraph
import networkx as nx
import pytest
import rdflib
from pyoxigraph import RdfFormat, parse

from expected import FOUNDERS, ORG
from hspkg.errors import InputError
from hspkg.exporters import export

NS = {"g": "http://graphml.graphdrawing.org/xmlns", "y": "http://www.yworks.com/xml/graphml"}
VIEWS = ["memberships", "partners", "full"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory, executable):
    """Export once per (format, view, options) and keep the file, for the tests that read it."""
    import subprocess

    folder = tmp_path_factory.mktemp("exports")
    made: dict[tuple, object] = {}

    def make(format: str, view: str = "memberships", *extra: str):
        key = (format, view, *extra)
        if key not in made:
            target = folder / f"{format}-{view}-{'-'.join(extra) or 'plain'}.{format}"
            done = subprocess.run([executable, "export", "--format", format, "--view", view, "-o", str(target), *extra], capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            made[key] = target
        return made[key]

    return make


def expected_counts(kg, view: str) -> tuple[int, int]:
    network = kg.to_networkx(view)
    return network.number_of_nodes(), network.number_of_edges()


@pytest.mark.parametrize("view", VIEWS)
def test_graphml_is_read_alike_by_networkx_and_igraph(exported, kg, view):
    path = exported("graphml", view)
    by_networkx = nx.read_graphml(path)
    by_igraph = igraph.Graph.Read_GraphML(str(path))
    nodes, edges = expected_counts(kg, view)
    assert (by_networkx.number_of_nodes(), by_networkx.number_of_edges()) == (nodes, edges)
    assert (by_igraph.vcount(), by_igraph.ecount()) == (nodes, edges)
    assert all(d.get("label") for _, d in by_networkx.nodes(data=True))


def test_memberships_graphml_labels_every_organisation_by_name(exported, kg):
    by_networkx = nx.read_graphml(exported("graphml"))
    labels = {r["organisation"]: r["label"] for r in kg.query("organisations").values()}
    assert {n: d["label"] for n, d in by_networkx.nodes(data=True)} == labels


@pytest.mark.parametrize("view", VIEWS)
def test_every_graphml_key_is_for_nodes_or_edges_and_typed(exported, view):
    root = ET.parse(exported("graphml", view)).getroot()
    keys = root.findall("g:key", NS)
    assert keys and all(k.get("for") in ("node", "edge") for k in keys)
    assert all(k.get("attr.type") in {"string", "int", "long", "double", "float", "boolean"} for k in keys)
    assert root.find("g:graph/g:data", NS) is None
    edge_ids = [e.get("id") for e in root.iter(f"{{{NS['g']}}}edge") if e.get("id") is not None]
    assert len(edge_ids) == len(set(edge_ids))  # GraphML ids are unique in a document


def test_nodes_carry_identifiers_and_edges_what_cytoscape_shows(exported):
    network = nx.read_graphml(exported("graphml"))
    assert network.nodes[ORG + "uclh"]["ods"] == "RRV"
    assert network.nodes[ORG + "ucl"]["ror"] == "https://ror.org/02jx3x895"
    (edge,) = [d for *_, d in network.out_edges(ORG + "ucl", data=True)]
    assert (edge["label"], edge["interaction"], edge["start"]) == ("member of", "member of", 2009)
    assert "qmul.ac.uk" in edge["sources"]


@pytest.mark.parametrize("view", VIEWS)
def test_gephi_lites_graphml_parser_reads_the_same_counts(exported, kg, graphology, view):
    found = graphology(exported("graphml", view))
    assert (found["order"], found["size"]) == expected_counts(kg, view)
    assert all(found["labels"].values())


def test_yed_flavour_has_a_yfiles_label_and_colour_per_node(exported, kg, graphology):
    path = exported("graphml", "memberships", "--flavour", "yed")
    root = ET.parse(path).getroot()
    assert any(k.get("yfiles.type") == "nodegraphics" and k.get("for") == "node" for k in root.findall("g:key", NS))
    labels = [label.text for label in root.iter(f"{{{NS['y']}}}NodeLabel")]
    assert sorted(labels) == sorted(r["label"] for r in kg.query("organisations").values())
    fills = {fill.get("color") for fill in root.iter(f"{{{NS['y']}}}Fill")}
    assert len(fills) >= 4  # universities, foundation trusts, trusts and networks each have their colour
    assert igraph.Graph.Read_GraphML(str(path)).vcount() == len(labels)
    assert graphology(path)["order"] == len(labels)


def test_gexf_is_dynamic_with_spells_from_the_membership_years(exported):
    path = exported("gexf")
    graph = ET.parse(path).getroot().find("{http://www.gexf.net/1.2draft}graph")
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") in ("long", "integer")
    network = nx.read_gexf(path)
    assert network.nodes[ORG + "ucl"]["start"] == 2009
    assert network.nodes[ORG + "lshtm"]["start"] == 2013
    starts = sorted(d["start"] for *_, d in network.edges(data=True))
    assert starts[0] == 2009 and starts[-1] == 2013


@pytest.mark.parametrize("view", VIEWS)
def test_node_link_json_reads_back_in_networkx(exported, kg, view):
    document = json.loads(exported("json", view).read_text())
    network = nx.node_link_graph(document, edges="links")
    assert (network.number_of_nodes(), network.number_of_edges()) == expected_counts(kg, view)


def test_csv_writes_a_nodes_file_and_an_edges_file(run, tmp_path, kg):
    assert run("export", "--format", "csv", "--view", "partners", "-o", "partners").returncode == 0
    nodes = list(csv.DictReader((tmp_path / "partners-nodes.csv").open()))
    edges = list(csv.DictReader((tmp_path / "partners-edges.csv").open()))
    assert (len(nodes), len(edges)) == expected_counts(kg, "partners") == (8, 15)
    assert {"id", "label", "kind"} <= set(nodes[0]) and {"source", "target", "weight"} <= set(edges[0])
    (tmp_path / "folder").mkdir()
    assert run("export", "--format", "csv", "-o", "folder").returncode == 0
    assert sorted(p.name for p in (tmp_path / "folder").iterdir()) == ["edges.csv", "nodes.csv"]


@pytest.mark.parametrize("format, rdflib_format, oxigraph_format", [("turtle", "turtle", RdfFormat.TURTLE), ("ntriples", "nt", RdfFormat.N_TRIPLES)])
def test_rdf_exports_hold_the_whole_materialised_graph(exported, kg, format, rdflib_format, oxigraph_format):
    path = exported(format)
    assert len(rdflib.Graph().parse(path, format=rdflib_format)) == len(kg)
    assert sum(1 for _ in parse(path=str(path), format=oxigraph_format)) == len(kg)


@pytest.mark.parametrize("view, expected", [("memberships", 5), ("partners", 4)])
def test_as_of_2010_holds_only_the_founders(exported, view, expected):
    network = nx.read_graphml(exported("graphml", view, "--as-of", "2010"))
    linked = {n for edge in network.edges() for n in edge}
    assert network.number_of_edges() == expected
    assert linked - {ORG + "uclpartners"} <= FOUNDERS
    assert ORG + "qmul" not in linked and ORG + "lshtm" not in linked


def test_the_html_page_is_self_contained_with_names_and_sources(exported):
    page = exported("html").read_text()
    assert "<script src" not in page and "<link" not in page and "@import" not in page
    assert "University College London Hospitals" in page and "Queen Mary University of London" in page
    assert "qmul.ac.uk" in page  # a membership's source, in its hover text
    assert 'id="year"' in page


def test_the_pictures_are_a_png_and_an_svg(exported):
    assert exported("png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert ET.parse(exported("svg")).getroot().tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "gexf", "--flavour", "yed"], "--flavour yed: does not apply to the gexf format"),
        (["--format", "turtle", "--as-of", "2010"], "--as-of 2010: does not apply to the turtle format, which writes the whole graph"),
        (["--format", "ntriples", "--view", "partners"], "--view partners: does not apply to the ntriples format"),
        (["--view", "full", "--as-of", "2010"], "--as-of 2010: applies to the memberships and partners views"),
        (["--view", "everything"], "'everything' is not one of"),
        (["--format", "pdf"], "'pdf' is not one of"),
    ],
)
def test_export_options_that_do_not_fit_are_refused(run, tmp_path, args, message):
    result = run("export", "-o", "out.file", *args)
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "out.file").exists()


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda kg, folder: kg.to_networkx("full", as_of=2010), "as_of=2010: applies to the memberships and partners views, not to full"),
        (lambda kg, folder: export(kg, "turtle", folder / "out.ttl", as_of=2010), "as_of=2010: does not apply to the turtle format"),
        (lambda kg, folder: export(kg, "gexf", folder / "out.gexf", flavour="yed"), "flavour='yed': does not apply to the gexf format"),
        (lambda kg, folder: kg.to_networkx("everything"), "view='everything': no such view"),
    ],
)
def test_a_python_caller_is_told_the_argument_not_the_option(kg, tmp_path, call, message):
    with pytest.raises(InputError) as caught:
        call(kg, tmp_path)
    assert str(caught.value).startswith(message)
    assert "--" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_to_networkx_from_python(kg):
    assert kg.to_networkx().nodes[ORG + "uclpartners"]["kind"] == "ahsn"
    assert kg.to_networkx("partners", as_of=2011).number_of_edges() == 10
