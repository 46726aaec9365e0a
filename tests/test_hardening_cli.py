"""The command line against what was tried as an attacker and as an unlucky user would (issue 13):
remote calls with a deadline, one printable line for every error, files never broken, spreadsheets safe."""

from __future__ import annotations

import csv
import http.server
import io
import os
import signal
import socket
import stat
import subprocess
import threading
import time

import networkx as nx
import pytest

from servers import Listener, serving, stopped_once

CONTROL = {chr(c) for c in range(32)} - {"\n"} | {"\x7f"}


def one_printable_line(stderr: str) -> bool:
    return stderr.count("\n") == 1 and not CONTROL & set(stderr) and "Traceback" not in stderr and "internal error" not in stderr


class Raw:
    """A loopback server that answers every connection with ``reply`` (bytes), ``pace`` seconds between bytes."""

    def __init__(self, reply: bytes, pace: float = 0.0) -> None:
        self.reply, self.pace = reply, pace
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/sparql"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(5)
            try:
                connection.recv(65536)
                if self.pace:
                    for byte in self.reply:
                        connection.sendall(bytes([byte]))
                        time.sleep(self.pace)
                else:
                    connection.sendall(self.reply)
            except OSError:
                pass

    def __enter__(self) -> Raw:
        return self

    def __exit__(self, *exc: object) -> None:
        self.socket.close()


def http_reply(body: bytes, status: str = "200 OK", content_type: str = "application/sparql-results+json") -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    return head.encode() + body


# finding 6: --timeout limited each read, so an endpoint dripping a byte a second held the CLI for 60 s
# (here a byte every 0.25 s, each well within the 1 s --timeout: over 4 minutes for the whole answer)
def test_an_endpoint_that_drips_is_cut_off_at_the_deadline(run):
    with Raw(http_reply(b'{"head":{"vars":[]},"results":{"bindings":[]}}' * 20), pace=0.25) as drip:
        started = time.monotonic()
        result = run("query", "ahsns", "--endpoint", drip.url, "--timeout", "1")
        waited = time.monotonic() - started
    assert result.returncode == 1 and one_printable_line(result.stderr), result.stderr
    assert "within 1 s" in result.stderr
    assert waited < 1 + 4, f"the call took {waited:.1f} s with --timeout 1"


# finding 7: "internal error", control bytes on the terminal, raw store bodies, a traceback from validate
@pytest.mark.parametrize(
    "reply",
    [
        http_reply(b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"uri","value":"urn:a"}}'),  # truncated JSON
        b"\x00\x01\x1b[31mNOT HTTP AT ALL\x07\r\n\r\n",  # not HTTP, with NUL and escape bytes
        http_reply(b"\x1b]0;owned\x07\x1b[2Jboom\x00", "500 Internal Server Error", "text/plain"),  # an error body with escapes
    ],
    ids=["truncated-json", "not-http", "escapes-in-error"],
)
def test_a_broken_endpoint_is_one_printable_line_exit_1(run, reply):
    with Raw(reply) as endpoint:
        result = run("query", "ahsns", "--endpoint", endpoint.url, "--timeout", "5")
    assert result.returncode == 1 and one_printable_line(result.stderr), repr(result.stderr)


class Refusing(http.server.BaseHTTPRequestHandler):
    def do_PUT(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        while length > 0:
            length -= len(self.rfile.read(min(length, 1 << 16)))
        body = b"\x1b]0;owned\x07\x1b[2Jstore says no\x00"
        self.send_response(500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_stores_error_body_reaches_the_terminal_without_its_escapes(run):
    with serving(Refusing) as base:
        result = run("publish", f"{base}/store", "--timeout", "30")
    assert result.returncode == 1 and one_printable_line(result.stderr), repr(result.stderr)
    assert "HTTP 500" in result.stderr and "store says no" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["publish", "notaurl"],
        ["publish", "file:///etc/passwd"],
        ["query", "ahsns", "--endpoint", "ftp://127.0.0.1/sparql"],
        ["query", "ahsns", "--endpoint", "{url}", "--timeout", "nan"],
        ["query", "ahsns", "--endpoint", "{url}", "--timeout", "inf"],
        ["publish", "{url}", "--timeout", "nan"],
        ["publish", "{url}", "--graph", "not an iri"],
    ],
)
def test_bad_values_are_exit_2_before_anything_is_sent(run, args):
    with Listener() as listener:
        url = f"http://127.0.0.1:{listener.port}/store"
        result = run(*[a.replace("{url}", url) for a in args])
    assert result.returncode == 2 and one_printable_line(result.stderr), result.stderr
    assert listener.connections == 0


