"""Networks built from SPARQL results: the views that exports draw.

Each view is defined by queries (catalogue queries, or ``queries/views/*.rq``),
so it runs the same on an embedded graph and on a remote endpoint. Attribute
values are strings or numbers, never lists or None, so that every export format
can type them; an unknown value is left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from pyoxigraph import Literal, NamedNode

from . import catalogue
from .errors import InputError, WorkError
from .resources import shipped
from .results import Row, Term
from .terms import compact

if TYPE_CHECKING:
    import networkx as nx

    from .graph import Graph

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
CLASSIFICATION = "http://www.w3.org/ns/org#classification"
IDENTIFIERS = ("ods", "ror", "ukprn", "wikidata")
_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def _bound(row: Row, column: str) -> Term:
    """A column the view's query always binds (a remote endpoint could still leave it out)."""
    term = row[column]
    if term is None:
        raise WorkError(f"the query behind the view left ?{column} unbound")
    return term


def _value(row: Row, column: str) -> str:
    return _bound(row, column).value


def _organisations(graph: Graph) -> dict[str, dict[str, str]]:
    """Node attributes of every organisation: label, iri, kind and the identifiers it has."""
    nodes = {}
    for row in graph.query("organisations"):
        iri = _value(row, "organisation")
        nodes[iri] = {"label": _value(row, "label"), "iri": iri, "kind": _value(row, "kind")}
        nodes[iri].update({k: term.value for k in IDENTIFIERS if (term := row[k]) is not None and term.value})
    return nodes


def memberships(graph: Graph, as_of: int | None = None) -> nx.MultiDiGraph[str]:
    """Organisations as nodes, one edge per membership (member → network).

    Edges carry ``label`` and ``interaction`` ("member of"), ``start`` and, where
    known, ``end``. With ``as_of``, only memberships in force that year.

    >>> from hspkg import load
    >>> g = memberships(load(), as_of=2010)
    >>> g.number_of_edges()
    5
    """
    import networkx as nx  # here, not at the top: the CLI lists the views at every start

    network: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    network.add_nodes_from(_organisations(graph).items())
    for row in graph.query("members", year=as_of):
        attributes: dict[str, str | int] = {"label": "member of", "interaction": "member of", "start": int(_value(row, "startYear"))}
        if (end := row["endYear"]) is not None:
            attributes["end"] = int(end.value)
        if (sources := row["sources"]) is not None and sources.value:
            attributes["sources"] = sources.value
        network.add_edge(_value(row, "member"), _value(row, "network"), key=_value(row, "membership"), **attributes)
    return network


def partners(graph: Graph, as_of: int | None = None) -> nx.Graph[str]:
    """Universities and NHS trusts, joined when they share a network; ``weight`` counts the networks.

    >>> from hspkg import load
    >>> g = partners(load())
    >>> g.number_of_edges(), g.edges["https://w3id.org/hspkg/id/org/ucl", "https://w3id.org/hspkg/id/org/uclh"]["weight"]
    (15, 1)
    """
    import networkx as nx  # here, not at the top: the CLI lists the views at every start

    organisations = _organisations(graph)
    shared: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for row in graph.query("universities-trusts", year=as_of):
        pair = (_value(row, "university"), _value(row, "trust"))
        shared[pair].append((_value(row, "networkLabel"), int(_value(row, "since"))))
    network: nx.Graph[str] = nx.Graph()
    for (university, trust), networks in sorted(shared.items()):
        network.add_node(university, **organisations[university])
        network.add_node(trust, **organisations[trust])
        network.add_edge(
            university,
            trust,
            label="partners with",
            interaction="partners with",
            weight=len(networks),
            networks="; ".join(sorted(name for name, _ in networks)),
            start=min(since for _, since in networks),
        )
    return network


def full(graph: Graph, as_of: int | None = None) -> nx.MultiDiGraph[str]:
    """Every resource a node, every statement between resources an edge; literals become node attributes.

    Types become the ``type`` attribute (most specific only), ``rdfs:label`` the
    ``label``, other literals an attribute named by their property (``schema:minValue``).

    >>> from hspkg import load
    >>> g = full(load())
    >>> g.nodes["https://w3id.org/hspkg/id/org/uclpartners#population-2013"]["schema:minValue"]
    6000000
    """
    import networkx as nx  # here, not at the top: the CLI lists the views at every start

    if as_of is not None:
        raise InputError("applies to the memberships and partners views, not to full", argument="as_of", value=as_of)
    query = catalogue.from_file(shipped("queries") / "views" / "full.rq")
    network: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    literals: dict[str, dict[str, list[str | int]]] = defaultdict(lambda: defaultdict(list))
    for row in graph.query(query):
        subject, predicate, value = _name(_bound(row, "subject")), _value(row, "predicate"), _bound(row, "object")
        network.add_node(subject)
        if isinstance(value, Literal):
            literals[subject]["label" if predicate == RDFS_LABEL else compact(predicate)].append(_literal(value))
        elif predicate == RDF_TYPE:
            literals[subject]["type"].append(compact(value.value))
        else:
            if predicate == CLASSIFICATION:
                literals[subject]["kind"].append(value.value.rsplit("/", 1)[-1])
            name = compact(predicate)
            network.add_edge(subject, _name(value), label=name, interaction=name)
    for node in network.nodes:
        attributes = network.nodes[node]
        attributes["iri"] = node
        for key, values in literals.get(node, {}).items():
            attributes[key] = values[0] if len(values) == 1 else "; ".join(str(v) for v in sorted(values, key=str))
        attributes.setdefault("label", attributes.get("dcterms:title") or attributes.get("skos:prefLabel") or compact(node))
        attributes.setdefault("kind", _kind(attributes))
    return network


def _name(term: Term) -> str:
    return term.value if isinstance(term, NamedNode) else f"_:{term.value}"


def _literal(term: Literal) -> str | int:
    return int(term.value) if term.datatype.value == _INTEGER else term.value


def _kind(attributes: dict[str, object]) -> str:
    """For a node the data does not classify: its (first, most specific) type's name."""
    return str(attributes.get("type", "resource")).split("; ")[0].split(":")[-1]


VIEWS: dict[str, Callable[..., nx.Graph[str]]] = {"memberships": memberships, "partners": partners, "full": full}


def build(graph: Graph, view: str, as_of: int | None = None) -> nx.Graph[str]:
    """The named view of ``graph``; an unknown name lists the known ones."""
    if view not in VIEWS:
        raise InputError(f"no such view; the views are: {', '.join(VIEWS)}", argument="view", value=view)
    return VIEWS[view](graph, as_of=as_of)
