"""Ctrl-C and SIGTERM end a long embedded query (issue 17, finding 7): Oxigraph keeps the main thread in
native code, where Python's own handlers would wait for the query to finish; nothing is left half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from servers import tree_cpu

# 3,000 triples and a three-way join over them: minutes of work, in which neither query gives a row
# before the end (one counts, one sorts), so the main thread stays inside Oxigraph throughout.
DATA = "".join(f'<urn:x:s{i}> <urn:x:p> "{i}" .\n' for i in range(3000))
JOIN = "?a ?p ?x . ?b ?p ?y . ?c ?p ?z FILTER (?x != ?z)"
QUERIES = {"count": f"SELECT (COUNT(*) AS ?n) WHERE {{ {JOIN} }}", "sort": f"SELECT ?x ?z WHERE {{ {JOIN} }} ORDER BY ?x ?z"}


@pytest.fixture(scope="module")
def started_cpu(executable, tmp_path_factory) -> float:
    """The CPU seconds the same command takes to start, load the data and answer a query of no cost (0.1 s when measured)."""
    folder = tmp_path_factory.mktemp("started")
    process = start(executable, folder, "ASK {}")
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode == 0, process.stderr.read() if process.stderr else ""
    return usage.ru_utime + usage.ru_stime


def start(executable: str, folder, query: str) -> subprocess.Popen[str]:
    (folder / "x.nt").write_text(DATA)
    (folder / "long.rq").write_text(query)
    command = [executable, "query", "--file", "long.rq", "--data", "x.nt", "--format", "csv", "-o", "out.csv"]
    # as from a terminal: a test run started in the background would hand on SIGINT ignored
    return subprocess.Popen(command, cwd=folder, stderr=subprocess.PIPE, text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def stop(process: subprocess.Popen[str], signum: int) -> tuple[int, str]:
    """Send ``signum``; the exit code and stderr, or a failure if the run goes on (the process is then killed)."""
    process.send_signal(signum)
    try:
        _, stderr = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"still running 20 s after signal {signum}: the query held it")
    return process.returncode, stderr


@pytest.mark.parametrize("query", sorted(QUERIES))
@pytest.mark.parametrize("signum, code, said", [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")])
def test_a_signal_ends_a_long_query_with_its_code_and_leaves_no_file(query, signum, code, said, executable, tmp_path, started_cpu):
    process = start(executable, tmp_path, QUERIES[query])
    # loaded, and joining: twice what starting, loading the 3,000 triples and answering nothing take, and a tenth more
    deadline = time.monotonic() + 60
    while sum(tree_cpu(process.pid).values()) < 2 * started_cpu + 0.1 and process.poll() is None:
        assert time.monotonic() < deadline, "the query used no CPU for 60 s"
        time.sleep(0.02)
    assert process.poll() is None, process.stderr.read() if process.stderr else ""
    returncode, stderr = stop(process, signum)
    assert (returncode, stderr) == (code, f"hspkg: {said}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.rq", "x.nt"]


@pytest.fixture(scope="module")
def big(executable, tmp_path_factory):
    """About 300,000 triples: a store build of about a second, long enough to be interrupted."""
    path = tmp_path_factory.mktemp("big") / "big.ttl"
    subprocess.run([executable, "generate", "--triples", "300000", "--seed", "7", "-o", str(path)], check=True, capture_output=True)
    return path


@pytest.mark.parametrize("twice", [False, True], ids=["once", "twice"])
def test_ctrl_c_while_a_store_is_loading_says_one_line_and_leaves_nothing(executable, tmp_path, big, twice):
    """Loading runs Python between Oxigraph's calls, so Ctrl-C lands in Python: one line, as inside a query (click's own catch wrote a blank line first)."""
    command = [executable, "query", "ahsns", "--data", str(big), "--store", "kept", "--format", "csv"]
    process = subprocess.Popen(command, cwd=tmp_path, stderr=subprocess.PIPE, text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".kept.building-*/oxigraph")) and process.poll() is None:
        assert time.monotonic() < deadline, "no build started in 60 s"
        time.sleep(0.01)
    time.sleep(0.2)  # into the load
    assert process.poll() is None, "the build ended before the signal: make the data bigger"
    if twice:  # a second Ctrl-C while the first is being handled (pressed twice quickly) is not raised again
        process.send_signal(signal.SIGINT)
        time.sleep(0.05)
    assert stop(process, signal.SIGINT) == (130, "hspkg: interrupted\n")
    assert list(tmp_path.iterdir()) == []
