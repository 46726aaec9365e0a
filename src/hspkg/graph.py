"""The knowledge graph: RDF loaded into an Oxigraph store, RDFS closure materialised, SPARQL run.

:class:`Graph` is what every graph can do (catalogue queries, organisation
look-up, networkx views); :class:`KnowledgeGraph` is the embedded one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from os import PathLike
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

from pyoxigraph import DefaultGraph, NamedNode, QueryBoolean, QuerySolutions, RdfFormat, Store

from . import catalogue, service_clauses
from .errors import AmbiguousName, InputError, WorkError
from .inference import fill
from .rdffiles import RDF_SUFFIXES, SHAPES, ontology_files, rdf_files, read_files
from .resources import shipped
from .results import Results
from .terms import Term, show

if TYPE_CHECKING:
    import networkx as nx

    from . import name_matching


class Graph:
    """What every hspkg graph offers on top of running SPARQL.

    Subclasses provide :meth:`sparql`; the catalogue, organisation look-up and
    views are written once, here, in terms of it.
    """

    # SERVICE clauses make whoever runs the query send HTTP requests: refused unless this is set.
    allow_service: bool = False

    def sparql(self, text: str, where: str = "query") -> Results:
        """Run SPARQL text; ``where`` names it in error messages (a file or query name)."""
        raise NotImplementedError

    def query(self, query: str | catalogue.Query, /, **params: object) -> Results:
        """Run a catalogue query by name (or a :class:`catalogue.Query`) with its parameters.

        >>> kg = load()
        >>> sorted(row["networkLabel"].value for row in kg.query("networks-of", organisation="RRV"))
        ['NIHR Queen Square Dementia Biomedical Research Unit', 'NIHR University College London Hospitals Biomedical Research Centre', 'UCLPartners']
        """
        q = catalogue.get(query) if isinstance(query, str) else query
        return self.sparql(q.bind(self._found(q, params)), q.where)

    def _found(self, query: catalogue.Query, params: dict[str, object]) -> dict[str, object]:
        """``params`` with each organisation, given by name, identifier or IRI, as its IRI: found before binding,
        so that the catalogue binds terms and never calls back into the graph."""
        organisations = {p.name for p in query.params if p.type == "organisation"}
        found = dict(params)
        for name, value in params.items():
            if name not in organisations or value is None or isinstance(value, NamedNode):
                continue
            where = f"parameter {name} of query {query.name}"
            try:
                found[name] = self.resolve(str(value).strip())
            except AmbiguousName as e:
                raise AmbiguousName(f"{where}: {e}", e.candidates) from None
            except InputError as e:
                raise InputError(f"{where}: {e}") from None
        return found

    def resolve(self, organisation: str) -> NamedNode:
        """The IRI of the one organisation with this name, former or other name, identifier or IRI.

        Bare identifiers work (a ROR id, a Wikidata id, an ODS code; a predecessor's
        code finds the predecessor), and case, spaces and punctuation are ignored,
        so "UCL Partners" finds UCLPartners. The rules are :mod:`hspkg.name_matching`'s,
        the same that ingest uses.

        >>> kg = load()
        >>> kg.resolve("UCL Partners").value, kg.resolve("Q193196").value
        ('https://w3id.org/hspkg/id/org/uclpartners', 'https://w3id.org/hspkg/id/org/ucl')
        """
        from . import name_matching  # the name rules (and difflib) load only when an organisation is named

        for form in name_matching.exact_forms(organisation):
            # index look-ups, so that naming one organisation costs milliseconds at any size
            if name_matching.is_iri(form):
                exact = self.query(catalogue.internal("organisation-by-iri"), iri=form)
            else:
                exact = self.query(catalogue.internal("organisation-by-name"), name=form)
            found = {_iri(row["organisation"]) for row in exact}
            if len(found) == 1:
                return found.pop()
        # no exact name or identifier: every name, compared as name_matching.py compares them (a scan); a short or
        # other name that another organisation answers to as well is ambiguous, never silently one of them
        match = self.directory().find(organisation)
        if match.candidates:
            raise AmbiguousName(f"{match.why} (the catalogue query 'organisations' lists them)", match.candidates)
        if match.iri is None:
            raise InputError(f"{match.why} (the catalogue query 'organisations' lists them)")
        return NamedNode(match.iri)

    def directory(self) -> name_matching.Directory:
        """Every organisation under every name, identifier and IRI it is known by (a scan of the graph).

        >>> load().directory().find("RW3").iri
        'https://w3id.org/hspkg/id/org/cmft'
        """
        from . import name_matching

        found = name_matching.Directory()
        for row in self.sparql(catalogue.internal("names").text, "names"):
            found.add(_iri(row["organisation"]).value, show(row["label"]), [show(row["known"])] if row.get("known") else [])
        return found

    def to_networkx(self, view: str = "memberships", as_of: int | None = None, keep_unlinked: bool = False) -> nx.Graph[str]:
        """The network as a networkx graph: :func:`hspkg.views.build` for this graph.

        >>> g = load().to_networkx()
        >>> g.nodes["https://w3id.org/hspkg/id/org/ucl"]["label"]
        'University College London'
        """
        from .views import build  # networkx loads only for commands that draw a network

        return build(self, view, as_of, keep_unlinked)


class KnowledgeGraph(Graph):
    """RDF files loaded into an in-memory Oxigraph store, with RDFS closure materialised.

    >>> kg = load()
    >>> len(kg) > 500
    True
    """

    def __init__(self, store: Store, files: list[Path]) -> None:
        self.store = store
        self.files = files

    def __len__(self) -> int:
        return len(self.store)

    def sparql(self, text: str, where: str = "query") -> Results:
        service_clauses.check(text, where, self.allow_service)
        try:
            answer = self.store.query(text)
        except SyntaxError as e:
            raise InputError(f"{where}:{syntax_error(text, e.msg)}") from None
        except (OSError, RuntimeError, ValueError) as e:
            raise WorkError(f"{where}: the query failed: {e}") from None
        if isinstance(answer, (QuerySolutions, QueryBoolean)):
            # asked again, the same query gives the same kind of answer
            return Results(answer, lambda: cast(QuerySolutions | QueryBoolean, self.store.query(text)))
        raise InputError(f"{where}: only SELECT and ASK queries are answered; this one gives triples (all of them are exported as Turtle or N-Triples)")

    def dump(self, output: IO[bytes] | None = None, format: RdfFormat = RdfFormat.N_TRIPLES) -> bytes | None:
        """Every triple, inferred ones included, serialized by Oxigraph: to ``output``, or returned."""
        return self.store.dump(output, format=format, from_graph=DefaultGraph())


def _iri(term: Term | None) -> NamedNode:
    """An organisation the look-up queries found: always an IRI, as they only match org:Organization IRIs."""
    if not isinstance(term, NamedNode):
        raise WorkError(f"an organisation look-up gave {term!r}, not an IRI")
    return term


def syntax_error(text: str, message: str) -> str:
    """Where a query's syntax breaks, as 'LINE:COLUMN: what'.

    Oxigraph's parser reports the furthest point it tried, often the end of the
    query; rdflib's parser names the token where the query stops making sense,
    so its position is the one people can act on. Oxigraph's own message is the
    answer when rdflib reads the query fine.

    >>> syntax_error("SELECT ?x\\nWHERE {\\n  ?x ?y ?z FILTER (?x = )\\n}", "error at 4:2: expected ABS")
    "3:12: syntax error at 'FILTER (?x = )'"
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except ParseException as e:
        return f"{e.lineno}:{e.col}: syntax error at {e.line[e.col - 1 :].strip()[:40]!r}"
    except Exception:  # noqa: BLE001 - rdflib's parser is only consulted for a better position
        pass
    prefix = "error at "
    return message[len(prefix) :] if message.startswith(prefix) else f" {message}"


