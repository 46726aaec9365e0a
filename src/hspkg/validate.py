"""Does the data conform to the SHACL shapes? pySHACL decides, SPARQL constraints run on Oxigraph; this module gathers the answer (``text.report`` words it).

pySHACL reads the graph's own Oxigraph store: its core constraints look
triples up in the store's indexes, and nothing is copied into an rdflib graph.
The SHACL-SPARQL constraints run on Oxigraph too, but each once for all its
focus nodes (:mod:`hspkg.shacl_sparql`) rather than by pySHACL once per focus
node (10 queries for the shipped data; pySHACL ran 3,422 for 9 of them), the
same report (:func:`reference`, pySHACL alone, is what the tests compare it
with). pySHACL gets each property shape with its node shape's targets
(``_targeted``): it checks it once for all focus nodes, not once per focus node.
Two things make pySHACL on Oxigraph as right as the rdflib path and fast (each
would otherwise go wrong silently):

- the store's triples count once (pySHACL asks a graph's ``len`` for every
  result it writes, and its Oxigraph wrapper answers with a COUNT query);
- the shapes' plain literals are typed ``xsd:string``, as Oxigraph hands every
  plain literal over, so that ``sh:in ( "GBP" )`` matches the data's "GBP"
  (rdflib tells ``"GBP"`` and ``"GBP"^^xsd:string`` apart).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

import pyshacl
import rdflib
from pyoxigraph import Literal, NamedNode, QuerySolutions, Store
from pyshacl.graph_abstraction import OxigraphDataGraph, to_rdf
from rdflib.namespace import SH, XSD

from . import shacl_sparql
from .catalogue import internal
from .graph import SHAPES, KnowledgeGraph
from .resources import shipped
from .terms import compact

Node = rdflib.term.Node


@dataclass(frozen=True)
class Violation:
    """One way the data breaks a shape: the node, the property path and why."""

    focus: str
    path: str
    message: str
    value: str
    severity: str


@dataclass(frozen=True)
class Report:
    """The outcome of validation: whether the data conforms, and every violation."""

    conforms: bool
    violations: tuple[Violation, ...]


def validate(graph: KnowledgeGraph) -> Report:
    """Check ``graph`` (with its inferences) against ``ontology/shapes.ttl``.

    pySHACL checks the core constraints; the SPARQL constraints run here, one query each on Oxigraph
    (:mod:`hspkg.shacl_sparql`): pySHACL would run each once per focus node.

    >>> from hspkg import load
    >>> validate(load()).conforms
    True
    """
    core, sparql = _split()
    return check(graph.store, core, sparql)


def reference(graph: KnowledgeGraph) -> Report:
    """The report pySHACL gives alone, every constraint run by it as written: slower (1.5 s for the shipped data,
    where :func:`validate` takes 0.4 s), the yardstick ``tests/test_validate.py`` holds :func:`validate` to."""
    return check(graph.store, shapes())


def check(store: Store, shapes_graph: rdflib.Graph, constraints: Iterable[shacl_sparql.Constraint] = ()) -> Report:
    """The report on ``store``: pySHACL checks ``shapes_graph``, Oxigraph runs ``constraints`` (taken out of it by
    :func:`hspkg.shacl_sparql.split`), and literals are checked against their datatypes."""
    with _quiet():
        ill_typed = sorted(_ill_typed(store), key=lambda v: (v.focus, v.path, v.value))
        conforms, results, _ = pyshacl.validate(_ShaclView(store), shacl_graph=shapes_graph, inference="none")
        found = [
            _violation(
                results.value(r, SH.focusNode),
                results.value(r, SH.resultPath),
                str(results.value(r, SH.resultMessage) or ""),
                results.value(r, SH.value),
                results.value(r, SH.resultSeverity),
            )
            for r in results.subjects(rdflib.RDF.type, SH.ValidationResult)
        ]
        found += [_violation(to_rdf(r.focus), to_rdf(r.path), r.message, to_rdf(r.value), r.severity) for r in shacl_sparql.run(store, constraints)]
    violations = sorted(found, key=lambda v: (v.focus, v.path, v.message, v.value))
    return Report(bool(conforms) and not ill_typed and not found, tuple(ill_typed) + tuple(violations))


def _violation(focus: Node | None, path: Node | None, message: str, value: Node | None, severity: Node | None) -> Violation:
    """A result in the report's words: terms shown as people read them (an IRI compacted, a literal by its text)."""
    return Violation(focus=_show(focus), path=_show(path), message=message, value=_show(value), severity=_show(severity).removeprefix("sh:"))


@cache
def _split() -> tuple[rdflib.Graph, tuple[shacl_sparql.Constraint, ...]]:
    """The shapes left to pySHACL (their property shapes targeted themselves) and the SPARQL constraints run on Oxigraph, once per process."""
    core, sparql = shacl_sparql.split(shapes())
    return _targeted(core), sparql


_BARE = {rdflib.RDF.type, *shacl_sparql.TARGETS}  # a shape with no more than these checks nothing


