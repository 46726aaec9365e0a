"""`hspkg serve` with every resource bounded (issue 17): answer files, the queue, clients that leave,
connections, request heads, SIGTERM, and a /health that tells each worker apart.

Real servers on loopback; every slow or many-connection client here is bounded in count and time.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import pytest

from servers import alive, free_port, installed, running, tree_cpu, until
from test_serve_hardening import HEAVY, ask, send

CROSS = "CONSTRUCT { ?a ?b ?c . ?d ?e ?f } WHERE { ?a ?b ?c . ?d ?e ?f }"  # streams triples for as long as it may


def serve(tmp_path: Path, *options: str, env: dict[str, str] | None = None):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [installed("hspkg"), "serve", "--port", str(port), *options]
    # the server's temporary folder is this test's, so that what it leaves there can be seen
    return url, running(command, f"{url}/sparql?query=ASK%7B%7D", env={**os.environ, "TMPDIR": str(tmp_path), **(env or {})})


def answer_files(tmp_path: Path) -> list[Path]:
    return list(tmp_path.glob("hspkg-serve-*/answers/*"))


def workers(pid: int) -> list[int]:
    return sorted(p for p in tree_cpu(pid) if p != pid)


def running_query(pid: int) -> Callable[[], bool]:
    """Whether the workers of the server ``pid`` have used CPU since this was asked: a query is running (nothing else runs).

    Waited for in place of /health while a query is arriving: /health asks each idle worker ``ASK {}``, and a
    query given to that worker in the same moment goes ahead of the question (which then waits for it).
    """
    before = sum(t for p, t in tree_cpu(pid).items() if p != pid)
    return lambda: sum(t for p, t in tree_cpu(pid).items() if p != pid) > before + 0.05


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory):
    """``hspkg serve --workers 2 --timeout 1 --max-result 4GiB``, its temporary folder one of its own: its URL, process and folder.

    Shared by the tests that need two workers; each first waits for both to be idle.
    """
    folder = tmp_path_factory.mktemp("two-workers")
    url, context = serve(folder, "--timeout", "1", "--workers", "2", "--max-result", str(4 << 30))
    with context as process:
        yield url, process, folder


# finding 5: four timed-out requests left 115 MB of partial answers in the temporary folder; as many here
# (each keeps a core busy for its second: ten took 10 CPU s)
def test_four_timed_out_construct_queries_leave_no_answer_file(two_workers):
    url, _, tmp_path = two_workers
    statuses: list[int] = []

    def one() -> None:
        statuses.append(ask(url, CROSS, "application/n-triples")[0])

    for _ in range(2):  # two at a time, one per worker
        # both workers idle: VoID counted (at the start), the killed ones replaced (after the first pair), so that
        # neither query waits in the pipe of the other's worker and runs only once that one is killed
        until(lambda: health(url)["answering"] == 2, "both workers idle", every=0.1)
        pair = [threading.Thread(target=one) for _ in range(2)]
        for thread in pair:
            thread.start()
        for thread in pair:
            thread.join()
    # the killed workers' files go once each worker is reaped: a moment after the 503
    deadline = time.monotonic() + 10
    while answer_files(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.02)
    left = answer_files(tmp_path)
    assert statuses == [503] * 4
    assert left == [], f"{len(left)} answer files, {sum(p.stat().st_size for p in left if p.exists()) >> 20} MB"


def health(url: str) -> dict:
    return json.loads(send(f"{url}/health")[2])


def ask_ended(url: str, query: str) -> None:
    """Ask ``query`` and take whatever comes: the server may be stopped before it answers."""
    with contextlib.suppress(OSError, http.client.HTTPException):
        ask(url, query)


# finding 7: the queue behind the workers was unbounded
def test_a_full_queue_is_answered_503_at_once_and_health_shows_it(tmp_path):
    # the slow queries are not waited for: the server is stopped once the third request is answered
    url, context = serve(tmp_path, "--timeout", "30", "--workers", "1", "--queue", "1")
    with context as process:
        slow = [threading.Thread(target=ask_ended, args=(url, HEAVY)) for _ in range(2)]  # one runs, one waits
        # the first running before the second is sent: /health asks an idle worker ASK {}, and a query sent in that
        # moment waits in its pipe (as the second would: the queue then full, the second refused)
        first = running_query(process.pid)
        slow[0].start()
        until(first, "the first query running")
        slow[1].start()  # /health now asks no worker: the one is busy
        until(lambda: health(url)["queue"]["waiting"] == 1, "the second query waiting")
        status, headers, body = ask(url, "ASK {}")
        report = health(url)
    for thread in slow:
        thread.join()
    assert status == 503 and b"every query worker is busy" in body and headers.get("retry-after") == "1", body
    assert report["queue"]["limit"] == 1 and report["queue"]["refused"] >= 1


# finding 7: queries from clients that gave up still ran
def test_a_query_whose_client_leaves_is_stopped_with_its_worker(tmp_path):
    url, context = serve(tmp_path, "--timeout", "60", "--workers", "1")
    with context as process:
        (before,) = workers(process.pid)
        body = urllib.parse.urlencode({"query": HEAVY}).encode()
        started = running_query(process.pid)
        with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1]))) as client:
            client.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n")
            client.sendall(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            until(started, "the query is running")
        # the client is gone: its worker must be killed (and replaced) long before the 60 s limit
        deadline = time.monotonic() + 15
        while alive(before) and time.monotonic() < deadline:
            time.sleep(0.02)
        still = alive(before)
        report = health(url)
    assert not still, "the worker of an abandoned query is still running"
    assert report["queue"]["abandoned"] == 1


def half_sent(port: int, count: int) -> list[socket.socket]:
    held = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        held.append(s)
    return held


def descriptors(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def answered(connection: socket.socket) -> bytes:
    """What the server sends on ``connection`` until it hangs up (a failure if it has not within 30 s); ``b"reset"`` if
    it hangs up on what the client sent unread (a refusal at once: the kernel then resets the connection)."""
    connection.settimeout(30)
    given = b""
    try:
        while chunk := connection.recv(4096):
            given += chunk
    except ConnectionResetError:
        return b"reset"
    return given


# finding 7: 20.6k half-sent requests exhausted the descriptors
def test_half_sent_requests_are_capped_and_timed_out(tmp_path):
    url, context = serve(tmp_path, "--max-connections", "50", "--header-timeout", "1")
    port = int(url.rsplit(":", 1)[1])
    with context as process:
        base = descriptors(process.pid)
        # the server's descriptors, counted over and over from the first connection until every one is answered
        counts: list[int] = []
        done = threading.Event()

        def count() -> None:
            while not done.is_set():
                counts.append(descriptors(process.pid))
                done.wait(0.01)

        counting = threading.Thread(target=count)
        counting.start()
        try:
            held = half_sent(port, 300)
            try:
                # past the cap the server answers 503 and hangs up; past the head's time limit, 408 and hangs up
                answers = [answered(s) for s in held]
            finally:
                for s in held:
                    s.close()
        finally:
            done.set()
            counting.join()
        until(lambda: send(f"{url}/health")[0] == 200, "the server answering again after the slow clients", 30)
    assert max(counts) - base <= 50 + 5, f"{max(counts) - base} descriptors for 300 half-sent requests with --max-connections 50"
    assert answers[0].startswith(b"HTTP/1.1 408") and b"did not arrive within 1 s" in answers[0], answers[0]
    assert all(a.startswith((b"HTTP/1.1 408", b"HTTP/1.1 503", b"reset")) for a in answers), {a[:12] for a in answers}


def test_a_header_timeout_that_is_not_a_number_of_seconds_is_refused(run):
    for value in ("0", "nan", "ten"):
        done = run("serve", "--header-timeout", value, "--port", str(free_port()), timeout=60)
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and "--header-timeout" in done.stderr, done.stderr


# finding 7: one 48 MB header stalled the front
def test_a_huge_header_is_refused_431_early(served):
    url = served  # the test run's `hspkg serve`, with its defaults
    port = int(url.rsplit(":", 1)[1])
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ")
        try:
            while sent < 48 << 20:
                s.sendall(b"a" * (1 << 16))
                sent += 1 << 16
        except OSError:
            pass  # the server hung up
        answer = s.recv(300)
    status, _, _ = send(f"{url}/health")
    assert answer.startswith(b"HTTP/1.1 431"), answer
    assert sent < 8 << 20, f"{sent >> 20} MB of header were taken"
    assert status == 200


# finding 8: serve waited up to --timeout before stopping on SIGTERM, and never said it stopped
def test_sigterm_stops_the_server_within_2_s_and_says_so(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [installed("hspkg"), "serve", "--port", str(port), "--timeout", "60"]
    with running(command, f"{url}/sparql?query=ASK%7B%7D", env={**os.environ, "TMPDIR": str(tmp_path)}) as process:
        # VoID counted first (a worker counts it as the server starts), so that the one busy worker is the query's
        until(lambda: send(f"{url}/.well-known/void")[0] == 200, "VoID counted", every=0.1)
        started = running_query(process.pid)
        threading.Thread(target=ask, args=(url, HEAVY), daemon=True).start()
        until(started, "the query is running")
        family = workers(process.pid)
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        took = time.monotonic() - started
        stderr = process.stderr.read().decode() if process.poll() is not None else ""
    assert took < 2.0, f"stopped {took:.1f} s after SIGTERM"
    assert "hspkg: stopped (SIGTERM)" in stderr and "Traceback" not in stderr, stderr
    assert family and not [p for p in family if alive(p)]
    assert list(tmp_path.iterdir()) == []


# finding 8: a stopped idle worker made /health answer 503 after 5 s while the others answered
def test_health_tells_each_worker_apart_and_replaces_a_stuck_one(two_workers):
    url, _, _ = two_workers
    idle = until(lambda: (now := health(url))["answering"] == 2 and now, "both workers idle (VoID is counted at start)", every=0.1)
    stuck, fine = sorted(w["pid"] for w in idle["each"] if w["state"] == "idle")
    os.kill(stuck, signal.SIGSTOP)
    try:
        status, _, body = send(f"{url}/health")
    finally:
        if alive(stuck):
            os.kill(stuck, signal.SIGCONT)
    report = json.loads(body)
    states = {w["pid"]: w["state"] for w in report["each"]}
    assert ask(url, "ASK { ?s ?p ?o }")[0] == 200
    assert status == 200 and report["ok"] is True
    assert states[stuck] == "replaced" and states[fine] == "idle"
    assert "queue" in report
