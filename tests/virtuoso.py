"""Virtuoso Open Source 7 (Debian's virtuoso-opensource) on loopback, in a folder of its own.

The server gets its own virtuoso.ini with free ports, its database in the folder,
and is stopped by its process id. The default graph of its SPARQL endpoint is
set to the graph we publish: Virtuoso otherwise answers over every graph it
holds, its own system graphs included.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from servers import free_port

GRAPH = "https://w3id.org/hspkg/graph"
USER, PASSWORD = "dba", "dba"  # Virtuoso's initial administrator; the server lives and dies with the test

INI = """[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = ., {folder}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
VADInstallDir = /usr/share/virtuoso-opensource-7/vad/
; one thread a query: unset, Virtuoso split each query over threads, and the catalogue's longest queries on the
; shipped data took 4-6 CPU s each (designations, joined) instead of 0.3-0.5; every query of test_stores.py took
; 30.7 CPU s in all instead of 6.8, with the same rows
ThreadsPerQuery = 1

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {folder}
ServerThreads = 4
MaxClientConnections = 4
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
DefaultGraph = {graph}
"""


def binary() -> str | None:
    """The Virtuoso server command, if installed."""
    return shutil.which("virtuoso-t")


@contextmanager
def virtuoso(folder: Path, seconds: float = 120) -> Iterator[str]:
    """Run Virtuoso in ``folder`` on free loopback ports; yield its HTTP base URL."""
    command = binary()
    assert command, "virtuoso-t is not installed"
    folder.mkdir(parents=True, exist_ok=True)
    sql, http = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(INI.format(folder=folder, sql=sql, http=http, graph=GRAPH), encoding="utf-8")
    process = subprocess.Popen(
        [command, "+foreground", "+configfile", str(folder / "virtuoso.ini")], cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{http}"
    try:
        deadline = time.monotonic() + seconds
        probe = f"{base}/sparql?query={urllib.parse.quote('ASK {}')}"
        while True:
            try:
                urllib.request.urlopen(probe, timeout=2).read()
                break
            except OSError:
                log = folder / "virtuoso.log"
                assert process.poll() is None, f"virtuoso stopped: {log.read_text()[-2000:] if log.exists() else ''}"
                assert time.monotonic() < deadline, f"virtuoso did not answer within {seconds} s"
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