def _targeted(shapes_graph: rdflib.Graph) -> rdflib.Graph:
    """The same shapes, each property shape of a targeted node shape given that node shape's targets in place of the link.

    The same checks of the same focus nodes with the same results: pySHACL checks a node shape's property
    shape once per focus node (some 20,000 times for the shipped data), a targeted one once for all its
    focus nodes. Only where nothing else can reach the property shape: its node shape is reached by its own
    targets alone (:func:`hspkg.shacl_sparql.alone`) and does not read its own property shapes (``_reads_its_properties``),
    and the property shape belongs to it alone.
    A node shape then left with its targets alone checks nothing, and goes: pySHACL would still find its focus nodes.

    >>> targeted = _targeted(shapes())
    >>> organisation = rdflib.URIRef("https://w3id.org/hspkg/shapes#Organisation")
    >>> any(targeted.objects(organisation, SH.property))
    False
    >>> sorted(targeted.objects(targeted.value(predicate=SH.path, object=rdflib.RDFS.label), SH.targetClass))
    [rdflib.term.URIRef('http://www.w3.org/ns/org#Organization')]
    >>> (rdflib.URIRef("https://w3id.org/hspkg/shapes#Statement"), None, None) in targeted
    False
    """
    moved: dict[Node, tuple[tuple[Node, Node], ...]] = {}
    for shape, prop in shapes_graph.subject_objects(SH.property):
        targets = shacl_sparql.targets_of(shapes_graph, shape)
        if (
            targets
            and shacl_sparql.alone(shapes_graph, shape)
            and not _reads_its_properties(shapes_graph, shape)
            and len(list(shapes_graph.subject_predicates(prop))) == 1
        ):
            moved[prop] = targets
    out = rdflib.Graph(store=type(shapes_graph.store)(), namespace_manager=shapes_graph.namespace_manager)
    for s, p, o in shapes_graph:
        if not (p == SH.property and o in moved):
            out.add((s, p, o))
    for prop, its_targets in moved.items():
        for p, o in its_targets:
            out.add((prop, p, o))
    for shape in set(out.subjects(rdflib.RDF.type, SH.NodeShape)):
        if set(out.predicates(shape, None)) <= _BARE and not any(out.triples((None, None, shape))):
            out.remove((shape, None, None))
    return out


def _reads_its_properties(shapes_graph: rdflib.Graph, shape: Node) -> bool:
    """Whether a node shape's checks read its list of property shapes, which must then stay linked to it: a closed shape
    allows the paths of its property shapes, and a qualified value shape kept disjoint looks at its siblings'.

    >>> closed = rdflib.Graph().parse(format="turtle", data='''@prefix sh: <http://www.w3.org/ns/shacl#> .
    ...     <http://example.org/S> a sh:NodeShape ; sh:targetClass <http://example.org/C> ; sh:closed true ;
    ...     sh:property [ sh:path <http://example.org/p> ; sh:maxCount 1 ] .''')
    >>> _reads_its_properties(closed, rdflib.URIRef("http://example.org/S")), set(_targeted(closed)) == set(closed)
    (True, True)
    """
    return (shape, SH.closed, None) in shapes_graph or any(
        (prop, SH.qualifiedValueShapesDisjoint, None) in shapes_graph for prop in shapes_graph.objects(shape, SH.property)
    )


@cache
def shapes() -> rdflib.Graph:
    """The shipped shapes, read once per process, their plain literals typed ``xsd:string`` as Oxigraph types the data's.

    The shapes sit in rdflib's context-free store: it only makes validation faster.
    """
    read = rdflib.Graph().parse(shipped("ontology") / SHAPES, format="turtle")
    # pySHACL looks each shape's triples up again for every focus node it checks (some 200,000 look-ups):
    # the context-free store answers them faster than the default one, which tracks graphs the shapes lack.
    typed = rdflib.Graph(store="SimpleMemory", namespace_manager=read.namespace_manager)
    for s, p, o in read:
        if isinstance(o, rdflib.Literal) and o.datatype is None and o.language is None:
            o = rdflib.Literal(str(o), datatype=XSD.string)
        typed.add((s, p, o))
    return typed


class _ShaclView(OxigraphDataGraph):
    """pySHACL's view of an Oxigraph store, counting the store's triples once: validation only reads."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self._count: int | None = None

    def __len__(self, context: object = None) -> int:
        if self._count is None:
            self._count = len(self.impl)
        return self._count


def _ill_typed(store: Store) -> Iterator[Violation]:
    """Literals whose text does not fit their datatype ("abc"^^xsd:integer), as rdflib judges them."""
    solutions = store.query(internal("ill-typed-candidates").text)
    assert isinstance(solutions, QuerySolutions)
    for s, p, o in solutions:
        assert isinstance(o, Literal) and isinstance(p, NamedNode)
        literal = rdflib.Literal(o.value, datatype=rdflib.URIRef(o.datatype.value))
        if literal.ill_typed:
            subject = rdflib.URIRef(s.value) if isinstance(s, NamedNode) else rdflib.BNode(s.value)
            message = f"not a valid {compact(o.datatype.value)}"
            yield Violation(focus=_show(subject), path=compact(p.value), message=message, value=o.value, severity="Violation")


@contextmanager
def _quiet() -> Iterator[None]:
    """rdflib logs a traceback for each literal its datatype does not allow: they are reported as violations instead."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _show(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, rdflib.URIRef):
        return compact(str(node))
    if isinstance(node, rdflib.BNode):
        return "(a path)"
    return str(node)
