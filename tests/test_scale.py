"""Synthetic graphs and the persistent store: the machinery the benchmarks rely on, checked for behaviour (not speed)."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from expected import write
from hspkg import catalogue, load
from hspkg.errors import InputError
from hspkg.generate import SYN, generate
from hspkg.ondisk import MANIFEST
from hspkg.validate import validate


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    path = tmp_path_factory.mktemp("synthetic") / "small.ttl"
    count = generate(path, partnerships=20, organisations=200, members_per=6, seed=3)
    assert count > 2000
    return path


def test_the_same_seed_gives_the_same_file(tmp_path, synthetic):
    again = tmp_path / "again.ttl"
    generate(again, partnerships=20, organisations=200, members_per=6, seed=3)
    other = tmp_path / "other.ttl"
    generate(other, partnerships=20, organisations=200, members_per=6, seed=4)
    assert again.read_bytes() == synthetic.read_bytes()
    assert other.read_bytes() != synthetic.read_bytes()


@pytest.mark.parametrize(
    "counts, message",
    [
        ({"partnerships": 0, "organisations": 20}, "partnerships=0: a synthetic graph needs at least 1"),
        ({"partnerships": 2, "organisations": 1}, "organisations=1: a synthetic graph needs at least 2"),
        ({"partnerships": 2, "organisations": 20, "members_per": 1}, "members_per=1: a synthetic graph needs at least 2"),
    ],
)
def test_a_graph_too_small_to_generate_is_an_input_error_naming_the_argument(tmp_path, counts, message):
    with pytest.raises(InputError) as caught:
        generate(tmp_path / "g.ttl", **counts)
    assert str(caught.value) == message
    assert list(tmp_path.iterdir()) == []


def test_a_synthetic_graph_conforms_to_the_shapes_and_names_itself_synthetic(synthetic):
    graph = load([synthetic])
    assert validate(graph).conforms
    labels = graph.sparql(
        "SELECT ?l WHERE { ?o a <http://www.w3.org/ns/org#Organization> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l "
        f"FILTER STRSTARTS(STR(?o), '{SYN}') }}"
    ).values()
    assert labels and all(r["l"].startswith("Synthetic") for r in labels)


def test_a_synthetic_graph_has_research_awards_shaped_like_the_real_ones(synthetic):
    graph = load([synthetic])
    awards = graph.query("awards").values()
    assert len(awards) >= 5
    for row in awards:
        # each award: its centre, a host and a lead, partners, a term and a figure the catalogue uses
        assert row["centreLabel"].startswith("Synthetic Research Centre") and "(lead)" in row["hosts"] and row["partners"]
        assert row["from"] == row["roundYear"] and row["to"] > row["from"] and row["amount"].startswith("£")
    renewed = [r for r in awards if r["roundYear"] > min(a["roundYear"] for a in awards if a["centre"] == r["centre"])]
    assert renewed  # a centre renewed in a later round has one award per round
    rounds = graph.query("programmes").values()
    assert {r["programme"] for r in rounds} == {"nihr-brc", "nihr-bru", "nihr-clahrc", "nihr-arc"}
    assert sum(int(r["awards"]) for r in rounds if r.get("awards")) == len(awards)
    # two figures for some awards, one set aside by a disagreement, as in the real data
    assert any("award/" in r["claim"] for r in graph.query("conflicts").values())
    assert {r["by"] for r in graph.query("funding").values()} == {"round", "host"}


@pytest.mark.parametrize("name", sorted(catalogue.queries()))
def test_every_catalogue_query_answers_on_a_synthetic_graph(synthetic, name):
    graph = load([synthetic])
    graph_iri = graph.resolve("Synthetic University 3").value
    required = {p.name: graph_iri if p.type == "iri" else "Synthetic University 3" for p in catalogue.get(name).params if p.required}
    assert len(graph.query(name, **required)) > 0


@pytest.mark.parametrize("view", ["memberships", "partners", "full"])
def test_every_view_is_drawn_from_a_synthetic_graph(synthetic, view):
    network = load([synthetic]).to_networkx(view)
    assert network.number_of_edges() > 0
    assert isinstance(network, nx.Graph)


def test_generate_from_the_command_line(run, tmp_path):
    result = run("generate", "--partnerships", "3", "--organisations", "30", "--seed", "1", "-o", "g.ttl")
    assert result.returncode == 0
    assert result.stderr.startswith("hspkg: wrote ") and "triples to g.ttl" in result.stderr
    assert len(load([tmp_path / "g.ttl"])) > 100
    bad = run("generate", "--partnerships", "0", "--organisations", "30", "-o", "h.ttl")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and not (tmp_path / "h.ttl").exists()


@pytest.mark.parametrize("asked", [5_000, 40_000])
def test_generate_triples_writes_about_that_many(run, tmp_path, asked):
    """``--triples N`` sizes the graph for the user (10^7: --triples 10000000): within a tenth of N."""
    result = run("generate", "--triples", str(asked), "--seed", "7", "-o", "g.ttl")
    assert result.returncode == 0, result.stderr
    written = int(result.stderr.split("wrote ")[1].split(" ")[0])
    assert abs(written - asked) <= asked / 10, written
    assert len(load([tmp_path / "g.ttl"])) > written  # the ontology and the closure beside them


@pytest.mark.parametrize(
    "args",
    [["--triples", "5000", "--partnerships", "3"], ["--partnerships", "3"], [], ["--triples", "5000", "--members-per", "4"]],
    ids=["both", "one size", "neither", "members-per"],
)
def test_generate_takes_triples_or_both_sizes(run, tmp_path, args):
    result = run("generate", *args, "-o", "g.ttl")
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "generate: " in result.stderr, result.stderr
    assert not (tmp_path / "g.ttl").exists()


def test_the_store_is_built_once_and_rebuilt_when_the_data_changes(run, tmp_path, synthetic):
    data = write(tmp_path / "data.ttl", synthetic.read_text())
    first = run("query", "members", "--param", "network=Synthetic Network 2", "--data", "data.ttl", "--store", "kept", "--format", "csv")
    assert first.returncode == 0, first.stderr
    manifest = tmp_path / "kept" / MANIFEST
    built = manifest.stat().st_mtime_ns
    second = run("query", "members", "--param", "network=Synthetic Network 2", "--data", "data.ttl", "--store", "kept", "--format", "csv")
    assert second.stdout == first.stdout
    assert manifest.stat().st_mtime_ns == built  # reused, not rebuilt
    data.write_text(data.read_text() + '\n<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "changed" .\n')
    third = run("query", "members", "--param", "network=Synthetic Network 2", "--data", "data.ttl", "--store", "kept", "--format", "csv")
    assert third.stdout == first.stdout
    assert json.loads(manifest.read_text())["files"][-1][1] == data.stat().st_size  # rebuilt for the new file


def test_a_store_folder_with_other_files_is_refused(run, tmp_path):
    (tmp_path / "busy").mkdir()
    write(tmp_path / "busy" / "notes.txt", "mine")
    result = run("query", "ahsns", "--store", "busy")
    assert result.returncode == 2
    assert "busy: the folder holds other files and no hspkg store" in result.stderr
    assert (tmp_path / "busy" / "notes.txt").read_text() == "mine"


def test_no_progress_output_when_not_on_a_terminal(run):
    result = run("query", "ahsns", "--format", "csv")
    assert result.returncode == 0 and result.stderr == ""
