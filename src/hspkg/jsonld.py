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

import gc
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from typing import IO, Any

from pyoxigraph import RdfFormat, parse

from .errors import WorkError, one_line
from .formats import ListedTriples, Triples
from .terms import expand

CONTEXT_URL = "https://w3id.org/hspkg/context.jsonld"
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


def write(triples: Triples, output: IO[bytes]) -> None:
    """Write ``triples`` (a store's default graph, a page's, a CONSTRUCT's answer) as compacted JSON-LD."""
    compactor = _Compactor(context())
    with _unswept():
        triples.dump(compactor, RdfFormat.N_TRIPLES)  # type: ignore[arg-type]  # a binary stream in all but name
        compactor.finish(output)


def serialize(ntriples: bytes) -> bytes:
    """N-Triples as JSON-LD compacted with the context (inline, so readers need no network).

    >>> text = serialize(b'<https://w3id.org/hspkg/id/org/ucl> <http://www.w3.org/2000/01/rdf-schema#label> "UCL" .\\n')
    >>> json.loads(text)["@graph"][0]["label"]
    'UCL'
    """
    out = io.BytesIO()
    # written again by Oxigraph, so that the compactor reads N-Triples in the one form it writes
    write(ListedTriples(parse(ntriples, format=RdfFormat.N_TRIPLES)), out)
    return out.getvalue()


@contextmanager
def _unswept() -> Iterator[None]:
    """No cyclic garbage collection while the nodes are built: they hold no cycles, and at a million
    triples the collector's passes over the growing dicts took longer than building them."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# How a property's values are written under its key (see _Keys.of)
ANY, IRI, TYPE, TYPED = 0, 1, 2, 3


class _Compactor:
    """A binary stream that takes N-Triples, as Oxigraph writes them, and keeps each node's compacted keys and values.

    It works on the N-Triples text, not on term objects: a literal's quoted form in
    Oxigraph's N-Triples escapes exactly what JSON escapes (quote, backslash, control
    characters), so it goes into the JSON as it stands. Building a Python term per
    triple took over four times Turtle's time at a million triples; this is one
    split, a look-up and a branch a line.
    """

    def __init__(self, definitions: dict[str, Any]) -> None:
        self.context = definitions
        self.keys = _Keys(definitions)
        self.nodes: dict[str, dict[str, str | list[str]]] = {}
        self.rest = b""

    def write(self, data: bytes) -> int:
        cut = data.rfind(b"\n") + 1
        if not cut:
            self.rest += data
            return len(data)
        text = (self.rest + data[:cut] if self.rest else data[:cut]).decode("utf-8")
        self.rest = data[cut:]
        if " <<(" in text:  # rare enough to look for once a piece: then line by line
            _refuse_triple_terms(text)
        nodes, known, keys = self.nodes, self.keys.known, self.keys
        subject, node = "", {}
        # "\n" only ends a line (N-Triples escapes it inside literals); the text ends with one
        for line in text[:-1].split("\n"):
            this, predicate, value = line.split(" ", 2)  # IRIs and blank node labels hold no space
            if this != subject:  # Oxigraph writes a subject's triples together: one look-up a run
                subject = this
                node = nodes.get(this) or nodes.setdefault(this, {})
            key, kind, typed = known[predicate]  # made on first sight (_Known.__missing__)
            start = value[0]  # value still ends in " ."
            if kind == ANY:
                written = value[:-2] if start == '"' and value[-3] == '"' else keys.value(value[:-2])
            elif kind == IRI:
                written = f'"{value[1:-3]}"' if start == "<" else f'"{value[:-2]}"' if start == "_" else ""
            elif kind == TYPE:
                written = keys.type_of(value) if start == "<" else ""
            else:  # TYPED: the term's datatype, then the quoted form alone
                written = value[: -len(typed)] if start == '"' and value.endswith(typed) else ""
            if not written:  # a value the term's type does not fit: under the compact IRI, in full
                key, written = keys.fallback(predicate), keys.value(value[:-2])
            # one value as itself, several as a list (most keys have one: no list for them)
            values = node.get(key)
            if values is None:
                node[key] = written
            elif type(values) is str:
                node[key] = [values, written]
            else:
                values.append(written)  # type: ignore[union-attr]
        return len(data)

    def flush(self) -> None:
        pass

    def finish(self, output: IO[bytes]) -> None:
        """Write the document: the context, then one node a line, nodes, keys and values sorted."""
        if self.rest.strip():
            raise ValueError("N-Triples ended in the middle of a line")
        head = json.dumps({"@context": self.context}, indent=1, sort_keys=True, ensure_ascii=False)[:-2]
        lines = _lines(self.nodes)
        lines.sort()
        output.write((head + ',\n "@graph": [\n').encode("utf-8"))
        for start in range(0, len(lines), 4096):  # in pieces: the whole text at once would be a second copy of it
            output.write(((",\n" if start else "") + ",\n".join(lines[start : start + 4096])).encode("utf-8"))
        output.write(b"\n ]\n}\n")


def _refuse_triple_terms(text: str) -> None:
    """JSON-LD 1.1 has no RDF 1.2 triple terms (``<<( s p o )>>``), and Oxigraph's own writer refuses them too."""
    for line in text[:-1].split("\n"):
        if line.split(" ", 2)[2].startswith("<<("):
            raise WorkError(f"JSON-LD cannot hold an RDF 1.2 triple term: {one_line(line, 200)}; write Turtle or N-Triples instead")


