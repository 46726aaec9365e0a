"""Shared fixtures: the loaded graph, and the installed ``hspkg`` command run as a user runs it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import hspkg


@pytest.fixture(scope="session")
def kg() -> hspkg.KnowledgeGraph:
    return hspkg.load()


@pytest.fixture(scope="session")
def served():
    """``hspkg serve`` of the shipped data on a free loopback port, shared by the tests of its pages: its base URL."""
    from servers import free_port, installed, running

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running([installed("hspkg"), "serve", "--port", str(port)], f"{base}/sparql?query=ASK%7B%7D"):
        yield base


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real ``oxigraph serve`` on a free loopback port, shared by the test files that publish to it and query it: its base URL.

    Whoever uses it publishes the shipped graph first (a publish replaces the default graph), so
    every user sees the same data whatever ran before.
    """
    from servers import free_port, installed, running

    port = free_port()
    command = [installed("oxigraph"), "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")), "--bind", f"127.0.0.1:{port}"]
    with running(command, f"http://127.0.0.1:{port}/query?query=ASK%7B%7D"):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def executable() -> str:
    """The ``hspkg`` console script installed beside this Python."""
    found = shutil.which("hspkg", path=str(Path(sys.executable).parent))
    assert found, "the hspkg command is not installed in this environment: pip install '.[test]'"
    return found


@pytest.fixture
def run(executable: str, tmp_path: Path):
    """Run ``hspkg ARGS...`` from an empty folder outside the checkout."""

    def _run(*args: str, timeout: float = 120, text: bool = True) -> subprocess.CompletedProcess:
        """``text=False`` gives the bytes as written: text mode turns CRLF into LF."""
        return subprocess.run([executable, *args], cwd=tmp_path, capture_output=True, text=text, timeout=timeout)

    return _run


@pytest.fixture(scope="session")
def graphology():
    """Read a GraphML or GEXF file with graphology-graphml or graphology-gexf, Gephi Lite's parsers, under node.

    The npm packages are installed into tests/js/node_modules the first time.
    """
    import json

    folder = Path(__file__).parent / "js"
    node, npm = shutil.which("node"), shutil.which("npm")
    if not (node and npm):
        pytest.skip("node and npm are needed to run Gephi Lite's GraphML parser")
    if not all((folder / "node_modules" / package).is_dir() for package in ("graphology-graphml", "graphology-gexf")):
        installed = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=folder, capture_output=True, text=True, timeout=300)
        assert installed.returncode == 0, installed.stderr

    def read(path: Path) -> dict:
        done = subprocess.run([node, str(folder / "read-graph.mjs"), str(path)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return read
