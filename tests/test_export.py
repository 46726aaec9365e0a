"""`hspkg export`: every format read back by the readers the tools use, for every view."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET

import igraph
import networkx as nx
import pytest
import rdflib
from pyoxigraph import RdfFormat, parse

from expected import ORG
from exports import AGAIN, digests, name
from exports import again as written_again
from hspkg.errors import InputError
from hspkg.export import export
from hspkg.formats import EXPORT, names

NS = {"g": "http://graphml.graphdrawing.org/xmlns", "y": "http://www.yworks.com/xml/graphml"}
GEXF = "{http://www.gexf.net/1.2draft}"
VIEWS = ["memberships", "partners", "full"]
HSPKG_ID = "https://w3id.org/hspkg/id/"


def expected_counts(kg, view: str) -> tuple[int, int]:
    """The nodes and edges of ``view`` as ``kg.to_networkx`` builds it (once per view and graph in a test process: the full view takes a second)."""
    if (kg, view) not in _COUNTS:
        network = kg.to_networkx(view)
        _COUNTS[kg, view] = network.number_of_nodes(), network.number_of_edges()
    return _COUNTS[kg, view]


_COUNTS: dict[tuple[object, str], tuple[int, int]] = {}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("flavour", [(), ("--flavour", "yed")])
def test_graphml_keys_are_named_and_every_node_has_a_name_and_a_label(exported, view, flavour):
    root = ET.parse(exported("graphml", view, *flavour)).getroot()
    keys = root.findall("g:key", NS)
    ids = [k.get("id") for k in keys]
    assert not [i for i in ids if re.fullmatch(r"d[0-9]+", i)]
    assert len(ids) == len(set(ids))
    assert {"label", "name", "x", "y", "size", "r", "g", "b"} <= {k.get("id") for k in keys if k.get("for") == "node"}
    assert "edgelabel" in ids  # the id Gephi takes for an edge's label
    assert all(k.get("attr.type") in {"string", "int", "double", "boolean"} for k in keys if k.get("attr.type"))  # int, never long
    for node in root.iter(f"{{{NS['g']}}}node"):
        held = {d.get("key") for d in node.findall("g:data", NS)}
        assert {"name", "label"} <= held, node.get("id")


@pytest.mark.parametrize("view", VIEWS)
def test_graphml_is_read_alike_by_networkx_igraph_and_graphology_with_positions_and_colours(exported, kg, view, graphology):
    path = exported("graphml", view)
    by_networkx = nx.read_graphml(path)
    by_igraph = igraph.Graph.Read_GraphML(str(path))
    by_graphology = graphology(path)
    nodes, edges = expected_counts(kg, view)
    assert (by_networkx.number_of_nodes(), by_networkx.number_of_edges()) == (nodes, edges)
    assert (by_igraph.vcount(), by_igraph.ecount()) == (nodes, edges)
    assert (by_graphology["order"], by_graphology["size"]) == (nodes, edges)
    for _, data in by_networkx.nodes(data=True):
        assert data["label"] and data["name"] == data["label"]
        assert isinstance(data["x"], float) and isinstance(data["y"], float) and all(0 <= data[c] <= 255 for c in "rgb")
    assert all(isinstance(v["x"], (int, float)) for v in igraph_vertices(by_igraph))
    assert all(a.get("color") and "x" in a and "y" in a and a.get("label") for a in by_graphology["nodes"].values())


def igraph_vertices(graph: igraph.Graph) -> list[dict]:
    return [v.attributes() for v in graph.vs]


def test_the_default_export_holds_the_country(exported, kg):
    """Issue 11's must-show: >= 50 organisations, all 22 partnerships, every AHSC linked to its members, changes drawn
    predecessor -> successor, and the only unlinked nodes are AHSNs no source names a member of."""
    network = nx.read_graphml(exported("graphml"))
    kinds = {n: d["kind"] for n, d in network.nodes(data=True)}
    partnerships = {n for n, k in kinds.items() if "ahsc" in k or "ahsn" in k}
    assert len(partnerships) == 22 and len(network) - len(partnerships) >= 50
    ahscs = {n for n in partnerships if "ahsc" in kinds[n]}
    assert len(ahscs) == 8
    named = kg.sparql("""SELECT DISTINCT ?network ?member WHERE {
        ?m a <http://www.w3.org/ns/org#Membership> ; <http://www.w3.org/ns/org#organization> ?network ; <http://www.w3.org/ns/org#member> ?member
        # a claim a disagreement sets aside is not drawn (since issue 19: Barts and The London's UCLPartners row)
        FILTER NOT EXISTS { ?d <https://w3id.org/hspkg/ontology#claim> ?m ; <https://w3id.org/hspkg/ontology#preferredClaim> [] .
                            FILTER NOT EXISTS { ?d <https://w3id.org/hspkg/ontology#preferredClaim> ?m } } }""").values()
    members: dict[str, set[str]] = {}
    for row in named:
        members.setdefault(row["network"], set()).add(row["member"])
    for ahsc in ahscs:
        linked = {u for u, _, d in network.in_edges(ahsc, data=True) if d["label"] == "member of"}
        assert linked and linked == members[ahsc], ahsc
    unlinked = [n for n in network if network.degree(n) == 0]
    # partnerships no source names a member of (with data/research, every AHSN has a member, partner or project partner)
    assert all(kinds[n] in ("ahsn", "ahsc") and n not in members for n in unlinked)
    # Barts Health formed by merger: its predecessors point at it
    mergers = {u for u, _, d in network.in_edges(ORG + "barts-health", data=True) if d["label"] == "merger"}
    assert mergers == {ORG + "barts-and-the-london", ORG + "newham", ORG + "whipps-cross"}
    assert all(network.edges[u, ORG + "barts-health"]["start"] == 2012 for u in mergers)


def test_a_membership_edge_joins_its_claims_and_says_whether_its_start_was_stated_or_seen(exported):
    network = nx.read_graphml(exported("graphml"))
    ucl = network.edges[ORG + "ucl", ORG + "uclpartners"]
    # UCL's own 2008 announcement is preferred (a contemporaneous record), the May 2013 release's 2009 set aside
    assert (ucl["label"], ucl["interaction"], ucl["start"], ucl["basis"]) == ("member of", "member of", 2008, "stated")
    assert "ucl.ac.uk/news/2008" in ucl["sources"] and "ucl.ac.uk/news/2009" in ucl["sources"]  # every claim's sources
    seen = [d for *_, d in network.edges(data=True) if d.get("basis") == "seen"]
    assert seen and all("start" in d for d in seen)
    brompton = network.edges[ORG + "rbh", ORG + "imperial-ahsc"]
    assert brompton["end"] == 2021


def test_nodes_carry_identifiers(exported):
    network = nx.read_graphml(exported("graphml"))
    assert network.nodes[ORG + "uclh"]["ods"] == "RRV"
    assert network.nodes[ORG + "ucl"]["ror"] == "https://ror.org/02jx3x895"
    assert network.nodes[ORG + "uclpartners"]["kind"] == "ahsc+ahsn"


@pytest.mark.parametrize("view", ["memberships", "partners"])
@pytest.mark.parametrize("keep", [(), ("--keep-unlinked",)])
def test_as_of_2010_draws_no_ahsn_and_nothing_formed_later(exported, kg, view, keep):
    network = nx.read_graphml(exported("graphml", view, "--as-of", "2010", *keep))
    assert network.number_of_edges() > 0
    assert not [n for n, d in network.nodes(data=True) if "ahsn" in d["kind"]]
    formed = {r["organisation"]: r["formed"] for r in kg.sparql(LIFESPANS).values()}
    assert not [n for n in network if (formed.get(n) or 0) > 2010]
    linked = {n for edge in network.edges() for n in edge}
    assert ORG + "barts-health" not in network  # formed 2012
    assert ORG + "lshtm" not in linked  # joined UCLPartners in 2013
    assert all(d.get("start", 0) <= 2010 and d.get("end", 2010) >= 2010 for *_, d in network.edges(data=True))
    if not keep:
        assert all(network.degree(n) > 0 or "ahsc" in network.nodes[n]["kind"] for n in network)


LIFESPANS = """PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?organisation (MIN(?y) AS ?formed) WHERE {
  ?c <http://www.w3.org/ns/org#resultingOrganization> ?organisation ;
     <http://www.w3.org/2006/time#hasTime>/<http://www.w3.org/2006/time#inXSDgYear> ?t .
  FILTER NOT EXISTS { ?c <http://www.w3.org/ns/org#originalOrganization> ?organisation }
  FILTER NOT EXISTS { ?d <https://w3id.org/hspkg/ontology#claim> ?c ; <https://w3id.org/hspkg/ontology#preferredClaim> ?other FILTER (?other != ?c) }
  BIND (xsd:integer(STR(?t)) AS ?y) } GROUP BY ?organisation"""


def test_keep_unlinked_adds_the_organisations_no_edge_joins(kg):
    kept = kg.to_networkx(keep_unlinked=True)
    plain = kg.to_networkx()
    assert set(plain) < set(kept)
    assert ORG + "department-of-health" in kept and ORG + "department-of-health" not in plain


def test_yed_flavour_has_node_and_edge_graphics(exported, kg, graphology):
    path = exported("graphml", "memberships", "--flavour", "yed")
    root = ET.parse(path).getroot()
    graphics = {k.get("yfiles.type") for k in root.findall("g:key", NS)}
    assert {"nodegraphics", "edgegraphics"} <= graphics
    labels = [" ".join(label.text.split()) for label in root.iter(f"{{{NS['y']}}}NodeLabel")]  # long names wrapped, as drawn
    assert sorted(labels) == sorted(d["label"] for _, d in kg.to_networkx().nodes(data=True))
    assert all(g.get("x") and g.get("y") for g in root.iter(f"{{{NS['y']}}}Geometry"))
    assert len({fill.get("color") for fill in root.iter(f"{{{NS['y']}}}Fill")}) >= 5
    arrows = list(root.iter(f"{{{NS['y']}}}Arrows"))
    assert arrows and all(a.get("target") not in (None, "none") for a in arrows)
    assert "2009" in {label.text for label in root.iter(f"{{{NS['y']}}}EdgeLabel")}
    # memberships, mergers and transfers each in their own line style; partnerships and members in their own shapes
    assert len({line.get("type") for line in root.iter(f"{{{NS['y']}}}LineStyle")}) >= 3
    shapes = {s.get("type") for s in root.iter(f"{{{NS['y']}}}Shape")}
    assert {"hexagon", "octagon", "ellipse", "rectangle"} <= shapes
    # networkx takes yFiles graphics for attributes; our typed keys, written after them, win
    by_networkx = nx.read_graphml(path)
    assert all(isinstance(d["x"], float) and isinstance(d["y"], float) for _, d in by_networkx.nodes(data=True))
    assert {d["label"] for *_, d in by_networkx.edges(data=True)} >= {"member of", "merger"}
    assert igraph.Graph.Read_GraphML(str(path)).vcount() == len(labels)
    assert graphology(path)["order"] == len(labels)


@pytest.mark.parametrize("view", VIEWS)
def test_gexf_is_read_by_networkx_and_gephi_lites_parser_with_the_start_year(exported, kg, graphology, view):
    path = exported("gexf", view)
    root = ET.parse(path).getroot()
    graph = root.find(f"{GEXF}graph")
    titles = {a.get("title") for a in graph.iter(f"{GEXF}attribute")}
    assert "networkx_key" not in titles
    by_networkx = nx.read_gexf(path)
    by_graphology = graphology(path)
    assert (by_networkx.number_of_nodes(), by_networkx.number_of_edges()) == expected_counts(kg, view)
    assert (by_graphology["order"], by_graphology["size"]) == expected_counts(kg, view)
    assert all(a.get("color") and "x" in a and "y" in a and a.get("size") for a in by_graphology["nodes"].values())
    if view != "full":
        assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "integer"
        years = [d["start"] for _, d in by_networkx.nodes(data=True) if "start" in d] + [d["start"] for *_, d in by_networkx.edges(data=True) if "start" in d]
        assert years and all(type(y) is int for y in years)  # 2013, not 2013.0
        assert "start" in titles
        ucl = (ORG + "ucl", ORG + "uclpartners")
        if view == "memberships":
            assert by_networkx.edges[ucl]["start"] == 2008
            assert [e["start"] for e in by_graphology["edges"] if (e["source"], e["target"]) == ucl] == [2008]
            assert by_networkx.nodes[ORG + "uclpartners"]["start"] == 2009
            assert by_graphology["nodes"][ORG + "uclpartners"]["start"] == 2009
        else:
            assert any(isinstance(e.get("start"), int) for e in by_graphology["edges"])


@pytest.mark.parametrize("view", VIEWS)
def test_cytoscape_export_is_read_by_a_cytoscape_js_format_reader(exported, kg, view):
    document = json.loads(exported("cytoscape", view).read_text())
    network = nx.cytoscape_graph(document)
    assert (network.number_of_nodes(), network.number_of_edges()) == expected_counts(kg, view)
    nodes = document["elements"]["nodes"]
    assert all(set(n["position"]) == {"x", "y"} and n["data"]["name"] and n["data"]["colour"] for n in nodes)


@pytest.mark.parametrize("view", VIEWS)
def test_node_link_json_reads_back_in_networkx(exported, kg, view):
    document = json.loads(exported("json", view).read_text())
    network = nx.node_link_graph(document, edges="links")
    assert (network.number_of_nodes(), network.number_of_edges()) == expected_counts(kg, view)


def test_csv_writes_a_nodes_file_and_an_edges_file(run, tmp_path, kg):
    assert run("export", "--format", "csv", "--view", "partners", "-o", "partners").returncode == 0
    nodes = list(csv.DictReader((tmp_path / "partners-nodes.csv").open()))
    edges = list(csv.DictReader((tmp_path / "partners-edges.csv").open()))
    assert (len(nodes), len(edges)) == expected_counts(kg, "partners")
    assert {"id", "label", "kind", "x", "y"} <= set(nodes[0]) and {"source", "target", "weight"} <= set(edges[0])
    (tmp_path / "folder").mkdir()
    assert run("export", "--format", "csv", "-o", "folder").returncode == 0
    assert sorted(p.name for p in (tmp_path / "folder").iterdir()) == ["edges.csv", "nodes.csv"]


@pytest.mark.parametrize("format, rdflib_format, oxigraph_format", [("turtle", "turtle", RdfFormat.TURTLE), ("ntriples", "nt", RdfFormat.N_TRIPLES)])
def test_rdf_exports_hold_the_whole_materialised_graph(exported, kg, format, rdflib_format, oxigraph_format):
    path = exported(format)
    assert len(rdflib.Graph().parse(path, format=rdflib_format)) == len(kg)
    assert sum(1 for _ in parse(path=str(path), format=oxigraph_format)) == len(kg)
    if format == "turtle":
        text = path.read_text()
        assert "@prefix org: <http://www.w3.org/ns/org#> ." in text and "@prefix hsp: <https://w3id.org/hspkg/ontology#> ." in text


def test_two_exports_with_different_hash_seeds_are_byte_identical(exports_folder, tmp_path):
    """Every format (but the RDF dumps), of the memberships and the full view, written again by a process with another hash seed."""
    again = written_again(exports_folder.parent, tmp_path)  # in the background since the tests were collected (tests/exports.py)
    assert {format for format, *_ in AGAIN} == set(names(EXPORT)) - {"turtle", "ntriples"}
    written = {name(key).rstrip("/") for key in AGAIN}
    first = {path: digest for path, digest in digests(exports_folder).items() if path.split("/")[0] in written}
    assert len(first) == len(AGAIN) + 2  # the two CSV exports write two files each
    assert digests(again) == first


def test_the_pictures_are_a_png_and_an_svg_with_a_title(exported):
    assert exported("png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = exported("svg", "memberships", "--as-of", "2014").read_text()
    assert ET.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"
    assert "memberships view, as of 2014" in svg
    assert "Imperial College" in svg and "Academic Health Science" in svg  # whole names, wrapped rather than cut
    assert "…" not in svg


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "gexf", "--flavour", "yed"], "--flavour yed: does not apply to the gexf format"),
        (["--format", "turtle", "--as-of", "2010"], "--as-of 2010: does not apply to the turtle format, which writes the whole graph"),
        (["--format", "ntriples", "--view", "partners"], "--view partners: does not apply to the ntriples format"),
        (["--format", "turtle", "--keep-unlinked"], "--keep-unlinked: does not apply to the turtle format"),
        (["--view", "full", "--as-of", "2010"], "--as-of 2010: applies to the memberships and partners views"),
        (["--view", "everything"], "'everything' is not one of"),
        (["--format", "pdf"], "'pdf' is not one of"),
    ],
)
def test_export_options_that_do_not_fit_are_refused(run, tmp_path, args, message):
    result = run("export", "-o", "out.graphml", *args)
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "out.graphml").exists()


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda kg, folder: kg.to_networkx("full", as_of=2010), "as_of=2010: applies to the memberships and partners views, not to full"),
        (lambda kg, folder: export(kg, "turtle", folder / "out.ttl", as_of=2010), "as_of=2010: does not apply to the turtle format"),
        (lambda kg, folder: export(kg, "gexf", folder / "out.gexf", flavour="yed"), "flavour='yed': does not apply to the gexf format"),
        (lambda kg, folder: kg.to_networkx("everything"), "view='everything': no such view"),
        (lambda kg, folder: export(kg, "graphml", folder / "out.graphml", view="everything"), "view='everything': no such view"),
    ],
)
def test_a_python_caller_is_told_the_argument_not_the_option(kg, tmp_path, call, message):
    with pytest.raises(InputError) as caught:
        call(kg, tmp_path)
    assert str(caught.value).startswith(message)
    assert "--" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_to_networkx_from_python(kg):
    network = kg.to_networkx()
    assert network.nodes[ORG + "uclpartners"]["kind"] == "ahsc+ahsn"
    assert kg.to_networkx(as_of=2010).nodes[ORG + "uclpartners"]["kind"] == "ahsc"  # an AHSN from 2013
    partners = kg.to_networkx("partners", as_of=2011)
    assert partners.edges[ORG + "ucl", ORG + "uclh"]["networks"] == ("NIHR University College London Hospitals Biomedical Research Centre; UCLPartners")


