"""Does the data conform to the SHACL shapes? pySHACL decides; this module gathers its answer (``text.report`` words it)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pyshacl
import rdflib
from rdflib.namespace import SH

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
    # rdflib logs a traceback for each literal its datatype does not allow ("abc"^^xsd:integer);
    # they are reported below as violations instead
    quiet = logging.getLogger("rdflib.term")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        data = rdflib.Graph().parse(data=graph.dump(), format="nt")
    finally:
        quiet.setLevel(level)
    ill_typed = [
        Violation(focus=_show(s), path=_show(p), message=f"not a valid {_show(o.datatype)}", value=str(o), severity="Violation")
        for s, p, o in data
        if isinstance(o, rdflib.Literal) and o.ill_typed
    ]
    shapes = rdflib.Graph().parse(shipped("ontology") / SHAPES, format="turtle")
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
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
    return Report(bool(conforms) and not ill_typed, tuple(sorted(ill_typed, key=lambda v: (v.focus, v.path, v.value))) + tuple(violations))


def _show(node: rdflib.term.Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, rdflib.URIRef):
        return compact(str(node))
    if isinstance(node, rdflib.BNode):
        return "(a path)"
    return str(node)
