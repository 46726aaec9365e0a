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

This module is the table's data and the types the writers share, and imports
nothing of hspkg but its errors and terms, so that every writer and every caller
can stand on it. A row names its writer by a key of :mod:`hspkg.writers`, which
imports the writer when first used (listing the formats at start-up loads no
writer) through a typed loader, so mypy checks every writer against the
:class:`Writer` protocol. Adding a format is its writer's module, its loader in
:mod:`hspkg.writers` and one row of :data:`FORMATS`. RDF writers take
:class:`Triples` (a store's default graph, a page's triples, a CONSTRUCT's
answer), so Turtle or JSON-LD is written alike wherever it is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, Protocol, TypeVar

from pyoxigraph import DefaultGraph, QueryResultsFormat, RdfFormat, Store, Triple, serialize

from .errors import InputError
from .terms import PREFIXES

# What a format is offered for.
RESULTS = "results"  # answers of SELECT and ASK queries (query, /sparql)
RDF = "rdf"  # triples (CONSTRUCT and DESCRIBE answers, pages, whole-graph exports)
PAGE = "page"  # a Linked Data document about one resource (/id, /doc)
EXPORT = "export"  # hspkg export

S = TypeVar("S", contravariant=True)


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
    written_by: str  # its writer's key in hspkg.writers, which imports the writer when first used
    oxigraph: RdfFormat | QueryResultsFormat | None = None
    aliases: tuple[str, ...] = ()
    served: bool = True  # offered by the server (the people's table is not)
    # exports only
    whole_graph: bool = False  # the whole graph (RDF, a document about it), not a view of the network
    embedded: bool = False  # only the embedded graph can be written (a remote endpoint's data is in its store)
    parts: tuple[str, ...] = ()  # several files, named from the output: NAME-nodes.csv, NAME-edges.csv
    index: str = ""  # an output that is a folder gets this file (a site to publish)
    flavours: tuple[tuple[str, str], ...] = ()  # other writers of the same files: (flavour, its writer's key)

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    @property
    def suffix(self) -> str:
        return "." + self.extensions[0]


def _results(name: str, oxigraph: QueryResultsFormat, written_by: str = "w3c", also: tuple[str, ...] = (), ext: tuple[str, ...] = ()) -> Format:
    media = oxigraph.media_type.partition(";")[0]  # "text/csv; charset=utf-8": the charset is not the format's name
    return Format(name, frozenset({RESULTS}), (media, *also), (oxigraph.file_extension, *ext), written_by, oxigraph)


def _triples(name: str, oxigraph: RdfFormat, uses: frozenset[str], written_by: str = "rdf", **more: Any) -> Format:
    return Format(
        name,
        frozenset({RDF}) | uses,
        (oxigraph.media_type, *more.pop("also", ())),
        (oxigraph.file_extension, *more.pop("ext", ())),
        written_by,
        oxigraph,
        **more,
    )


def _export(name: str, media: str, ext: str, written_by: str, **more: Any) -> Format:
    return Format(name, frozenset({EXPORT}), (media,), (ext,), written_by, **more)


_WHOLE: dict[str, Any] = {"whole_graph": True, "embedded": True}
# Every format, once. Within a use, the order is the order --help lists them in, the server's preference when an
# Accept header rates formats alike (a page is HTML, then Turtle, then JSON-LD), and which an extension names first.
FORMATS: tuple[Format, ...] = (
    Format("table", frozenset({RESULTS}), ("text/plain",), ("txt",), "table", served=False),
    _results("json", QueryResultsFormat.JSON, also=("application/json",), ext=("json",)),
    _results("xml", QueryResultsFormat.XML, also=("application/xml", "text/xml"), ext=("xml",)),
    _results("csv", QueryResultsFormat.CSV, "csv-results"),
    _results("tsv", QueryResultsFormat.TSV),
    Format("html", frozenset({PAGE}), ("text/html", "application/xhtml+xml"), ("html",), "page"),
    _export("graphml", "application/graphml+xml", "graphml", "graphml", flavours=(("yed", "yed"),)),
    _export("gexf", "application/gexf+xml", "gexf", "gexf"),
    _export("cytoscape", "application/json", "cyjs", "cytoscape"),
    _export("json", "application/json", "json", "nodelink"),
    _export("csv", "text/csv", "csv", "spreadsheet", parts=("nodes", "edges")),
    _export("html", "text/html", "html", "network-page"),
    _export("png", "image/png", "png", "png"),
    _export("svg", "image/svg+xml", "svg", "svg"),
    _triples("turtle", RdfFormat.TURTLE, frozenset({PAGE, EXPORT}), aliases=("ttl",), **_WHOLE),
    _triples("ntriples", RdfFormat.N_TRIPLES, frozenset({EXPORT}), also=("text/plain",), aliases=("nt", "n-triples"), **_WHOLE),
    _triples("jsonld", RdfFormat.JSON_LD, frozenset({PAGE, EXPORT}), "jsonld", aliases=("json-ld", "json"), **_WHOLE),
    _triples("rdfxml", RdfFormat.RDF_XML, frozenset(), aliases=("rdf", "xml")),
    _triples("nquads", RdfFormat.N_QUADS, frozenset(), aliases=("nq",)),
    _triples("trig", RdfFormat.TRIG, frozenset()),
    _export("void", "text/turtle", "ttl", "void", whole_graph=True),
    _export("ontology-docs", "text/html", "html", "ontology-docs", whole_graph=True, index="index.html"),
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