def load(
    data: Iterable[str | PathLike[str]] | None = None,
    store: str | PathLike[str] | None = None,
    add: Iterable[str | PathLike[str]] = (),
    compact: bool = False,
) -> KnowledgeGraph:
    """Load the ontology and the data (the shipped data unless ``data`` names files or folders), plus the files or folders in ``add``.

    ``add`` is how your own additions (``hspkg ingest``'s output) join the shipped data
    wherever hspkg is installed: ``load(add=["mine.ttl"])``, ``hspkg query --add mine.ttl``.

    With ``store``, the loaded and materialised graph is kept in that folder as an
    Oxigraph store and reused while its source files are unchanged (same paths,
    sizes and modification times), so large data is loaded once (:mod:`hspkg.ondisk`).
    ``compact`` compacts that store once, for faster queries on a large one (:mod:`hspkg.compaction`).

    >>> kg = load()
    >>> kg.query("ahsns").values()[0]["date"]
    '2013-05-23'
    """
    if not isinstance(compact, bool):
        raise InputError("must be True or False", argument="compact", value=compact)
    if compact and store is None:
        raise InputError("needs a store to compact (--store DIR)", argument="compact", value=compact)
    if store is not None and not os.fspath(store):
        raise InputError("an empty path; give the store's folder", argument="store", value=store)
    if store is not None and Path(store).name in ("", ".."):  # it is built beside its folder and swapped in
        raise InputError("give the store a folder of its own, by name (not '.', '..' or '/')", argument="store", value=store)
    ontology = ontology_files()
    files = rdf_files([*([shipped("data")] if data is None else data), *add])
    if store is None:
        return KnowledgeGraph(fill(Store, ontology, files), ontology + files)
    from .ondisk import persistent  # the on-disk store's machinery loads only for --store

    return KnowledgeGraph(persistent(Path(store), ontology, files, compact), ontology + files)


# the file names and readers now in rdffiles.py stay importable from here, where callers have found them
__all__ = ["RDF_SUFFIXES", "SHAPES", "Graph", "KnowledgeGraph", "load", "ontology_files", "rdf_files", "read_files", "syntax_error"]