def _node(term: str) -> str:
    """A subject or an IRI value, as N-Triples writes it, as a JSON string: ``<iri>`` as "iri", ``_:b`` as "_:b"."""
    return f'"{term[1:-1]}"' if term[0] == "<" else f'"{term}"'


def _lines(nodes: dict[str, dict[str, str | list[str]]]) -> list[str]:
    """One node object a line: its keys sorted, each key's values sorted, one value alone as itself."""
    lines = []
    for subject, node in nodes.items():
        parts = []
        for key in sorted(node):
            values = node[key]
            parts.append(f"{key}: {values}" if type(values) is str else f"{key}: [{', '.join(sorted(values))}]")
        lines.append(f'  {{"@id": {_node(subject)}, {", ".join(parts)}}}')
    return lines


class _Known(dict[str, tuple[str, int, str]]):
    """What is known of each property: made on first sight, then one look-up (no method call a line)."""

    def __init__(self, make: Callable[[str], tuple[str, int, str]]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, predicate: str) -> tuple[str, int, str]:
        found = self[predicate] = self.make(predicate)
        return found


class _Keys:
    """How each property is written under the context: its key (as JSON text), and how its values may be shortened.

    Values arrive as N-Triples terms (``<iri>``, ``_:b``, ``"text"``, ``"text"@en``,
    ``"2010"^^<datatype>``) and leave as JSON text.
    """

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
        # by predicate as N-Triples writes it: (key as JSON, ANY/IRI/TYPE/TYPED, for TYPED how N-Triples ends a line of its literal)
        self.known = _Known(self._make)
        self._compact: dict[str, str] = {}
        self._types: dict[str, str] = {}

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

    def type_of(self, value: str) -> str:
        """An ``<iri> .`` value of rdf:type as the JSON string of its compact IRI."""
        known = self._types.get(value)
        if known is None:
            known = self._types[value] = json.dumps(self.compact(value[1 : value.rindex(">")]), ensure_ascii=False)
        return known

    def _make(self, predicate: str) -> tuple[str, int, str]:
        """The key a property (``<iri>``) is written under and how its values may be shortened."""
        predicate = predicate[1:-1]
        if predicate == RDF_TYPE:
            return '"@type"', TYPE, ""
        term, kind = self.terms.get(predicate, (None, None))
        if term is None:
            return self.fallback(f"<{predicate}>"), ANY, ""
        key = json.dumps(term, ensure_ascii=False)
        if kind == "@id":
            return key, IRI, ""
        if kind == XSD_STRING:  # Oxigraph writes an xsd:string literal bare: the term takes it as it stands
            return key, ANY, ""
        return (key, TYPED, f"^^<{kind}> .") if kind else (key, ANY, "")

    def fallback(self, predicate: str) -> str:
        return json.dumps(self.compact(predicate[1:-1]), ensure_ascii=False)

    def value(self, value: str) -> str:
        """A value object (or a plain string for an xsd:string literal), valid under any key without a type."""
        if value[0] != '"':
            return f'{{"@id": {_node(value)}}}'
        end = value.rindex('"') + 1  # the closing quote: a language tag or a datatype IRI holds none
        quoted, tail = value[:end], value[end:]
        if not tail:
            return quoted
        if tail[0] == "@":
            return f'{{"@language": "{tail[1:]}", "@value": {quoted}}}'
        return f'{{"@type": {json.dumps(self.compact(tail[3:-1]), ensure_ascii=False)}, "@value": {quoted}}}'


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
