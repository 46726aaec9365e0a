"""The full view: every resource of the instance data a node, every statement between two an edge.

Types and literals become node attributes; classes are never nodes. Each node
gets a ``label`` a person can read (its name or title; an instant its date; an
interval its years; a membership its member and partnership; an identifier its
scheme and value) and a ``kind`` (its classification, else its most specific
type). Blank nodes are named from what they say, so the same data gives the
same file every time.
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from typing import TYPE_CHECKING

from pyoxigraph import BlankNode, Literal

from ..catalogue import Runs
from ..errors import InputError, WorkError
from ..terms import compact, expand
from .folding import fold
from .queries import view_query

if TYPE_CHECKING:
    import networkx as nx

    from ..terms import Term

RDF_TYPE = expand("rdf:type")
# Links to vocabulary (properties, schemes) and to pages outside the graph: kept as attributes, not nodes.
AS_ATTRIBUTES = {expand(p) for p in ("rdf:predicate", "skos:inScheme", "skos:topConceptOf", "owl:sameAs", "schema:url")}
CLASSIFICATION = expand("org:classification")
_INTEGER = expand("xsd:integer")
# Where a node's readable name comes from, best first (compact names of properties).
NAMES = ("rdfs:label", "dcterms:title", "skos:prefLabel", "time:inXSDDate", "time:inXSDgYearMonth", "time:inXSDgYear", "schema:url")


def full(graph: Runs, as_of: int | None = None, keep_unlinked: bool = False) -> nx.MultiDiGraph[str]:
    """Every resource a node, every statement between resources an edge; literals become node attributes.

    >>> from hspkg import load
    >>> g = full(load())
    >>> "6,000,000 people" in g.nodes["https://w3id.org/hspkg/id/org/uclpartners"]["hsp:populationServed"]
    True
    >>> g.nodes["https://w3id.org/hspkg/id/round/ahsn-2013"]["time:hasTime"]
    '2013-05-23'
    """
    import networkx as nx  # here, not at the top: the CLI lists the views at every start

    if as_of is not None:
        raise InputError("applies to the memberships and partners views, not to full", argument="as_of", value=as_of)
    query, _ = view_query("full")
    triples = [(_bound(r["subject"]), _bound(r["predicate"]).value, _bound(r["object"])) for r in graph.query(query)]
    classes = {value.value for _, predicate, value in triples if predicate == RDF_TYPE}
    names = _blank_names(triples)
    literals: dict[str, dict[str, list[str | int]]] = defaultdict(lambda: defaultdict(list))
    links: list[tuple[str, str, str]] = []
    nodes: set[str] = set()
    for subject, predicate, value in triples:
        source = names.get(subject.value, subject.value)
        if source in classes:
            continue  # a class is a node's type, never a node
        nodes.add(source)
        if isinstance(value, Literal):
            literals[source][compact(predicate)].append(_literal(value))
        elif predicate == RDF_TYPE:
            literals[source]["type"].append(compact(value.value))
        elif predicate in AS_ATTRIBUTES:
            literals[source][compact(predicate)].append(compact(value.value))
        else:
            if predicate == CLASSIFICATION:
                literals[source]["kind"].append(value.value.rsplit("/", 1)[-1])
            links.append((source, compact(predicate), names.get(value.value, value.value)))
    nodes |= {target for *_, target in links}
    # a term of a standard vocabulary the ontology only labels (org:Organization) is no node either: untyped and unlinked
    linked = {source for source, *_ in links} | {target for *_, target in links}
    classes |= {node for node in nodes if node not in linked and "type" not in literals.get(node, {})}
    network: nx.MultiDiGraph[str] = nx.MultiDiGraph(view="full", as_of="")
    for node in sorted(nodes - classes):
        attributes: dict[str, str | int] = {"iri": node}
        for key, values in sorted(literals.get(node, {}).items()):
            joined = "+" if key == "kind" else "; "  # two kinds read as the other views write them: ahsc+ahsn
            attributes[key] = values[0] if len(values) == 1 else joined.join(str(v) for v in sorted(values, key=str))
        network.add_node(node, **attributes)
    for index, (source, predicate, target) in enumerate(sorted(link for link in links if link[2] not in classes)):
        network.add_edge(source, target, key=f"e{index}", label=predicate, interaction=predicate)
    for node, attributes in network.nodes(data=True):
        attributes["label"] = _label(network, node)
        attributes["name"] = attributes["label"]
        attributes["kind"] = str(attributes.get("kind") or str(attributes.get("type", "resource")).split("; ")[0].split(":")[-1])
    fold(network)  # statements, intervals, identifiers: attributes of what they describe (folding.py)
    _one_type_per_attribute(network)
    return network


def _bound(term: Term | None) -> Term:
    if term is None:
        raise WorkError("the query behind the full view left a column unbound")
    return term


def _literal(term: Literal) -> str | int:
    return int(term.value) if term.datatype.value == _INTEGER else term.value


def _blank_names(triples: list[tuple[Term, str, Term]]) -> dict[str, str]:
    """A name for each blank node made from the statements about it and pointing at it, not from the store's random label."""
    said: dict[str, list[str]] = defaultdict(list)
    for subject, predicate, value in triples:
        if isinstance(subject, BlankNode):
            said[subject.value].append(f"{predicate} {'_' if isinstance(value, BlankNode) else value.value}")
        if isinstance(value, BlankNode):
            said[value.value].append(f"^{predicate} {'_' if isinstance(subject, BlankNode) else subject.value}")
    return {blank: "_:" + hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()[:16] for blank, lines in said.items()}


def _label(network: nx.MultiDiGraph[str], node: str) -> str:
    """A readable name for ``node``: its own name, else one made from what it links to."""
    attributes = network.nodes[node]
    for key in NAMES:
        if key in attributes:
            return str(attributes[key]).split("; ")[0]
    out: dict[str, str] = {str(d["label"]): target for _, target, d in network.out_edges(node, data=True)}
    name = functools.partial(_name_of, network)
    if "org:member" in out and "org:organization" in out:
        return f"{name(out['org:member'])} in {name(out['org:organization'])}"
    if "schema:propertyID" in attributes and "schema:value" in attributes:
        return f"{attributes['schema:propertyID']} {attributes['schema:value']}"
    if {"time:hasBeginning", "time:hasEnd", "time:inside"} & set(out):
        begin, end = name(out.get("time:hasBeginning", "")), name(out.get("time:hasEnd", ""))
        return f"seen {name(out['time:inside'])}" if "time:inside" in out and not (begin or end) else f"{begin}–{end}"
    return compact(node) if not node.startswith("_:") else str(attributes.get("type", "resource")).split("; ")[0]


def _name_of(network: nx.MultiDiGraph[str], node: str) -> str:
    if not node:
        return ""
    attributes = network.nodes[node]
    return next((str(attributes[k]).split("; ")[0] for k in NAMES if k in attributes), compact(node))


def _one_type_per_attribute(network: nx.MultiDiGraph[str]) -> None:
    """Write an attribute as text on every node where it is a number on some and text on others: a file types each attribute once."""
    types: dict[str, set[type]] = defaultdict(set)
    for _, attributes in network.nodes(data=True):
        for key, value in attributes.items():
            types[key].add(type(value))
    mixed = {key for key, found in types.items() if len(found) > 1}
    for _, attributes in network.nodes(data=True):
        for key in mixed & set(attributes):
            attributes[key] = str(attributes[key])
