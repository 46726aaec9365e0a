"""The national data: built from the CSVs in the repo by ingest, every row in the graph, every source described."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, Triple

import hspkg
from hspkg.ingest import TEMPLATES, ingest, turtle

DATA = Path(__file__).parents[1] / "data"
CSVS = sorted((DATA / "national").glob("*.csv"))
# the Turtle written by hand; everything else in data/ is built from the CSVs
BY_HAND = [DATA / "uclpartners.ttl", DATA / "events.ttl", DATA / "time.ttl"]


def test_the_shipped_turtle_is_exactly_what_ingest_builds_from_the_csvs():
    outcome = ingest(hspkg.load(BY_HAND), CSVS)
    assert outcome.problems == []
    assert turtle(outcome.triples) == (DATA / "national.ttl").read_bytes(), (
        "data/national.ttl differs from what the CSVs give: rebuild it with the command in data/national/README.md"
    )


def test_data_holds_only_the_built_file_and_the_files_written_by_hand():
    # research.ttl: built from data/research/ (tests/test_research.py)
    assert sorted(p.name for p in DATA.glob("*.ttl")) == sorted(p.name for p in [*BY_HAND, DATA / "national.ttl", DATA / "research.ttl"])


@pytest.mark.parametrize("path", CSVS, ids=lambda p: p.name)
def test_every_row_of_each_csv_is_in_the_graph(path):
    # read against the graph they were built for (the Turtle by hand and national.ttl; not research.ttl, which
    # names publishers and organisations of its own), a file's rows add no triple the graph lacks
    kg = hspkg.load([*BY_HAND, DATA / "national.ttl"])
    graph = {Triple(q.subject, q.predicate, q.object) for q in kg.store.quads_for_pattern(None, None, None, DefaultGraph())}
    outcome = ingest(kg, [path])
    with path.open(newline="", encoding="utf-8") as stream:
        rows = sum(1 for _ in csv.DictReader(stream))
    assert outcome.problems == []
    assert outcome.rows == rows > 0
    missing = [str(t) for t in outcome.triples if t not in graph]
    assert missing == []


def test_every_source_cited_in_data_is_described_with_a_title_publisher_and_url(kg):
    rows = kg.sparql("""
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX schema: <https://schema.org/>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX hsp: <https://w3id.org/hspkg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?source ?url ?publisher WHERE {
          ?fact prov:wasDerivedFrom ?source .
          FILTER NOT EXISTS { ?source a <http://www.w3.org/ns/org#ChangeEvent> }
          OPTIONAL { ?source schema:url ?url }
          OPTIONAL { ?source dcterms:publisher/rdfs:label ?publisher }
        }""").values()
    assert len(rows) > 150
    assert [r["source"] for r in rows if not (str(r.get("url", "")).startswith("http") and r.get("publisher"))] == []


def test_every_reference_source_of_the_csvs_is_cited_by_some_fact(kg):
    with (DATA / "national" / "sources.csv").open(newline="", encoding="utf-8") as stream:
        ids = {row["source_id"] for row in csv.DictReader(stream)}
    cited = {
        r["source"].rsplit("/", 1)[-1] for r in kg.sparql("SELECT DISTINCT ?source WHERE { ?fact <http://www.w3.org/ns/prov#wasDerivedFrom> ?source }").values()
    }
    # sources that describe only another source's subject (none today) would show up here
    assert sorted(ids - cited) == []


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_ingest_writes_each_blank_template_and_reads_it_back(run, tmp_path, name):
    made = run("ingest", "--template", name, "-o", f"{name}.csv")
    assert made.returncode == 0, made.stderr
    header = (tmp_path / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert tuple(header) == TEMPLATES[name].columns
    checked = run("ingest", f"{name}.csv", "--dry-run")
    assert checked.returncode == 0, checked.stderr
    assert "0 rows" in checked.stderr
