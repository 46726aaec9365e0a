"""Export formats, one module each, behind one small registry.

Network formats draw a view (``views.py``); RDF formats write the whole
materialised graph; CSV writes two files.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, BinaryIO

from pyoxigraph import RdfFormat

from ..atomic import atomic
from ..errors import InputError
from ..views import VIEWS, build

if TYPE_CHECKING:
    import networkx as nx

    from ..graph import Graph

    Writer = Callable[[nx.Graph[str], BinaryIO], None]
    Spreadsheet = Callable[[nx.Graph[str], str], None]

# format: (module, function). Modules are imported when used, so that listing the
# formats (the command line does, at every start) does not load networkx and matplotlib.
NETWORK_WRITERS: dict[str, tuple[str, str]] = {
    "graphml": ("graphml", "write"),
    "gexf": ("gexf", "write"),
    "json": ("nodelink", "write"),
    "html": ("html", "write"),
    "png": ("picture", "write_png"),
    "svg": ("picture", "write_svg"),
}
RDF_DUMPS: dict[str, RdfFormat] = {"turtle": RdfFormat.TURTLE, "ntriples": RdfFormat.N_TRIPLES}
FLAVOURS: dict[tuple[str, str], tuple[str, str]] = {("graphml", "yed"): ("graphml", "write_yed")}
# The formats of an export: a network drawn from a view, or a dump of the whole graph.
EXPORT_FORMATS = (*NETWORK_WRITERS, "csv", *RDF_DUMPS)


def _writer(entry: tuple[str, str]) -> Writer:
    module, function = entry
    writer: Writer = getattr(importlib.import_module(f"{__name__}.{module}"), function)
    return writer


def export(
    graph: Graph,
    format: str,
    output: str | os.PathLike[str],
    view: str = "memberships",
    as_of: int | None = None,
    flavour: str | None = None,
    exact_csv: bool = False,
) -> None:
    """Write ``graph`` to ``output`` in ``format``: a view of it, or (RDF formats) all of it.

    Every file is written whole or not at all. CSV cells a spreadsheet would run
    as formulas get a leading ``'`` unless ``exact_csv`` (see :mod:`hspkg.cells`).
    """
    if format not in EXPORT_FORMATS:
        raise InputError(f"no such export format; the formats are: {', '.join(EXPORT_FORMATS)}", argument="format", value=format)
    if view not in VIEWS:
        raise InputError(f"no such view; the views are: {', '.join(VIEWS)}", argument="view", value=view)
    if flavour and (format, flavour) not in FLAVOURS:
        flavours = ", ".join(f"{name} of {base}" for base, name in FLAVOURS)
        raise InputError(f"does not apply to the {format} format (flavours: {flavours})", argument="flavour", value=flavour)
    if format in RDF_DUMPS:
        if not hasattr(graph, "dump"):
            raise InputError("writes the embedded graph; a remote endpoint's data is in its own store", argument="format", value=format)
        if view != "memberships":
            raise InputError(f"does not apply to the {format} format, which writes the whole graph", argument="view", value=view)
        if as_of is not None:
            raise InputError(f"does not apply to the {format} format, which writes the whole graph", argument="as_of", value=as_of)
        with atomic(output) as stream:
            graph.dump(stream, RDF_DUMPS[format])
        return
    network = build(graph, view, as_of)
    if format == "csv":
        from .spreadsheet import write  # two files, named from output: not one stream

        write(network, os.fspath(output), exact_csv)
        return
    writer = _writer(FLAVOURS[(format, flavour)] if flavour else NETWORK_WRITERS[format])
    with atomic(output) as stream:
        writer(network, stream)
