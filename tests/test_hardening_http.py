"""hspkg as a careful HTTP client (issue 17, findings 3 and 7): credentials stay with their host, answers
are bounded, publish needs the store's confirmation, bad URLs are refused before anything is sent."""

from __future__ import annotations

import http.server
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

import pytest

import hspkg
from hspkg.errors import InputError, WorkError
from servers import Listener, serving

EMPTY = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": []}}).encode()


class Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every request as ``answers`` says for its path, and records (method, path, Authorization) of each."""

    seen: ClassVar[list[tuple[str, str, str | None]]]
    answers: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]]

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length", 0) or 0)
        while length > 0:
            length -= len(self.rfile.read(min(length, 1 << 16)))
        self.seen.append((self.command, self.path.split("?")[0], self.headers.get("Authorization")))
        status, headers, body = self.answers.get(self.path.split("?")[0], (404, {}, b"no such page"))
        self.send_response(status)
        for name, value in {"Content-Type": "application/sparql-results+json", "Content-Length": str(len(body)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def recorder(answers: dict[str, tuple[int, dict[str, str], bytes]]) -> Iterator[tuple[str, list[tuple[str, str, str | None]]]]:
    """A real HTTP server on loopback: its base URL, and the list of requests it gets."""
    seen: list[tuple[str, str, str | None]] = []
    with serving(type("Handler", (Recorder,), {"seen": seen, "answers": answers})) as base:
        yield base, seen


def one_line(stderr: str) -> bool:
    return stderr.count("\n") == 1 and "Traceback" not in stderr and "internal error" not in stderr


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("command", [["query", "ahsns"], ["export", "--format", "json", "-o", "out.json"]])
def test_credentials_never_follow_a_redirect_to_another_port(status, command, run, tmp_path, monkeypatch):
    monkeypatch.setenv("HSPKG_AUTH", "user:s3cret")
    with recorder({"/sparql": (200, {}, EMPTY)}) as (other, elsewhere):
        with recorder({"/sparql": (status, {"Location": f"{other}/sparql"}, b"")}) as (first, here):
            result = run(*command, "--endpoint", f"{first}/sparql", "--timeout", "10")
    assert [auth for _, _, auth in here] == ["Basic dXNlcjpzM2NyZXQ="]
    assert elsewhere == [], "the second server got a request"
    assert result.returncode == 1 and one_line(result.stderr), result.stderr
    assert f"{other}/sparql" in result.stderr and "s3cret" not in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_a_redirect_within_the_origin_is_followed_with_the_credentials(monkeypatch):
    monkeypatch.setenv("HSPKG_AUTH", "user:s3cret")
    with recorder({"/old": (307, {"Location": "/sparql"}, b""), "/sparql": (200, {}, EMPTY)}) as (base, seen):
        graph = hspkg.connect(f"{base}/old", timeout=10)
        rows = graph.sparql("SELECT ?x WHERE { ?x ?y ?z }").values()
    assert rows == []
    assert [(method, path) for method, path, _ in seen] == [("POST", "/old"), ("POST", "/sparql")]
    assert {auth for _, _, auth in seen} == {"Basic dXNlcjpzM2NyZXQ="}


class Endless(http.server.BaseHTTPRequestHandler):
    """Answers with a results document that never ends (chunked), or declares a size past any limit."""

    declare: ClassVar[bool] = False

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        if self.declare:
            self.send_header("Content-Length", str(10 << 30))
        self.end_headers()
        try:
            self.wfile.write(b'{"head":{"vars":["x"]},"results":{"bindings":[')
            chunk = b'{"x":{"type":"literal","value":"' + b"a" * 65000 + b'"}},'
            for _ in range(200_000):
                self.wfile.write(chunk)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def endless(declare: bool) -> Iterator[str]:
    with serving(type("Handler", (Endless,), {"declare": declare})) as base:
        yield f"{base}/sparql"


def test_an_endless_answer_is_cut_at_the_size_limit():
    with endless(declare=False) as url:
        with pytest.raises(WorkError, match="the answer passed 4,194,304 bytes"):
            hspkg.connect(url, timeout=30, max_bytes=4 << 20).sparql("SELECT ?x WHERE { ?x ?y ?z }")


def test_an_answer_declared_past_the_limit_is_refused_on_the_command_line(run):
    with endless(declare=True) as url:
        result = run("query", "ahsns", "--endpoint", url, "--timeout", "20")
    assert result.returncode == 1 and one_line(result.stderr) and "the answer passed 268,435,456 bytes" in result.stderr


def test_a_value_past_16_mb_from_an_endpoint_is_one_line(run):
    body = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"' + b"a" * (17 << 20) + b'"}}]}}'
    with recorder({"/sparql": (200, {}, body)}) as (base, _):
        result = run("query", "ahsns", "--endpoint", f"{base}/sparql", "--timeout", "20")
    assert result.returncode == 1 and one_line(result.stderr) and "a value longer than 16 MB" in result.stderr


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_publish_fails_unless_the_store_confirms(status, run, monkeypatch):
    monkeypatch.setenv("HSPKG_AUTH", "user:s3cret")
    with recorder({"/sparql": (200, {}, b"")}) as (other, elsewhere):
        with recorder({"/store": (status, {"Location": f"{other}/sparql"}, b"")}) as (base, _):
            result = run("publish", f"{base}/store", "--timeout", "60")
    assert elsewhere == []
    assert result.returncode == 1 and one_line(result.stderr), result.stderr
    assert f"HTTP {status}" in result.stderr and "nothing is known to be stored" in result.stderr and "published" not in result.stderr


BAD_URLS = [
    ("http://user:s3cret@127.0.0.1:{port}/sparql", "user name or password"),
    ("http://%00/sparql", "is not a host name"),
    ("http://127.0.0.1:99999/sparql", "the port is not a number"),
    ('http://127.0.0.1:{port}/sp"arql', "which a URL may not"),
    ("http://127.0.0.1:{port}/sp<arql>", "which a URL may not"),
    ("http://127.0.0.1:{port}/{sparql}", "which a URL may not"),
    ("http://127.0.0.1:{port}/a|b^c", "which a URL may not"),
    ("http://[::1/sparql", "not a URL"),
    ("http://[zz::1]:{port}/sparql", "not a URL"),
    ("http://127.0.0.1:{port}/sp%zzarql", "two hexadecimal digits"),
    ("http://999.1.1.1:{port}/sparql", "is not a host name"),
]


@pytest.mark.parametrize(
    "command, url, said",
    [("query", *bad) for bad in BAD_URLS] + [(command, *bad) for command in ("export", "publish") for bad in BAD_URLS[:3]],
)
def test_a_bad_url_is_exit_2_before_anything_is_sent_and_no_password_is_shown(url, said, command, run):
    with Listener() as listener:
        given = url.replace("{port}", str(listener.port)) if "{port}" in url else url
        args = {"query": ["query", "ahsns", "--endpoint", given], "export": ["export", "-o", "x.graphml", "--endpoint", given], "publish": ["publish", given]}
        result = run(*args[command])
    assert listener.connections == 0
    assert result.returncode == 2 and one_line(result.stderr), result.stderr
    assert said in result.stderr and "s3cret" not in result.stderr


def test_connect_refuses_a_password_in_the_url_without_showing_it():
    with pytest.raises(InputError) as refused:
        hspkg.connect("https://dba:s3cret@example.org/sparql")
    assert "s3cret" not in str(refused.value) and "***@example.org" in str(refused.value)


@pytest.mark.parametrize("status", [400, 500])
def test_a_refusal_with_a_long_or_blank_body_is_one_line_saying_so(status, run):
    """An endpoint's refusal is one line: its body's start, or "no message" where the body is only whitespace."""
    blank, long = b" \r\n\t " * 1000, b"\x1b[31mbusy\x00 " + b"x" * (1 << 20)
    with recorder({"/sparql": (status, {}, blank)}) as (empty, _):
        said_nothing = run("query", "ahsns", "--endpoint", f"{empty}/sparql", "--timeout", "10")
    with recorder({"/sparql": (status, {}, long)}) as (verbose, _):
        said_much = run("query", "ahsns", "--endpoint", f"{verbose}/sparql", "--timeout", "10")
    for result in (said_nothing, said_much):
        assert result.returncode == (2 if status == 400 else 1) and one_line(result.stderr), result.stderr
    assert said_nothing.stderr.rstrip().endswith(": no message"), said_nothing.stderr
    assert "[31mbusy xxx" in said_much.stderr and len(said_much.stderr) < 2000, said_much.stderr[:300]
