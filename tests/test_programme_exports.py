"""Programme and role on the network files (issue 19 item 6): GraphML, GEXF, Cytoscape.js and CSV, read back by real parsers.

Each file is one of the test run's exports (tests/exports.py: `hspkg export` through the command line's own parser, once per run).
"""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from hspkg.exporters.palette import PROGRAMMES

ORG = "https://w3id.org/hspkg/id/org/"
EVERY = set(PROGRAMMES)
GEXF = "{http://www.gexf.net/1.2draft}"
VIZ = "{http://www.gexf.net/1.2draft/viz}"


# the files as `hspkg export ARGS -o NAME` writes them: the test run's exports (tests/exports.py) under these names
FILES = {
    "m.graphml": ("graphml", "memberships"),
    "m.gexf": ("gexf", "memberships"),
    "m.cyjs": ("cytoscape", "memberships"),
    "m-edges.csv": ("csv", "memberships"),
    "p-edges.csv": ("csv", "partners"),
    "a-edges.csv": ("csv", "memberships", "--as-of", "2024"),
    "yed.graphml": ("graphml", "memberships", "--flavour", "yed"),
}


@pytest.fixture(scope="module")
def exported(exported, tmp_path_factory):
    """A folder of the exports these tests read, each made once per test run by the installed command's parser."""
    folder = tmp_path_factory.mktemp("programmes")
    for file, key in FILES.items():
        made = exported(*key)
        (folder / file).symlink_to(made / "edges.csv" if file.endswith("-edges.csv") else made)
    return folder


def split(value: object) -> set[str]:
    return {p for part in str(value or "").split("; ") for p in part.split("+") if p}


def test_the_default_graphml_has_every_programme_and_no_node_without_a_name(exported):
    network = nx.read_graphml(exported / "m.graphml")
    assert all(str(d.get("name", "")).strip() and str(d.get("label", "")).strip() for _, d in network.nodes(data=True))
    programmes = set().union(*(split(d.get("programme")) for *_, d in network.edges(data=True)))
    assert programmes == EVERY
    # a research centre's links say each one's role; the AHSNs' project partners are told apart
    roles = set().union(*(split(d.get("role")) for *_, d in network.edges(data=True)))
    assert {"host", "lead", "partner", "project-partner", "founding-member", "board-member"} <= roles
    leeds = network.edges[ORG + "leeds-teaching-hospitals-nhs-trust", ORG + "nihr-leeds-biomedical-research-centre"]
    assert (leeds["programme"], leeds["role"]) == ("nihr-brc", "host")
    # each programme's links in its own colour, the same as its centres' nodes
    colours = {d["programme"]: d["colour"] for *_, d in network.edges(data=True) if d.get("programme") in EVERY}
    assert colours == {p: colour for p, (_, colour) in PROGRAMMES.items()} and len(set(colours.values())) == len(EVERY)
    assert network.nodes[ORG + "nihr-leeds-biomedical-research-centre"]["colour"] == PROGRAMMES["nihr-brc"][1]
    # every organisation says which programmes it takes part in
    assert split(network.nodes[ORG + "university-of-leeds"]["programmes"]) == {"nihr-brc", "nihr-bru", "nihr-arc"}


def test_gexf_draws_each_link_in_its_programmes_colour(exported):
    root = ET.parse(exported / "m.gexf").getroot()
    titles = {a.get("id"): a.get("title") for a in root.iter(f"{GEXF}attribute")}
    seen: dict[str, set[tuple[str, str, str]]] = {}
    for edge in root.iter(f"{GEXF}edge"):
        values = {titles[v.get("for")]: v.get("value") for v in edge.iter(f"{GEXF}attvalue")}
        colour = edge.find(f"{VIZ}color")
        if values.get("programme") in EVERY:
            assert colour is not None
            seen.setdefault(values["programme"], set()).add((colour.get("r"), colour.get("g"), colour.get("b")))
    assert set(seen) == EVERY
    expected = {p: {tuple(str(int(c[i : i + 2], 16)) for i in (1, 3, 5))} for p, (_, c) in PROGRAMMES.items()}
    assert seen == expected


def test_cytoscape_elements_carry_programme_role_and_colour(exported):
    document = json.loads((exported / "m.cyjs").read_text(encoding="utf-8"))
    edges = [e["data"] for e in document["elements"]["edges"]]
    brc = [e for e in edges if e.get("programme") == "nihr-brc"]
    assert brc and all(e["colour"] == PROGRAMMES["nihr-brc"][1] and e.get("role") for e in brc)
    nodes = {n["data"]["id"]: n["data"] for n in document["elements"]["nodes"]}
    assert "nihr-brc" in split(nodes[ORG + "ucl"]["programmes"])


def test_the_csv_files_have_programme_role_and_colour_columns(exported):
    with open(exported / "m-edges.csv", encoding="utf-8", newline="") as f:
        edges = list(csv.DictReader(f))
    assert {"programme", "role", "colour"} <= set(edges[0])
    assert {r["programme"] for r in edges} >= EVERY
    with open(exported / "p-edges.csv", encoding="utf-8", newline="") as f:
        partners = {frozenset((r["source"], r["target"])): r for r in csv.DictReader(f)}  # an undirected view
    leeds = partners[frozenset((ORG + "university-of-leeds", ORG + "leeds-teaching-hospitals-nhs-trust"))]
    assert "nihr-brc" in split(leeds["programmes"]) and "NIHR Leeds Biomedical Research Centre" in leeds["networks"]


def test_a_centre_renewed_round_after_round_keeps_its_members_as_of_a_later_year(exported):
    """Leeds BRC's 2017 award ran to 2022, its 2022 award runs to 2027: in 2024 the University of Leeds is its partner."""
    with open(exported / "a-edges.csv", encoding="utf-8", newline="") as f:
        edges = {(r["source"], r["target"]): r for r in csv.DictReader(f)}
    leeds = edges[(ORG + "university-of-leeds", ORG + "nihr-leeds-biomedical-research-centre")]
    assert (leeds["start"], leeds["end"], leeds["role"]) == ("2017", "2027", "partner")
    cambridge = [e for (_, target), e in edges.items() if target == ORG + "nihr-cambridge-biomedical-research-centre"]
    assert len(cambridge) >= 2 and all(e["end"] == "2027" for e in cambridge)


def test_yed_draws_each_link_in_its_programmes_colour(exported):
    yfiles = "{http://www.yworks.com/xml/graphml}"
    root = ET.parse(exported / "yed.graphml").getroot()
    colours = {style.get("color") for style in root.iter(f"{yfiles}LineStyle")}
    assert {colour for _, colour in PROGRAMMES.values()} <= colours