def test_the_full_view_names_memberships_folds_instants_and_has_no_class_nodes(kg, exported):
    network = kg.to_networkx("full")
    assert network.nodes[HSPKG_ID + "membership/uclpartners-ucl"]["label"] == "University College London in UCLPartners"
    assert HSPKG_ID + "time/2013-05-23" not in network  # an instant is its designation's time:hasTime
    assert network.nodes[HSPKG_ID + "round/ahsn-2013"]["time:hasTime"] == "2013-05-23"
    assert not [n for n in network if n.startswith(("http://www.w3.org/ns/org#", "https://w3id.org/hspkg/ontology#"))]
    kinds = {d["kind"] for _, d in network.nodes(data=True)}
    # the same view as drawn (styled): a colour per kind
    drawn = [n["data"] for n in json.loads(exported("cytoscape", "full").read_text())["elements"]["nodes"]]
    assert len(drawn) == len(network)
    assert len({d["colour"] for d in drawn}) == len({d["kind"] for d in drawn}) == len(kinds) > 15


@pytest.mark.parametrize("format, files", [("csv", ["edges.csv", "nodes.csv"]), ("ontology-docs", ["index.html"])])
def test_a_folder_output_is_made_when_missing(run, tmp_path, format, files):
    result = run("export", "--format", format, "-o", "site/")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == files


