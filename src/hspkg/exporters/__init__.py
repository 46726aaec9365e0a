"""Export formats, one module each, behind one registry table.

Each format names its module and writer. A writer takes what it writes (a
view of the network, laid out and coloured; or, for RDF, the whole graph) and
one binary stream per file it writes: one for most formats, two for CSV
(nodes and edges). Adding a format is one module and one line in
:data:`EXPORT_WRITERS`.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import atomic
from ..errors import InputError
from ..views import build, check

if TYPE_CHECKING:
    from ..graph import Graph


@dataclass(frozen=True)
class Format:
    """Where a format's writer lives, what it writes, and the files it writes."""

    module: str  # relative to this package: ".graphml" here, "..void" beside it
    function: str
    whole_graph: bool = False  # True: the whole graph (RDF, a document about it); False: a view of the network
    embedded: bool = False  # True: only the embedded graph can be written (a remote endpoint's data is in its store)
    parts: tuple[str, ...] = ()  # several files, named from the output: NAME-nodes.csv, NAME-edges.csv
    suffix: str = ""
    index: str = ""  # an output that is a folder gets this file (a site to publish)
    people_csv: bool = False  # CSV for spreadsheets: formula-like cells neutralised unless exact_csv

    def writer(self) -> Callable[..., None]:
        # imported when used, so that listing the formats (the CLI does, at every start) loads no writer
        writer: Callable[..., None] = getattr(importlib.import_module(self.module, __name__), self.function)
        return writer


EXPORT_WRITERS: dict[str, Format] = {
    "graphml": Format(".graphml", "write"),
    "gexf": Format(".gexf", "write"),
    "cytoscape": Format(".cytoscape", "write"),
    "json": Format(".nodelink", "write"),
    "csv": Format(".spreadsheet", "write", parts=("nodes", "edges"), suffix=".csv", people_csv=True),
    "html": Format(".html", "write"),
    "png": Format(".picture", "write_png"),
    "svg": Format(".picture", "write_svg"),
    "turtle": Format(".rdf", "write_turtle", whole_graph=True, embedded=True),
    "ntriples": Format(".rdf", "write_ntriples", whole_graph=True, embedded=True),
    "jsonld": Format("..jsonld", "write", whole_graph=True, embedded=True),
    "void": Format("..void", "write", whole_graph=True),
    "ontology-docs": Format("..ontodocs", "write", whole_graph=True, index="index.html"),
}
# A flavour is another writer for a format's files: (format, flavour) -> Format.
FLAVOURS: dict[tuple[str, str], Format] = {("graphml", "yed"): Format(".graphml", "write_yed")}
# Every format of an export: a network drawn from a view, a dump of the whole graph, or a document about it.
EXPORT_FORMATS = tuple(EXPORT_WRITERS)


def outputs(output: str | os.PathLike[str], spec: Format, format: str = "") -> list[Path]:
    """The files a format writes for ``output``: itself, or one per part (inside it if it is a folder, else beside it as a prefix).

    A folder (an existing one, or a name ending in ``/``) is where a site or the parts go;
    a format that writes one file refuses it rather than write a file named like a folder.

    >>> outputs("out/network", EXPORT_WRITERS["csv"])
    [PosixPath('out/network-nodes.csv'), PosixPath('out/network-edges.csv')]
    >>> outputs("site/", EXPORT_WRITERS["ontology-docs"])
    [PosixPath('site/index.html')]
    >>> outputs("view.html", EXPORT_WRITERS["html"])
    [PosixPath('view.html')]
    >>> outputs("views/", EXPORT_WRITERS["html"], "html")
    Traceback (most recent call last):
    hspkg.errors.InputError: output='views/': is a folder; the html format writes one file: name it, as in views/network.html
    """
    target, given = Path(output), os.fspath(output)
    folder = target.is_dir() or given.endswith(("/", os.sep))
    if spec.index and folder:
        return [target / spec.index]
    if not spec.parts:
        if folder:
            example = target / f"network{spec.suffix or '.' + (format or 'out')}"
            raise InputError(f"is a folder; the {format or 'chosen'} format writes one file: name it, as in {example}", argument="output", value=given)
        return [target]
    if folder:
        return [target / f"{part}{spec.suffix}" for part in spec.parts]
    stem = target.name.removesuffix(spec.suffix)
    return [target.with_name(f"{stem}-{part}{spec.suffix}") for part in spec.parts]


def export(
    graph: Graph,
    format: str,
    output: str | os.PathLike[str],
    view: str = "memberships",
    as_of: int | None = None,
    flavour: str | None = None,
    keep_unlinked: bool = False,
    exact_csv: bool = False,
) -> None:
    """Write ``graph`` to ``output`` in ``format``: a view of it, or (RDF formats) all of it.

    Every file is written whole or not at all. CSV cells a spreadsheet would run
    as formulas get a leading ``'`` unless ``exact_csv`` (see :mod:`hspkg.cells`).
    """
    if format not in EXPORT_WRITERS:
        raise InputError(f"no such export format; the formats are: {', '.join(EXPORT_FORMATS)}", argument="format", value=format)
    check(view)
    if flavour and (format, flavour) not in FLAVOURS:
        flavours = ", ".join(f"{name} of {base}" for base, name in FLAVOURS)
        raise InputError(f"does not apply to the {format} format (flavours: {flavours})", argument="flavour", value=flavour)
    spec = FLAVOURS[(format, flavour)] if flavour else EXPORT_WRITERS[format]
    subject: Any
    if spec.whole_graph:
        _whole(graph, format, view, as_of, keep_unlinked)
        subject = graph
    else:
        from .style import styled  # networkx and the layout load only when a network is drawn

        subject = styled(build(graph, view, as_of, keep_unlinked))
        if format == "html":  # the page's search box knows every name the command line does
            known = graph.directory().names_of()
            subject.graph["names"] = {node: known[node] for node in sorted(subject) if node in known}
    paths = outputs(output, spec, format)
    write = spec.writer()
    if spec.index or spec.parts:  # a folder named for a site or for the parts is made (its parent must exist)
        for folder in sorted({p.parent for p in paths}):
            if not folder.is_dir() and folder.parent.is_dir():
                folder.mkdir()
    with ExitStack() as files:
        streams = [files.enter_context(atomic(path)) for path in paths]
        write(subject, *streams, **({"exact": exact_csv} if spec.people_csv else {}))


def _whole(graph: Graph, format: str, view: str, as_of: int | None, keep_unlinked: bool) -> None:
    """Refuse what does not apply to a dump of the whole graph."""
    if EXPORT_WRITERS[format].embedded and not hasattr(graph, "store"):
        raise InputError("writes the embedded graph; a remote endpoint's data is in its own store", argument="format", value=format)
    for argument, value, default in (("view", view, "memberships"), ("as_of", as_of, None), ("keep_unlinked", keep_unlinked, False)):
        if value != default:
            raise InputError(f"does not apply to the {format} format, which writes the whole graph", argument=argument, value=value)
