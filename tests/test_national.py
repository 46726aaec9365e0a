"""The national data: built from the CSVs in the repo by ingest, every row in the graph, every source described."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, Triple

import hspkg
from hspkg.ingest import TEMPLATES, ingest, template_for, turtle
from hspkg.ingest import _read as read_rows  # the loop ingest reads a file's rows with
from hspkg.ingest.context import Context
from hspkg.ingest.registry import stage

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


@pytest.fixture(scope="module")
def row_by_row(tmp_path_factory):
    """Each CSV row read alone through ingest's own loop, in the templates' order, into one context against the
    Turtle written by hand (as the build reads them): what each row added, by file and line, and every triple at the end.

    Read against the shipped graph instead, a row whose fact the graph holds is matched and adds nothing, so
    a check that its triples are in the graph would pass whatever ingest kept.
    """
    folder = tmp_path_factory.mktemp("rows")
    context = Context(hspkg.load(BY_HAND))
    added: dict[Path, list[tuple[int, int]]] = {}
    files = [(path, *template_for(csv_header(path))) for path in CSVS]
    for path, template, rename in sorted(files, key=lambda f: (stage(f[1]), f[0].name)):
        with path.open(newline="", encoding="utf-8") as stream:
            reader = csv.reader(stream)
            header = next(reader)
            for line, row in enumerate(reader, start=2):
                one = folder / f"{path.stem}-{line}.csv"
                with one.open("w", newline="", encoding="utf-8") as out:
                    csv.writer(out).writerows([header, row])
                before = len(context.outcome.triples)
                read_rows(context, one, template, rename)
                added.setdefault(path, []).append((line, len(context.outcome.triples) - before))
    context.finish()
    return added, context.outcome


@pytest.mark.parametrize("path", CSVS, ids=lambda p: p.name)
def test_every_row_of_each_csv_is_in_the_graph(row_by_row, path):
    added, outcome = row_by_row
    assert outcome.problems == []
    with path.open(newline="", encoding="utf-8") as stream:
        rows = sum(1 for _ in csv.DictReader(stream))
    assert len(added[path]) == rows > 0
    # each row adds triples of its own (a row that adds none is lost), and every triple ingest gives is in the graph
    assert [line for line, count in added[path] if count == 0] == []
    # in the graph they were built for (the Turtle by hand and national.ttl; not research.ttl, which names
    # publishers and organisations of its own)
    kg = hspkg.load([*BY_HAND, DATA / "national.ttl"])
    graph = {Triple(q.subject, q.predicate, q.object) for q in kg.store.quads_for_pattern(None, None, None, DefaultGraph())}
    missing = [str(t) for t in outcome.triples if t not in graph]
    assert missing == []


def first_row(template: str) -> dict[str, str]:
    """The first row of the first shipped CSV (national or research) of ``template``, under the template's column names."""
    for path in sorted([*CSVS, *(DATA / "research").glob("*.csv")]):
        found, rename = template_for(csv_header(path))
        if found.name == template:
            with path.open(newline="", encoding="utf-8") as stream:
                return {rename.get(k, k): v for k, v in next(csv.DictReader(stream)).items()}
    raise AssertionError(f"no shipped CSV of template {template}")


def csv_header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as stream:
        return next(csv.reader(stream))


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
    written = tmp_path / f"{name}.csv"
    header = next(csv.reader(written.open(newline="", encoding="utf-8")))
    assert tuple(header) == TEMPLATES[name].columns
    # a real row, the first of the shipped file of that template, filled in under the blank header: so that the
    # template's read runs (an empty template reads no row) and finds the row's fact already in the shipped graph
    row = first_row(name)
    assert set(row) <= set(header)
    with written.open("a", newline="", encoding="utf-8") as out:
        csv.DictWriter(out, fieldnames=header).writerow(row)
    checked = run("ingest", f"{name}.csv", "--dry-run")
    assert checked.returncode == 0, checked.stderr
    # read, the row's facts are each found, none new: "1 row: 0 new places (2 already known)"
    assert re.fullmatch(r"hspkg: 1 row: 0 new [\w ]+ \([1-9]\d* already known\)(, 0 new [\w ]+ \([1-9]\d* already known\))*\n", checked.stderr), checked.stderr
