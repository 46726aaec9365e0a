"""`hspkg serve` under attack and accident (issue 13): time limits that free the CPU, no outbound requests,
no 200 for a broken answer, limits on what comes in and goes out, workers that come back, CORS."""

from __future__ import annotations

import json
import os
import signal
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from servers import Listener, alive, cpu_over, free_port, installed, running, tree_cpu, until

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LIMIT = 1  # the servers' --timeout, the least it takes: each query past it keeps a core busy that long


def start(*options: str):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [installed("hspkg"), "serve", "--port", str(port), "--timeout", str(LIMIT), *options]
    return url, running(command, f"{url}/sparql?query=ASK%7B%7D")


@pytest.fixture(scope="module")
def server():
    url, context = start("--max-body", "10000", "--max-result", "1000000", "--cors", "https://editor.example")
    with context as process:
        yield url, process


def send(url: str, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def ask(url: str, query: str, accept: str = "application/sparql-results+json") -> tuple[int, dict[str, str], bytes]:
    return send(f"{url}/sparql", urllib.parse.urlencode({"query": query}).encode(), {"Accept": accept})


# finding 1: the backend kept a core busy for 100 s after the 503
def test_a_query_past_the_limit_is_killed_and_its_cpu_freed(server):
    url, process = server
    workers = set(tree_cpu(process.pid)) - {process.pid}
    started = time.monotonic()
    status, _, body = ask(url, HEAVY)
    waited = time.monotonic() - started
    assert (status, body) == (503, f"the query did not finish within {LIMIT} s\n".encode())
    assert LIMIT <= waited < LIMIT + 1.5, f"answered after {waited:.1f} s"
    # the worker that ran it is killed; no more CPU is used but the replacement's, opening the store (0.1 s when measured)
    until(lambda: not all(alive(pid) for pid in workers), "the worker of the query killed")
    busy = cpu_over(process.pid, 1.0)
    assert busy < 0.5, f"{busy:.2f} CPU seconds used in the second after the time limit"
    assert ask(url, "ASK { ?s ?p ?o }")[0] == 200


# finding 2: SERVICE made the server send requests anywhere, and showed the backend's address
def test_service_is_refused_and_no_request_leaves(server):
    url, _ = server
    with Listener() as listener:
        status, _, body = ask(url, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}")
        escaped, _, _ = ask(url, f"SELECT * WHERE {{ \\u0053ERVICE SILENT <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}")
    assert status == escaped == 400
    assert body.startswith(b"SERVICE clauses are refused") and body.count(b"\n") == 1
    assert listener.connections == 0


# finding 3: a 200 with half a JSON document, a 300 MB body taken whole, a 311 MB answer buffered
def test_every_200_is_a_whole_answer_and_errors_are_plain(server):
    url, _ = server
    status, headers, body = ask(url, HEAVY + " LIMIT 1")
    assert status == 503 and headers["content-type"].startswith("text/plain") and not body.startswith(b"{")
    status, headers, body = ask(url, "SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert status == 413 and b"larger than this server's limit of 1,000,000 bytes" in body
    status, _, body = ask(url, "SELECT * WHERE { ?s ?p ?o } LIMIT 100", "application/sparql-results+json")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 100


def test_a_request_body_over_max_body_is_413(server):
    url, _ = server
    query = "ASK { ?s ?p ?o }" + " " * 20_000
    status, _, body = send(f"{url}/sparql", query.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 413 and b"10,000 bytes" in body
    assert ask(url, "ASK { ?s ?p ?o }")[0] == 200


def resident_peak(pid: int) -> int:
    line = next(x for x in Path(f"/proc/{pid}/status").read_text().splitlines() if x.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024


def test_a_large_answer_is_streamed_not_buffered():
    # a time limit for writing 40 MB on a loaded machine (the 2 s one was passed once at load 15): memory is what is measured
    url, context = start("--max-result", str(200 << 20), "--timeout", "30")
    with context as process:
        before = resident_peak(process.pid)
        status, _, body = ask(url, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 150000", "text/tab-separated-values")
        grew = resident_peak(process.pid) - before
    assert status == 200 and body.count(b"\n") == 150_001 and len(body) > 40 << 20
    assert grew < 20 << 20, f"the front's peak memory grew {grew >> 20} MB for a {len(body) >> 20} MB answer"


# finding 4: the backend died, /sparql gave 500 for ever while / answered 200
def test_dead_workers_are_restarted_and_health_tells_the_truth():
    url, context = start("--workers", "2")
    with context as process:
        status, _, body = send(f"{url}/health")
        assert status == 200 and json.loads(body)["alive"] == 2
        workers = [p for p in tree_cpu(process.pid) if p != process.pid]
        assert workers
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        status, _, body = send(f"{url}/health")
        assert status == 503 and json.loads(body)["ok"] is False, body
        # /health is 200 once one worker answers: the other may still be starting (a full run once read alive 1), or a
        # killed one still dying (not yet a zombie, so alive: a run read alive 2 with one restart)

        def restarted() -> dict | None:
            status, _, body = send(f"{url}/health")
            report = json.loads(body)
            return report if status == 200 and report["alive"] == 2 and report["restarts"] >= 2 else None

        report = until(restarted, "both workers restarted", 30)
        assert not {w["pid"] for w in report["each"]} & set(workers), report
        assert ask(url, "ASK { ?s ?p ?o }")[0] == 200


def test_cors_lets_the_named_origin_query(server):
    url, _ = server
    preflight = {"Origin": "https://editor.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    status, headers, _ = send(f"{url}/sparql", headers=preflight, method="OPTIONS")
    assert status == 200 and headers["access-control-allow-origin"] == "https://editor.example"
    status, headers, _ = send(f"{url}/sparql?query=ASK%7B%7D", headers={"Origin": "https://editor.example"})
    assert status == 200 and headers["access-control-allow-origin"] == "https://editor.example"
    status, headers, _ = send(f"{url}/sparql?query=ASK%7B%7D", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in headers
