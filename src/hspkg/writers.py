"""The writer of every format in :mod:`hspkg.formats`' table, imported when first asked for.

Each row of the table names its writer by a key of :data:`LOADERS`; the loader
imports the writer's module and returns the writer, typed, so that mypy checks
each writer's own signature against the :class:`~hspkg.formats.Writer` protocol.
The writers import :mod:`hspkg.formats` for its types, and only the callers that
write (the query command, ``export``, the server's workers and pages) import this
module: the imports run one way, from the callers through here to the writers.

>>> from hspkg.formats import EXPORT, get
>>> callable(writer_for(get(EXPORT, "graphml"), "yed"))
True
>>> writer_for(get(EXPORT, "gexf"), "yed")
Traceback (most recent call last):
KeyError: 'yed'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

from pyoxigraph import QueryResultsFormat, RdfFormat

from .formats import Format, Options, Triples, Writer

if TYPE_CHECKING:
    import networkx as nx

    from .description import Description
    from .graph import Graph
    from .results import Results

T = TypeVar("T")


def writer_for(format: Format, flavour: str | None = None) -> Writer[Any]:
    """The writer of ``format`` (or of its ``flavour``), its module imported now."""
    key = dict(format.flavours)[flavour] if flavour else format.written_by
    return LOADERS[key](format)


def _one(write: Callable[[T, BinaryIO], object]) -> Writer[T]:
    """A writer of one file, from a function that writes its subject to one stream."""

    def one(subject: T, streams: Sequence[BinaryIO], options: Options, /) -> None:
        write(subject, streams[0])

    return one


def _table(format: Format) -> Writer[Results]:
    from .render import table

    return table


def _csv_results(format: Format) -> Writer[Results]:
    from .render import csv

    return csv


def _w3c_results(format: Format) -> Writer[Results]:
    from .render import w3c

    assert isinstance(format.oxigraph, QueryResultsFormat)
    return w3c(format.oxigraph)


def _rdf(format: Format) -> Writer[Triples]:
    rdf = format.oxigraph
    assert isinstance(rdf, RdfFormat)
    return lambda triples, streams, options: triples.dump(streams[0], rdf)


def _jsonld(format: Format) -> Writer[Triples]:
    from .jsonld import write

    return lambda triples, streams, options: write(triples, streams[0])


def _page(format: Format) -> Writer[Description]:
    from .linkeddata import html

    return lambda description, streams, options: streams[0].write(html(description))


def _graphml(format: Format) -> Writer[nx.Graph[str]]:
    from .exporters.graphml import write

    return _one(write)


def _yed(format: Format) -> Writer[nx.Graph[str]]:
    from .exporters.graphml import write_yed

    return _one(write_yed)


def _gexf(format: Format) -> Writer[nx.Graph[str]]:
    from .exporters.gexf import write

    return _one(write)


def _cytoscape(format: Format) -> Writer[nx.Graph[str]]:
    from .exporters.cytoscape import write

    return _one(write)


def _nodelink(format: Format) -> Writer[nx.Graph[str]]:
    from .exporters.nodelink import write

    return _one(write)


def _spreadsheet(format: Format) -> Writer[nx.Graph[str]]:
    from .exporters.spreadsheet import write

    return lambda network, streams, options: write(network, streams[0], streams[1], exact=options.exact_csv)


def _network_page(format: Format) -> Writer[nx.Graph[str]]:
    from .exporters.html import write

    return _one(write)


def _png(format: Format) -> Writer[nx.Graph[str]]:
    from .exporters.picture import write_png

    return _one(write_png)


def _svg(format: Format) -> Writer[nx.Graph[str]]:
    from .exporters.picture import write_svg

    return _one(write_svg)


def _void(format: Format) -> Writer[Graph]:
    from .void import write

    return _one(write)


def _ontology_docs(format: Format) -> Writer[Graph]:
    from .ontodocs import write

    return _one(write)


# Each writer by the key the table's rows name it by (Format.written_by, and a flavour's key).
LOADERS: dict[str, Callable[[Format], Writer[Any]]] = {
    "table": _table,
    "w3c": _w3c_results,
    "csv-results": _csv_results,
    "rdf": _rdf,
    "jsonld": _jsonld,
    "page": _page,
    "graphml": _graphml,
    "yed": _yed,
    "gexf": _gexf,
    "cytoscape": _cytoscape,
    "nodelink": _nodelink,
    "spreadsheet": _spreadsheet,
    "network-page": _network_page,
    "png": _png,
    "svg": _svg,
    "void": _void,
    "ontology-docs": _ontology_docs,
}