@pytest.mark.parametrize("output", ["views/", "here"])
def test_a_one_file_format_refuses_a_folder_in_one_line(run, tmp_path, output):
    (tmp_path / "here").mkdir()
    result = run("export", "--format", "html", "-o", output)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "is a folder; the html format writes one file" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here"] and not list((tmp_path / "here").iterdir())


@pytest.mark.parametrize("format", ["graphml", "gexf", "cytoscape", "json", "csv"])
@pytest.mark.parametrize("view", VIEWS)
def test_every_edge_says_its_relation(exported, format, view):
    path = exported(format, view)
    if format == "csv":
        with open(path / "edges.csv", newline="", encoding="utf-8") as edges:
            relations = [row["relation"] for row in csv.DictReader(edges)]
    else:
        if format == "graphml":
            network = nx.read_graphml(path)
        elif format == "gexf":
            network = nx.read_gexf(path)
        elif format == "cytoscape":
            network = nx.cytoscape_graph(json.loads(path.read_text()))
        else:
            network = nx.node_link_graph(json.loads(path.read_text()), edges="links")
        relations = [d.get("relation") for *_, d in network.edges(data=True)]
    assert relations and all(relations)
    expected = {"memberships": {"membership", "merger"}, "partners": {"partnership"}, "full": {"org:member"}}[view]
    assert expected <= set(relations)


