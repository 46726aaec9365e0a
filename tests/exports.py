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

import copy
import hashlib
import sys
from pathlib import Path

VIEWS = ("memberships", "partners", "full")
AS_OF = ("--as-of", "2010")

# (format, view, *options): every export a test reads; a test asking for another fails at once
EXPORTS: tuple[tuple[str, ...], ...] = (
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
    *((whole, "memberships") for whole in ("turtle", "ntriples", "jsonld", "void", "ontology-docs")),
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


def name(key: tuple[str, ...]) -> str:
    """The file (or, for CSV, the folder) an export is written to."""
    format, view, *options = key
    stem = "-".join([format, view, *(o.lstrip("-") for o in options)])
    return f"{stem}/" if format in FOLDERS else f"{stem}.{format}"


def digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file written under ``folder``, by its path there."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def _draw_each_view_once() -> None:
    """Keep each distinct view (its network, then its drawing) for the exports after the first; hand each a deep copy.

    Every export here reads the same shipped data, so a view's network depends on its name and options
    only; the drawing (the layout) on the network's whole content.
    """
    import importlib

    from hspkg.exporters import style

    exporting = importlib.import_module("hspkg.export")  # where export() finds the view builder
    assert hasattr(exporting, "build"), f"{exporting.__name__} no longer builds views with build(): say here what does"
    built: dict[tuple[object, ...], object] = {}
    build = exporting.build

    def build_once(graph, view="memberships", as_of=None, keep_unlinked=False):  # type: ignore[no-untyped-def]
        key = (view, as_of, keep_unlinked)
        if key not in built:
            built[key] = build(graph, view, as_of, keep_unlinked)
        return copy.deepcopy(built[key])

    exporting.build = build_once  # type: ignore[attr-defined]

    drawn: dict[str, object] = {}
    draw = style.styled

    def styled(network):  # type: ignore[no-untyped-def]
        # the view's whole content: the same nodes, edges and attributes give the same drawing
        key = repr((list(network.nodes(data=True)), list(network.edges(data=True)), network.graph))
        if key not in drawn:
            drawn[key] = draw(network)
        return copy.deepcopy(drawn[key])

    style.styled = styled


def main(folder: Path, keys: tuple[tuple[str, ...], ...] = EXPORTS) -> None:
    from hspkg.cli import cli

    _draw_each_view_once()
    for key in keys:
        format, view, *options = key
        output = f"{folder}/{name(key)}"  # a name that ends in "/" is a folder: CSV's two files, a site
        cli.main(["export", "--format", format, "--view", view, *options, "-o", output], prog_name="hspkg", standalone_mode=False)


if __name__ == "__main__":
    which = sys.argv[2] if len(sys.argv) > 2 else ""
    main(Path(sys.argv[1]), AGAIN if which == "again" else PARTS[int(which)] if which else EXPORTS)
