"""Every export the tests read, written once per test run: ``python tests/exports.py FOLDER [0 | 1 | again]``.

Each export is ``hspkg export --format F --view V [OPTIONS] -o FOLDER/NAME``, run through the
command line's own parser in one process per part (a process per export spent most of the suite's
time starting Python and drawing the same view again). Drawing a view (its layout) is the
costly step and gives the same network for the same view and options, so it is done once per
distinct view here (and the view's queries run once); each format writes from its own copy. The tests read the files back with
the tools' own readers; two runs of this script with different ``PYTHONHASHSEED`` must write
the same bytes (test_export.py), which is also what makes drawing once per view safe.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import TypeVar

from locks import locked

T = TypeVar("T")
VIEWS = ("memberships", "partners", "full")
AS_OF = ("--as-of", "2010")

# (format, view, *options): every export a test reads; a test asking for another fails at once
EXPORTS: tuple[tuple[str, ...], ...] = (
    # the whole graph's formats first: a fraction of a second in all, and a test that reads one of them alone waits for no drawing
    *((whole, "memberships") for whole in ("turtle", "ntriples", "jsonld", "void")),
    *((format, view) for format in ("graphml", "gexf", "cytoscape", "json", "csv") for view in VIEWS),
    *(("graphml", view, "--flavour", "yed") for view in VIEWS),
    *(("graphml", view, *AS_OF, *keep) for view in ("memberships", "partners") for keep in ((), ("--keep-unlinked",))),
    ("html", "memberships"),
    ("html", "partners"),
    ("html", "full"),
    ("html", "memberships", *AS_OF),
    *((picture, view) for picture in ("svg", "png") for view in ("memberships", "partners")),
    ("svg", "memberships", *AS_OF),
    ("png", "memberships", *AS_OF),
    ("svg", "memberships", "--as-of", "2014"),
    ("csv", "memberships", "--as-of", "2024"),
    # last: importing pyLODE (its supermodel loader) sets the root logger to DEBUG, and each later drawing would log every font matplotlib weighs
    ("ontology-docs", "memberships"),
)
FOLDERS = ("csv", "ontology-docs")  # formats whose output is a folder (two files; a site)
# Two halves of about the same work (they were 15 and 24 CPU seconds with the partners view's as-of exports and pictures in the second),
# by view (each drawing is made in one of them only), that two test workers can write at the same time:
# the full and the partners views; the memberships view, its pictures and the whole-graph formats.
FIRST = {"full", "partners"}
PARTS: tuple[tuple[tuple[str, ...], ...], ...] = (
    tuple(key for key in EXPORTS if key[1] in FIRST),
    tuple(key for key in EXPORTS if key[1] not in FIRST),
)


# what test_export.py writes again with another hash seed: every format but the RDF dumps (pyoxigraph's
# serialisers), of the memberships view and (the formats that draw views) the full view
AGAIN: tuple[tuple[str, ...], ...] = tuple(
    key for key in EXPORTS if len(key) == 2 and key[0] not in ("turtle", "ntriples") and key[1] in ("memberships", "full")
)
AGAIN_TEST = "test_two_exports_with_different_hash_seeds_are_byte_identical"  # the test that reads them (test_export.py)


def name(key: tuple[str, ...]) -> str:
    """The file (or, for CSV, the folder) an export is written to."""
    format, view, *options = key
    stem = "-".join([format, view, *(o.lstrip("-") for o in options)])
    return f"{stem}/" if format in FOLDERS else f"{stem}.{format}"


def digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file written under ``folder``, by its path there."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def _copy(value: T) -> T:
    """A deep copy, by pickle: a few times faster than copy.deepcopy on the views' networks, the same containers."""
    copied: T = pickle.loads(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
    return copied


def _draw_each_view_once() -> None:
    """Load the graph once; keep each distinct view (its network, then its drawing) for the exports after the first; hand each a deep copy.

    Every export here reads the same shipped data, so a view's network depends on its name and options
    only; the drawing (the layout) on the network's whole content.
    """
    import importlib

    from hspkg import options
    from hspkg.exporters import style

    loaded: dict[tuple[object, ...], object] = {}
    load = options.load_graph

    def load_once(data, store=None, add=(), compact=False):  # type: ignore[no-untyped-def]
        key = (data, store, add, compact)
        if key not in loaded:
            loaded[key] = load(data, store, add, compact)
        return loaded[key]

    options.load_graph = load_once  # type: ignore[assignment]

    exporting = importlib.import_module("hspkg.export")  # where export() finds the view builder
    assert hasattr(exporting, "build"), f"{exporting.__name__} no longer builds views with build(): say here what does"
    built: dict[tuple[object, ...], object] = {}
    build = exporting.build

    def build_once(graph, view="memberships", as_of=None, keep_unlinked=False):  # type: ignore[no-untyped-def]
        key = (view, as_of, keep_unlinked)
        if key not in built:
            built[key] = build(graph, view, as_of, keep_unlinked)
        return _copy(built[key])

    exporting.build = build_once  # type: ignore[attr-defined]

    drawn: dict[str, object] = {}
    draw = style.styled

    def styled(network):  # type: ignore[no-untyped-def]
        # the view's whole content: the same nodes, edges and attributes give the same drawing
        key = repr((list(network.nodes(data=True)), list(network.edges(data=True)), network.graph))
        if key not in drawn:
            drawn[key] = draw(network)
        return _copy(drawn[key])

    style.styled = styled


def main(folder: Path, keys: tuple[tuple[str, ...], ...] = EXPORTS, made: Path | None = None) -> None:
    """Write each export of ``keys`` into ``folder``; with ``made``, mark each there once written (and skip those marked)."""
    from hspkg.cli import cli

    _draw_each_view_once()
    for key in keys:
        if made and (made / marker(key)).exists():
            continue
        format, view, *options = key
        output = f"{folder}/{name(key)}"  # a name that ends in "/" is a folder: CSV's two files, a site
        cli.main(["export", "--format", format, "--view", view, *options, "-o", output], prog_name="hspkg", standalone_mode=False)
        if made:
            (made / marker(key)).touch()


# Under pytest, the exports are written in the background from the moment the tests are collected
# (tests/conftest.py's pytest_collection_finish calls start()), by one process per part and one for
# the hash-seed test's second run, so that no test worker waits while they are written: a test waits
# for the one export it reads (exported), and only until that one is written. Each process marks
# each export once written; it holds its part's lock (an flock, released when the process ends,
# however it ends); what a writer that ended left unwritten is written by the test that needs it,
# in a process of its own, whose failure fails that test.
SCRIPT = Path(__file__)
AGAIN_NICE = 10  # the second run is read by one test only: it takes the CPU the tests leave
_started: list[subprocess.Popen[bytes]] = []
_failed: dict[str, str] = {}  # what failed in this process, by part: said again rather than tried again


def folder_of(root: Path, part: str = "0") -> Path:
    """Where the exports of ``part`` are written, in the test run's shared folder ``root``."""
    return root / ("again" if part == "again" else "exports")


def _made(root: Path, part: str) -> Path:
    return root / ("again-made" if part == "again" else "exports-made")


def marker(key: tuple[str, ...]) -> str:
    return name(key).rstrip("/")


def part_of(key: tuple[str, ...]) -> str:
    return next(str(i) for i, keys in enumerate(PARTS) if key in keys)


def _keys(part: str) -> tuple[tuple[str, ...], ...]:
    return AGAIN if part == "again" else PARTS[int(part)]


def _written(root: Path, part: str) -> bool:
    return all((_made(root, part) / marker(key)).exists() for key in _keys(part))


def _run(root: Path, part: str, folder: Path, made: bool) -> list[str]:
    """The command that writes ``part`` into ``folder`` (``made``: marking each export in the part's folder of marks)."""
    return [sys.executable, str(SCRIPT), str(folder), part, *([str(_made(root, part))] if made else [])]


def _env(part: str) -> dict[str, str]:
    return {**os.environ, "PYTHONHASHSEED": "2024" if part == "again" else "1"}


def _lock(root: Path, part: str) -> Path:
    return root / f"exports-{part}.lock"


def start(root: Path, parts: tuple[str, ...]) -> None:
    """Start writing each of ``parts`` (``"0"``, ``"1"``, ``"again"``) in the background, unless written or being written."""
    for part in parts:
        with locked(_lock(root, part), wait=False) as descriptor:
            if descriptor is None:
                continue  # another worker is writing it
            folder_of(root, part).mkdir(exist_ok=True)
            _made(root, part).mkdir(exist_ok=True)
            if _written(root, part):
                continue
            command = _run(root, part, folder_of(root, part), made=True)
            if part == "again" and shutil.which("nice"):
                command = ["nice", "-n", str(AGAIN_NICE), *command]
            # the child holds the lock from here (the same open file, passed on) until it ends
            with open(root / f"exports-{part}.log", "wb") as log:
                _started.append(subprocess.Popen(command, env=_env(part), stdout=log, stderr=log, pass_fds=(descriptor,)))


def finish(stop: bool) -> None:
    """Wait for the writers this process started (``stop``: stop them first)."""
    while _started:
        process = _started.pop()
        if stop:
            process.kill()
        process.wait()


def _write_here(root: Path, part: str, folder: Path, made: bool) -> None:
    """Write ``part`` into ``folder`` in a process of this test's own (holding the part's lock); its failure is this test's."""
    if part in _failed:
        raise AssertionError(_failed[part])
    done = subprocess.run(_run(root, part, folder, made), env=_env(part), capture_output=True, text=True)
    if done.returncode != 0:
        _failed[part] = f"tests/exports.py {part} failed:\n{done.stderr}"
        raise AssertionError(_failed[part])


def wait_for(root: Path, key: tuple[str, ...]) -> Path:
    """The file of export ``key`` once written: by the background writer of its part while it runs, else here."""
    part = part_of(key)
    made = _made(root, part) / marker(key)
    while not made.exists():
        with locked(_lock(root, part), wait=False) as descriptor:
            if descriptor is None:
                time.sleep(0.05)  # being written
                continue
            if not made.exists():  # and nobody writes it: its writer failed, or none was started
                folder_of(root).mkdir(exist_ok=True)
                _made(root, part).mkdir(exist_ok=True)
                _write_here(root, part, folder_of(root), made=True)
    return folder_of(root) / name(key)


def wait_for_all(root: Path) -> Path:
    """The folder of every export, once all are written."""
    for key in EXPORTS:
        wait_for(root, key)
    return folder_of(root)


def again(root: Path, folder: Path) -> Path:
    """The folder of the exports of :data:`AGAIN` written by a process with another hash seed: the background
    writer's once it has ended, if it wrote them all, else written here into ``folder``."""
    with locked(_lock(root, "again")):  # once the background writer, if any, has ended
        if _written(root, "again"):
            return folder_of(root, "again")
        _write_here(root, "again", folder, made=False)
        return folder


if __name__ == "__main__":
    which = sys.argv[2] if len(sys.argv) > 2 else ""
    keys = _keys(which) if which else EXPORTS
    main(Path(sys.argv[1]), keys, Path(sys.argv[3]) if len(sys.argv) > 3 else None)