def test_an_ill_typed_literal_is_a_violation_not_a_traceback(run, tmp_path):
    (tmp_path / "typed.ttl").write_text('<urn:x:a> <urn:x:count> "abc"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
    result = run("validate", "--data", "typed.ttl")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "not a valid xsd:integer" in result.stdout


def test_a_literal_past_the_parsers_buffer_is_one_line_exit_2(run, tmp_path):
    (tmp_path / "huge.ttl").write_text('<urn:x:a> <urn:x:b> "' + "x" * (20 << 20) + '" .\n')
    result = run("query", "ahsns", "--data", "huge.ttl")
    assert result.returncode == 2 and one_printable_line(result.stderr) and "huge.ttl" in result.stderr


# finding 2, on the command line: SERVICE sent requests from `hspkg query --file`
def test_service_in_a_query_file_is_refused_and_sends_nothing(run, tmp_path):
    with Listener() as listener:
        (tmp_path / "out.rq").write_text(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}")
        refused = run("query", "--file", "out.rq")
        assert listener.connections == 0
        allowed = run("query", "--file", "out.rq", "--allow-service", timeout=60)
    assert refused.returncode == 2 and one_printable_line(refused.stderr) and "SERVICE clauses are refused" in refused.stderr
    assert listener.connections >= 1, "with --allow-service the request is made: the listener does see requests"
    assert allowed.returncode != 0


# finding 8: -o replaced symlinks, FIFOs and devices with a plain file and reset the mode
def test_output_goes_through_a_symlink_and_keeps_the_mode(run, tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old")
    os.chmod(target, 0o660)
    (tmp_path / "link.csv").symlink_to("real.csv")
    result = run("query", "ahsns", "-o", "link.csv")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "link.csv").is_symlink()
    assert target.read_text().startswith("network,")
    assert stat.S_IMODE(target.stat().st_mode) == 0o660


def test_output_refuses_a_fifo_a_device_and_a_read_only_file(run, tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "locked.csv").write_text("keep")
    os.chmod(tmp_path / "locked.csv", 0o444)
    for path, said in [("pipe", "is a pipe"), ("/dev/null", "is a device"), ("locked.csv", "read-only")]:
        result = run("query", "ahsns", "--format", "csv", "-o", path)
        assert result.returncode == 2 and one_printable_line(result.stderr) and said in result.stderr, result.stderr
    assert stat.S_ISFIFO((tmp_path / "pipe").stat().st_mode)
    assert (tmp_path / "locked.csv").read_text() == "keep"


# finding 9: an interrupted --store build left a folder refused ever after; SIGTERM left .part files
def test_a_store_build_killed_half_way_is_rebuilt_by_the_next_run(executable, run, tmp_path):
    run("generate", "--partnerships", "300", "--organisations", "3000", "-o", "big.ttl")
    build = subprocess.Popen([executable, "query", "ahsns", "--data", "big.ttl", "--store", "kept"], cwd=tmp_path, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (list(tmp_path.glob(".kept.building-*/oxigraph")) or (tmp_path / "kept" / "oxigraph").exists()):
        assert build.poll() is None and time.monotonic() < deadline, "the build ended before it could be interrupted"
        time.sleep(0.01)
    build.kill()
    build.wait()
    again = run("query", "ahsns", "--data", "big.ttl", "--store", "kept", "--format", "csv")
    assert again.returncode == 0, again.stderr
    assert len(list(csv.DictReader(io.StringIO(again.stdout)))) > 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".kept")] == []


def test_sigterm_leaves_no_part_file(executable, run, tmp_path):
    # 82,000 triples: the export writes its .part file for a tenth of a CPU second, and is run 30 ms at
    # a time until it is caught writing it (the signal then waits for it, delivered as it goes on)
    run("generate", "--partnerships", "250", "--organisations", "2500", "-o", "big.ttl")
    export = subprocess.Popen([executable, "export", "--data", "big.ttl", "--format", "turtle", "-o", "all.ttl"], cwd=tmp_path, stderr=subprocess.PIPE)
    stopped_once(export, lambda: bool(list(tmp_path.glob(".all.ttl.*.part"))), "the export writes its .part file", step=0.03)
    export.send_signal(signal.SIGTERM)
    export.send_signal(signal.SIGCONT)
    _, stderr = export.communicate(timeout=30)
    assert export.returncode == 128 + signal.SIGTERM
    assert list(tmp_path.glob("*.part")) == list(tmp_path.glob(".*.part")) == [] and not (tmp_path / "all.ttl").exists()
    assert stderr.decode().endswith("hspkg: terminated\n")


