"""Shared fixtures: the loaded graph, and the installed ``hspkg`` command run as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import hspkg
from browser import browser, browsers, wide_browser  # noqa: F401 - the tests' shared Chromium (tests/browser.py)
from inprocess import run as in_process  # also builds the shipped graph once per test process, for every test (tests/inprocess.py)
from locks import locked


# Under pytest-xdist, the tests that share a module-scoped fixture (a server on 10^6 triples, Virtuoso,
# an executed notebook) run on one worker, so that the fixture is made once, not once per worker. Each
# worker writes which tests share what as it collects; the controller's scheduler reads that. (xdist's
# own --dist loadgroup renames test ids, which pytest 9.2 no longer lets it do.)
def _groups_written(basetemp: Path) -> dict[str, str]:
    groups: dict[str, str] = {}
    for path in sorted(basetemp.glob("groups-*.json")):
        groups.update(json.loads(path.read_text(encoding="utf-8")))
    return groups


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or not config.option.basetemp:
        return
    # tests of a module that share a module-scoped fixture, directly or through another test, are one group:
    # grouped by their exact set of fixtures, a test using two (a server and what was published to it) went to
    # another worker than the tests using one, which then made the fixture again
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    uses: dict[str, list[str]] = {}
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        shared = [name for name, defs in (info.name2fixturedefs.items() if info else ()) if defs and defs[-1].scope == "module"]
        if shared:
            keys = [f"{item.nodeid.split('::')[0]}::{name}" for name in sorted(shared)]
            for key in keys[1:]:
                parent[root(key)] = root(keys[0])
            uses[item.nodeid] = keys
    groups = {nodeid: root(keys[0]) for nodeid, keys in uses.items()}
    # the worker's temporary folder is inside the controller's
    (Path(config.option.basetemp).parent / f"groups-{worker}.json").write_text(json.dumps(groups), encoding="utf-8")


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    basetemp = config._tmp_path_factory.getbasetemp()  # type: ignore[attr-defined]

    class SharedFixtures(LoadScopeScheduling):
        """A test is its own unit of work, but tests that share a module's fixture are one unit together."""

        def _split_scope(self, nodeid: str) -> str:
            if not hasattr(self, "_groups"):
                self._groups = _groups_written(basetemp)  # written by then: the workers have collected
            return self._groups.get(nodeid, nodeid)

    return SharedFixtures(config, log)


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


def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every worker of this test run sees (pytest-xdist gives each worker its own temporary folder inside it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def made_once(tmp_path_factory):
    """``made_once(name, make)``: a folder every worker of this test run shares, filled by ``make(folder)`` once per run.

    The first worker to ask makes it (a failure fails its test and leaves it for the next to try); the
    others wait for it, then use what it made.
    """
    root = shared_folder(tmp_path_factory)

    def folder(name: str, make: Callable[[Path], None]) -> Path:
        made = root / name
        with locked(root / f"{name}.lock"):
            if not (root / f"{name}.done").exists():
                shutil.rmtree(made, ignore_errors=True)  # what a failed attempt left
                made.mkdir()
                make(made)
                (root / f"{name}.done").touch()
        return made

    return folder


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start writing the exports the collected tests read (tests/exports.py), in the background, as soon as they are known."""
    from exports import AGAIN_TEST, start

    items = session.items
    if session.config.option.collectonly or not any({"exported", "exports_folder"} & set(item.fixturenames) for item in items):
        return
    again = any(getattr(item, "originalname", "") == AGAIN_TEST for item in items)
    start(shared_folder(session.config._tmp_path_factory), ("0", "1", "again") if again else ("0", "1"))  # type: ignore[attr-defined]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from exports import finish

    finish(stop=bool(session.shouldstop) or exitstatus == pytest.ExitCode.INTERRUPTED)


@pytest.fixture(scope="session")
def exports_folder(tmp_path_factory) -> Path:
    """Every export in tests/exports.py, written once per test run by ``hspkg`` processes with ``PYTHONHASHSEED=1``: the folder,
    once all are written (started in the background when the tests were collected; a part no process writes is written here)."""
    from exports import wait_for_all

    return wait_for_all(shared_folder(tmp_path_factory))


@pytest.fixture(scope="session")
def exported(tmp_path_factory):
    """The file of one export: ``exported(format, view, *options)``, as ``hspkg export --format F --view V OPTIONS`` writes it,
    once written (the test waits for that one only)."""
    from exports import EXPORTS, wait_for

    root = shared_folder(tmp_path_factory)

    def path(format: str, view: str = "memberships", *options: str) -> Path:
        key = (format, view, *options)
        assert key in EXPORTS, f"{key} is not made by tests/exports.py: add it to EXPORTS"
        return wait_for(root, key)

    return path


@pytest.fixture(scope="session")
def executable() -> str:
    """The ``hspkg`` console script installed beside this Python."""
    found = shutil.which("hspkg", path=str(Path(sys.executable).parent))
    assert found, "the hspkg command is not installed in this environment: pip install '.[test]'"
    return found


# Commands that stay whole processes whatever the test: a server runs until it is stopped.
PROCESS_COMMANDS = frozenset({"serve"})


@pytest.fixture
def run(executable: str, tmp_path: Path, request: pytest.FixtureRequest):
    """Run ``hspkg ARGS...`` from an empty folder outside the checkout.

    The real entry point runs in the test's process (tests/inprocess.py: its own folder, standard
    streams down to the descriptors, default warnings, the script's exit code), which saves the
    0.2 CPU s of a fresh interpreter per call; ``@pytest.mark.process`` on a test, or a command in
    :data:`PROCESS_COMMANDS`, runs the installed script as a whole process instead.
    """
    whole = request.node.get_closest_marker("process") is not None

    def _run(*args: str, timeout: float = 120, text: bool = True) -> subprocess.CompletedProcess:
        """``text=False`` gives the bytes as written: text mode turns CRLF into LF."""
        if whole or PROCESS_COMMANDS & set(args[:1]):
            return subprocess.run([executable, *args], cwd=tmp_path, capture_output=True, text=text, timeout=timeout)
        return in_process(list(args), tmp_path, text=text, timeout=timeout)

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
    with locked(folder):  # two workers starting at once: one installs, the other then finds it installed
        if not all((folder / "node_modules" / package).is_dir() for package in ("graphology-graphml", "graphology-gexf")):
            installed = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=folder, capture_output=True, text=True, timeout=300)
            assert installed.returncode == 0, installed.stderr

    def read(path: Path) -> dict:
        done = subprocess.run([node, str(folder / "read-graph.mjs"), str(path)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return read
