"""Remote SPARQL against a real Oxigraph server on loopback: publish, query, and the errors of a dead endpoint."""

from __future__ import annotations

import csv
import http.server
import io
import socket
import time

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from expected import FOUNDERS
from readers import PAIRS, founders_by_org_terms, rows
from servers import free_port, serving


@pytest.fixture(scope="module")
def server(oxigraph_server):
    """A real `oxigraph serve` on a free loopback port (the test run's shared one)."""
    return oxigraph_server


@pytest.fixture(scope="module")
def published(server, executable):
    """The shared server with the shipped graph published to it by ``hspkg publish`` (every user of it publishes the same graph)."""
    import subprocess

    done = subprocess.run([executable, "publish", f"{server}/store"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return server


def triple_count(endpoint: str) -> int:
    client = SPARQLWrapper(endpoint)
    client.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    client.setReturnFormat(JSON)
    return int(client.queryAndConvert()["results"]["bindings"][0]["n"]["value"])


def test_publish_then_query_gives_the_embedded_answer(run, published):
    server = published  # published by `hspkg publish`, exit 0
    remote = run("query", "universities-trusts", "--endpoint", f"{server}/query", "--format", "csv")
    embedded = run("query", "universities-trusts", "--format", "csv")
    assert remote.returncode == 0, remote.stderr
    assert len(rows(remote.stdout)) == len(PAIRS) > 15
    assert rows(remote.stdout) == rows(embedded.stdout)


def test_parameters_and_organisation_names_work_remotely(run, published):
    server = published
    result = run("query", "networks-of", "--param", "organisation=RRV", "--endpoint", f"{server}/query", "--format", "csv")
    embedded = run("query", "networks-of", "--param", "organisation=RRV", "--format", "csv")
    remote = sorted(r["networkLabel"] for r in csv.DictReader(io.StringIO(result.stdout)))
    assert "UCLPartners" in remote and remote == sorted(r["networkLabel"] for r in csv.DictReader(io.StringIO(embedded.stdout)))


def test_publishing_twice_replaces_rather_than_duplicates(run, published, kg):
    server = published  # published once
    once = triple_count(f"{server}/query")
    assert run("publish", f"{server}/store").returncode == 0
    assert triple_count(f"{server}/query") == once == len(kg)


def test_a_plain_sparqlwrapper_client_finds_the_founders_with_org_terms(published):
    assert founders_by_org_terms(f"{published}/query") == FOUNDERS


def test_facts_that_need_the_rdfs_step_answer_on_a_plain_store_after_publish(published, kg):
    # publish sends the materialised graph: designations found through the superclass and superproperty
    # that only the RDFS closure states, on a store that does no inference of its own
    from SPARQLWrapper import JSON, SPARQLWrapper

    server = published
    client = SPARQLWrapper(f"{server}/query")
    query = """
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX org: <http://www.w3.org/ns/org#>
        SELECT DISTINCT ?who WHERE { ?designation a prov:Activity ; prov:influenced ?who . ?who a org:OrganizationalCollaboration }"""
    client.setQuery(query)
    client.setReturnFormat(JSON)
    found = {b["who"]["value"] for b in client.queryAndConvert()["results"]["bindings"]}
    assert len(found) >= 22 and found == {str(row["who"]) for row in kg.sparql(query).values()}


def test_a_closed_port_is_one_line_exit_1_within_the_timeout(run):
    started = time.monotonic()
    result = run("query", "members", "--endpoint", f"http://127.0.0.1:{free_port()}/query", "--timeout", "5")
    assert time.monotonic() - started < 15
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "cannot reach the endpoint" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_query_the_server_rejects_is_exit_2_with_its_message(run, server, tmp_path):
    (tmp_path / "bad.rq").write_text("SELECT ?x WHERE { ?x ?y }")
    result = run("query", "--file", "bad.rq", "--endpoint", f"{server}/query")
    assert result.returncode == 2
    assert "bad.rq: the endpoint rejected the query" in result.stderr and "error at 1:" in result.stderr


def test_a_wrong_path_is_a_refusal_exit_1(run, server):
    result = run("query", "ahsns", "--endpoint", f"{server}/nothing-here")
    assert result.returncode == 1
    assert result.stderr.startswith("hspkg: error: ") and result.stderr.count("\n") == 1


def test_an_endpoint_that_never_answers_times_out(run):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # accepts connections into the backlog, never answers
        started = time.monotonic()
        result = run("query", "ahsns", "--endpoint", f"http://127.0.0.1:{silent.getsockname()[1]}/sparql", "--timeout", "0.5")
    assert time.monotonic() - started < 15
    assert result.returncode == 1
    assert result.stderr.startswith("hspkg: error: --timeout 0.5: no answer from http://127.0.0.1:") and result.stderr.count("\n") == 1


class NotSparql(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html><body>Welcome to our web site</body></html>")

    def log_message(self, *args: object) -> None:
        pass


def test_a_server_that_is_not_a_sparql_endpoint_is_named(run):
    with serving(NotSparql) as base:
        result = run("query", "ahsns", "--endpoint", f"{base}/", "--timeout", "5")
    assert result.returncode == 1
    assert "not SPARQL JSON results" in result.stderr and result.stderr.count("\n") == 1


def test_connect_gives_the_same_python_api(published, kg):
    import hspkg

    server = published
    remote = hspkg.connect(f"{server}/query")
    assert {r["member"] for r in remote.query("members", network="UCLPartners", year=2010).values()} == FOUNDERS
    assert remote.resolve("UCL Partners") == kg.resolve("UCL Partners")


def test_export_from_an_endpoint_draws_the_same_network(published, run, tmp_path, exported):
    import networkx as nx

    server = published
    assert run("export", "-o", "remote.graphml", "--endpoint", f"{server}/query").returncode == 0
    remote, local = nx.read_graphml(tmp_path / "remote.graphml"), nx.read_graphml(exported("graphml"))
    assert sorted(remote.nodes(data="label")) == sorted(local.nodes(data="label"))
    assert sorted(remote.edges()) == sorted(local.edges())
