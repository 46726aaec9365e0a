"""Exports: a view of the network, or the whole graph, written in a format of :mod:`hspkg.formats`.

The table says which writer writes a format (each its own module in :mod:`hspkg.exporters`,
or beside it, for RDF, VoID and the ontology's documentation) and what files it writes;
this module chooses the format, makes what it writes and writes its files whole.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .atomic import atomic, writable
from .errors import InputError
from .formats import EXPORT, Format, Options, StoreTriples, for_output, formats, get
from .views import build, check
from .views.collector import paused
from .writers import writer_for

if TYPE_CHECKING:
    from .graph import Graph


def outputs(output: str | os.PathLike[str], spec: Format, format: str = "") -> list[Path]:
    """The files a format writes for ``output``: itself, or one per part (inside it if it is a folder, else beside it as a prefix).

    A folder (an existing one, or a name ending in ``/``) is where a site or the parts go;
    a format that writes one file refuses it rather than write a file named like a folder.

    >>> outputs("out/network", get(EXPORT, "csv"))
    [PosixPath('out/network-nodes.csv'), PosixPath('out/network-edges.csv')]
    >>> outputs("site/", get(EXPORT, "ontology-docs"))
    [PosixPath('site/index.html')]
    >>> outputs("view.html", get(EXPORT, "html"))
    [PosixPath('view.html')]
    >>> outputs("views/", get(EXPORT, "html"), "html")
    Traceback (most recent call last):
    hspkg.errors.InputError: output='views/': is a folder; the html format writes one file: name it, as in views/network.html
    """
    target, given = Path(output), os.fspath(output)
    folder = target.is_dir() or given.endswith(("/", os.sep))
    if spec.index and folder:
        return [target / spec.index]
    if not spec.parts:
        if folder:
            example = target / f"network{spec.suffix}"
            raise InputError(f"is a folder; the {format or 'chosen'} format writes one file: name it, as in {example}", argument="output", value=given)
        return [target]
    if folder:
        return [target / f"{part}{spec.suffix}" for part in spec.parts]
    stem = target.name.removesuffix(spec.suffix)
    return [target.with_name(f"{stem}-{part}{spec.suffix}") for part in spec.parts]


def export(
    graph: Graph,
    format: str | None,
    output: str | os.PathLike[str],
    view: str = "memberships",
    as_of: int | None = None,
    flavour: str | None = None,
    keep_unlinked: bool = False,
    exact_csv: bool = False,
) -> list[Path]:
    """Write ``graph`` to ``output`` in ``format``: a view of it, or (RDF formats) all of it; return the files written.

    Without a format, ``output``'s extension names it (``.ttl``: Turtle, ``.gexf``: GEXF), else GraphML.
    Every file is written whole or not at all. CSV cells a spreadsheet would run
    as formulas get a leading ``'`` unless ``exact_csv`` (see :mod:`hspkg.cells`).
    """
    spec = get(EXPORT, format) if format else for_output(EXPORT, os.fspath(output), "graphml") or get(EXPORT, "graphml")
    check(view)
    if flavour and flavour not in dict(spec.flavours):
        flavours = ", ".join(f"{name} of {f.name}" for f in _formats_with_flavours() for name, _ in f.flavours)
        raise InputError(f"does not apply to the {spec.name} format (flavours: {flavours})", argument="flavour", value=flavour)
    if spec.whole_graph:
        _whole(graph, spec, view, as_of, keep_unlinked)
    paths = _writable(output, spec)  # refused now, not after seconds of building and drawing
    if spec.whole_graph:
        # RDF formats write triples; VoID and the ontology's documentation read the graph
        subject = StoreTriples(graph.store) if spec.oxigraph is not None else graph  # type: ignore[attr-defined]
        return _write(subject, spec, paths, flavour, exact_csv)
    from .exporters.style import styled  # networkx and the layout load only when a network is drawn

    # a view is a few hundred thousand small containers that live until it is written: every pass of the
    # collector would walk them all again (a third of an export's time at 10^6 triples), and none is in a cycle
    with paused():
        network = styled(build(graph, view, as_of, keep_unlinked))
        if spec.name == "html":  # the page's search box knows every name the command line does
            known = graph.directory().names_of()
            network.graph["names"] = {node: known[node] for node in sorted(network) if node in known}
        return _write(network, spec, paths, flavour, exact_csv)


def _writable(output: str | os.PathLike[str], spec: Format) -> list[Path]:
    """The files ``output`` names for ``spec``, each checked as :func:`hspkg.atomic.atomic` will check it.

    A folder that a site or the parts go into may be missing: it is made when written, if its parent exists.
    """
    paths = outputs(output, spec, spec.name)
    for path in paths:
        if not _made_when_written(spec, path.parent):
            writable(path)
    return paths


def _made_when_written(spec: Format, folder: Path) -> bool:
    """Whether ``folder`` is one a site or the parts go into, missing, with a parent to make it in."""
    return bool(spec.index or spec.parts) and not folder.exists() and folder.parent.is_dir()


def _write(subject: Any, spec: Format, paths: list[Path], flavour: str | None, exact_csv: bool) -> list[Path]:
    """Write ``subject`` whole or not at all to ``paths``; return them."""
    write = writer_for(spec, flavour)
    for folder in sorted({p.parent for p in paths}):
        if _made_when_written(spec, folder):
            folder.mkdir()
    with ExitStack() as files:
        streams = [files.enter_context(atomic(path)) for path in paths]
        write(subject, streams, Options(exact_csv=exact_csv))
    return paths


def _formats_with_flavours() -> list[Format]:
    return [f for f in formats(EXPORT) if f.flavours]


def _whole(graph: Graph, spec: Format, view: str, as_of: int | None, keep_unlinked: bool) -> None:
    """Refuse what does not apply to a dump of the whole graph."""
    if spec.embedded and not hasattr(graph, "store"):
        raise InputError("writes the embedded graph; a remote endpoint's data is in its own store", argument="format", value=spec.name)
    for argument, value, default in (("view", view, "memberships"), ("as_of", as_of, None), ("keep_unlinked", keep_unlinked, False)):
        if value != default:
            raise InputError(f"does not apply to the {spec.name} format, which writes the whole graph", argument=argument, value=value)
