"""The graph as JSON-LD, compacted with hspkg's published ``@context``.

The context is shipped in the package (``static/context.jsonld``) and published
at :data:`CONTEXT_URL`; an export carries it inline, so that reading the file
never fetches anything (our rule: no remote JSON-LD contexts).

Compaction is done here, in one pass over Oxigraph's triples (time and memory
linear in the graph; a general JSON-LD processor took a minute and 2.8 GB at a
million triples). It uses the context the simple way a reader expects: a
property with a term is written by its term (``label``, ``member``), with the
value in the short form the term's type allows (an IRI as a string for an ``@id``
term, a year as a string for ``inXSDgYear``) and a value object otherwise; a
property without a term, or a value its term's type does not fit, is written as
a compact IRI (``org:role``); node IRIs are written whole. The output is
canonical: nodes, keys and values sorted, so the same graph is always the same
bytes, one node a line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, BinaryIO

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, RdfFormat, parse

from .terms import expand

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

CONTEXT_URL = "https://w3id.org/hspkg/context.jsonld"
MEDIA_TYPE = "application/ld+json"
RDF_TYPE = expand("rdf:type")
XSD_STRING = expand("xsd:string")
LANG_STRING = expand("rdf:langString")


@cache
def context_text() -> str:
    """The published context document, as shipped.

    >>> '"hsp": "https://w3id.org/hspkg/ontology#"' in context_text()
    True
    """
    return resources.files("hspkg").joinpath("static", "context.jsonld").read_text(encoding="utf-8")


def context() -> dict[str, Any]:
    """The term definitions of the context (the value of its ``@context``).

    >>> context()["member"]
    {'@id': 'org:member', '@type': '@id'}
    """
    return dict(json.loads(context_text())["@context"])


def write(graph: KnowledgeGraph, output: BinaryIO) -> None:
    """Write every triple of ``graph`` (inferences included) as compacted JSON-LD."""
    output.write(compacted(graph.store.quads_for_pattern(None, None, None, DefaultGraph())))


def serialize(ntriples: bytes) -> bytes:
    """N-Triples as JSON-LD compacted with the context (inline, so readers need no network).

    >>> text = serialize(b'<https://w3id.org/hspkg/id/org/ucl> <http://www.w3.org/2000/01/rdf-schema#label> "UCL" .\\n')
    >>> json.loads(text)["@graph"][0]["label"]
    'UCL'
    """
    return compacted(parse(ntriples, format=RdfFormat.N_TRIPLES))


Node = NamedNode | BlankNode
Value = str | dict[str, str]


def compacted(quads: Iterable[Any]) -> bytes:
    """Triples (or the default graph's quads) as one canonical JSON-LD document compacted with the context."""
    keys = _Keys(context())
    nodes: dict[str, dict[str, list[Value]]] = {}
    for quad in quads:
        subject, predicate, value = quad.subject, quad.predicate.value, quad.object
        subject = subject.value if type(subject) is NamedNode else f"_:{subject.value}"
        node = nodes.get(subject)
        if node is None:
            node = nodes[subject] = {}
        key, short = keys.of(predicate)
        written = short(value)
        if written is None:  # a value the term's type does not fit: under the compact IRI, in full
            key, written = keys.fallback(predicate), keys.value(value)
        values = node.get(key)
        if values is None:
            node[key] = [written]
        else:
            values.append(written)
    lines = sorted(_line(subject, node) for subject, node in nodes.items())
    head = json.dumps({"@context": context()}, indent=1, sort_keys=True, ensure_ascii=False)[:-2]
    return (head + ',\n "@graph": [\n' + ",\n".join(lines) + "\n ]\n}\n").encode("utf-8")


def _id(node: Node | Any) -> str:
    return node.value if type(node) is NamedNode else f"_:{node.value}"


def _line(subject: str, node: dict[str, list[Value]]) -> str:
    """One node object on one line: its keys sorted, each key's values sorted, one value alone as itself."""
    out: dict[str, Any] = {"@id": subject}
    for key, values in node.items():
        ordered = sorted(values, key=_order) if len(values) > 1 else values
        out[key] = ordered[0] if len(ordered) == 1 else ordered
    return "  " + json.dumps(out, sort_keys=True, ensure_ascii=False)


def _order(value: Value) -> tuple[str, ...]:
    """Values in a fixed order: strings first, then value objects by their parts."""
    if isinstance(value, str):
        return ("", value)
    return ("~", *(f"{k}={v}" for k, v in sorted(value.items())))


class _Keys:
    """How each property is written under the context: its key, and the short form of a value if the key allows one."""

    def __init__(self, definitions: dict[str, Any]) -> None:
        self.prefixes = sorted(
            ((iri, name) for name, iri in definitions.items() if isinstance(iri, str) and not name.startswith("@") and iri.endswith(("#", "/"))),
            key=lambda p: -len(p[0]),
        )
        self.terms: dict[str, tuple[str, str | None]] = {}  # property IRI: (term, its @type)
        for name, definition in definitions.items():
            if name.startswith("@") or (isinstance(definition, str) and definition.endswith(("#", "/"))):
                continue
            iri, kind = (definition, None) if isinstance(definition, str) else (definition["@id"], definition.get("@type"))
            self.terms.setdefault(self.expand(iri), (name, None if kind is None else kind if kind == "@id" else self.expand(kind)))
        self._cache: dict[str, tuple[str, Callable[[Any], Value | None]]] = {}
        self._compact: dict[str, str] = {}

    def expand(self, curie: str) -> str:
        prefix, sep, local = curie.partition(":")
        for iri, name in self.prefixes:
            if sep and name == prefix:
                return iri + local
        return curie

    def compact(self, iri: str) -> str:
        """An IRI as prefix:local where a prefix of the context covers it, else whole (remembered: classes and datatypes recur)."""
        known = self._compact.get(iri)
        if known is None:
            known = self._compact[iri] = iri
            for namespace, name in self.prefixes:
                if iri.startswith(namespace) and len(iri) > len(namespace) and not iri[len(namespace) :].startswith("//"):
                    known = self._compact[iri] = f"{name}:{iri[len(namespace) :]}"
                    break
        return known

    def of(self, predicate: str) -> tuple[str, Callable[[Any], Value | None]]:
        """The key a property is written under, and its value writer (None: the value does not fit the key)."""
        known = self._cache.get(predicate)
        if known is None:
            known = self._cache[predicate] = self._make(predicate)
        return known

    def _make(self, predicate: str) -> tuple[str, Callable[[Any], Value | None]]:
        if predicate == RDF_TYPE:
            return "@type", lambda v: self.compact(v.value) if type(v) is NamedNode else None
        term, kind = self.terms.get(predicate, (None, None))
        if term is None:
            return self.fallback(predicate), self.value
        if kind == "@id":
            return term, lambda v: _id(v) if type(v) in (NamedNode, BlankNode) else None
        if kind is not None:
            return term, lambda v: v.value if type(v) is Literal and v.datatype.value == kind and not v.language else None
        return term, self.value

    def fallback(self, predicate: str) -> str:
        return self.compact(predicate)

    def value(self, value: Any) -> Value:
        """A value object (or a plain string for an xsd:string literal), valid under any key without a type."""
        if type(value) is NamedNode:
            return {"@id": value.value}
        if type(value) is BlankNode:
            return {"@id": f"_:{value.value}"}
        if value.language:
            return {"@value": value.value, "@language": value.language}
        datatype = value.datatype.value
        if datatype == XSD_STRING:
            return str(value.value)
        return {"@value": value.value, "@type": self.compact(datatype)}


def canonical(text: str) -> str:
    """JSON-LD with its keys and its (unordered) arrays sorted, so that the same graph is always the same text.

    rdflib writes nodes and values in the order of its hash-seeded sets; JSON-LD gives an
    array no order except in an ``@list``, which keeps its own.

    >>> text = canonical('{"b": [{"@id": "y"}, {"@id": "x"}], "@list": [2, 1], "a": 1}')
    >>> json.loads(text)["b"], json.loads(text)["@list"], list(json.loads(text))
    ([{'@id': 'x'}, {'@id': 'y'}], [2, 1], ['@list', 'a', 'b'])
    """

    def order(value: Any, ordered: bool = False) -> Any:
        if isinstance(value, dict):
            return {k: order(v, ordered=k == "@list") for k, v in value.items()}
        if isinstance(value, list):
            items = [order(v) for v in value]
            return items if ordered else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
        return value

    return json.dumps(order(json.loads(text)), indent=1, sort_keys=True, ensure_ascii=False)
