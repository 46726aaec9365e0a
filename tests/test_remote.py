"""Remote SPARQL against a real Oxigraph server on loopback: publish, query, and the errors of a dead endpoint."""

from __future__ import annotations

import csv
import io
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from expected import FOUNDERS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real `oxigraph serve` on a free loopback port, stopped by its process id afterwards."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    assert binary, "the oxigraph server is a test dependency: pip install '.[test]'"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [binary, "serve", "--location", str(tmp_path_factory.mktemp("store")), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "oxigraph did not start within 30 s"
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=10)


def triple_count(endpoint: str) -> int:
    client = SPARQLWrapper(endpoint)
    client.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    client.setReturnFormat(JSON)
    return int(client.queryAndConvert()["results"]["bindings"][0]["n"]["value"])


def rows(text: str) -> list[tuple[str, ...]]:
    """CSV rows with each multi-valued 'sources' cell sorted, for comparing answers."""
    table = list(csv.reader(io.StringIO(text)))
    return sorted(tuple(" ".join(sorted(cell.split())) for cell in row) for row in table[1:])


def test_publish_then_query_gives_the_embedded_answer(run, server):
    published = run("publish", f"{server}/store")
    assert published.returncode == 0, published.stderr
    remote = run("query", "universities-trusts", "--endpoint", f"{server}/query", "--format", "csv")
    embedded = run("query", "universities-trusts", "--format", "csv")
    assert remote.returncode == 0, remote.stderr
    assert len(rows(remote.stdout)) == 15
    assert rows(remote.stdout) == rows(embedded.stdout)


def test_parameters_and_organisation_names_work_remotely(run, server):
    assert run("publish", f"{server}/store").returncode == 0
    result = run("query", "networks-of", "--param", "organisation=RRV", "--endpoint", f"{server}/query", "--format", "csv")
    assert [r["networkLabel"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["UCLPartners"]


def test_publishing_twice_replaces_rather_than_duplicates(run, server, kg):
    assert run("publish", f"{server}/store").returncode == 0
    once = triple_count(f"{server}/query")
    assert run("publish", f"{server}/store").returncode == 0
    assert triple_count(f"{server}/query") == once == len(kg)


def test_a_plain_sparqlwrapper_client_finds_the_founders_with_org_terms(run, server):
    assert run("publish", f"{server}/store").returncode == 0
    client = SPARQLWrapper(f"{server}/query")
    client.setQuery("""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX time: <http://www.w3.org/2006/time#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        SELECT ?member WHERE {
          ?network rdfs:label "UCLPartners" .
          ?m org:organization ?network ; org:member ?member ; org:memberDuring/time:hasBeginning/time:inXSDgYear ?start .
          FILTER (?start <= "2010"^^xsd:gYear) }""")
    client.setReturnFormat(JSON)
    found = {b["member"]["value"] for b in client.queryAndConvert()["results"]["bindings"]}
    assert found == FOUNDERS


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
