"""SHACL-SPARQL constraints run on Oxigraph: one query per constraint for all its focus nodes at once.

pySHACL runs a SPARQL constraint once per focus node with ``$this`` bound (3,422 queries for
the shipped data, about 0.5 s of pySHACL's checks around them). Here each runs once with
``$this`` free, and the rows whose ``$this`` is one of the shape's focus nodes are the
violations: the same answers, when the query binds ``$this`` by its own patterns, as every
shipped constraint does (a row without ``$this`` is refused; ``tests/test_validate.py`` compares
the report with pySHACL's own on a copy of the data that breaks each constraint). Each result is
what pySHACL would report: the focus node, ``?path``, the constraint's message, ``?value`` or else
the focus node, and the shape's severity.

:func:`split` takes out of the shapes graph only the constraints this can run as pySHACL would:
those of a node shape reached by its own targets alone (:func:`alone`), with one message of its
own and no ``?failure``; pySHACL keeps any other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import rdflib
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, QuerySolutions, Store
from pyshacl.graph_abstraction import to_ox
from rdflib.namespace import OWL, RDF, RDFS, SH

# pySHACL's prefixes for every SPARQL constraint, beside those the constraint declares (sh:prefixes)
_ALWAYS = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)  # the targets run here and regrouped
_FAILURE = re.compile(r"[?$]failure\b")
_SUBSTITUTED = re.compile(r"\{[?$]")
_TYPE, _SUBCLASS = NamedNode(str(RDF.type)), NamedNode(str(RDFS.subClassOf))

Node = NamedNode | BlankNode | Literal


@dataclass(frozen=True)
class Constraint:
    """One ``sh:sparql`` constraint of a node shape, with what pySHACL would report it with."""

    shape: str
    select: str
    prefixes: dict[str, str]
    message: str
    severity: rdflib.URIRef
    targets: tuple[tuple[rdflib.term.Node, rdflib.term.Node], ...]  # (sh:targetClass and the like, its object)


@dataclass(frozen=True)
class Result:
    """A row of a constraint's query that is a violation: pySHACL's result, term for term."""

    focus: Node
    path: Node | None
    message: str
    value: Node
    severity: rdflib.URIRef


def split(shapes: rdflib.Graph) -> tuple[rdflib.Graph, tuple[Constraint, ...]]:
    """The shapes graph without the SPARQL constraints run here, and those constraints.

    >>> from hspkg.validate import shapes
    >>> rest, taken = split(shapes())
    >>> len(taken), any(rest.triples((None, SH.sparql, None)))
    (10, False)
    """
    taken = {(s, o): c for s, o in shapes.subject_objects(SH.sparql) if (c := _constraint(shapes, s, o))}
    rest = rdflib.Graph(store=type(shapes.store)(), namespace_manager=shapes.namespace_manager)
    for s, p, o in shapes:
        if not (p == SH.sparql and (s, o) in taken):
            rest.add((s, p, o))
    return rest, tuple(taken.values())


def alone(shapes: rdflib.Graph, shape: rdflib.term.Node) -> bool:
    """Whether only its own targets bring focus nodes to this shape: a node shape (typed sh:NodeShape and nothing that
    could make it a class with an implicit target), used by no other shape (sh:node, sh:or...), not deactivated, with
    no SPARQL-based target.

    >>> from hspkg.validate import shapes
    >>> alone(shapes(), rdflib.URIRef("https://w3id.org/hspkg/shapes#Organisation"))
    True
    """
    return (
        set(shapes.objects(shape, RDF.type)) == {SH.NodeShape}
        and not any(shapes.triples((None, None, shape)))
        and (shape, SH.path, None) not in shapes
        and (shape, SH.deactivated, None) not in shapes
        and (shape, SH.target, None) not in shapes
    )


def targets_of(shapes: rdflib.Graph, shape: rdflib.term.Node) -> tuple[tuple[rdflib.term.Node, rdflib.term.Node], ...]:
    """The shape's targets of the kinds in :data:`TARGETS`, each as (the kind, its object).

    >>> from hspkg.validate import shapes
    >>> targets_of(shapes(), rdflib.URIRef("https://w3id.org/hspkg/shapes#Organisation"))
    ((rdflib.term.URIRef('http://www.w3.org/ns/shacl#targetClass'), rdflib.term.URIRef('http://www.w3.org/ns/org#Organization')),)
    """
    return tuple((p, o) for p in TARGETS for o in shapes.objects(shape, p))


def _constraint(shapes: rdflib.Graph, shape: rdflib.term.Node, node: rdflib.term.Node) -> Constraint | None:
    """The constraint ``node`` of ``shape``, if it can run here exactly as pySHACL runs it."""
    select = shapes.value(node, SH.select)
    messages = list(shapes.objects(node, SH.message))
    targets = targets_of(shapes, shape)
    if (
        not alone(shapes, shape)
        or not targets
        or select is None
        or _FAILURE.search(str(select))  # pySHACL reports a row binding ?failure otherwise
        or len(messages) != 1
        or _SUBSTITUTED.search(str(messages[0]))  # pySHACL writes the row's values into "{?value}" and the like
        or (shape, SH.message, None) in shapes  # pySHACL would report the shape's message too
        or (node, SH.deactivated, None) in shapes
    ):
        return None
    prefixes = dict(_ALWAYS)
    for declared in shapes.objects(node, SH.prefixes):
        for d in shapes.objects(declared, SH.declare):
            prefixes[str(shapes.value(d, SH.prefix))] = str(shapes.value(d, SH.namespace))
    severity = shapes.value(shape, SH.severity)
    return Constraint(
        shape=str(shape),
        select=str(select),
        prefixes=prefixes,
        message=str(messages[0]),
        severity=severity if isinstance(severity, rdflib.URIRef) else SH.Violation,
        targets=targets,
    )


def run(store: Store, constraints: Iterable[Constraint]) -> Iterator[Result]:
    """Each row of each constraint's query whose ``$this`` is a focus node of its shape, once."""
    focus_nodes: dict[tuple[tuple[rdflib.term.Node, rdflib.term.Node], ...], set[Node]] = {}
    for c in constraints:
        if c.targets not in focus_nodes:
            focus_nodes[c.targets] = _focus_nodes(store, c.targets)
        focus = focus_nodes[c.targets]
        solutions = store.query(c.select, prefixes=c.prefixes)
        assert isinstance(solutions, QuerySolutions)
        names = [v.value for v in solutions.variables]
        seen = set()
        for row in solutions:
            bound = dict(zip(names, row, strict=True))
            this = bound.get("this")
            if this is None:
                raise ValueError(f"the SPARQL constraint of {c.shape} gave a row without $this: its query must bind $this by a pattern")
            key = tuple(row)
            if this in focus and key not in seen:
                seen.add(key)
                value = bound.get("value")
                yield Result(this, bound.get("path"), c.message, this if value is None else value, c.severity)


