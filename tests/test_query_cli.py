"""`hspkg query` through its real entry point (in the test's process; see conftest's `run`), in every output format, read back by real parsers."""

from __future__ import annotations

import csv
import io
import json

import pytest

from expected import FOUNDERS, write
from hspkg import catalogue
from readers import PAIRS, READERS, pairs_from_csv, pairs_from_json


@pytest.mark.parametrize("format", sorted(READERS))
def test_universities_trusts_in_each_w3c_format(run, format):
    result = run("query", "universities-trusts", "--format", format)
    assert result.returncode == 0, result.stderr
    assert READERS[format](result.stdout) == PAIRS


def test_csv_is_the_w3c_results_csv_with_crlf_line_ends(run):
    result = run("query", "universities-trusts", "--format", "csv", text=False)
    assert result.returncode == 0, result.stderr
    # RFC 4180, as the W3C SPARQL 1.1 CSV format requires: every line ends CRLF, none ends LF alone
    lines = result.stdout.split(b"\r\n")
    assert (
        lines[0]
        == b"university,universityLabel,trust,trustLabel,network,networkLabel,programme,awards,since,until,endedBy,basis,caveats,universitySources,trustSources"
    )
    assert lines[-1] == b"" and len(lines) == 1 + len(PAIRS) + 1
    assert not any(b"\n" in line for line in lines)


def test_table_shows_labels_and_a_count(run):
    result = run("query", "members", "--param", "year=2010", "--param", "network=UCLPartners", "--format", "table")
    assert result.returncode == 0
    assert "University College London" in result.stdout
    assert "id:org/ucl" in result.stdout
    assert result.stdout.rstrip().endswith("(5 rows)")


@pytest.mark.parametrize("suffix, reader", [(".csv", pairs_from_csv), (".json", pairs_from_json)])
def test_output_file_takes_its_format_from_its_suffix(run, tmp_path, suffix, reader):
    result = run("query", "universities-trusts", "-o", f"pairs{suffix}")
    assert result.returncode == 0 and result.stdout == ""
    assert reader((tmp_path / f"pairs{suffix}").read_text()) == PAIRS


def test_members_in_2010_from_the_command_line(run):
    result = run("query", "members", "--param", "year=2010", "--param", "network=UCL Partners", "--format", "csv")
    assert {r["member"] for r in csv.DictReader(io.StringIO(result.stdout))} == FOUNDERS


def test_networks_of_an_ods_code(run):
    result = run("query", "networks-of", "--param", "organisation=RRV", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # UCLH: a member of UCLPartners, and host of the UCLH BRC and the Queen Square dementia BRU (data/research)
    assert sorted((r["networkLabel"], r["programme"]) for r in rows) == [
        ("NIHR Queen Square Dementia Biomedical Research Unit", "nihr-bru"),
        ("NIHR University College London Hospitals Biomedical Research Centre", "nihr-brc"),
        ("UCLPartners", "ahsc ahsn"),
    ]


def test_a_users_own_query_file_runs_on_the_same_graph(run, tmp_path):
    write(
        tmp_path / "count.rq",
        "PREFIX org: <http://www.w3.org/ns/org#>\nPREFIX prov: <http://www.w3.org/ns/prov#>\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?m a org:Membership ; prov:wasDerivedFrom <https://w3id.org/hspkg/id/source/qmul-2013> }\n",
    )
    result = run("query", "--file", "count.rq", "--format", "json")
    # the eight members the May 2013 release lists
    assert json.loads(result.stdout)["results"]["bindings"][0]["n"]["value"] == "8"


def test_an_ask_query_answers_true_or_false(run, tmp_path):
    write(tmp_path / "ask.rq", 'ASK { ?s <http://www.w3.org/2000/01/rdf-schema#label> "UCLPartners" }')
    assert json.loads(run("query", "--file", "ask.rq", "--format", "json").stdout)["boolean"] is True
    assert run("query", "--file", "ask.rq", "--format", "table").stdout == "true\n"


def test_data_replaces_the_shipped_data(run, tmp_path):
    write(
        tmp_path / "mine.ttl",
        """
        @prefix org: <http://www.w3.org/ns/org#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <http://example.org/a> a org:FormalOrganization ; rdfs:label "Alpha" .""",
    )
    result = run("query", "organisations", "--data", "mine.ttl", "--format", "csv")
    assert [r["label"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["Alpha"]


def test_queries_lists_each_query_on_one_line_with_its_parameters(run):
    result = run("queries")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == sorted(catalogue.queries())
    members = next(line for line in lines if line.startswith("members "))
    assert "Members of partnerships" in members and "year=YEAR (default: all time)" in members
    assert "organisation=ORGANISATION (required)" in next(line for line in lines if line.startswith("networks-of "))


def test_queries_verbose_explains_the_parameters(run):
    result = run("queries", "--verbose")
    assert "year: only members that year: started (or seen) on or before it and not ended before it" in result.stdout


@pytest.mark.parametrize("command", [[], ["query"], ["queries"], ["validate"], ["export"], ["publish"]])
def test_every_command_has_help_with_an_example(run, command):
    result = run(*command, "--help")
    assert result.returncode == 0
    assert "Example" in result.stdout and "hspkg " in result.stdout


def test_version(run):
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("hspkg ")