@pytest.mark.parametrize("format", ["graphml", "gexf"])
def test_the_full_view_folds_statements_intervals_and_identifiers_and_names_every_node(exported, format):
    """Read back by networkx: every node's label a name (no IRI), no statement, interval or identifier left a node."""
    path = exported(format, "full")
    network = nx.read_graphml(path) if format == "graphml" else nx.read_gexf(path)
    labels = [str(d["label"]) for _, d in network.nodes(data=True)]
    unnamed = [label for label in labels if re.match(r"^(?:[a-z][\w.-]*:\S*|https?://\S+)$", label)]
    assert labels and unnamed == []
    kinds = {str(d.get("type", "")) for _, d in network.nodes(data=True)}
    assert not kinds & {"rdf:Statement", "time:Interval", "time:Instant", "schema:PropertyValue"}
    ucl = network.nodes[HSPKG_ID + "org/ucl"]
    assert "https://ror.org/02jx3x895" in ucl["schema:identifier"] and "(from ROR)" in ucl["schema:identifier"]
    # 605 nodes before the NIHR research data (issue 19); its centres, awards, organisations, their
    # memberships and sources are named things, now 1973 (award amounts are folded like identifiers)
    assert network.number_of_nodes() < 2000


def test_a_crowded_drawing_points_at_the_views_drawn_to_be_read(exported):
    full = exported("html", "full").read_text()
    assert '<p id="note">' in full and "--view memberships" in full
    assert '<p id="note">' not in exported("html", "memberships").read_text()


@pytest.mark.parametrize(
    ("format", "output", "said"),
    [
        ("graphml", "no/such/network.graphml", "no/such/network.graphml: cannot write it, the folder 'no/such' does not exist"),
        ("csv", "no/such/network", "no/such/network-nodes.csv: cannot write it, the folder 'no/such' does not exist"),
        ("graphml", "views/", "--output views/: is a folder; the graphml format writes one file"),
    ],
)
def test_a_bad_output_is_refused_before_the_graph_is_asked(run, format, output, said):
    """The output is checked first: the endpoint, which nobody answers at, is never reached (that would be exit 1)."""
    result = run("export", "--endpoint", "http://127.0.0.1:9/sparql", "--format", format, "-o", output)
    assert (result.returncode, result.stderr.startswith(f"hspkg: error: {said}")) == (2, True), result.stderr