def _focus_nodes(store: Store, targets: Iterable[tuple[rdflib.term.Node, rdflib.term.Node]]) -> set[Node]:
    """The shape's focus nodes as pySHACL finds them: instances of the class or of its subclasses, subjects, objects, nodes."""
    found: set[Node] = set()
    for kind, term in targets:
        node = NamedNode(str(term)) if isinstance(term, rdflib.URIRef) else None
        if kind == SH.targetNode:
            if isinstance(term, rdflib.term.IdentifiedNode | rdflib.Literal) and (ox := to_ox(term)) is not None:
                found.add(ox)
        elif node is None:
            continue
        elif kind == SH.targetClass:
            classes: set[NamedNode | BlankNode] = {node}
            todo: list[NamedNode | BlankNode] = [node]
            while todo:
                for quad in store.quads_for_pattern(None, _SUBCLASS, todo.pop(), DefaultGraph()):
                    if isinstance(quad.subject, NamedNode | BlankNode) and quad.subject not in classes:
                        classes.add(quad.subject)
                        todo.append(quad.subject)
            for c in classes:
                found.update(q.subject for q in store.quads_for_pattern(None, _TYPE, c, DefaultGraph()))  # type: ignore[misc]
        elif kind == SH.targetSubjectsOf:
            found.update(q.subject for q in store.quads_for_pattern(None, node, None, DefaultGraph()))  # type: ignore[misc]
        else:
            found.update(q.object for q in store.quads_for_pattern(None, node, None, DefaultGraph()))  # type: ignore[misc]
    return found
