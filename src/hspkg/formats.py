"""Every format hspkg writes, in one table, and the one way a format is chosen.

A :class:`Format` names a format once: its name on the command line, its media
types (the first is what an answer is sent as), its file extensions (the first
is what a file is named), which uses offer it (query results, RDF, Linked Data
pages, exports) and its writer. Media types and extensions of the W3C formats
come from pyoxigraph's own :class:`~pyoxigraph.QueryResultsFormat` and
:class:`~pyoxigraph.RdfFormat`.

One negotiator serves every caller: :func:`choose` takes a name, an alias or a
file's extension (``query -o``, ``--format``, ``export``, ``?format=``) and
:func:`negotiate` an ``Accept`` header (``/sparql``, ``/id``, ``/doc``).

Writers are loaded when first used (listing the formats at start-up loads no
writer), each through a typed loader (an import and a return, not a string), so
mypy checks every writer against the :class:`Writer` protocol. Adding a format
is its writer's module, its loader and one row of :data:`FORMATS`. RDF writers
take :class:`Triples` (a store's default graph, a page's triples, a CONSTRUCT's
answer), so Turtle or JSON-LD is written alike wherever it is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, Protocol, TypeVar

from pyoxigraph import DefaultGraph, QueryResultsFormat, RdfFormat, Store, Triple, serialize

from .errors import InputError
from .terms import PREFIXES

if TYPE_CHECKING:
    import networkx as nx

    from .graph import Graph
    from .linkeddata import Description
    from .results import Results

# What a format is offered for.
RESULTS = "results"  # answers of SELECT and ASK queries (query, /sparql)
RDF = "rdf"  # triples (CONSTRUCT and DESCRIBE answers, pages, whole-graph exports)
PAGE = "page"  # a Linked Data document about one resource (/id, /doc)
EXPORT = "export"  # hspkg export

S = TypeVar("S", contravariant=True)
T = TypeVar("T")


@dataclass(frozen=True)
class Options:
    """What a writer may be told besides its subject and streams."""

    exact_csv: bool = False  # CSV cells written exactly, not neutralised for spreadsheets (hspkg.cells)


class Writer(Protocol[S]):
    """Writes its subject into one stream per file the format writes (one; two for CSV's nodes and edges)."""

    def __call__(self, subject: S, streams: Sequence[BinaryIO], options: Options, /) -> None: ...


class Triples(Protocol):
    """RDF triples that write themselves in an RDF format: a store's default graph, a page's triples, a CONSTRUCT's answer."""

    def dump(self, output: IO[bytes], format: RdfFormat) -> None: ...


@dataclass(frozen=True)
class Format:
    """One format: what it is called, sent as, named as, offered for, and written by."""

    name: str
    uses: frozenset[str]
    media_types: tuple[str, ...]  # the first is what an answer in this format is sent as
    extensions: tuple[str, ...]  # without the dot; the first is what a file in this format is named
    load: Callable[[Format], Writer[Any]]  # the writer, imported when first used
    oxigraph: RdfFormat | QueryResultsFormat | None = None
    aliases: tuple[str, ...] = ()
    served: bool = True  # offered by the server (the people's table is not)
    # exports only
    whole_graph: bool = False  # the whole graph (RDF, a document about it), not a view of the network
    embedded: bool = False  # only the embedded graph can be written (a remote endpoint's data is in its store)
    parts: tuple[str, ...] = ()  # several files, named from the output: NAME-nodes.csv, NAME-edges.csv
    index: str = ""  # an output that is a folder gets this file (a site to publish)
    flavours: tuple[tuple[str, Callable[[Format], Writer[Any]]], ...] = ()  # other writers of the same files

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    @property
    def suffix(self) -> str:
        return "." + self.extensions[0]

    def writer(self, flavour: str | None = None) -> Writer[Any]:
        load = dict(self.flavours)[flavour] if flavour else self.load
        return load(self)


# Writers, each loaded with what it needs; the adapters let mypy check each writer's own signature.


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


def _results(
    name: str, oxigraph: QueryResultsFormat, load: Callable[[Format], Writer[Results]], also: tuple[str, ...] = (), ext: tuple[str, ...] = ()
) -> Format:
    media = oxigraph.media_type.partition(";")[0]  # "text/csv; charset=utf-8": the charset is not the format's name
    return Format(name, frozenset({RESULTS}), (media, *also), (oxigraph.file_extension, *ext), load, oxigraph)


def _triples(name: str, oxigraph: RdfFormat, uses: frozenset[str], load: Callable[[Format], Writer[Triples]] = _rdf, **more: Any) -> Format:
    return Format(
        name, frozenset({RDF}) | uses, (oxigraph.media_type, *more.pop("also", ())), (oxigraph.file_extension, *more.pop("ext", ())), load, oxigraph, **more
    )


def _export(name: str, media: str, ext: str, load: Callable[[Format], Writer[Any]], **more: Any) -> Format:
    return Format(name, frozenset({EXPORT}), (media,), (ext,), load, **more)


_WHOLE: dict[str, Any] = {"whole_graph": True, "embedded": True}
# Every format, once. Within a use, the order is the order --help lists them in, the server's preference when an
# Accept header rates formats alike (a page is HTML, then Turtle, then JSON-LD), and which an extension names first.
FORMATS: tuple[Format, ...] = (
    Format("table", frozenset({RESULTS}), ("text/plain",), ("txt",), _table, served=False),
    _results("json", QueryResultsFormat.JSON, _w3c_results, also=("application/json",), ext=("json",)),
    _results("xml", QueryResultsFormat.XML, _w3c_results, also=("application/xml", "text/xml"), ext=("xml",)),
    _results("csv", QueryResultsFormat.CSV, _csv_results),
    _results("tsv", QueryResultsFormat.TSV, _w3c_results),
    Format("html", frozenset({PAGE}), ("text/html", "application/xhtml+xml"), ("html",), _page),
    _export("graphml", "application/graphml+xml", "graphml", _graphml, flavours=(("yed", _yed),)),
    _export("gexf", "application/gexf+xml", "gexf", _gexf),
    _export("cytoscape", "application/json", "cyjs", _cytoscape),
    _export("json", "application/json", "json", _nodelink),
    _export("csv", "text/csv", "csv", _spreadsheet, parts=("nodes", "edges")),
    _export("html", "text/html", "html", _network_page),
    _export("png", "image/png", "png", _png),
    _export("svg", "image/svg+xml", "svg", _svg),
    _triples("turtle", RdfFormat.TURTLE, frozenset({PAGE, EXPORT}), aliases=("ttl",), **_WHOLE),
    _triples("ntriples", RdfFormat.N_TRIPLES, frozenset({EXPORT}), also=("text/plain",), aliases=("nt", "n-triples"), **_WHOLE),
    _triples("jsonld", RdfFormat.JSON_LD, frozenset({PAGE, EXPORT}), _jsonld, aliases=("json-ld", "json"), **_WHOLE),
    _triples("rdfxml", RdfFormat.RDF_XML, frozenset(), aliases=("rdf", "xml")),
    _triples("nquads", RdfFormat.N_QUADS, frozenset(), aliases=("nq",)),
    _triples("trig", RdfFormat.TRIG, frozenset()),
    _export("void", "text/turtle", "ttl", _void, whole_graph=True),
    _export("ontology-docs", "text/html", "html", _ontology_docs, whole_graph=True, index="index.html"),
)


def formats(use: str, served: bool = False) -> list[Format]:
    """The formats offered for ``use`` (only those the server sends, if ``served``), in the table's order.

    >>> [f.name for f in formats(PAGE)], [f.name for f in formats(RESULTS, served=True)]
    (['html', 'turtle', 'jsonld'], ['json', 'xml', 'csv', 'tsv'])
    """
    return [f for f in FORMATS if use in f.uses and (f.served or not served)]


def names(use: str) -> list[str]:
    """The names of the formats of ``use``, for the command line's choices."""
    return [f.name for f in formats(use)]


def choose(use: str, asked: str | None = None, path: str | None = None) -> Format | None:
    """The format of ``use`` named ``asked`` (its name, an alias or an extension), else the one ``path``'s extension names.

    >>> choose(PAGE, "ttl").name, choose(RESULTS, path="answer.SRJ").name, choose(EXPORT, path="network.gexf").name
    ('turtle', 'json', 'gexf')
    >>> choose(EXPORT, "json").name, choose(PAGE, "json").name, choose(RESULTS, path="notes.md")
    ('json', 'jsonld', None)
    """
    offered = formats(use)
    if asked:
        word = asked.strip().lower().lstrip(".")
        for matches in (lambda f: f.name == word, lambda f: word in f.aliases, lambda f: word in f.extensions):
            found = next((f for f in offered if matches(f)), None)
            if found:
                return found
        return None
    if path:
        lowered = path.lower()
        return next((f for f in offered for ext in f.extensions if lowered.endswith("." + ext)), None)
    return None


def for_output(use: str, output: str, default: str | None = None) -> Format | None:
    """The format ``output``'s extension names; ``default``'s (or None) if it has none; bad input if hspkg does not know it.

    Without ``--format``, a file's extension is the only word on its format: one nobody
    knows (``.xlsx``, ``.pdf``) is refused rather than filled with another format's bytes.
    A folder (an existing one, or a name ending in ``/``) has no extension.

    >>> for_output(RESULTS, "answer.tsv").name, for_output(EXPORT, "out/network", "graphml").name, for_output(RESULTS, "answer")
    ('tsv', 'graphml', None)
    >>> for_output(RESULTS, "q.xlsx")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    hspkg.errors.InputError: output='q.xlsx': unknown extension .xlsx; the known ones are .txt, .srj, .json, ... (or give --format)
    """
    found = choose(use, path=output)
    if found:
        return found
    path = Path(output)
    if path.suffix and not (output.endswith(("/", os.sep)) or path.is_dir()):
        known = ", ".join(dict.fromkeys("." + ext for f in formats(use) for ext in f.extensions))
        raise InputError(f"unknown extension {path.suffix}; the known ones are {known} (or give --format)", argument="output", value=output)
    return choose(use, default) if default else None


def get(use: str, name: str, argument: str = "format") -> Format:
    """The format of ``use`` called ``name``; bad input (exit 2) naming the formats there are, if none.

    >>> get(EXPORT, "nope")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    hspkg.errors.InputError: format='nope': no such format; the formats are: graphml, gexf, cytoscape, json, ...
    """
    found = choose(use, name)
    if found is None:
        raise InputError(f"no such format; the formats are: {', '.join(names(use))}", argument=argument, value=name)
    return found


def negotiate(accept: str | None, offers: Sequence[Format]) -> Format | None:
    """The format to answer with: the offer the ``Accept`` header rates highest, the first offer if it names none; None if none fits.

    Each offer takes the q of the most specific media range that covers one of its
    media types (exact, then ``type/*``, then ``*/*``); the highest q wins, and a
    tie goes to the earlier offer.

    >>> [negotiate(a, formats(PAGE)).name for a in ("text/turtle;q=0.9, application/ld+json", "text/html,*/*;q=0.8", "*/*", "")]
    ['jsonld', 'html', 'html', 'html']
    >>> negotiate("image/png", formats(PAGE)), negotiate("text/*", formats(RESULTS, served=True)).name
    (None, 'xml')
    """
    if not accept or not accept.strip():
        return offers[0] if offers else None
    ranges: list[tuple[str, float]] = []
    for part in accept.split(","):
        media, *params = (p.strip().lower() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media, q))
    best, chosen = 0.0, None
    for offer in offers:
        exact = set(offer.media_types)
        for level in (exact, {m.split("/")[0] + "/*" for m in exact}, {"*/*"}):
            found = [q for media, q in ranges if media in level]
            if found:
                if max(found) > best:
                    best, chosen = max(found), offer
                break
    return chosen


# The triples an RDF writer takes.


def _prefixes(format: RdfFormat) -> dict[str, str] | None:
    return PREFIXES if format in (RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.RDF_XML) else None


@dataclass(frozen=True)
class StoreTriples:
    """Every triple of a store's default graph (the embedded graph, inferences included)."""

    store: Store

    def dump(self, output: IO[bytes], format: RdfFormat) -> None:
        self.store.dump(output, format=format, from_graph=DefaultGraph(), prefixes=_prefixes(format))


@dataclass(frozen=True)
class ListedTriples:
    """Triples given one by one (a page's, a CONSTRUCT's answer): read once."""

    triples: Iterable[Triple]

    def dump(self, output: IO[bytes], format: RdfFormat) -> None:
        serialize(self.triples, output, format, prefixes=_prefixes(format))
