"""Does the data conform to the SHACL shapes? pySHACL decides; this module gathers its answer (``text.report`` words it).

pySHACL reads the graph's own Oxigraph store: its SHACL-SPARQL constraints run
as SPARQL on Oxigraph, and its core constraints look triples up in the store's
indexes. Nothing is copied into an rdflib graph. Two things make that as right
as the rdflib path and fast (each would otherwise go wrong silently):

- the store's triples count once (pySHACL asks a graph's ``len`` for every
  result it writes, and its Oxigraph wrapper answers with a COUNT query);
- the shapes' plain literals are typed ``xsd:string``, as Oxigraph hands every
  plain literal over, so that ``sh:hasValue "ODS"`` matches the data's "ODS"
  (rdflib tells ``"ODS"`` and ``"ODS"^^xsd:string`` apart).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

import pyshacl
import rdflib
from pyoxigraph import Literal, NamedNode, QuerySolutions, Store
from pyshacl.graph_abstraction import OxigraphDataGraph
from rdflib.namespace import SH, XSD

from .catalogue import internal
from .graph import SHAPES, KnowledgeGraph
from .resources import shipped
from .terms import compact


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

    >>> from hspkg import load
    >>> validate(load()).conforms
    True
    """
    with _quiet():
        ill_typed = sorted(_ill_typed(graph.store), key=lambda v: (v.focus, v.path, v.value))
        conforms, results, _ = pyshacl.validate(_ShaclView(graph.store), shacl_graph=shapes(), inference="none")
    violations = sorted(
        (
            Violation(
                focus=_show(results.value(r, SH.focusNode)),
                path=_show(results.value(r, SH.resultPath)),
                message=str(results.value(r, SH.resultMessage) or ""),
                value=_show(results.value(r, SH.value)),
                severity=_show(results.value(r, SH.resultSeverity)).removeprefix("sh:"),
            )
            for r in results.subjects(rdflib.RDF.type, SH.ValidationResult)
        ),
        key=lambda v: (v.focus, v.path, v.message),
    )
    return Report(bool(conforms) and not ill_typed, tuple(ill_typed) + tuple(violations))


@cache
def shapes() -> rdflib.Graph:
    """The shipped shapes, read once per process, their plain literals typed ``xsd:string`` as Oxigraph types the data's.

    Two things only make validation faster: the shapes sit in rdflib's context-free store, and each
    SPARQL constraint's text is put on one line (``_one_line``).
    """
    read = rdflib.Graph().parse(shipped("ontology") / SHAPES, format="turtle")
    # pySHACL looks each shape's triples up again for every focus node it checks (some 200,000 look-ups):
    # the context-free store answers them faster than the default one, which tracks graphs the shapes lack.
    typed = rdflib.Graph(store="SimpleMemory", namespace_manager=read.namespace_manager)
    for s, p, o in read:
        if isinstance(o, rdflib.Literal) and o.datatype is None and o.language is None:
            o = rdflib.Literal(_one_line(str(o)) if p == SH.select else str(o), datatype=XSD.string)
        typed.add((s, p, o))
    return typed


def _one_line(query: str) -> str:
    r"""A SPARQL constraint's text on one line, if that cannot change its meaning (no comment, no long string).

    pySHACL checks the text with regular expressions before each focus node's query (3,422 times), at a
    cost that grows with lines times length: on one line the checks take a third of the time, and
    validation some 0.25 s less CPU.

    >>> _one_line('SELECT $this WHERE {\n    $this a <http://www.w3.org/2006/time#Interval>\n}')
    'SELECT $this WHERE { $this a <http://www.w3.org/2006/time#Interval> }'
    >>> _one_line('SELECT $this WHERE { # a comment\n  $this a ?c }')
    'SELECT $this WHERE { # a comment\n  $this a ?c }'
    """
    if '"""' in query or "'''" in query or "#" in _IRI.sub("", query):
        return query
    return " ".join(line.strip() for line in query.splitlines())


_IRI = re.compile(r"<[^<>\s]*>")


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


def _show(node: rdflib.term.Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, rdflib.URIRef):
        return compact(str(node))
    if isinstance(node, rdflib.BNode):
        return "(a path)"
    return str(node)