# finding 10: =HYPERLINK(...) and +cmd|... written unescaped to CSV for spreadsheets
FORMULAS = ['=HYPERLINK("http://example.org/x","click")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"]


def test_csv_query_output_neutralises_formulas_unless_asked_to_be_exact(run, tmp_path):
    lines = "".join(f'<urn:x:{i}> <http://www.w3.org/2000/01/rdf-schema#label> "{v.replace(chr(34), chr(92) + chr(34))}" .\n' for i, v in enumerate(FORMULAS))
    (tmp_path / "evil.nt").write_text(lines + '<urn:x:n> <http://www.w3.org/2000/01/rdf-schema#label> "-5" .\n')
    (tmp_path / "labels.rq").write_text(
        'SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER STRSTARTS(STR(?s), "urn:x:") } ORDER BY ?label'
    )
    safe = run("query", "--file", "labels.rq", "--data", "evil.nt", "--format", "csv", text=False)
    exact = run("query", "--file", "labels.rq", "--data", "evil.nt", "--format", "csv", "--exact-csv", text=False)
    assert safe.returncode == exact.returncode == 0
    safe_cells = {r["label"] for r in csv.DictReader(io.StringIO(safe.stdout.decode()))}
    exact_cells = {r["label"] for r in csv.DictReader(io.StringIO(exact.stdout.decode()))}
    assert safe_cells == {f"'{v}" for v in FORMULAS} | {"-5"}
    assert exact_cells == {*FORMULAS, "-5"}
    assert b"\r\n" in safe.stdout


def test_csv_export_neutralises_formulas(tmp_path):
    from hspkg.exporters.spreadsheet import write

    network = nx.Graph()
    network.add_node("urn:x:a", label=FORMULAS[0])
    network.add_node("urn:x:b", label="Plain Trust")
    network.add_edge("urn:x:a", "urn:x:b", label="+cmd|' /C calc'!A0", start=-5)
    with (tmp_path / "net-nodes.csv").open("wb") as n, (tmp_path / "net-edges.csv").open("wb") as e:
        write(network, n, e)
    nodes = list(csv.DictReader((tmp_path / "net-nodes.csv").open(newline="")))
    edges = list(csv.DictReader((tmp_path / "net-edges.csv").open(newline="")))
    assert {n["label"] for n in nodes} == {"'" + FORMULAS[0], "Plain Trust"}
    assert edges[0]["label"] == "'+cmd|' /C calc'!A0" and edges[0]["start"] == "-5"
    with (tmp_path / "exact-nodes.csv").open("wb") as n, (tmp_path / "exact-edges.csv").open("wb") as e:
        write(network, n, e, exact=True)
    assert {n["label"] for n in csv.DictReader((tmp_path / "exact-nodes.csv").open(newline=""))} == {FORMULAS[0], "Plain Trust"}


def test_ingest_warns_about_formula_cells(run, tmp_path):
    (tmp_path / "orgs.csv").write_text('id,name,kind,source\nevil,"=HYPERLINK(""http://example.org"")",university,nowhere\n')
    result = run("ingest", "orgs.csv", "--dry-run")
    assert "orgs.csv:2: column name: '=HYPERLINK(\"http://example.org\")' starts like a spreadsheet formula" in result.stderr


def test_export_help_says_what_csv_does_to_formulas(run):
    for command in ("query", "export"):
        assert "--exact-csv" in run(command, "--help").stdout


# finding 11: `| head -1` exited 1; --as-of '' was ignored; Arabic-Indic digits passed for a year
def test_a_reader_that_goes_away_is_exit_0_quietly(executable, tmp_path):
    done = subprocess.run(f"'{executable}' query sources --format csv | head -c 10", shell=True, cwd=tmp_path, capture_output=True, timeout=120)
    piped = subprocess.run(
        ["bash", "-c", f"set -o pipefail; '{executable}' query sources --format csv | head -c 10 >/dev/null; echo ${{PIPESTATUS[0]}}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout == b"organisati" and done.stderr == b""
    assert piped.stdout.strip() == "0" and piped.stderr == ""


@pytest.mark.parametrize(
    "args",
    [
        ["export", "-o", "x.graphml", "--as-of", ""],
        ["export", "-o", "x.graphml", "--as-of", "٢٠١٠"],
        ["query", "members", "--param", "year=٢٠١٠"],
    ],
)
def test_years_are_four_ascii_digits_and_never_silently_dropped(run, tmp_path, args):
    result = run(*args)
    assert result.returncode == 2 and one_printable_line(result.stderr), result.stderr
    assert not (tmp_path / "x.graphml").exists()
