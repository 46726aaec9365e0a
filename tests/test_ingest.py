"""`hspkg ingest`: spreadsheets to sourced triples, matched to the graph, every bad row reported.

The organisations and memberships here are invented for the tests, with example.org
sources; they are written to temporary folders and never join data/.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from expected import ORG, write
from hspkg import load
from hspkg.ingest import ingest, turtle
from hspkg.ingest.registry import in_order, markdown
from hspkg.resources import shipped

README = Path(__file__).resolve().parents[1] / "README.md"

ORGANISATIONS = """name,kind,alternative_names,ods,ror,ukprn,wikidata,source_url,source_title,source_publisher
Example Health Network,ahsn,EHN,,,,,https://example.org/ehn,Example network founding note,Example Publisher
Example Community Trust,nhs-trust,,ZZZ1,,,,https://example.org/ehn,,
"""

# Three memberships; Queen Mary is in the graph as "Queen Mary University of London".
MEMBERSHIPS = """member,network,from_year,to_year,source_url,source_title,source_publisher
"Queen Mary, University of London",Example Health Network,2015,,https://example.org/ehn,,
Example Community Trust,EHN,2015,2018,https://example.org/ehn,,
UCL,example health network,2016,,https://example.org/ehn,,
"""

# Five rows, five different problems (lines 2 to 6).
BAD = """member,network,from_year,to_year,source_url,source_title,source_publisher
University College London,UCLPartners,twenty,,https://example.org/a,A,B
University College London,UCLPartners,2015,2012,https://example.org/a,A,B
University College London,UCLPartners,2015,,,,
University College London,Atlantis Partners,2015,,https://example.org/a,A,B
Univrsity College London,UCLPartners,2015,,https://example.org/a,A,B
"""


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_new_memberships_are_ingested_validated_and_answered_without_duplicates(run, tmp_path):
    write(tmp_path / "orgs.csv", ORGANISATIONS)
    write(tmp_path / "members.csv", MEMBERSHIPS)
    result = run("ingest", "orgs.csv", "members.csv", "-o", "new.ttl")
    assert result.returncode == 0, result.stderr
    assert "2 new organisations" in result.stderr and "3 new memberships" in result.stderr
    data = str(shipped("data"))
    assert run("validate", "--data", data, "--data", "new.ttl").returncode == 0
    members = csv_rows(run("query", "members", "--data", data, "--data", "new.ttl", "--param", "network=EHN", "--format", "csv").stdout)
    assert sorted((r["memberLabel"], r["startYear"], r["endYear"]) for r in members) == [
        ("Example Community Trust", "2015", "2018"),
        ("Queen Mary University of London", "2015", ""),
        ("University College London", "2016", ""),
    ]
    organisations = csv_rows(run("query", "organisations", "--data", data, "--data", "new.ttl", "--format", "csv").stdout)
    assert len(organisations) == len(load().query("organisations")) + 2
    assert len({r["label"] for r in organisations}) == len(organisations)
    assert {r["member"] for r in members} >= {ORG + "qmul", ORG + "ucl"}


def test_five_bad_rows_are_all_reported_with_their_lines_and_nothing_is_written(run, tmp_path):
    write(tmp_path / "bad.csv", BAD)
    result = run("ingest", "bad.csv", "-o", "out.ttl")
    assert result.returncode == 2
    problems = [line for line in result.stderr.splitlines() if line.startswith("bad.csv:")]
    assert [p.split(": ")[0:2] for p in problems] == [
        ["bad.csv:2", "from_year"],
        ["bad.csv:3", "to_year"],
        ["bad.csv:4", "source"],
        ["bad.csv:5", "network"],
        ["bad.csv:6", "member"],
    ]
    assert "'twenty' is not a year" in problems[0]
    assert "ends (2012) before it starts (2015)" in problems[1]
    assert "every row needs a source" in problems[2]
    assert "no partnership is called 'Atlantis Partners'" in problems[3]
    assert "near misses: University College London" in problems[4]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.ttl").exists()


@pytest.mark.parametrize(
    "name, rows, column",
    [
        ("changes.csv", "id,change,date,resulting,source\nx-merger,merger,2015,Atlantis Trust,qmul-2013\n", "resulting"),
        ("changes.csv", "id,change,date,resulting,ceased,source\nx-abolition,abolition,2015,,Atlantis Trust,qmul-2013\n", "ceased"),
        ("designations.csv", "partnership,status,date,source\nUCLPartners,ahsc,2015-13,qmul-2013\n", "date"),
    ],
    ids=["changes-resulting", "changes-ceased", "designations-date"],
)
def test_a_bad_cell_is_one_problem_not_two(name, rows, column, kg, tmp_path):
    # a cell that names no one (or is no date) says so once, not again as "missing"
    problems = ingest(kg, [write(tmp_path / name, rows)]).problems
    assert [p.split(": ")[1] for p in problems].count(column) == 1, problems


def test_an_unknown_kind_and_a_bad_identifier_are_named(run, tmp_path):
    write(tmp_path / "orgs.csv", "name,kind,ods,source_url,source_title,source_publisher\nX Trust,hospital,rrv!,https://example.org/x,X,Y\n")
    result = run("ingest", "orgs.csv", "--dry-run")
    assert result.returncode == 2
    assert "orgs.csv:2: kind: unknown kind 'hospital' (kinds: university, nhs-trust" in result.stderr
    assert "orgs.csv:2: ods: 'rrv!' is not a ODS identifier (such as RRV)" in result.stderr


def test_a_file_that_is_no_template_is_refused(run, tmp_path):
    write(tmp_path / "other.csv", "a,b\n1,2\n")
    result = run("ingest", "other.csv", "--dry-run")
    assert result.returncode == 2
    assert "other.csv:1: header: not a template header" in result.stderr


def test_dry_run_checks_and_writes_nothing(run, tmp_path):
    write(tmp_path / "orgs.csv", ORGANISATIONS)
    result = run("ingest", "orgs.csv", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["orgs.csv"]


def test_exported_memberships_ingested_again_give_the_same_graph(run, tmp_path):
    assert run("export", "--format", "csv", "-o", "net").returncode == 0
    assert run("ingest", "net-edges.csv", "-o", "again.ttl").returncode == 0
    assert len(load([shipped("data"), tmp_path / "again.ttl"])) == len(load())


def test_an_edited_export_changes_only_what_was_edited(run, tmp_path):
    assert run("export", "--format", "csv", "-o", "net").returncode == 0
    rows = csv_rows((tmp_path / "net-edges.csv").read_text())
    for row in rows:
        # its UCLPartners membership (open-ended): since issue 19 Moorfields also hosts its NIHR BRC, whose award claims end as their sources say
        if row["source"] == ORG + "moorfields" and row["target"] == ORG + "uclpartners":
            row["end"] = "2020"
    with (tmp_path / "net-edges.csv").open("w", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]) + (["end"] if "end" not in rows[0] else []))
        writer.writeheader()
        writer.writerows(rows)
    assert run("ingest", "net-edges.csv", "-o", "edited.ttl").returncode == 0
    graph = load([shipped("data"), tmp_path / "edited.ttl"])
    assert ORG + "moorfields" not in {r["member"] for r in graph.query("members", year=2021).values() if r["network"] == ORG + "uclpartners"}
    assert ORG + "moorfields" in {r["member"] for r in graph.query("members", year=2019).values() if r["network"] == ORG + "uclpartners"}
    assert len(graph.query("members")) == len(load().query("members"))


def test_an_edited_export_end_that_a_sourced_claim_cannot_take_is_a_warning_naming_its_line(run, tmp_path):
    assert run("export", "--format", "csv", "-o", "net").returncode == 0
    unedited = run("ingest", "net-edges.csv", "--dry-run")
    assert unedited.returncode == 0 and "is not kept" not in unedited.stderr
    rows = csv_rows((tmp_path / "net-edges.csv").read_text())
    edited = set()
    for line, row in enumerate(rows, start=2):
        if row["end"]:
            row["end"], edited = str(int(row["end"]) + 1), edited | {line}
    with (tmp_path / "net-edges.csv").open("w", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = run("ingest", "net-edges.csv", "--dry-run")
    assert result.returncode == 0, result.stderr
    # each claim whose source states its end keeps it, and the row that asked for another end is told so (it was skipped silently)
    warned = [w for w in result.stderr.splitlines() if w.startswith("warning: net-edges.csv:") and "to_year:" in w]
    assert warned and all("is not kept" in w and "as its source states" in w for w in warned)
    assert {int(w.split(":")[2]) for w in warned} <= edited


def test_the_readme_and_the_help_list_the_templates_as_the_registry_orders_them(run):
    # the README's table is made from the registry, row for row, in the order files are read
    assert markdown() in README.read_text(encoding="utf-8")
    listed = markdown().splitlines()[2:]
    assert [row.split(" | ")[0].removeprefix("| ") for row in listed][:3] == ["sources", "organisations", "names"]
    assert " ".join(run("ingest", "--help").stdout.split()).count(in_order()) == 1


def test_files_are_read_in_the_registry_order_whatever_order_they_are_given_in(kg, tmp_path):
    organisations, memberships = write(tmp_path / "orgs.csv", ORGANISATIONS), write(tmp_path / "members.csv", MEMBERSHIPS)
    # the memberships name organisations the other file adds: read first, they would name no one
    backwards = ingest(kg, [memberships, organisations])
    assert backwards.problems == [] and backwards.new["memberships"] == 3
    assert turtle(backwards.triples) == turtle(ingest(kg, [organisations, memberships]).triples)


# Rows that name organisations by identifier: an ODS code, a ROR IRI, a Wikidata IRI; the source is one the graph knows.
BY_IDENTIFIER = """member,network,from_year,source_url
RRV,UCLPartners,2009,https://www.qmul.ac.uk/media/news/2013/smd/uclpartners-gets-the-green-light-to-improve-healthcare-for-over-six-million-people.html
https://ror.org/02jx3x895,UCLPartners,2016,https://www.qmul.ac.uk/media/news/2013/smd/uclpartners-gets-the-green-light-to-improve-healthcare-for-over-six-million-people.html
http://www.wikidata.org/entity/Q193196,UCLPartners,2017,https://www.qmul.ac.uk/media/news/2013/smd/uclpartners-gets-the-green-light-to-improve-healthcare-for-over-six-million-people.html
"""


def test_rows_naming_organisations_by_identifier_join_the_organisations_in_the_graph(kg, tmp_path):
    outcome = ingest(kg, [write(tmp_path / "members.csv", BY_IDENTIFIER)])
    assert outcome.problems == []
    assert (outcome.new["organisations"], outcome.new["memberships"], outcome.matched["memberships"]) == (0, 2, 1)
    # the RRV row is the May 2013 claim already in the graph: matched, nothing repeated; the two others are new claims of UCL
    members = sorted(t.object.value for t in outcome.triples if t.predicate.value == "http://www.w3.org/ns/org#member")
    assert members == [ORG + "ucl", ORG + "ucl"]
