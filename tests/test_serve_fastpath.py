"""`hspkg serve` answers /sparql at the connection (hspkg.fastpath): the same answers, refusals and HTTP as the ASGI path,
over raw sockets where the HTTP itself is the point (pipelining, Expect, chunked bodies, HTTP/1.0)."""

from __future__ import annotations

import json
import socket
import urllib.parse

import pytest

from servers import free_port, installed, running

HEAVIER = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?s ?q ?r }"


@pytest.fixture(scope="module")
def server():
    """Without --cors, so that /sparql takes the fast path: (host, port)."""
    port = free_port()
    command = [installed("hspkg"), "serve", "--port", str(port), "--timeout", "5", "--max-body", "10000", "--max-result", "50000000"]
    with running(command, f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D"):
        yield "127.0.0.1", port


def form(query: str) -> bytes:
    return urllib.parse.urlencode({"query": query}).encode()


def request(method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None, version: str = "HTTP/1.1") -> bytes:
    given = {"Host": "x", "Accept": "application/sparql-results+json", **(headers or {})}
    if body and "Transfer-Encoding" not in given:
        given.setdefault("Content-Type", "application/x-www-form-urlencoded")
        given["Content-Length"] = str(len(body))
    head = f"{method} {path} {version}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in given.items()) + "\r\n"
    return head.encode() + body


def responses(connection: socket.socket, count: int) -> list[tuple[int, dict[str, str], bytes]]:
    """``count`` responses read in turn from one connection, each whole (by its Content-Length) before the next."""
    reader = connection.makefile("rb")
    found = []
    for _ in range(count):
        status = int(reader.readline().split()[1])
        headers = {}
        while (line := reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        found.append((status, headers, reader.read(int(headers["content-length"]))))
    return found


def exchange(server, data: bytes, count: int = 1) -> list[tuple[int, dict[str, str], bytes]]:
    with socket.create_connection(server, timeout=30) as connection:
        connection.sendall(data)
        return responses(connection, count)


def test_pipelined_requests_are_answered_whole_and_in_order(server):
    # the slower query first: a /sparql request behind one still being answered waits for it, whichever path it takes
    data = request("POST", "/sparql", form(HEAVIER)) + request("GET", "/sparql?" + form("ASK {}").decode()) + request("GET", "/health")
    (first, _, counted), (second, _, asked), (third, _, health) = exchange(server, data, 3)
    assert (first, second, third) == (200, 200, 200)
    assert int(json.loads(counted)["results"]["bindings"][0]["n"]["value"]) > 0
    assert json.loads(asked)["boolean"] is True
    assert json.loads(health)["ok"] is True


@pytest.mark.parametrize(
    "headers, body, status, said",
    [
        ({"Content-Type": "application/sparql-query"}, b"ASK {}" + b" " * 20_000, 413, b"10,000 bytes"),
        ({"Content-Type": "text/plain"}, b"ASK {}", 415, b"not text/plain"),
        ({"Content-Type": "application/sparql-update"}, b"INSERT DATA {}", 403, b"read-only"),
        ({}, b"update=" + b"CLEAR%20ALL", 403, b"read-only"),
        ({}, b"other=1", 400, b"exactly one query"),
        ({}, form("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"), 400, b"--allow-service"),
        ({}, form("SELECT WHERE"), 400, b""),
    ],
)
def test_refusals_are_plain_one_liners_and_the_connection_serves_on(server, headers, body, status, said):
    # a body refused before it is read closes the connection (the rest of it is not read as a request); any other refusal keeps it
    closes = status == 413
    found = exchange(server, request("POST", "/sparql", body, headers) + request("POST", "/sparql", form("ASK {}")), 1 if closes else 2)
    refused, given, text = found[0]
    assert refused == status and said in text and text.count(b"\n") <= 2
    assert given["content-type"] == "text/plain; charset=utf-8" and given["x-content-type-options"] == "nosniff"
    assert given.get("connection") == ("close" if closes else None)
    if not closes:
        after, _, answer = found[1]
        assert after == 200 and json.loads(answer)["boolean"] is True


def test_a_body_over_the_limit_is_refused_as_it_arrives_without_a_length(server):
    chunk = b"query=ASK%20%7B%7D" + b"+" * 12_000
    data = request("POST", "/sparql", b"", {"Transfer-Encoding": "chunked", "Content-Type": "application/x-www-form-urlencoded"})
    with socket.create_connection(server, timeout=30) as connection:
        connection.sendall(data + b"%x\r\n" % len(chunk) + chunk + b"\r\n")
        ((status, _, text),) = responses(connection, 1)
        assert status == 413 and b"10,000 bytes" in text
        assert connection.recv(100) == b""  # closed


def test_chunked_bodies_expect_continue_and_http_10_are_answered(server):
    body = form("ASK {}")
    chunked = request("POST", "/sparql", b"", {"Transfer-Encoding": "chunked", "Content-Type": "application/x-www-form-urlencoded"})
    chunked += b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    ((status, _, answer),) = exchange(server, chunked)
    assert status == 200 and json.loads(answer)["boolean"] is True
    with socket.create_connection(server, timeout=30) as connection:
        expecting = {"Expect": "100-continue", "Content-Length": str(len(body)), "Content-Type": "application/x-www-form-urlencoded"}
        connection.sendall(request("POST", "/sparql", b"", expecting))
        assert connection.recv(100).startswith(b"HTTP/1.1 100 ")
        connection.sendall(body)
        ((status, _, answer),) = responses(connection, 1)
        assert status == 200 and json.loads(answer)["boolean"] is True
    with socket.create_connection(server, timeout=30) as connection:
        connection.sendall(request("POST", "/sparql", body, version="HTTP/1.0"))
        ((status, found, answer),) = responses(connection, 1)
        assert status == 200 and json.loads(answer)["boolean"] is True and found["connection"] == "close"
        assert connection.recv(100) == b""  # closed after the answer


def test_an_answer_too_large_for_the_pipe_comes_whole_from_its_file(server):
    # over guard.INLINE (1 MB): the worker writes it to a file, the fast path streams it
    ((status, found, answer),) = exchange(server, request("POST", "/sparql", form("SELECT * WHERE { ?s ?p ?o }")))
    ((_, _, counted),) = exchange(server, request("POST", "/sparql", form("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
    assert status == 200 and int(found["content-length"]) == len(answer) > 1 << 20
    assert len(json.loads(answer)["results"]["bindings"]) == int(json.loads(counted)["results"]["bindings"][0]["n"]["value"])


def test_a_body_that_does_not_arrive_is_408_at_its_limit_whatever_the_method(tmp_path):
    # the real server in this process, its fast path given a body limit of 0.5 s (hspkg serve's is 30 s)
    import threading
    import time

    import uvicorn

    from hspkg import fastpath, serve, sparql_requests
    from hspkg.connections import protocol

    graph = tmp_path / "graph.nt"
    graph.write_text("<urn:s> <urn:p> <urn:o> .\n")
    (tmp_path / "answers").mkdir()
    options = sparql_requests.Options(timeout=5, workers=1)
    port = free_port()
    front, guard = serve.app(graph, tmp_path / "answers", options, f"http://127.0.0.1:{port}/")
    http = fastpath.protocol(protocol(100, options.header_seconds), guard, options, 0.5)
    config = uvicorn.Config(front, host="127.0.0.1", port=port, log_level="warning", http=http)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            assert thread.is_alive()
            time.sleep(0.05)
        for method in ("POST", "GET"):
            head = request(method, "/sparql?query=ASK%7B%7D" if method == "GET" else "/sparql", b"", {"Content-Length": "100"})
            with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
                began = time.monotonic()
                connection.sendall(head + b"query=ASK")  # less than the 100 bytes declared, and nothing more
                ((status, found, text),) = responses(connection, 1)
                assert status == 408 and b"did not arrive within 0.5 s" in text, (method, status, text)
                assert 0.4 < time.monotonic() - began < 5 and found["connection"] == "close"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
